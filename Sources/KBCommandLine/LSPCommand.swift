import ArgumentParser
import Foundation
import KnowledgeBase
import KnowledgeBaseLSP

/// `kb lsp`: a Language Server Protocol server on stdin and stdout.
struct LSPCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lsp", abstract: "Serve the Language Server Protocol on stdin/stdout for an editor.",
        discussion: """
            The corpus is the editor's workspace folder (or --corpus DIR). Completion of links, headings and tags; \
            hover on links, glossary terms and tags; definition, references, diagnostics, rename (rewriting every \
            link, as kb mv does), document and workspace symbols. The index is refreshed when a file is saved.
            Example (Neovim): vim.lsp.start({ name = "kb", cmd = { "kb", "lsp" }, root_dir = vim.fn.getcwd() })
            """)

    @Option(help: "The notes folder (default: the editor's workspace folder).") var corpus: String?

    func run() throws {
        let server = LanguageServer(transport: MessageTransport(input: .standardInput, output: .standardOutput),
                                    corpus: corpus.map { URL(fileURLWithPath: $0) })
        throw ExitCode(server.run())
    }
}
