import Foundation

/// The line of a note's file a search hit points at, as `path:line` (ripgrep's form): the
/// index holds the text without its Markdown, so the file itself is read and the line with
/// the most of the snippet's words, the highlighted one among them, is taken.
enum HitLine {
    /// Sets `line` on each hit whose file can be read through `files`.
    static func locate(_ hits: inout [SearchHit], in files: CorpusFile) {
        var linesByPath: [String: [ArraySlice<UInt8>]] = [:]
        for index in hits.indices {
            let path = hits[index].path
            if linesByPath[path] == nil {
                guard case .success(let data) = files.read(path) else { continue }
                // Bytes, ASCII lower-cased: Foundation's string search cost more than the search.
                // Copied whole, then lowered in place: `Data.map` went byte by byte through
                // Data's own indexing, a third of a search call's time.
                var bytes = [UInt8](data)
                for index in bytes.indices where bytes[index] &- 0x41 < 26 { bytes[index] |= 0x20 }
                linesByPath[path] = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
            }
            if let lines = linesByPath[path] { hits[index].line = line(of: hits[index], in: lines) }
        }
    }

    static func line(of hit: SearchHit, in lines: [ArraySlice<UInt8>]) -> Int? {
        let snippet = hit.snippet.lowercased()
        let scalars = Array(snippet.unicodeScalars)
        let highlighted = hit.highlights.first.flatMap { range -> String? in
            guard range.count == 2, range[0] >= 0, range[0] < range[1], range[1] <= scalars.count else { return nil }
            return String(String.UnicodeScalarView(scalars[range[0]..<range[1]]))
        }
        let needle = Array(((hit.kind == .term || hit.kind == .section && highlighted == nil ? hit.section?.lowercased() : highlighted)
            ?? highlighted ?? hit.title.lowercased()).utf8)
        let context = Set(TextNormalizer.words(snippet).filter { $0.count >= 3 }.map { Array($0.utf8) })
        let bodyStart = frontMatterEnd(lines)
        var best: (line: Int, score: Int)?
        for (index, line) in lines.enumerated() where index >= bodyStart && contains(line, needle) {
            let score = context.reduce(0) { $0 + (contains(line, $1) ? 1 : 0) }
            if best == nil || score > best!.score { best = (index + 1, score) }
        }
        return best?.line ?? (hit.kind == .note ? 1 : nil)
    }

    private static func contains(_ line: ArraySlice<UInt8>, _ needle: [UInt8]) -> Bool {
        guard let first = needle.first, line.count >= needle.count else { return needle.isEmpty }
        var start = line.startIndex
        let last = line.endIndex - needle.count
        while start <= last {
            if line[start] == first, line[start..<start + needle.count].elementsEqual(needle) { return true }
            start += 1
        }
        return false
    }

    /// The index of the first line after a `---` or `+++` front matter block, else 0.
    private static func frontMatterEnd(_ lines: [ArraySlice<UInt8>]) -> Int {
        let trimmed = { (line: ArraySlice<UInt8>) in line.filter { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D } }
        guard let fence = lines.first.map(trimmed), fence == Array("---".utf8) || fence == Array("+++".utf8) else { return 0 }
        for index in 1..<min(lines.count, 500) where trimmed(lines[index]) == fence { return index + 1 }
        return 0
    }
}
