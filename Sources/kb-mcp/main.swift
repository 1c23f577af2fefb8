import Foundation
import KnowledgeBase
import KnowledgeBaseMCP

/// `kb-mcp`: the MCP server that `kb mcp` starts. It is a program of its own because the MCP
/// SDK links Foundation's networking (and through it libcurl, OpenSSL, Kerberos and LDAP),
/// which loading would add to the start of every other kb command. `kb mcp` checks the options
/// and its --help documents them; this reads only `--corpus DIR`, `--db FILE`, `--no-refresh`
/// and `--http HOST:PORT`.
enum ServerMain {
    static func main() {
        var corpus: String?, db: String?, refreshing = true, http: LoopbackAddress?
        var arguments = CommandLine.arguments.dropFirst()
        while let argument = arguments.popFirst() {
            switch argument {
            case "--corpus": corpus = arguments.popFirst()
            case "--db": db = arguments.popFirst()
            case "--no-refresh": refreshing = false
            case "--http":
                do { http = try LoopbackAddress(arguments.popFirst() ?? "") } catch { fail("\(error)") }
            default: fail("unknown argument \(argument): run kb mcp --help to see what kb mcp takes")
            }
        }
        let base: KnowledgeBase
        do {
            base = try KnowledgeBase.open(corpus: corpus, db: db)
        } catch {
            fail("\(error)")
        }
        let finished = DispatchSemaphore(value: 0)
        Task {
            do {
                if let http {
                    try await KnowledgeBaseServer.serveHTTP(base, on: http, refreshing: refreshing, warn: { say("mcp: \($0)") },
                                                            listening: { say("mcp: serving MCP at \($0)") })
                } else {
                    try await KnowledgeBaseServer.serveStdio(base, refreshing: refreshing) { say("mcp: \($0)") }
                }
            } catch {
                say("mcp: the server stopped: \(error)")
                exit(2)
            }
            finished.signal()
        }
        finished.wait()
        exit(0)
    }

    static func say(_ message: String) {
        FileHandle.standardError.write(Data("kb: \(message)\n".utf8))
    }

    static func fail(_ message: String) -> Never {
        say(message)
        exit(2)
    }
}

ServerMain.main()
