import Foundation
import MCP

/// The MCP sessions of `kb mcp --http`: each `initialize` starts one, with the SDK's
/// `StatefulHTTPServerTransport` and a server of its own, and later requests find it by their
/// `Mcp-Session-Id` header. All of them answer from one `KnowledgeBaseService`.
///
/// Bounded: a client that goes away without ending its session leaves it behind, so sessions
/// idle for an hour are ended when a new one starts, and at most `capacity` are kept.
actor HTTPSessions {
    static let capacity = 64
    static let idleLimit: TimeInterval = 3600

    private struct Session {
        let server: Server
        let transport: StatefulHTTPServerTransport
        var lastUsed: Date
    }

    private let service: KnowledgeBaseService
    private var sessions: [String: Session] = [:]

    init(service: KnowledgeBaseService) { self.service = service }

    /// The answer to one HTTP request to the MCP endpoint.
    func handle(_ request: HTTPRequest) async -> HTTPResponse {
        guard let id = request.header(HTTPHeaderName.sessionID) else { return await start(request) }
        guard var session = sessions[id] else {
            return .error(statusCode: 404, .invalidRequest("No session \(id) (it ended, or kb mcp restarted): initialize a new one"))
        }
        session.lastUsed = Date()
        sessions[id] = session
        let response = await session.transport.handleRequest(request)
        if request.method.uppercased() == "DELETE" { await end(id) }
        return response
    }

    /// A new session, when `request` is the POST that initializes one.
    private func start(_ request: HTTPRequest) async -> HTTPResponse {
        guard request.method.uppercased() == "POST" else {
            return .error(statusCode: 400, .invalidRequest("No Mcp-Session-Id header: POST an initialize request to start a session"))
        }
        await endIdleSessions()
        guard sessions.count < Self.capacity else {
            return .error(statusCode: 503, .internalError("kb mcp holds \(Self.capacity) sessions already: end one (DELETE) and try again"))
        }
        let transport = StatefulHTTPServerTransport()
        let server = await KnowledgeBaseServer.make(service)
        do {
            try await server.start(transport: transport)
        } catch {
            return .error(statusCode: 500, .internalError("cannot start a session: \(error)"))
        }
        let response = await transport.handleRequest(request)
        if let id = response.headers.first(where: { $0.key.lowercased() == HTTPHeaderName.sessionID.lowercased() })?.value {
            sessions[id] = Session(server: server, transport: transport, lastUsed: Date())
        } else {
            // Not an initialize request after all: nothing to keep.
            await server.stop()
        }
        return response
    }

    private func end(_ id: String) async {
        guard let session = sessions.removeValue(forKey: id) else { return }
        await session.server.stop()
    }

    private func endIdleSessions() async {
        let cutoff = Date().addingTimeInterval(-Self.idleLimit)
        for (id, session) in sessions where session.lastUsed < cutoff { await end(id) }
    }
}
