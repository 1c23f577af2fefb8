import ArgumentParser
import Foundation
import KnowledgeBase
import KnowledgeBaseMCP

/// `kb mcp`: the knowledge base as an MCP server for AI assistants, over stdin and stdout.
struct MCPCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mcp",
        abstract: "Serve the knowledge base to AI assistants as an MCP server (over stdio).",
        discussion: """
            Speaks the Model Context Protocol on stdin and stdout, so an MCP client (Claude Desktop, \
            Claude Code, an editor's agent) can search the notes, look terms up, read notes and walk \
            their links. Messages go to stderr. The index is kept current while it runs, as kb watch \
            does, so an edit saved before a call is in its answer.
            Tools: search, read_note, define, related, links, backlinks, path, neighbours, tags, \
            questions, check, stats. Resources: kb://note/<path> (each note's file), kb://term/<term>. \
            Prompts: quiz, explain_term.
            To register it with a client, add an entry like this to its mcpServers settings (use \
            absolute paths):
              {
                "mcpServers": {
                  "kb": {
                    "command": "/usr/local/bin/kb",
                    "args": ["mcp", "--corpus", "/home/me/notes"]
                  }
                }
              }
            With Claude Code: claude mcp add kb -- kb mcp --corpus /home/me/notes
            """
    )

    @OptionGroup var options: CorpusOptions

    func run() throws {
        let base = try options.makeBase()
        let outcome = ServeOutcome()
        let finished = DispatchSemaphore(value: 0)
        Task {
            do {
                try await KnowledgeBaseServer.serveStdio(base, refreshing: !options.noRefresh) { Terminal.error("mcp: \($0)") }
            } catch {
                outcome.record(error)
            }
            finished.signal()
        }
        finished.wait()
        if let error = outcome.error { throw error }
    }
}

/// How the server task ended, handed back to the thread waiting for it.
private final class ServeOutcome: @unchecked Sendable {
    private let lock = NSLock()
    private var failure: Error?

    func record(_ error: Error) { lock.withLock { failure = error } }
    var error: Error? { lock.withLock { failure } }
}
