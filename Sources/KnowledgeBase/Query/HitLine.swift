import Foundation

/// The line of a note's file a search hit points at, as `path:line` (ripgrep's form): the
/// index holds the text without its Markdown, so the file itself is read and the line with
/// the most of the snippet's words, the highlighted one among them, is taken.
public enum HitLine {
    /// Sets `line` on each hit whose file can be read within the corpus.
    public static func locate(_ hits: inout [SearchHit], corpus: URL) {
        let files = CorpusFile(root: corpus)
        var linesByPath: [String: [Substring]] = [:]
        for index in hits.indices {
            let path = hits[index].path
            if linesByPath[path] == nil {
                guard case .success(let data) = files.read(path) else { continue }
                let text = String(decoding: data, as: UTF8.self).lowercased()
                linesByPath[path] = text.split(separator: "\n", omittingEmptySubsequences: false)
            }
            if let lines = linesByPath[path] { hits[index].line = line(of: hits[index], in: lines) }
        }
    }

    static func line(of hit: SearchHit, in lines: [Substring]) -> Int? {
        let scalars = Array(hit.snippet.lowercased().unicodeScalars)
        let highlighted = hit.highlights.first.flatMap { range -> String? in
            guard range.count == 2, range[0] >= 0, range[0] < range[1], range[1] <= scalars.count else { return nil }
            return String(String.UnicodeScalarView(scalars[range[0]..<range[1]]))
        }
        let needle = (hit.kind == "term" || hit.kind == "section" && highlighted == nil ? hit.section?.lowercased() : highlighted)
            ?? highlighted ?? hit.title.lowercased()
        let context = Set(TextNormalizer.words(hit.snippet.lowercased()).filter { $0.count >= 3 }.map(String.init))
        let bodyStart = frontMatterEnd(lines)
        var best: (line: Int, score: Int)?
        for (index, line) in lines.enumerated() where index >= bodyStart && line.contains(needle) {
            let score = context.reduce(0) { $0 + (line.contains($1) ? 1 : 0) }
            if best == nil || score > best!.score { best = (index + 1, score) }
        }
        return best?.line ?? (hit.kind == "note" ? 1 : nil)
    }

    /// The index of the first line after a `---` or `+++` front matter block, else 0.
    private static func frontMatterEnd(_ lines: [Substring]) -> Int {
        guard let fence = lines.first.map({ $0.trimmingCharacters(in: .whitespaces) }), fence == "---" || fence == "+++" else { return 0 }
        for index in 1..<min(lines.count, 500) where lines[index].trimmingCharacters(in: .whitespaces) == fence { return index + 1 }
        return 0
    }
}
