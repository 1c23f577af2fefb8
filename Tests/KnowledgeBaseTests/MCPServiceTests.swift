import Foundation
import KnowledgeBase
@testable import KnowledgeBaseMCP
import MCP
import Testing

/// The MCP server's tool layer, driven without a transport: what each tool answers, the
/// addresses it gives, and the error results bad input gets.
@Suite struct MCPServiceTests {
    /// A service over a copy of the bundled corpus (plus `extra` files), with its index built.
    static func service(extra: [String: String] = [:], _ name: String = #function) throws -> (KnowledgeBaseService, URL) {
        let folder = try TestSupport.scratchFolder(name)
        let root = folder.appendingPathComponent("corpus")
        try FileManager.default.copyItem(at: TestSupport.bundledCorpus, to: root)
        try? FileManager.default.removeItem(at: root.appendingPathComponent(".kb"))
        try TestSupport.write(extra, under: root)
        let (base, _) = try TestSupport.indexed(root)
        return (KnowledgeBaseService(base: base), folder)
    }

    /// The structured result of a call that must succeed.
    static func answer(_ service: KnowledgeBaseService, _ tool: String, _ arguments: [String: Value] = [:]) throws -> [String: Value] {
        let result = service.callTool(tool, arguments: arguments)
        let text: String
        if case .text(let value, _, _)? = result.content.first { text = value } else { text = "" }
        try #require(result.isError != true, "\(tool) failed: \(text)")
        return try #require(result.structuredContent?.objectValue)
    }

    /// The message of a call that must fail.
    static func failure(_ service: KnowledgeBaseService, _ tool: String, _ arguments: [String: Value] = [:]) throws -> String {
        let result = service.callTool(tool, arguments: arguments)
        try #require(result.isError == true, "\(tool) \(arguments) answered")
        guard case .text(let text, _, _)? = result.content.first else { return "" }
        return text
    }

    @Test func everyToolIsReadOnlyWithAnObjectSchema() throws {
        let (service, folder) = try Self.service()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(service.tools.map(\.name) == ["search", "read_note", "define", "related", "links", "backlinks", "path",
                                              "neighbours", "tags", "questions", "check", "stats"])
        for tool in service.tools {
            #expect(tool.annotations.readOnlyHint == true)
            #expect(tool.inputSchema.objectValue?["type"] == "object")
            #expect(tool.inputSchema.objectValue?["additionalProperties"] == false)
        }
    }

    @Test func searchDefineAndRelatedAnswerFromTheCorpusWithAddresses() throws {
        let (service, folder) = try Self.service()
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = try #require(try Self.answer(service, "search", ["query": "origin"])["results"]?.arrayValue?.first?.objectValue)
        #expect(first["path"] == "aws/cloudfront/_index.md")
        #expect(first["uri"] == "kb://note/aws/cloudfront/_index.md")
        let definition = try #require(try Self.answer(service, "define", ["term": "cdn"])["definitions"]?.arrayValue?.first?.objectValue)
        #expect(definition["term"] == "CDN")
        let related = try #require(try Self.answer(service, "related", ["note": "cloudfront", "limit": 20])["related"]?.arrayValue)
        let dynamo = try #require(related.compactMap(\.objectValue).first { $0["path"] == "aws/dynamodb/_index.md" })
        #expect(dynamo["explanation"]?.arrayValue?.isEmpty == false)
        let neighbours = try #require(try Self.answer(service, "neighbours", ["note": "s3", "depth": 1])["neighbours"]?.arrayValue)
        #expect(neighbours.allSatisfy { $0.objectValue?["distance"] == 1 })
        #expect(neighbours.contains { $0.objectValue?["path"] == "aws/cloudfront/_index.md" })
    }

    @Test func badInputIsAnErrorResultThatSaysWhatToDo() throws {
        let (service, folder) = try Self.service(extra: ["twin-a.md": "---\ntitle: Twin\n---\nA\n", "twin-b.md": "---\ntitle: Twin\n---\nB\n"])
        defer { try? FileManager.default.removeItem(at: folder) }
        try TestSupport.write(["secret.md": "# Secret\n"], under: folder)
        #expect(try Self.failure(service, "read_note", ["note": "nothing-like-this"]).contains("search tool"))
        let ambiguous = try Self.failure(service, "backlinks", ["note": "Twin"])
        #expect(ambiguous.contains("twin-a.md") && ambiguous.contains("twin-b.md"))
        #expect(try Self.failure(service, "read_note", ["note": "../secret.md"]).contains("outside the corpus"))
        #expect(try Self.failure(service, "read_note", ["note": .string(folder.appendingPathComponent("secret.md").path)]).contains("outside the corpus"))
        #expect(try Self.failure(service, "search", ["query": "kind:page"]).contains("query"))
        #expect(try Self.failure(service, "search", ["query": "x", "limit": 0]).contains("at least 1"))
        #expect(try Self.failure(service, "stats", ["note": "s3"]).contains("no arguments"))
        #expect(try Self.failure(service, "nonsense").contains("no tool"))
        // A huge limit is read as the largest one, not refused.
        #expect(try Self.answer(service, "search", ["query": "aws", "limit": .int(Int.max)])["results"]?.arrayValue?.isEmpty == false)
        #expect(throws: MCPError.self) { try service.readResource("kb://note/../secret.md") }
        #expect(throws: MCPError.self) { try service.listResources(cursor: "not-a-cursor") }
    }

    @Test func anEditBeforeACallIsInItsAnswer() throws {
        let (service, folder) = try Self.service()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try Self.answer(service, "search", ["query": "quokkaword"])["results"]?.arrayValue?.isEmpty == true)
        try TestSupport.write(["aws/new.md": "# New\n\nA quokkaword appears.\n"], under: folder.appendingPathComponent("corpus"))
        let results = try #require(try Self.answer(service, "search", ["query": "quokkaword"])["results"]?.arrayValue)
        #expect(results.map { $0.objectValue?["path"] } == ["aws/new.md"])
    }

    @Test func resourcesReadNotesAndTermsAndAddressesRoundTrip() throws {
        let (service, folder) = try Self.service()
        defer { try? FileManager.default.removeItem(at: folder) }
        let page = try service.listResources(cursor: nil)
        #expect(page.resources.count == 15 && page.nextCursor == nil)
        let note = try service.readResource("kb://note/aws/s3/_index.md")
        #expect(note.contents.first?.text == String(decoding: try Data(contentsOf: folder.appendingPathComponent("corpus/aws/s3/_index.md")), as: UTF8.self))
        #expect(try service.readResource("kb://term/cdn").contents.first?.text?.contains("Edge Locations") == true)
        #expect(NoteURI.notePath(of: NoteURI.note("my notes/a #1.md")) == "my notes/a #1.md")
    }

    /// The fast reader gives the values the SDK's own decoding gives.
    @Test func jsonReaderAgreesWithTheSDKsDecoding() throws {
        let text = #"{"a": [1, -2.5, 2.5e-3, true, false, null], "b": "quote \" slash \/ tab \t \u00e9 \ud83d\ude00 ☃", "c": {"d": []}, "e": {}}"#
        let ours = try JSONValueReader.read(Data(text.utf8))
        let theirs = try JSONDecoder().decode(Value.self, from: Data(text.utf8))
        #expect(ours == theirs)
        #expect(ours.objectValue?["b"]?.stringValue == "quote \" slash / tab \t é 😀 ☃")
        for bad in ["", "{", "[1,]", "{\"a\" 1}", "tru", "\"open", "1 2"] {
            #expect(throws: JSONValueReader.Malformed.self) { try JSONValueReader.read(Data(bad.utf8)) }
        }
    }
}
