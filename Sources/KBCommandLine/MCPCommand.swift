import ArgumentParser
import Foundation
import KnowledgeBase

/// `kb mcp`: the knowledge base as an MCP server for AI assistants, over stdin and stdout.
struct MCPCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mcp",
        abstract: "Serve the knowledge base to AI assistants as an MCP server (over stdio, or HTTP on loopback).",
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
            With --http 127.0.0.1:PORT it serves MCP's Streamable HTTP at http://127.0.0.1:PORT/mcp \
            instead, to any number of clients at once (one session each, all on one index); it says the \
            URL on stderr (PORT 0 lets the system choose). Only a loopback address is served: nothing \
            authenticates callers. A client's entry is then {"url": "http://127.0.0.1:PORT/mcp"}.
            kb mcp hands over to kb-mcp, which swift build puts beside kb: install the two in one folder.
            """
    )

    @OptionGroup var options: CorpusOptions

    @Option(help: ArgumentHelp("Serve Streamable HTTP at this loopback address instead of stdio.", valueName: "host:port"))
    var http: String?

    func run() throws {
        // Open once here, so a bad --corpus or --db is reported (exit 2) before the server starts.
        _ = try options.makeBase()
        var arguments = ["kb-mcp"]
        if let corpus = options.corpus { arguments += ["--corpus", corpus] }
        if let db = options.db { arguments += ["--db", db] }
        if options.noRefresh { arguments.append("--no-refresh") }
        if let http { arguments += ["--http", http] }
        let server = Self.serverPath()
        guard FileManager.default.isExecutableFile(atPath: server) else {
            throw KBError.invalidArgument("kb mcp runs kb-mcp, which is built beside kb (swift build) but is not at \(server): copy it next to kb")
        }
        fflush(nil)
        // The server takes over this process, with its stdin and stdout, and it alone links the
        // MCP SDK (see Sources/kb-mcp).
        let argv = arguments.map { strdup($0) } + [nil]
        execv(server, argv)
        throw KBError.invalidArgument("cannot start \(server): \(String(cString: strerror(errno)))")
    }

    /// `kb-mcp` in the folder of the running kb.
    static func serverPath() -> String {
        let running = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        return running.deletingLastPathComponent().appendingPathComponent("kb-mcp").path
    }
}
