#if canImport(Glibc)
import Glibc
#endif

/// Keeps tables too wide for cmark-gfm from reaching its table extension.
///
/// cmark-gfm (0.29.0.gfm.6, the system library) appends each cell of a table row to a linked
/// list by walking the list to its end (`cmark_llist_append`), so a row costs the square of
/// its cells: a table of thousands of columns, or a two-column table whose rows hold
/// thousands of cells each (the extra cells are read, then dropped), takes seconds. kb cannot change
/// the library, so it bounds what it hands it: a table any of whose lines could hold more than
/// `columnLimit` cells has its delimiter row (`|---|---|`) broken by a backslash before its
/// first `-`, so cmark reads the whole table as a paragraph. Its text is indexed as plain
/// text and the note gets a warning.
enum WideTableGuard {
    /// The most cells a table line may hold (more than any study note's table). A row under
    /// it costs cmark at most `columnLimit / 2` list steps per cell.
    static let columnLimit = 256

    /// `markdown` with each too-wide table turned into a paragraph, and the most cells a line
    /// of such a table could hold (nil when there was none).
    static func bound(_ markdown: String) -> (markdown: String, widest: Int?) {
        var text = markdown
        // Fewer pipes in the whole note than the limit: no line can hold too many cells. This
        // runs on every note, so the pipes are found with memchr and counted only up to the limit.
        guard text.utf8.count > columnLimit, text.withUTF8(holdsEnoughPipes) else { return (markdown, nil) }
        let (breaks, widest) = text.withUTF8(delimiterRowsToBreak)
        guard !breaks.isEmpty else { return (markdown, nil) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count + breaks.count)
        var copied = 0
        text.withUTF8 { source in
            for offset in breaks {
                bytes.append(contentsOf: source[copied..<offset])
                bytes.append(UInt8(ascii: "\\"))
                copied = offset
            }
            bytes.append(contentsOf: source[copied...])
        }
        return (String(decoding: bytes, as: UTF8.self), widest)
    }

    private static func holdsEnoughPipes(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard var cursor = bytes.baseAddress else { return false }
        let end = cursor + bytes.count
        var pipes = 0
        while pipes < columnLimit, cursor < end, let found = memchr(cursor, Int32(UInt8(ascii: "|")), end - cursor) {
            pipes += 1
            cursor = UnsafePointer(found.assumingMemoryBound(to: UInt8.self)) + 1
        }
        return pipes >= columnLimit
    }

    /// One line: where it starts and ends, where its content starts once the indentation and
    /// block-quote markers are skipped, and how many `|` it holds.
    private struct Line {
        var start: Int, end: Int, content: Int, pipes: Int
        var isBlank: Bool { content == end }
    }

    /// The offsets of the first `-` of each too-wide table's delimiter row, in order.
    private static func delimiterRowsToBreak(_ bytes: UnsafeBufferPointer<UInt8>) -> ([Int], Int?) {
        var lines: [Line] = []
        var start = 0
        while start <= bytes.count {
            var end = start
            var pipes = 0
            while end < bytes.count, bytes[end] != 0x0A {
                if bytes[end] == UInt8(ascii: "|") { pipes += 1 }
                end += 1
            }
            var content = start
            while content < end, bytes[content] == 0x20 || bytes[content] == 0x09 || bytes[content] == UInt8(ascii: ">") {
                content += 1
            }
            lines.append(Line(start: start, end: end, content: content, pipes: pipes))
            start = end + 1
        }
        // The most pipes on any line from each one to the next blank line: a table runs at
        // most that far (cmark may end it sooner; counting further only errs on the safe side).
        var widestAhead = [Int](repeating: 0, count: lines.count + 1)
        for index in lines.indices.reversed() {
            widestAhead[index] = lines[index].isBlank ? 0 : max(lines[index].pipes, widestAhead[index + 1])
        }
        var breaks: [Int] = []
        var widest: Int?
        var fence: UInt8?
        for index in lines.indices {
            let line = lines[index]
            if let marker = fenceMarker(line, bytes) {
                if fence == nil { fence = marker } else if fence == marker { fence = nil }
                continue
            }
            guard fence == nil, index > 0, !lines[index - 1].isBlank, isDelimiterRow(line, bytes) else { continue }
            let cells = max(lines[index - 1].pipes, widestAhead[index]) + 1
            guard cells > columnLimit else { continue }
            var dash = line.content
            while bytes[dash] != UInt8(ascii: "-") { dash += 1 }
            breaks.append(dash)
            widest = max(widest ?? 0, cells)
        }
        return (breaks, widest)
    }

    /// `|`, `-`, `:`, spaces and tabs only, with at least one `|` and one `-`.
    private static func isDelimiterRow(_ line: Line, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard line.pipes > 0 else { return false }
        var dash = false
        for offset in line.content..<line.end {
            switch bytes[offset] {
            case UInt8(ascii: "-"): dash = true
            case UInt8(ascii: "|"), UInt8(ascii: ":"), 0x20, 0x09: continue
            default: return false
            }
        }
        return dash
    }

    /// The byte of a code fence (three or more backticks or tildes) that opens the line.
    private static func fenceMarker(_ line: Line, _ bytes: UnsafeBufferPointer<UInt8>) -> UInt8? {
        guard line.end - line.content >= 3 else { return nil }
        let first = bytes[line.content]
        guard first == UInt8(ascii: "`") || first == UInt8(ascii: "~"),
              bytes[line.content + 1] == first, bytes[line.content + 2] == first else { return nil }
        return first
    }
}
