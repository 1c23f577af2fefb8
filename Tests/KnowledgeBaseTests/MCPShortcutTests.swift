import Foundation
@testable import KnowledgeBaseMCP
import MCP
import Testing

/// The tool-call shortcut: which lines it answers itself, and that its reply is the JSON-RPC
/// response the SDK would send.
@Suite struct MCPShortcutTests {
    static func line(_ text: String) -> Data { Data(text.utf8) }

    @Test func readsAToolCallWithEitherKindOfId() throws {
        let numbered = try #require(ToolCallShortcut.toolCall(in: Self.line("""
            {"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"search","arguments":{"query":"origin","limit":3}}}
            """)))
        #expect(numbered.0 == .number(7))
        #expect(numbered.1 == "search")
        #expect(numbered.2 == ["query": "origin", "limit": 3])
        let named = try #require(ToolCallShortcut.toolCall(in: Self.line("""
             {"method":"tools/call","params":{"name":"stats"},"id":"a-1","jsonrpc":"2.0"}
            """)))
        #expect(named.0 == .string("a-1"))
        #expect(named.2 == nil)
    }

    @Test func leavesEverythingElseToTheSDK() {
        let declined = [
            #"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}"#,
            #"{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":3}}"#,
            #"[{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"stats"}}]"#,
            #"{"jsonrpc":"2.0","method":"tools/call","params":{"name":"stats"}}"#,
            #"{"jsonrpc":"2.0","id":1.5,"method":"tools/call","params":{"name":"stats"}}"#,
            #"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"stats","arguments":[1]}}"#,
            #"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"arguments":{}}}"#,
            #"{"jsonrpc":"1.0","id":1,"method":"tools/call","params":{"name":"stats"}}"#,
            #"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"stats"}"#,
            "not json",
        ]
        for text in declined { #expect(ToolCallShortcut.toolCall(in: Self.line(text)) == nil, "\(text)") }
    }

    @Test func repliesAsTheSDKWouldWithTheRequestsId() throws {
        let (service, folder) = try MCPServiceTests.service()
        defer { try? FileManager.default.removeItem(at: folder) }
        let shortcut = ToolCallShortcut(service: service)
        let reply = try #require(shortcut.reply(to: Self.line("""
            {"jsonrpc":"2.0","id":"q1","method":"tools/call","params":{"name":"search","arguments":{"query":"origin"}}}
            """)))
        let response = try JSONDecoder().decode(Response<CallTool>.self, from: reply)
        #expect(response.id == .string("q1"))
        let result = try response.result.get()
        #expect(result.isError != true)
        let first = result.structuredContent?.objectValue?["results"]?.arrayValue?.first?.objectValue
        #expect(first?["path"] == "aws/cloudfront/_index.md")
        // A bad call is an error result in the reply, as from the SDK, not a missing reply.
        let failed = try #require(shortcut.reply(to: Self.line("""
            {"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"no_such_tool"}}
            """)))
        #expect(try JSONDecoder().decode(Response<CallTool>.self, from: failed).result.get().isError == true)
    }
}
