import Foundation
import KnowledgeBase

/// A language server for one corpus: the one that holds the workspace (or the first opened
/// file). Requests are answered one at a time, in order, from the index as it was at the last
/// save and from the open buffers as the editor has them; the index file is only written when
/// a document is saved or files are renamed. Unchecked `Sendable`: `run` may be started on
/// another thread, and from then on only that thread touches the server.
public final class LanguageServer: @unchecked Sendable {
    /// A request failed in a way the client should be told.
    struct RequestError: Error {
        var code: Int
        var message: String
    }

    let transport: MessageTransport
    var encoding = PositionEncoding.utf16
    var documents: [String: TextDocument] = [:]
    var base: KnowledgeBase?
    var index: EditorIndex?
    var root: URL?
    /// The corpus named by the command line, which wins over the workspace.
    let corpusOverride: URL?
    private var shutdownRequested = false

    public init(transport: MessageTransport, corpus: URL? = nil) {
        self.transport = transport
        corpusOverride = corpus
    }

    /// Serves until the client sends `exit` or closes the input; the process's exit code.
    public func run() -> Int32 {
        while let body = transport.read() {
            guard let message = try? JSONDecoder().decode(JSONValue.self, from: body) else {
                respond(id: .null, error: RequestError(code: -32700, message: "the message is not JSON"))
                continue
            }
            if message["method"]?.stringValue == "exit" { return shutdownRequested ? 0 : 1 }
            handle(message)
        }
        return shutdownRequested ? 0 : 1
    }

    func handle(_ message: JSONValue) {
        let id = message["id"]
        guard let method = message["method"]?.stringValue else { return }  // a response to us: nothing asked
        let params = message["params"] ?? .null
        do {
            let result = try dispatch(method, params, isRequest: id != nil)
            if let id { respond(id: id, result: result ?? .null) }
        } catch let error as RequestError {
            if let id { respond(id: id, error: error) }
        } catch {
            if let id { respond(id: id, error: RequestError(code: -32603, message: "\(error)")) }
        }
    }

    private func dispatch(_ method: String, _ params: JSONValue, isRequest: Bool) throws -> JSONValue? {
        switch method {
        case "initialize": return try initialize(params)
        case "initialized": return nil
        case "shutdown":
            shutdownRequested = true
            return .null
        case "textDocument/didOpen": didOpen(params)
        case "textDocument/didChange": didChange(params)
        case "textDocument/didClose":
            if let uri = params["textDocument"]?["uri"]?.stringValue { documents[uri] = nil }
        case "textDocument/didSave", "workspace/didRenameFiles", "workspace/didChangeWatchedFiles":
            refreshIndex()
        case "textDocument/completion": return try completion(params)
        case "textDocument/hover": return try hover(params)
        case "textDocument/definition": return try definition(params)
        case "textDocument/references": return try references(params)
        case "textDocument/documentSymbol": return try documentSymbols(params)
        case "workspace/symbol": return try workspaceSymbols(params)
        case "textDocument/codeAction": return try codeActions(params)
        case "textDocument/prepareRename": return try prepareRename(params)
        case "textDocument/rename": return try rename(params)
        case "workspace/willRenameFiles": return try willRenameFiles(params)
        default:
            if isRequest, !method.hasPrefix("$/") { throw RequestError(code: -32601, message: "kb lsp does not handle \(method)") }
        }
        return nil
    }

    func respond(id: JSONValue, result: JSONValue) {
        transport.write(.object(["jsonrpc": .string("2.0"), "id": id, "result": result]))
    }

    func respond(id: JSONValue, error: RequestError) {
        transport.write(.object(["jsonrpc": .string("2.0"), "id": id,
                                 "error": .object(["code": .number(Double(error.code)), "message": .string(error.message)])]))
    }

    func notify(_ method: String, _ params: JSONValue) {
        transport.write(.object(["jsonrpc": .string("2.0"), "method": .string(method), "params": params]))
    }

    /// Tells the user something in the editor's message area.
    func show(_ message: String, type: Int = 1) {
        notify("window/showMessage", .object(["type": .number(Double(type)), "message": .string(message)]))
    }

    // MARK: Lifecycle

    private func initialize(_ params: JSONValue) throws -> JSONValue {
        let offered = params["capabilities"]?["general"]?["positionEncodings"]
        if case .array(let encodings)? = offered {
            // The client lists encodings in its order of preference; UTF-16 is the default.
            let supported = encodings.compactMap { $0.stringValue.flatMap(PositionEncoding.init(rawValue:)) }
            encoding = supported.first ?? .utf16
        }
        if let override = corpusOverride {
            root = override
        } else if let uri = params["rootUri"]?.stringValue ?? params["workspaceFolders"]?.firstFolderURI, let path = Self.path(of: uri) {
            root = URL(fileURLWithPath: path)
        } else if let path = params["rootPath"]?.stringValue {
            root = URL(fileURLWithPath: path)
        }
        if let root { try openCorpus(root) }
        let capabilities: JSONValue = .object([
            "positionEncoding": .string(encoding.rawValue),
            "textDocumentSync": .object(["openClose": .bool(true), "change": .number(2), "save": .object(["includeText": .bool(false)])]),
            "completionProvider": .object(["triggerCharacters": .array(["[", "(", "#", "/"].map(JSONValue.string))]),
            "hoverProvider": .bool(true),
            "definitionProvider": .bool(true),
            "referencesProvider": .bool(true),
            "documentSymbolProvider": .bool(true),
            "workspaceSymbolProvider": .bool(true),
            "codeActionProvider": .bool(true),
            "renameProvider": .object(["prepareProvider": .bool(true)]),
            "workspace": .object(["fileOperations": .object(["willRename": .object(["filters": .array([
                .object(["pattern": .object(["glob": .string("**/*.md")])]),
                .object(["pattern": .object(["glob": .string("**/*"), "matches": .string("folder")])]),
            ])])])]),
        ])
        return .object(["capabilities": capabilities, "serverInfo": .object(["name": .string("kb"), "version": .string(KnowledgeBase.version)])])
    }

    /// Opens (and refreshes) the index of the corpus at `folder`.
    func openCorpus(_ folder: URL) throws {
        let base = try KnowledgeBase(corpus: folder.standardizedFileURL)
        base.answersManyQueries = true
        _ = try base.refresh()
        self.base = base
        index = try EditorIndex(base: base)
        root = base.corpus
    }

    /// The corpus for a document opened before any workspace was named: the nearest folder
    /// above it that has a `.kb` index, else its own folder.
    private func openCorpus(containing path: String) {
        var folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        while folder.path != "/" {
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent(".kb").path) { break }
            folder.deleteLastPathComponent()
        }
        if folder.path == "/" { folder = URL(fileURLWithPath: path).deletingLastPathComponent() }
        do { try openCorpus(folder) } catch { show("kb could not open the corpus at \(folder.path): \(error)") }
    }

    /// Brings the index up to date with the files on disk (after a save or a rename).
    func refreshIndex() {
        guard let base, let index else { return }
        do {
            _ = try base.refresh()
            try index.reload()
        } catch {
            show("kb could not refresh its index: \(error)")
        }
        for uri in documents.keys { publishDiagnostics(uri) }
    }

    // MARK: Documents

    private func didOpen(_ params: JSONValue) {
        guard let item = params["textDocument"], let uri = item["uri"]?.stringValue, let text = item["text"]?.stringValue else { return }
        var version = 0
        if case .number(let number)? = item["version"] { version = Int(number) }
        documents[uri] = TextDocument(uri: uri, version: version, text: text)
        if base == nil, let path = Self.path(of: uri) { openCorpus(containing: path) }
        publishDiagnostics(uri)
    }

    private func didChange(_ params: JSONValue) {
        guard let uri = params["textDocument"]?["uri"]?.stringValue, var document = documents[uri],
              case .array(let changes)? = params["contentChanges"] else { return }
        if case .number(let version)? = params["textDocument"]?["version"] { document.version = Int(version) }
        for change in changes {
            guard let text = change["text"]?.stringValue else { continue }
            let range = try? change["range"].map { try $0.decode(LSPRange.self) }
            document.apply(range: range ?? nil, text: text, encoding: encoding)
        }
        documents[uri] = document
        publishDiagnostics(uri)
    }

    // MARK: Paths

    static func path(of uri: String) -> String? {
        guard let url = URL(string: uri), url.isFileURL else { return nil }
        return url.standardizedFileURL.path
    }

    func uri(ofCorpusPath path: String) -> String {
        URL(fileURLWithPath: (root ?? URL(fileURLWithPath: "/")).appendingPathComponent(path).path).absoluteString
    }

    /// The corpus path of a document URI, when it lies in the corpus.
    func corpusPath(of uri: String) -> String? {
        guard let path = Self.path(of: uri), let root = root?.standardizedFileURL.path, path.hasPrefix(root + "/") else { return nil }
        return String(path.dropFirst(root.count + 1))
    }

    /// The open document at a corpus path.
    func document(atCorpusPath path: String) -> TextDocument? { documents[uri(ofCorpusPath: path)] ?? documents.values.first { corpusPath(of: $0.uri) == path } }

    /// A note's text as the editor has it, else as it is on disk.
    func text(ofCorpusPath path: String) -> String? {
        if let open = document(atCorpusPath: path) { return open.text }
        return index?.fileText(path)
    }

    /// Unsaved buffers by corpus path, for the move engine.
    var buffers: [String: String] {
        var out: [String: String] = [:]
        for document in documents.values { if let path = corpusPath(of: document.uri) { out[path] = document.text } }
        return out
    }

    /// The document, its corpus path and the UTF-8 offset a position request names.
    func locate(_ params: JSONValue) throws -> (document: TextDocument, path: String, offset: Int)? {
        let request = try params.decode(TextDocumentPositionParams.self)
        guard let document = documents[request.textDocument.uri], let path = corpusPath(of: request.textDocument.uri) else { return nil }
        return (document, path, document.offset(of: request.position, encoding: encoding))
    }
}

extension JSONValue {
    /// The URI of the first workspace folder.
    var firstFolderURI: String? {
        if case .array(let folders) = self { return folders.first?["uri"]?.stringValue }
        return nil
    }
}
