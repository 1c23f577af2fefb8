import Foundation
import GRDB

/// Checks the `#heading` and `#^block` parts of wikilinks and embeds against the note they
/// reach: Obsidian opens the note either way, so the link stays resolved, and a missing
/// heading or block is its own kind of problem. Headings come from the index; block ids
/// (`^id` ending a paragraph or on a line of its own) are read from the target's file.
enum AnchorCheck {
    static func brokenAnchors(_ db: Database, corpus: URL, linkSelect: String, info: (Row) -> LinkInfo) throws -> [LinkInfo] {
        let rows = try Row.fetchAll(db, sql: """
            \(linkSelect) WHERE link.anchor IS NOT NULL AND link.kind IN ('wiki', 'embed') AND link.targetId IS NOT NULL
            ORDER BY source.path, link.position
            """)
        var headings: [String: Set<String>] = [:]
        var blocks: [String: Set<String>] = [:]
        let reader = CorpusFile(root: corpus)
        var broken: [LinkInfo] = []
        for row in rows {
            let link = info(row)
            guard let target = link.targetPath, !NoteIdentity.isAttachment(target),
                  let anchor = LinkClassifier.fragment(of: link.target) else { continue }
            if anchor.hasPrefix("^") {
                if blocks[target] == nil {
                    if case .success(let data) = reader.read(target) {
                        blocks[target] = blockIds(in: String(decoding: data, as: UTF8.self))
                    } else {
                        blocks[target] = []
                    }
                }
                if blocks[target]?.contains(String(anchor.dropFirst()).lowercased()) != true { broken.append(link) }
                continue
            }
            if headings[target] == nil {
                let stored = try String.fetchAll(db, sql: """
                    SELECT section.heading FROM section JOIN note ON note.id = section.noteId WHERE note.path = ?
                    """, arguments: [target])
                headings[target] = Set(stored.map(headingKey))
            }
            // `[[Note#Chapter#Part]]` names a heading under a heading: the last one must exist.
            let last = anchor.split(separator: "#").last.map(String.init) ?? anchor
            let wanted = (last.removingPercentEncoding ?? last)
            if headings[target]?.contains(headingKey(wanted)) != true { broken.append(link) }
        }
        return broken
    }

    /// Headings compare as Obsidian compares them: case, spacing and punctuation aside.
    static func headingKey(_ heading: String) -> String {
        TextNormalizer.anchor(heading.trimmingSpaces()).replacingOccurrences(of: "-", with: "")
    }

    /// Every `^id` that ends a line (after a space) or stands on a line of its own.
    static func blockIds(in text: String) -> Set<String> {
        var ids = Set<String>()
        for line in text.split(separator: "\n") {
            let trimmed = line.trimmingSpaces()
            guard let caret = trimmed.lastIndex(of: "^") else { continue }
            let id = trimmed[trimmed.index(after: caret)...]
            guard !id.isEmpty, id.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }) else { continue }
            if caret == trimmed.startIndex || trimmed[trimmed.index(before: caret)].isWhitespace {
                ids.insert(id.lowercased())
            }
        }
        return ids
    }
}

extension KnowledgeBase {
    /// Wikilinks and embeds whose `#heading` or `#^block` their note lacks (see `AnchorCheck`):
    /// the notes are read again to find their headings and blocks, so this lives beside the
    /// front door, which may read files, and not in Query.
    public func brokenAnchors() throws -> [LinkInfo] {
        try database.read { db in
            try AnchorCheck.brokenAnchors(db, corpus: corpus, linkSelect: GraphQueries.linkSelect, info: GraphQueries.linkInfo)
        }
    }
}
