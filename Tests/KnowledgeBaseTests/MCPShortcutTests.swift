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

    @Test func writesValuesAsFoundationsEncoderDoes() throws {
        let value: Value = [
            "text": "quote \" backslash \\ slash / lines \n\r tab \t control \u{01}\u{1F} é ✓ 😀",
            "int": 42, "negative": -7, "fraction": 0.25, "whole": 2.0, "huge": 1e20, "tiny": 5e-324,
            "flag": true, "none": .null, "list": [1, "two", ["nested": [3.5, false]]], "empty": [:], "emptyList": [],
        ]
        let decoder = JSONDecoder()
        let written = try decoder.decode(Value.self, from: Data(try ValueWriter.bytes(value)))
        #expect(written == (try decoder.decode(Value.self, from: JSONEncoder().encode(value))))
        #expect(written.objectValue?["text"] == value.objectValue?["text"])
        // Compact, with keys sorted at every depth, so equal values are equal text.
        #expect(String(decoding: try ValueWriter.bytes(["b": 1, "a": ["d": 1, "c": [2, 3]]]), as: UTF8.self) == #"{"a":{"c":[2,3],"d":1},"b":1}"#)
        #expect(throws: ValueWriter.BinaryData.self) { try ValueWriter.bytes(["image": .data(mimeType: "image/png", Data([1, 2]))]) }
        #expect(ValueWriter.text(.data(mimeType: "image/png", Data([1, 2]))).hasPrefix("\"data:image/png;base64,"))
    }

    @Test func theReplyItWritesIsTheResponseTheSDKReads() throws {
        let results = [
            CallTool.Result(content: [.text(text: "{\"a\":\"x/y \\\"q\\\"\"}\n", annotations: nil, _meta: nil)],
                            structuredContent: ["a": "x/y \"q\"", "n": [1, 0.5]], isError: nil, _meta: nil),
            CallTool.Result(content: [.text(text: "no note 'x': try search", annotations: nil, _meta: nil)], isError: true),
        ]
        for result in results {
            for id: ID in [.string("r-1"), .number(9)] {
                let message = try #require(ToolCallShortcut.message(id: id, result: result))
                let response = try JSONDecoder().decode(Response<CallTool>.self, from: Data(try ValueWriter.bytes(message)))
                #expect(response.id == id)
                #expect(try response.result.get() == result)
            }
        }
        // Content the tools never answer with (an image) is left to the SDK's encoder.
        let image = CallTool.Result(content: [.image(data: "AQI=", mimeType: "image/png", annotations: nil, _meta: nil)])
        #expect(ToolCallShortcut.message(id: 1, result: image) == nil)
    }
}
