import Foundation

/// An open document's text, kept as the editor has it (saved or not), with the start of every
/// line so positions convert to UTF-8 offsets and back in either encoding.
public struct TextDocument: Sendable {
    public var uri: String
    public var version: Int
    public private(set) var text: String
    private var bytes: [UInt8]
    private var lineStarts: [Int]

    public init(uri: String, version: Int, text: String) {
        self.uri = uri
        self.version = version
        self.text = text
        bytes = Array(text.utf8)
        lineStarts = Self.lineStarts(bytes)
    }

    private static func lineStarts(_ bytes: [UInt8]) -> [Int] {
        var starts = [0]
        for (index, byte) in bytes.enumerated() where byte == 0x0A { starts.append(index + 1) }
        return starts
    }

    public var lineCount: Int { lineStarts.count }

    /// UTF-8 offsets of line `line`, its line break left out.
    public func lineRange(_ line: Int) -> Range<Int> {
        guard line >= 0, line < lineStarts.count else { return bytes.count..<bytes.count }
        var end = line + 1 < lineStarts.count ? lineStarts[line + 1] - 1 : bytes.count
        if end > lineStarts[line], bytes[end - 1] == 0x0D { end -= 1 }
        return lineStarts[line]..<end
    }

    public func line(_ line: Int) -> String { String(decoding: bytes[lineRange(line)], as: UTF8.self) }

    /// The UTF-8 offset of `position`, clamped to its line.
    public func offset(of position: Position, encoding: PositionEncoding) -> Int {
        if position.line >= lineStarts.count { return bytes.count }
        let range = lineRange(max(0, position.line))
        switch encoding {
        case .utf8:
            return range.lowerBound + min(max(0, position.character), range.count)
        case .utf16:
            var units = 0, index = range.lowerBound
            while index < range.upperBound, units < position.character {
                let byte = bytes[index]
                let length = byte < 0x80 ? 1 : byte < 0xE0 ? 2 : byte < 0xF0 ? 3 : 4
                units += length == 4 ? 2 : 1
                index += length
            }
            return min(index, range.upperBound)
        }
    }

    /// The position of UTF-8 offset `offset`.
    public func position(of offset: Int, encoding: PositionEncoding) -> Position {
        let offset = min(max(0, offset), bytes.count)
        var low = 0, high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        let start = lineStarts[low]
        switch encoding {
        case .utf8: return Position(line: low, character: offset - start)
        case .utf16: return Position(line: low, character: String(decoding: bytes[start..<offset], as: UTF8.self).utf16.count)
        }
    }

    public func range(of bytes: Range<Int>, encoding: PositionEncoding) -> LSPRange {
        LSPRange(start: position(of: bytes.lowerBound, encoding: encoding), end: position(of: bytes.upperBound, encoding: encoding))
    }

    /// Applies one change from `didChange`: a range and its new text, or the whole text.
    public mutating func apply(range: LSPRange?, text newText: String, encoding: PositionEncoding) {
        guard let range else {
            replaceAll(newText)
            return
        }
        let start = offset(of: range.start, encoding: encoding)
        let end = max(start, offset(of: range.end, encoding: encoding))
        bytes.replaceSubrange(start..<end, with: Array(newText.utf8))
        text = String(decoding: bytes, as: UTF8.self)
        lineStarts = Self.lineStarts(bytes)
    }

    private mutating func replaceAll(_ newText: String) {
        text = newText
        bytes = Array(newText.utf8)
        lineStarts = Self.lineStarts(bytes)
    }
}
