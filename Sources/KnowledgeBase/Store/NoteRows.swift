import Foundation

/// Everything the writer stores for a note that takes work to compute: normalised name keys,
/// link lookup keys and the search columns. Prepared on the parsing
/// threads, so the single writer only binds values.
struct NoteRows: Sendable {
    struct Name: Sendable {
        var kind: NoteDirectory.NameKind
        var key: String
        var firstWord: String?
    }

    struct PreparedTerm: Sendable {
        var key: String
        var aliasKeys: [String]
        var aliasesJSON: String
    }

    var names: [Name]
    var linkKeys: [String]
    /// Where each section's text starts in the body (a byte offset), or -1 when it cannot be
    /// found: search finds the section of a hit from its position in the body.
    var sectionStarts: [Int]
    var terms: [PreparedTerm]
    var searchNames: String
    var searchTags: String
    var searchTerms: String
    var searchHeadings: String
    var nameWords: String

    init(_ note: ParsedNote) {
        names = NoteDirectory.names(of: note).filter { !$0.1.isEmpty }.map {
            Name(kind: $0.0, key: $0.1, firstWord: NoteDirectory.firstWord(of: $0.1, kind: $0.0))
        }
        let urlComponents = note.url.slashComponents().map(String.init)
        linkKeys = note.links.map { LinkTarget.lookupKey(for: $0, urlComponents: urlComponents) }
        sectionStarts = Self.starts(of: note.sections, in: note.body)
        terms = note.terms.map { term in
            PreparedTerm(key: TextNormalizer.key(term.name), aliasKeys: term.aliases.map(TextNormalizer.key),
                         aliasesJSON: JSONText.array(term.aliases))
        }
        searchNames = (note.aliases.filter { !$0.hasPrefix("/") } + note.keywords
            + [String(decoding: note.slug.utf8.map { $0 == UInt8(ascii: "-") ? UInt8(ascii: " ") : $0 }, as: UTF8.self)])
            .joined(separator: "\n")
        searchTags = (note.tags + note.categories).map(\.name).joined(separator: " ")
        searchTerms = note.terms.map { ([$0.name] + $0.aliases).joined(separator: " ") }.joined(separator: "\n")
        searchHeadings = note.sections.map(\.heading).joined(separator: "\n")
        // The description has a search column of its own (`summary`), yet its words still
        // complete a typed prefix.
        nameWords = [note.title, searchNames, searchTerms, note.description ?? "", searchHeadings].joined(separator: "\n")
        mentionNames = Set(names.filter { $0.kind == .title || $0.kind == .alias }.map(\.key))
        lookupKeys = Set(names.compactMap { LinkRepair.lookupKey($0.key, kind: $0.kind) })
    }

    /// Finds each section's heading as a whole line of the body, in order, each search
    /// starting after the previous heading: headings are the body's own lines, where a
    /// section's first sentence may also appear earlier (in a summary, say).
    static func starts(of sections: [Section], in body: String) -> [Int] {
        var body = body
        return body.withUTF8 { haystack in
            var from = 0
            return sections.map { section in
                guard let found = ByteSearch.firstLine(Array(section.heading.utf8), in: haystack, from: from) else { return -1 }
                from = found + 1
                return found
            }
        }
    }

    /// The title and alias keys: when they change, other notes' mentions of this note change.
    var mentionNames: Set<String>
    /// Names that links may use to reach this note (see `LinkRepair.lookupKeys`).
    var lookupKeys: Set<String>
}

/// Line-by-line byte search: bodies are a few kilobytes and each is searched about ten times.
enum ByteSearch {
    /// The offset of the first line, at or after `start`, that is exactly `line`. Only line
    /// starts can match, so the search hops from one line break to the next with `memchr`.
    static func firstLine(_ line: [UInt8], in haystack: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        guard !line.isEmpty, let base = haystack.baseAddress else { return nil }
        let count = haystack.count
        func nextLineStart(at offset: Int) -> Int? {
            guard offset < count, let newline = memchr(base + offset, 0x0A, count - offset) else { return nil }
            return base.distance(to: newline.assumingMemoryBound(to: UInt8.self)) + 1
        }
        var index = start == 0 || (start <= count && haystack[start - 1] == 0x0A) ? start : nextLineStart(at: start)
        while let lineStart = index, lineStart + line.count <= count {
            let atLineEnd = lineStart + line.count == count || haystack[lineStart + line.count] == 0x0A
            if atLineEnd, memcmp(base + lineStart, line, line.count) == 0 { return lineStart }
            index = nextLineStart(at: lineStart)
        }
        return nil
    }
}
