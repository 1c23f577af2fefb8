import Foundation
import GRDB
import ZIPFoundation

/// Writes an Anki package (`.apkg`): a zip holding `collection.anki2`, a collection SQLite file
/// in Anki's schema 11 (the one every Anki since 2.1 imports), and `media`, the JSON map of
/// media files (empty: the notes' cards are text).
///
/// Every card becomes one Anki note. Its GUID comes from the card's identity (note path and
/// question label or term name), so importing a newer export updates the notes already in the
/// collection instead of adding copies; note, card, deck and note-type ids are derived the
/// same way, so two exports of the same notes are identical apart from timestamps.
public struct AnkiPackageWriter {
    /// A card with the deck it goes in and, for `--with-history`, its FSRS state and answers.
    public struct Item {
        /// The card, as kb made it from its note.
        public var card: StudyCard
        /// The Anki deck it goes in (`::` nests decks).
        public var deck: String
        /// Its FSRS state, exported only with the history.
        public var memory: MemoryState?
        /// Its answers, oldest first, for the review log.
        public var reviews: [ReviewStore.Review]

        /// An item; without `memory` and `reviews` the card goes in as new.
        public init(card: StudyCard, deck: String, memory: MemoryState? = nil, reviews: [ReviewStore.Review] = []) {
            self.card = card
            self.deck = deck
            self.memory = memory
            self.reviews = reviews
        }
    }

    /// The cards, in the order Anki shows them as new.
    public var items: [Item]
    /// The export time, stamped as the notes' modification time.
    public var now: Date

    /// A writer for `items`, dated `now`.
    public init(items: [Item], now: Date = Date()) {
        self.items = items
        self.now = now
    }

    /// Writes the package to `url`, replacing what is there only once the package is complete.
    public func write(to url: URL) throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("kb-anki-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let collection = scratch.appendingPathComponent("collection.anki2")
        try writeCollection(to: collection.path)
        let media = scratch.appendingPathComponent("media")
        try Data("{}".utf8).write(to: media)
        let zipped = scratch.appendingPathComponent("deck.apkg")
        let archive = try Archive(url: zipped, accessMode: .create)
        try archive.addEntry(with: "collection.anki2", fileURL: collection, compressionMethod: .deflate)
        try archive.addEntry(with: "media", fileURL: media, compressionMethod: .deflate)
        if FileManager.default.fileExists(atPath: url.path) { try FileManager.default.removeItem(at: url) }
        try FileManager.default.moveItem(at: zipped, to: url)
    }

    func writeCollection(to path: String) throws {
        let database = try DatabaseQueue(path: path)
        let crt = Int(Calendar(identifier: .gregorian).startOfDay(for: now).timeIntervalSince1970)
        let decks = Dictionary(grouping: items, by: \.deck).keys.sorted()
        let deckIDs = Dictionary(uniqueKeysWithValues: decks.map { ($0, AnkiIDs.id(for: "deck:\($0)")) })
        try database.write { db in
            try db.execute(sql: AnkiSchema.tables)
            try db.execute(sql: "INSERT INTO col VALUES (1, ?, ?, ?, 11, 0, 0, 0, ?, ?, ?, ?, '{}')", arguments: [
                crt, millis(now), millis(now), AnkiSchema.configuration(firstDeck: deckIDs[decks.first ?? ""] ?? 1),
                AnkiSchema.noteTypes(modified: Int(now.timeIntervalSince1970)),
                AnkiSchema.decks(deckIDs, modified: Int(now.timeIntervalSince1970)), AnkiSchema.deckOptions,
            ])
            for (position, item) in items.enumerated() {
                try insert(item, position: position, deckID: deckIDs[item.deck]!, collectionStart: crt, db)
            }
        }
        try database.close()
    }

    private func insert(_ item: Item, position: Int, deckID: Int64, collectionStart: Int, _ db: Database) throws {
        let card = item.card
        let noteID = AnkiIDs.id(for: "note:\(card.id)")
        let fields = AnkiFields.fields(of: card)
        let modified = Int(now.timeIntervalSince1970)
        try db.execute(sql: "INSERT INTO notes VALUES (?, ?, ?, ?, -1, ?, ?, ?, ?, 0, '')", arguments: [
            noteID, AnkiIDs.guid(for: card.id), card.kind == .question ? AnkiSchema.questionTypeID : AnkiSchema.termTypeID,
            modified, " " + card.tags.map { $0.replacingOccurrences(of: " ", with: "_") }.joined(separator: " ") + " ",
            fields.joined(separator: "\u{1F}"), AnkiFields.plain(fields[0]), AnkiFields.checksum(fields[0]),
        ])
        let cardID = AnkiIDs.id(for: "card:\(card.id)")
        var schedule = AnkiSchedule(position: position)
        if let memory = item.memory, !item.reviews.isEmpty {
            schedule = AnkiSchedule(memory: memory, reviewCount: item.reviews.count,
                                    lapses: item.reviews.filter { $0.rating == .again && $0.phaseBefore == .review }.count,
                                    collectionStart: collectionStart)
        }
        try db.execute(sql: "INSERT INTO cards VALUES (?, ?, ?, 0, ?, -1, ?, ?, ?, ?, 0, ?, ?, 0, 0, 0, 0, ?)", arguments: [
            cardID, noteID, deckID, modified, schedule.type, schedule.queue, schedule.due, schedule.interval,
            schedule.reps, schedule.lapses, schedule.data,
        ])
        var lastInterval = 0
        for review in item.reviews {
            let interval = AnkiSchedule.revlogInterval(from: review.reviewedAt, to: review.due)
            try db.execute(sql: "INSERT INTO revlog VALUES (?, ?, -1, ?, ?, ?, 0, 0, ?)", arguments: [
                millis(review.reviewedAt) + Int64(abs(cardID % 1000)), cardID, review.rating.rawValue, interval, lastInterval,
                review.phaseBefore == .review ? 1 : review.phaseBefore == .relearning ? 2 : 0,
            ])
            lastInterval = interval
        }
    }

    private func millis(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }
}

/// Ids and GUIDs derived from a card's identity, so every export names a card the same way.
enum AnkiIDs {
    /// A positive id below 2^52, the range Anki's ids (milliseconds) live in.
    static func id(for text: String) -> Int64 {
        Int64(StableHash.fnv1a64(text) % (1 << 52)) + 1
    }

    /// The note's GUID: `kb` and sixteen hex digits of the identity's hash.
    static func guid(for identity: String) -> String {
        "kb" + String(StableHash.fnv1a64("guid:" + identity), radix: 16)
    }
}

/// Where a card stands in Anki's own terms: new, learning or review, with its due and interval.
struct AnkiSchedule {
    var type = 0, queue = 0, due = 0, interval = 0, reps = 0, lapses = 0
    var data = "{}"

    /// A new card, shown in export order.
    init(position: Int) { due = position + 1 }

    /// A card answered in kb: its phase, due date and FSRS memory (`s`, `d` in the card data).
    init(memory: MemoryState, reviewCount: Int, lapses: Int, collectionStart: Int) {
        reps = reviewCount
        self.lapses = lapses
        let due = memory.due ?? Date()
        let stability = memory.stability ?? 0
        let difficulty = memory.difficulty ?? 5
        data = String(format: "{\"s\":%.4f,\"d\":%.4f}", stability, difficulty)
        switch memory.phase {
        case .review:
            type = 2; queue = 2
            self.due = max(0, Int((due.timeIntervalSince1970 - Double(collectionStart)) / 86_400))
            interval = max(1, Self.revlogInterval(from: memory.lastReview ?? due, to: due))
        case .learning, .relearning:
            type = memory.phase == .learning ? 1 : 3; queue = 1
            self.due = Int(due.timeIntervalSince1970)
        }
    }

    /// Anki's revlog interval: days when positive, negative seconds for a short step.
    static func revlogInterval(from start: Date, to end: Date) -> Int {
        let seconds = end.timeIntervalSince(start)
        return seconds >= 86_400 ? Int((seconds / 86_400).rounded()) : -Int(seconds.rounded())
    }
}
