import Foundation
import Logging
import MCP
#if canImport(Glibc)
import Glibc
#endif

/// MCP over a pair of file descriptors, one JSON-RPC message a line, read by a blocking thread.
/// The SDK's own stdio transport makes both descriptors non-blocking and sleeps 10 ms whenever
/// a read finds nothing, which adds up to 10 ms to every call; a thread blocked in `read` wakes
/// the moment a request arrives. Writes block too, so a reply is never dropped or reordered.
/// A `shortcut` may answer a line on the reading thread itself; the lines it declines go to
/// the server.
public actor LineTransport: Transport {
    public nonisolated let logger = Logger(label: "kb.mcp.transport", factory: { _ in SwiftLogNoOpLogHandler() })
    private let input: Int32
    private let writer: LineWriter
    private let shortcut: (@Sendable (Data) -> Data?)?
    private let messages: AsyncThrowingStream<Data, Error>
    private let continuation: AsyncThrowingStream<Data, Error>.Continuation
    private var reader: Thread?
    /// The requests read and not yet answered, so the end of input can wait for them.
    private let unanswered = UnansweredRequests()

    /// - Parameters: input and output: the descriptors, stdin and stdout by default.
    /// - Parameter shortcut: returns the reply to a line it answers itself, nil for the others.
    public init(input: Int32 = STDIN_FILENO, output: Int32 = STDOUT_FILENO, shortcut: (@Sendable (Data) -> Data?)? = nil) {
        self.input = input
        self.writer = LineWriter(output: output)
        self.shortcut = shortcut
        (messages, continuation) = AsyncThrowingStream.makeStream(of: Data.self, throwing: Error.self)
    }

    /// Starts the thread that reads lines until end of input.
    public func connect() async throws {
        guard reader == nil else { return }
        let thread = Thread { [input, continuation, unanswered, shortcut, writer] in
            Self.readLines(from: input) { line in
                if let reply = shortcut?(line) {
                    // A client gone away ends the input too, which ends this loop.
                    try? writer.write(reply)
                    return
                }
                // Noted before the server sees the request, so before its reply can be sent.
                if let id = Self.requestID(line) { unanswered.insert(id) }
                continuation.yield(line)
            }
            continuation.finish()
        }
        thread.name = "kb mcp reader"
        reader = thread
        thread.start()
    }

    /// Ends the stream of messages; the reading thread ends with its input.
    public func disconnect() async { continuation.finish() }

    /// Waits until every request read has had its reply, or `timeout` seconds have passed: the
    /// server answers each request in a task of its own, which may still be running when the
    /// input ends.
    public func drain(timeout: Double = 30) async {
        let deadline = Date().addingTimeInterval(timeout)
        while !unanswered.isEmpty, Date() < deadline { try? await Task.sleep(for: .milliseconds(5)) }
    }

    /// The id of a JSON-RPC request (an object with a method and an id), as text.
    static func requestID(_ line: Data) -> String? {
        guard let object = try? JSONSerialization.jsonObject(with: line) as? [String: Any],
              object["method"] is String, let id = object["id"] else { return nil }
        return "\(id)"
    }

    /// The id a reply answers, as `requestID` writes it.
    static func replyID(_ line: Data) -> String? {
        guard let object = try? JSONSerialization.jsonObject(with: line) as? [String: Any],
              object["method"] == nil, let id = object["id"] else { return nil }
        return "\(id)"
    }

    /// Writes `data` and a newline.
    public func send(_ data: Data) async throws {
        // Read after writing, so the bookkeeping adds nothing to the reply's latency.
        defer { if let id = Self.replyID(data) { unanswered.remove(id) } }
        try writer.write(data)
    }

    /// Each line read, without its newline.
    public nonisolated func receive() -> AsyncThrowingStream<Data, Error> { messages }

    private static func readLines(from input: Int32, each: (Data) -> Void) {
        var pending = Data()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { break }
            pending.append(contentsOf: buffer[..<count])
            while let newline = pending.firstIndex(of: 0x0A) {
                let line = pending[pending.startIndex..<newline]
                pending = Data(pending[(newline + 1)...])
                if !line.allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x09 }) { each(Data(line)) }
            }
        }
    }
}

/// Writes whole lines to one descriptor, one line at a time: the server's replies and the
/// shortcut's come from different threads, and a line longer than a pipe's buffer is
/// written in pieces that must not interleave.
final class LineWriter: @unchecked Sendable {
    private let output: Int32
    private let lock = NSLock()

    init(output: Int32) { self.output = output }

    /// Writes `data` and a newline.
    func write(_ data: Data) throws {
        var line = data
        line.append(0x0A)
        try lock.withLock {
            try line.withUnsafeBytes { bytes in
                var offset = 0
                while offset < bytes.count {
                    let written = Glibc.write(output, bytes.baseAddress! + offset, bytes.count - offset)
                    if written < 0 {
                        if errno == EINTR { continue }
                        throw MCPError.transportError(POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO))
                    }
                    offset += written
                }
            }
        }
    }
}

/// Request ids, shared by the reading thread and the transport.
final class UnansweredRequests: @unchecked Sendable {
    private let lock = NSLock()
    private var ids = Set<String>()

    func insert(_ id: String) { lock.withLock { _ = ids.insert(id) } }
    func remove(_ id: String) { lock.withLock { _ = ids.remove(id) } }
    var isEmpty: Bool { lock.withLock { ids.isEmpty } }
}
