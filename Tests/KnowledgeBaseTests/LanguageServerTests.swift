import Foundation
import Testing
@testable import KnowledgeBase
@testable import KnowledgeBaseLSP

/// The language server's pieces, and the server itself driven through pipes in process.
@Suite struct LanguageServerTests {
    @Test func positionsCountUTF16UnitsOrBytes() {
        let text = "# Title\nSchrödinger's 🐱 [x](../lambda)\n"
        let document = TextDocument(uri: "file:///n.md", version: 1, text: text)
        let offset = Array(text.utf8).count - "../lambda)\n".utf8.count
        // "Schrödinger's 🐱 [x](" is 20 characters, 21 UTF-16 units (the emoji takes two), 24 bytes.
        #expect(document.position(of: offset, encoding: .utf16) == Position(line: 1, character: 21))
        #expect(document.position(of: offset, encoding: .utf8) == Position(line: 1, character: 24))
        #expect(document.offset(of: Position(line: 1, character: 21), encoding: .utf16) == offset)
        #expect(document.offset(of: Position(line: 1, character: 24), encoding: .utf8) == offset)
        // Past the end of a line clamps to it.
        #expect(document.offset(of: Position(line: 0, character: 99), encoding: .utf16) == 7)
    }

    @Test func jsonIsWrittenAsFoundationReadsIt() throws {
        let value: JSONValue = .object(["text": .string("a \"quote\" \\ and\nline \u{01} 🐱"), "n": .number(3), "x": .number(1.5),
                                        "list": .array([.null, .bool(true)])])
        let read = try JSONDecoder().decode(JSONValue.self, from: Data(value.serialized))
        #expect(read == value)
    }

    @Test func incrementalChangesEditTheBuffer() {
        var document = TextDocument(uri: "file:///n.md", version: 1, text: "🐱 one\ntwo\n")
        document.apply(range: LSPRange(start: Position(line: 0, character: 3), end: Position(line: 0, character: 6)), text: "three",
                       encoding: .utf16)
        #expect(document.text == "🐱 three\ntwo\n")
        document.apply(range: LSPRange(start: Position(line: 1, character: 3), end: Position(line: 1, character: 3)), text: "\nfour",
                       encoding: .utf16)
        #expect(document.text == "🐱 three\ntwo\nfour\n")
        document.apply(range: nil, text: "all new", encoding: .utf16)
        #expect(document.line(0) == "all new")
    }

    @Test func linkSpansCoverEveryStyleWithExactRanges() {
        let text = """
            ---
            link: "[[Not a link]]"
            ---
            [a](../dynamodb#use) ![i](img/x.png) [[Note#Head|label]] ![[embed.pdf]]
            [ref]: ../lambda/
            {{< ref "posts/a.md" >}} <a href="../s3">s3</a> [web](https://example.com)
            `[[code]]`
            ```
            [[fenced]]
            ```
            """
        let spans = LinkSpanScanner.spans(in: text)
        let bytes = Array(text.utf8)
        func written(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }
        #expect(spans.map(\.target) == ["../dynamodb#use", "img/x.png", "Note#Head", "embed.pdf", "../lambda/", "posts/a.md", "../s3"])
        #expect(spans.map { written($0.pathRange) } == ["../dynamodb", "img/x.png", "Note", "embed.pdf", "../lambda/", "posts/a.md", "../s3"])
        #expect(spans.map(\.style) == [.inline, .inline, .wiki, .wiki, .reference, .shortcode, .html])
        #expect(spans.map(\.kind) == [.internal, .image, .wiki, .embed, .internal, .internal, .internal])
        #expect(spans[2].label == "label")
    }

    @Test func serverAnswersHoverCompletionAndDiagnosticsThroughPipes() throws {
        let root = try MoveTests.corpusCopy()
        let client = try PipeClient()
        let initialised = try client.request("initialize", ["rootUri": .string(root.absoluteString), "capabilities": .object([:])])
        #expect(initialised["capabilities"]?["positionEncoding"] == .string("utf-16"))
        let seed = root.appendingPathComponent("aws/cloudfront/_index.md")
        var text = try String(contentsOf: seed, encoding: .utf8)
        text += "See [[Lamb and [gone](../nowhere).\nA [table](../dyn\n"
        client.notify("textDocument/didOpen", ["textDocument": .object([
            "uri": .string(seed.absoluteString), "languageId": .string("markdown"), "version": .number(1), "text": .string(text),
        ])])
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let edgeLine = try #require(lines.firstIndex { $0.hasPrefix("- **Edge Location:**") })
        let hover = try client.request("textDocument/hover", position(seed, line: edgeLine, character: 6))
        #expect(hover["contents"]?["value"]?.stringValue?.contains("The location where content is cached") == true)
        let last = lines.count - 3
        let completion = try client.request("textDocument/completion", position(seed, line: last, character: 10))
        guard case .array(let items)? = completion["items"] else { Issue.record("no completion items"); return }
        #expect(items.contains { $0["label"] == .string("Lambda") || $0["label"] == .string("AWS Lambda") })
        // After `](` the destination is written relative to this page, as the corpus writes it.
        let paths = try client.request("textDocument/completion", position(seed, line: last + 1, character: 16))
        guard case .array(let destinations)? = paths["items"] else { Issue.record("no completion items"); return }
        #expect(destinations.contains { $0["label"] == .string("DynamoDB") && $0["textEdit"]?["newText"] == .string("../dynamodb") })
        let diagnostics = try client.waitForNotification("textDocument/publishDiagnostics")
        guard case .array(let found)? = diagnostics["diagnostics"] else { Issue.record("no diagnostics"); return }
        #expect(found.contains { $0["code"] == .string("broken-link") })
        _ = try client.request("shutdown", .null)
        client.notify("exit", .null)
    }

    @Test func renamingAHeadingRewritesEveryAnchorToIt() throws {
        let root = try TestSupport.scratchFolder()
        try TestSupport.write([
            ".obsidian/app.json": "{}",
            "Notes/Edge Location.md": "Edge text, see [below](#caching).\n\n## Caching\n\nCache text.\n",
            "Index.md": "[[Notes/Edge Location#Caching|cache]] and [md](Notes/Edge%20Location.md#caching).\n",
        ], under: root)
        let client = try PipeClient()
        _ = try client.request("initialize", ["rootUri": .string(root.absoluteString), "capabilities": .object([:])])
        let note = root.appendingPathComponent("Notes/Edge Location.md")
        client.notify("textDocument/didOpen", ["textDocument": .object([
            "uri": .string(note.absoluteString), "languageId": .string("markdown"), "version": .number(1),
            "text": .string(try String(contentsOf: note, encoding: .utf8)),
        ])])
        let prepared = try client.request("textDocument/prepareRename", position(note, line: 2, character: 5))
        #expect(prepared["placeholder"] == .string("Caching"))
        var params = position(note, line: 2, character: 5)
        if case .object(var object) = params { object["newName"] = .string("Cache Rules"); params = .object(object) }
        let edit = try client.request("textDocument/rename", params)
        guard case .array(let changes)? = edit["documentChanges"] else { Issue.record("no edit"); return }
        try Self.apply(changes)
        #expect(try String(contentsOf: note, encoding: .utf8) == "Edge text, see [below](#cache-rules).\n\n## Cache Rules\n\nCache text.\n")
        #expect(try String(contentsOf: root.appendingPathComponent("Index.md"), encoding: .utf8)
            == "[[Notes/Edge Location#Cache Rules|cache]] and [md](Notes/Edge%20Location.md#cache-rules).\n")
        let (base, _) = try TestSupport.indexed(root)
        #expect(try base.brokenAnchors().isEmpty)
        _ = try client.request("shutdown", .null)
        client.notify("exit", .null)
    }

    /// Writes a rename's text edits (`documentChanges`) to the files, last edit first.
    static func apply(_ changes: [JSONValue]) throws {
        for change in changes {
            guard let uri = change["textDocument"]?["uri"]?.stringValue, let url = URL(string: uri),
                  case .array(let edits)? = change["edits"] else { continue }
            var document = TextDocument(uri: uri, version: 0, text: try String(contentsOf: url, encoding: .utf8))
            let typed = try edits.map { try $0.decode(TextEdit.self) }
                .sorted { ($0.range.start.line, $0.range.start.character) > ($1.range.start.line, $1.range.start.character) }
            for item in typed { document.apply(range: item.range, text: item.newText, encoding: .utf16) }
            try document.text.write(to: url, atomically: true, encoding: .utf8)
        }
    }

    @Test func tagRangesCoverFrontMatterAndInlineTagsOnly() {
        let text = "---\ntags: [aws, CloudFront, cloudfront-x]\ncategories: [CloudFront]\naliases:\n  - cloudfront\n---\n#cloudfront and a#cloudfront and #CloudFront/sub\n```\n#cloudfront\n```\n"
        let ranges = LanguageServer.tagRanges("cloudfront", in: text)
        let bytes = Array(text.utf8)
        #expect(ranges.map { String(decoding: bytes[$0], as: UTF8.self) } == ["CloudFront", "cloudfront"])
    }

    @Test func renamingATagEditsEveryNoteCarryingIt() throws {
        let root = try MoveTests.corpusCopy()
        let client = try PipeClient()
        _ = try client.request("initialize", ["rootUri": .string(root.absoluteString), "capabilities": .object([:])])
        let seed = root.appendingPathComponent("aws/cloudfront/_index.md")
        let text = try String(contentsOf: seed, encoding: .utf8)
        client.notify("textDocument/didOpen", ["textDocument": .object([
            "uri": .string(seed.absoluteString), "languageId": .string("markdown"), "version": .number(1), "text": .string(text),
        ])])
        let line = try #require(text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.hasPrefix("tags:") })
        let column = try #require(text.split(separator: "\n", omittingEmptySubsequences: false)[line].range(of: "CloudFront")).lowerBound.utf16Offset(in: text.split(separator: "\n", omittingEmptySubsequences: false)[line])
        let prepared = try client.request("textDocument/prepareRename", position(seed, line: line, character: column + 2))
        #expect(prepared["placeholder"] == .string("CloudFront"))
        var params = position(seed, line: line, character: column + 2)
        if case .object(var object) = params { object["newName"] = .string("cdn"); params = .object(object) }
        let edit = try client.request("textDocument/rename", params)
        guard case .array(let changes)? = edit["documentChanges"] else { Issue.record("no edit"); return }
        let (before, _) = try TestSupport.indexed(root)
        func count(_ tag: String) throws -> Int { try before.graph.tags().first { $0.tag.lowercased() == tag }?.notes ?? 0 }
        let carrying = try count("cloudfront")
        #expect(carrying > 0)
        #expect(changes.count == carrying)
        try Self.apply(changes)
        _ = try before.refresh()
        #expect(try count("cloudfront") == 0)
        #expect(try count("cdn") == carrying)
        _ = try client.request("shutdown", .null)
        client.notify("exit", .null)
    }

    private func position(_ file: URL, line: Int, character: Int) -> JSONValue {
        .object(["textDocument": .object(["uri": .string(file.absoluteString)]),
                 "position": .object(["line": .number(Double(line)), "character": .number(Double(character))])])
    }
}

/// A client on the other end of two pipes from a server running on its own thread.
final class PipeClient {
    private let toServer = Pipe()
    private let fromServer = Pipe()
    private let reader: MessageTransport
    private var nextId = 1
    private var pending: [JSONValue] = []

    init() throws {
        let server = LanguageServer(transport: MessageTransport(input: toServer.fileHandleForReading, output: fromServer.fileHandleForWriting))
        reader = MessageTransport(input: fromServer.fileHandleForReading, output: FileHandle.nullDevice)
        Thread { _ = server.run() }.start()
    }

    private func send(_ message: [String: JSONValue]) {
        var object = message
        object["jsonrpc"] = .string("2.0")
        let body = (try? JSONEncoder().encode(JSONValue.object(object))) ?? Data()
        toServer.fileHandleForWriting.write(Data("Content-Length: \(body.count)\r\n\r\n".utf8) + body)
    }

    func notify(_ method: String, _ params: JSONValue) { send(["method": .string(method), "params": params]) }

    func notify(_ method: String, _ params: [String: JSONValue]) { notify(method, .object(params)) }

    func request(_ method: String, _ params: [String: JSONValue]) throws -> JSONValue { try request(method, .object(params)) }

    func request(_ method: String, _ params: JSONValue) throws -> JSONValue {
        let id = nextId
        nextId += 1
        send(["id": .number(Double(id)), "method": .string(method), "params": params])
        while let body = reader.read() {
            let message = try JSONDecoder().decode(JSONValue.self, from: body)
            if message["id"] == .number(Double(id)) { return message["result"] ?? .null }
            pending.append(message)
        }
        throw CocoaError(.fileReadUnknown)
    }

    func waitForNotification(_ method: String) throws -> JSONValue {
        if let index = pending.firstIndex(where: { $0["method"] == .string(method) }) { return pending.remove(at: index)["params"] ?? .null }
        while let body = reader.read() {
            let message = try JSONDecoder().decode(JSONValue.self, from: body)
            if message["method"] == .string(method) { return message["params"] ?? .null }
        }
        throw CocoaError(.fileReadUnknown)
    }
}
