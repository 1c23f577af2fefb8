import Foundation
import KnowledgeBase
import MCP

/// Serves a `KnowledgeBaseService` to one MCP client over stdin and stdout, while an
/// `IndexWatcher` keeps the index current, so an edit saved before a call is in its answer.
public enum KnowledgeBaseServer {
    /// A server with the service's tools, resources and prompts registered.
    public static func make(_ service: KnowledgeBaseService) async -> Server {
        let server = Server(
            name: "kb", version: KnowledgeBase.version, title: "kb knowledge base",
            instructions: """
                Tools over a folder of Markdown notes. Start with search (or define for a term), then \
                read_note on a result's path; related, links, backlinks, neighbours and path walk the \
                notes around it. Notes are also resources at kb://note/<path>.
                """,
            capabilities: .init(prompts: .init(listChanged: false), resources: .init(subscribe: false, listChanged: false),
                                tools: .init(listChanged: false)))
        await server.withMethodHandler(ListTools.self) { _ in ListTools.Result(tools: service.tools) }
        await server.withMethodHandler(CallTool.self) { call in service.callTool(call.name, arguments: call.arguments) }
        await server.withMethodHandler(ListResources.self) { parameters in try service.listResources(cursor: parameters.cursor) }
        await server.withMethodHandler(ListResourceTemplates.self) { _ in ListResourceTemplates.Result(templates: service.resourceTemplates) }
        await server.withMethodHandler(ReadResource.self) { parameters in try service.readResource(parameters.uri) }
        await server.withMethodHandler(ListPrompts.self) { _ in ListPrompts.Result(prompts: service.prompts) }
        await server.withMethodHandler(GetPrompt.self) { parameters in try service.prompt(parameters.name, arguments: parameters.arguments) }
        return server
    }

    /// Serves over stdio until the client closes stdin. The watcher refreshes the index first
    /// (a call that comes before it is done waits for that refresh); when the index cannot be
    /// watched (another `kb watch` has it, or a folder is a symlink), every call checks the
    /// folder itself instead. Not `refreshing`, the index is neither watched nor refreshed.
    public static func serveStdio(_ base: KnowledgeBase, refreshing: Bool = true,
                                  warn: @escaping @Sendable (String) -> Void) async throws {
        base.answersManyQueries = true
        let watcher = refreshing ? startWatching(base, warn: warn) : nil
        defer { watcher?.stop() }
        let service = KnowledgeBaseService(base: base, refreshing: refreshing)
        let server = await make(service)
        let shortcut = ToolCallShortcut(service: service)
        let transport = LineTransport(shortcut: shortcut.reply(to:))
        try await server.start(transport: transport)
        await server.waitUntilCompleted()
        await transport.drain()
    }

    /// Serves MCP's Streamable HTTP on `address` (a loopback one) until the process ends, to
    /// any number of sessions at once, with the index watched as in `serveStdio`. `listening`
    /// is told the endpoint's URL once it accepts connections.
    public static func serveHTTP(_ base: KnowledgeBase, on address: LoopbackAddress, refreshing: Bool = true,
                                 warn: @escaping @Sendable (String) -> Void,
                                 listening: @escaping @Sendable (String) -> Void) async throws {
        base.answersManyQueries = true
        let watcher = refreshing ? startWatching(base, warn: warn) : nil
        defer { watcher?.stop() }
        try await LoopbackHTTPServer.serve(KnowledgeBaseService(base: base, refreshing: refreshing), on: address, listening: listening)
    }

    private static func startWatching(_ base: KnowledgeBase, warn: @escaping @Sendable (String) -> Void) -> IndexWatcher? {
        let watcher: IndexWatcher
        do {
            watcher = try IndexWatcher(base: base)
        } catch {
            warn("not watching the folder (\(error)); each call checks it for changes instead")
            return nil
        }
        let thread = Thread {
            do {
                try watcher.run { result in
                    if case .failure(let error) = result { warn("refresh failed: \(error); the watch goes on") }
                }
            } catch {
                warn("the watch stopped (\(error)); each call checks the folder for changes instead")
            }
        }
        thread.name = "kb mcp watch"
        thread.start()
        return watcher
    }
}
