import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The address `kb mcp --http` listens on: a host and a port, where the host must be a
/// loopback address. Nothing in kb authenticates a caller, so the server may be reached only
/// from this machine (a team shares it through their own tunnel or proxy).
public struct LoopbackAddress: Equatable, Sendable {
    /// An IPv4 or IPv6 literal of the loopback interface.
    public var host: String
    /// 0 lets the system choose; the server says which it got.
    public var port: Int

    /// Reads `127.0.0.1:8765`, `[::1]:8765` or `localhost:8765`; throws a message that says
    /// what to pass instead.
    public init(_ text: String) throws {
        let usage = "pass --http 127.0.0.1:PORT (or [::1]:PORT, localhost:PORT; PORT 0 lets the system choose)"
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), (0...65_535).contains(port) else {
            throw LoopbackAddressError("'\(text)' is not HOST:PORT: \(usage)")
        }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        if host.lowercased() == "localhost" { host = "127.0.0.1" }
        guard Self.isLoopback(host) else {
            throw LoopbackAddressError("kb mcp serves HTTP only on this machine's loopback address, and '\(host)' is not one (nothing authenticates callers): \(usage)")
        }
        (self.host, self.port) = (host, port)
    }

    /// Whether `host` is an IPv4 address in 127.0.0.0/8 or the IPv6 address ::1.
    static func isLoopback(_ host: String) -> Bool {
        var v4 = in_addr()
        if inet_pton(AF_INET, host, &v4) == 1 { return UInt32(bigEndian: v4.s_addr) >> 24 == 127 }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, host, &v6) == 1 else { return false }
        return withUnsafeBytes(of: &v6) { bytes in bytes.dropLast().allSatisfy { $0 == 0 } && bytes.last == 1 }
    }
}

/// Why an `--http` address was refused.
public struct LoopbackAddressError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
