@testable import KnowledgeBaseMCP
import Testing

/// `kb mcp --http` serves only this machine: what it takes as an address, and what it refuses.
@Suite struct LoopbackAddressTests {
    static func parts(_ text: String) throws -> (String, Int) {
        let address = try LoopbackAddress(text)
        return (address.host, address.port)
    }

    @Test func readsLoopbackAddresses() throws {
        #expect(try Self.parts("127.0.0.1:8765") == ("127.0.0.1", 8765))
        #expect(try Self.parts("127.4.5.6:0") == ("127.4.5.6", 0))
        #expect(try Self.parts("[::1]:9000") == ("::1", 9000))
        #expect(try Self.parts("localhost:80") == ("127.0.0.1", 80))
        #expect(try LoopbackAddress("LocalHost:80").host == "127.0.0.1")
    }

    @Test(arguments: ["0.0.0.0:80", "192.168.1.20:8080", "[::]:80", "[::2]:80", "[fe80::1]:80", "example.org:80",
                      "128.0.0.1:80", "127.0.0.1", "127.0.0.1:", "127.0.0.1:65536", "127.0.0.1:-1", ":80", ""])
    func refusesEverythingElse(_ text: String) {
        #expect(throws: LoopbackAddressError.self) { try LoopbackAddress(text) }
    }
}
