import Foundation
import GRDB

/// A place where a note's text names another note by its title or an alias without linking
/// to it.
package struct UnlinkedMention: Sendable, Codable, Equatable {
    package var path: String
    /// 1-based line and character.
    package var line: Int
    package var column: Int
    /// The words as written.
    package var text: String
    /// The line they are on, trimmed.
    package var context: String
    /// UTF-8 offsets in the file.
    package var start: Int
    package var end: Int
}

/// Finds unlinked mentions of a note (`kb link --unlinked`) and turns them into links in the
/// corpus's style: a wikilink in a vault, else a Markdown link with a relative destination.
/// The index's mention counts say which notes name it; their files are then read for the
/// exact places, leaving out front matter, headings, code, and text already inside a link.
package struct UnlinkedMentions {
    let base: KnowledgeBase

    package init(base: KnowledgeBase) { self.base = base }

    package func find(for note: NoteRef) throws -> [UnlinkedMention] {
        let sources = try base.database.read { db in
            try String.fetchAll(db, sql: """
                SELECT note.path FROM mention JOIN note ON note.id = mention.noteId WHERE mention.targetId = ? AND mention.noteId != ?
                ORDER BY note.path
                """, arguments: [note.id, note.id])
        }
        let document = try base.document(of: note)
        let names = ([document.title] + document.aliases.filter { !$0.hasPrefix("/") }).filter { !$0.isEmpty }
            .sorted { $0.count > $1.count }
        var out: [UnlinkedMention] = []
        for source in sources {
            guard case .success(let data) = CorpusFile(root: base.corpus).read(source) else { continue }
            out += Self.mentions(of: names, in: String(decoding: data, as: UTF8.self), path: source)
        }
        return out
    }

    /// Every whole-word, case-insensitive occurrence of one of `names` outside links and code.
    static func mentions(of names: [String], in text: String, path: String) -> [UnlinkedMention] {
        let bytes = Array(text.utf8)
        let covered = LinkSpanScanner.spans(in: text).map(\.range) + codeSpans(in: bytes)
        var out: [UnlinkedMention] = []
        var lineStart = LinkSpanScanner.frontMatterEnd(bytes)
        var line = bytes[..<lineStart].filter { $0 == 0x0A }.count + 1
        var inFence = false
        while lineStart < bytes.count {
            var lineEnd = lineStart
            while lineEnd < bytes.count, bytes[lineEnd] != 0x0A { lineEnd += 1 }
            let lineText = String(decoding: bytes[lineStart..<lineEnd], as: UTF8.self)
            let trimmed = lineText.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") { inFence.toggle() }
            else if !inFence, !trimmed.hasPrefix("#") {
                var taken: [Range<Int>] = []
                for name in names {
                    var search = lineText.startIndex..<lineText.endIndex
                    while let found = lineText.range(of: name, options: [.caseInsensitive, .diacriticInsensitive], range: search) {
                        search = found.upperBound..<lineText.endIndex
                        let before = found.lowerBound > lineText.startIndex ? lineText[lineText.index(before: found.lowerBound)] : " "
                        let after = found.upperBound < lineText.endIndex ? lineText[found.upperBound] : " "
                        guard !before.isLetter, !before.isNumber, !after.isLetter, !after.isNumber else { continue }
                        let start = lineStart + lineText.utf8.distance(from: lineText.startIndex, to: found.lowerBound)
                        let end = start + lineText[found].utf8.count
                        let range = start..<end
                        guard !covered.contains(where: { $0.overlaps(range) }), !taken.contains(where: { $0.overlaps(range) }) else { continue }
                        taken.append(range)
                        out.append(UnlinkedMention(path: path, line: line, column: lineText.distance(from: lineText.startIndex, to: found.lowerBound) + 1,
                                                   text: String(lineText[found]), context: trimmed, start: start, end: end))
                    }
                }
            }
            lineStart = lineEnd + 1
            line += 1
        }
        return out.sorted { ($0.line, $0.column) < ($1.line, $1.column) }
    }

    /// The ranges of inline code spans (between backtick runs of one length on a line).
    private static func codeSpans(in bytes: [UInt8]) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var index = 0
        while index < bytes.count {
            guard bytes[index] == 0x60 else { index += 1; continue }
            var end = index
            while end < bytes.count, bytes[end] == 0x60 { end += 1 }
            let run = end - index
            var close = end
            var found: Int?
            while close < bytes.count, bytes[close] != 0x0A {
                if bytes[close] == 0x60 {
                    var closeEnd = close
                    while closeEnd < bytes.count, bytes[closeEnd] == 0x60 { closeEnd += 1 }
                    if closeEnd - close == run { found = closeEnd; break }
                    close = closeEnd
                } else {
                    close += 1
                }
            }
            if let found { out.append(index..<found); index = found } else { index = end }
        }
        return out
    }

    /// The edits that turn `mentions` into links to `note`.
    package func plan(linking mentions: [UnlinkedMention], to note: NoteRef) throws -> MovePlan {
        let index = try EditorIndex(base: base)
        guard let target = index.note(atPath: note.path) else { return MovePlan(moves: [], changes: [], warnings: []) }
        var changes: [MovePlan.FileChange] = []
        for (path, group) in Dictionary(grouping: mentions, by: \.path).sorted(by: { $0.key < $1.key }) {
            guard case .success(let data) = CorpusFile(root: base.corpus).read(path) else { continue }
            let edits = group.map { mention -> MovePlan.Edit in
                let link: String
                if index.layout.isInVault(path) {
                    let name = index.wikiName(for: target)
                    link = name == mention.text ? "[[\(name)]]" : "[[\(name)|\(mention.text)]]"
                } else {
                    link = "[\(mention.text)](\(index.markdownDestination(to: target, fromPath: path)))"
                }
                return MovePlan.Edit(start: mention.start, end: mention.end, line: mention.line, old: mention.text, new: link)
            }
            changes.append(MovePlan.FileChange(path: path, newPath: path, edits: edits, original: String(decoding: data, as: UTF8.self)))
        }
        return MovePlan(moves: [], changes: changes, warnings: [])
    }
}
