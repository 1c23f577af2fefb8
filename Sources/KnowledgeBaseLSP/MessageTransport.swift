import Foundation

/// JSON-RPC messages framed by `Content-Length` headers, as the Language Server Protocol sends
/// them over stdio. Reads block; writes go out whole, one at a time.
public final class MessageTransport: @unchecked Sendable {
    private let input: FileHandle
    private let output: FileHandle
    private var buffer = Data()
    private let writeLock = NSLock()
    /// A message larger than this is refused rather than buffered.
    static let largestMessage = 64 << 20

    public init(input: FileHandle, output: FileHandle) {
        self.input = input
        self.output = output
    }

    /// The next message's body, or nil at the end of input.
    public func read() -> Data? {
        while true {
            if let message = takeMessage() { return message }
            let chunk = input.availableData
            if chunk.isEmpty { return nil }
            buffer.append(chunk)
        }
    }

    /// One message from the buffer when it holds a whole one; malformed headers are skipped.
    private func takeMessage() -> Data? {
        let separator = Data("\r\n\r\n".utf8)
        while let end = buffer.range(of: separator) {
            let header = String(decoding: buffer[buffer.startIndex..<end.lowerBound], as: UTF8.self)
            var length: Int?
            for line in header.split(separator: "\r\n") {
                let parts = line.split(separator: ":", maxSplits: 1)
                if parts.count == 2, parts[0].lowercased() == "content-length" {
                    length = Int(parts[1].trimmingCharacters(in: .whitespaces))
                }
            }
            guard let length, length >= 0, length <= Self.largestMessage else {
                buffer.removeSubrange(buffer.startIndex..<end.upperBound)
                continue
            }
            guard buffer.distance(from: end.upperBound, to: buffer.endIndex) >= length else { return nil }
            let bodyEnd = buffer.index(end.upperBound, offsetBy: length)
            let body = Data(buffer[end.upperBound..<bodyEnd])
            buffer.removeSubrange(buffer.startIndex..<bodyEnd)
            return body
        }
        return nil
    }

    /// Sends one message.
    public func write(_ message: JSONValue) {
        let body = message.serialized
        var framed = Data("Content-Length: \(body.count)\r\n\r\n".utf8)
        framed.append(contentsOf: body)
        writeLock.withLock { output.write(framed) }
    }
}
