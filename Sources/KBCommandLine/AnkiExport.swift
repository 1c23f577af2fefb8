import ArgumentParser
import Foundation
import KnowledgeBase
import KnowledgeBaseStudy

/// How `kb export --format anki` groups cards into decks.
enum AnkiDeckGrouping: String, ExpressibleByArgument, CaseIterable {
    case note, tag
}

extension ExportCommand {
    /// `--format anki`: the notes' cards (and, asked, their history) as an Anki package.
    func exportAnki() throws {
        guard let output else { throw ValidationError("--format anki writes a zip file: name it with -o deck.apkg") }
        let base = try options.open()
        let store = try study.open(beside: base)
        let deck = try StudyDeck(base: base, store: store)
        let paths = try deck.notePaths(note: from, tag: tag)
        let entries = try store.entries().filter { paths?.contains($0.card.notePath) ?? true }
        guard !entries.isEmpty else { throw nothingFound("no questions or glossary terms to export") }
        let history = withHistory ? Dictionary(grouping: try store.reviews(), by: \.cardID) : [:]
        let items = entries.map { entry in
            AnkiPackageWriter.Item(card: entry.card, deck: deckName(for: entry.card),
                                   memory: withHistory ? entry.memory : nil, reviews: history[entry.card.id] ?? [])
        }
        try AnkiPackageWriter(items: items).write(to: URL(fileURLWithPath: output))
        let deckCount = Set(items.map(\.deck)).count
        Terminal.note("wrote \(items.count) cards in \(deckCount) deck\(deckCount == 1 ? "" : "s") to \(output)")
    }

    /// `kb::<note title>`, or `kb::<tag>` (the note's first tag, else `untagged`).
    private func deckName(for card: StudyCard) -> String {
        let name = decks == .tag ? (card.tags.first ?? "untagged") : card.noteTitle
        // `::` separates deck levels in Anki; inside a name it would nest decks unexpectedly.
        return "kb::" + name.replacingOccurrences(of: "::", with: ": ")
    }
}
