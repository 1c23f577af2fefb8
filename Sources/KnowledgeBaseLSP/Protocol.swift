import Foundation

/// A place in a document: a line and a character offset counted in the negotiated encoding.
public struct Position: Codable, Equatable, Sendable {
    public var line: Int
    public var character: Int
    public init(line: Int, character: Int) { self.line = line; self.character = character }
}

/// A span between two positions.
public struct LSPRange: Codable, Equatable, Sendable {
    public var start: Position
    public var end: Position
    public init(start: Position, end: Position) { self.start = start; self.end = end }
}

/// A range in a document named by URI.
public struct Location: Codable, Equatable, Sendable {
    public var uri: String
    public var range: LSPRange
}

/// A replacement of a range by new text.
public struct TextEdit: Codable, Equatable, Sendable {
    public var range: LSPRange
    public var newText: String
}

/// A problem shown in the editor.
public struct Diagnostic: Codable, Equatable, Sendable {
    public var range: LSPRange
    /// 1 error, 2 warning, 3 information, 4 hint.
    public var severity: Int
    public var code: String
    public var source: String? = "kb"
    public var message: String
    /// What a code action needs: the candidates of an ambiguous link, the note to create.
    public var data: [String]?
}

/// The positions a request names: a document and a place in it.
struct TextDocumentPositionParams: Codable {
    struct Identifier: Codable { var uri: String }
    var textDocument: Identifier
    var position: Position
}

/// How characters are counted in `Position.character`.
public enum PositionEncoding: String, Sendable {
    case utf16 = "utf-16"
    case utf8 = "utf-8"
}

/// Builds the parts of a `WorkspaceEdit`.
enum WorkspaceEditBuilder {
    static func textDocumentEdit(uri: String, version: Int?, edits: [TextEdit]) throws -> JSONValue {
        .object([
            "textDocument": .object(["uri": .string(uri), "version": version.map { .number(Double($0)) } ?? .null]),
            "edits": try JSONValue(encoding: edits),
        ])
    }

    static func renameFile(from oldURI: String, to newURI: String) -> JSONValue {
        .object(["kind": .string("rename"), "oldUri": .string(oldURI), "newUri": .string(newURI)])
    }

    static func createFile(_ uri: String) -> JSONValue {
        .object(["kind": .string("create"), "uri": .string(uri), "options": .object(["ignoreIfExists": .bool(true)])])
    }
}

extension String {
    /// The parts of a `/`-separated path, empty ones left out.
    var slashComponents: [String] { split(separator: "/").map(String.init) }
}
