import Foundation

/// Where output goes and how it looks: colour only on a terminal and never with NO_COLOR;
/// messages and progress on stderr so stdout stays clean for JSON and pipes.
enum Terminal {
    static let stdoutIsTTY = isatty(1) == 1
    static let stderrIsTTY = isatty(2) == 1
    static var colour: Bool {
        stdoutIsTTY && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
            && ProcessInfo.processInfo.environment["TERM"] != "dumb"
    }

    /// User text quoted in a message, cut to `limit` characters so a huge query does not
    /// flood the terminal.
    static func quoted(_ text: String, limit: Int = 80) -> String {
        "'" + (text.count > limit ? text.prefix(limit) + "…" : text) + "'"
    }

    static func bold(_ text: String) -> String { colour ? "\u{1B}[1m\(text)\u{1B}[0m" : text }
    static func dim(_ text: String) -> String { colour ? "\u{1B}[2m\(text)\u{1B}[0m" : text }
    static func accent(_ text: String) -> String { colour ? "\u{1B}[36m\(text)\u{1B}[0m" : text }

    /// The `[start, end)` scalar ranges of a plain snippet in bold on a terminal.
    static func highlight(_ snippet: String, ranges: [[Int]]) -> String {
        guard colour, !ranges.isEmpty else { return snippet }
        var out = ""
        for (offset, scalar) in snippet.unicodeScalars.enumerated() {
            if ranges.contains(where: { $0.first == offset }) { out += "\u{1B}[1;33m" }
            if ranges.contains(where: { $0.last == offset }) { out += "\u{1B}[0m" }
            out.unicodeScalars.append(scalar)
        }
        return out + (ranges.contains(where: { $0.last == snippet.unicodeScalars.count }) ? "\u{1B}[0m" : "")
    }

    static func error(_ message: String) {
        FileHandle.standardError.write(Data(("kb: " + message + "\n").utf8))
    }

    static func note(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }

    /// A one-line progress bar on stderr, only when stderr is a terminal.
    final class Progress {
        private var lastDrawn = -1
        private let label: String

        init(label: String) { self.label = label }

        func update(_ done: Int, _ total: Int) {
            guard Terminal.stderrIsTTY, total > 0 else { return }
            let percent = done * 100 / total
            guard percent != lastDrawn else { return }
            lastDrawn = percent
            let width = 30
            let filled = done * width / total
            let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
            FileHandle.standardError.write(Data("\r\(label) \(bar) \(done)/\(total)".utf8))
            if done >= total { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        }
    }
}
