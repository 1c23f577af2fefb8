import Foundation
import MCP
import NIOCore
import NIOHTTP1
import NIOPosix

/// `kb mcp --http`: MCP's Streamable HTTP on a loopback address, for several clients sharing
/// one index. SwiftNIO reads and writes HTTP; `HTTPSessions` hands each request of the MCP
/// endpoint to the SDK's transport of its session; replies streamed as server-sent events are
/// written as they come.
enum LoopbackHTTPServer {
    /// The path the MCP endpoint answers on.
    static let endpoint = "/mcp"
    /// The largest request body read; a JSON-RPC message is far smaller.
    static let maximumBody = 4 << 20

    /// Listens on `address` and serves until the process ends. `listening` is told the URL
    /// (with the port the system chose, for port 0).
    static func serve(_ service: KnowledgeBaseService, on address: LoopbackAddress,
                      listening: @Sendable (String) -> Void) async throws {
        let sessions = HTTPSessions(service: service)
        let server: NIOAsyncChannel<NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>, Never>
        do {
            server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .bind(host: address.host, port: address.port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                        return try NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>(wrappingChannelSynchronously: channel)
                    }
                }
        } catch let error as IOError {
            let reason = String(cString: strerror(error.errnoCode))
            throw LoopbackAddressError("cannot listen on \(address.host):\(address.port): \(reason); pick another port, or 0 to let the system choose")
        }
        let port = server.channel.localAddress?.port ?? address.port
        let host = address.host.contains(":") ? "[\(address.host)]" : address.host
        listening("http://\(host):\(port)\(endpoint)")
        try await withThrowingDiscardingTaskGroup { group in
            try await server.executeThenClose { connections in
                for try await connection in connections {
                    group.addTask { await serve(connection, sessions: sessions) }
                }
            }
        }
    }

    /// Answers the requests of one connection in turn, until the client closes it.
    private static func serve(_ connection: NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>,
                              sessions: HTTPSessions) async {
        // A connection that fails (the client went away mid-reply) just ends.
        try? await connection.executeThenClose { inbound, outbound in
            var head: HTTPRequestHead?
            var body = Data()
            var tooLarge = false
            for try await part in inbound {
                switch part {
                case .head(let next):
                    (head, body, tooLarge) = (next, Data(), false)
                case .body(let chunk):
                    if body.count + chunk.readableBytes > maximumBody { tooLarge = true } else { body.append(contentsOf: chunk.readableBytesView) }
                case .end:
                    guard let request = head else { continue }
                    let response = tooLarge
                        ? .error(statusCode: 413, .invalidRequest("The request body is over \(maximumBody >> 20) MB"))
                        : await answer(request, body: body, sessions: sessions)
                    try await write(response, version: request.version, to: outbound)
                    if !request.isKeepAlive { return }
                }
            }
        }
    }

    private static func answer(_ head: HTTPRequestHead, body: Data, sessions: HTTPSessions) async -> HTTPResponse {
        let path = String(head.uri.prefix { $0 != "?" })
        guard path == endpoint else {
            return .error(statusCode: 404, .invalidRequest("kb serves MCP at \(endpoint), not \(path)"))
        }
        var headers: [String: String] = [:]
        for (name, value) in head.headers { headers[name] = headers[name].map { "\($0), \(value)" } ?? value }
        return await sessions.handle(HTTPRequest(method: head.method.rawValue, headers: headers, body: body.isEmpty ? nil : body, path: path))
    }

    private static func write(_ response: HTTPResponse, version: HTTPVersion,
                              to outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>) async throws {
        var headers = HTTPHeaders()
        for (name, value) in response.headers { headers.add(name: name, value: value) }
        let status = HTTPResponseStatus(statusCode: response.statusCode)
        if case .stream(let events, _) = response {
            // No length: NIO sends the events chunked, each as soon as the SDK yields it.
            try await outbound.write(.head(HTTPResponseHead(version: version, status: status, headers: headers)))
            for try await event in events { try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: event)))) }
        } else {
            let body = response.bodyData ?? Data()
            headers.replaceOrAdd(name: "Content-Length", value: String(body.count))
            try await outbound.write(.head(HTTPResponseHead(version: version, status: status, headers: headers)))
            if !body.isEmpty { try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: body)))) }
        }
        try await outbound.write(.end(nil))
    }
}
