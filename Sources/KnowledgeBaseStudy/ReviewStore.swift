import Foundation
import GRDB

/// The review database: each card's FSRS state, every answer ever given, and the earlier
/// versions of edited cards. It is user data, kept in its own SQLite file apart from the index
/// (which `kb index --rebuild` may throw away), changed only through migrations, and written one
/// transaction per answer so a killed quiz loses at most the answer being typed.
public final class ReviewStore: @unchecked Sendable {
    let database: DatabaseQueue
    /// Where the database file is.
    public let path: String

    /// Opens (creating when missing) the review database at `path` and brings its schema up to date.
    public init(path: String) throws {
        self.path = path
        try FileManager.default.createDirectory(at: URL(fileURLWithPath: path).deletingLastPathComponent(),
                                                withIntermediateDirectories: true)
        var configuration = Configuration()
        // Every committed answer reaches the disk before the quiz moves on.
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        configuration.busyMode = .timeout(5)
        database = try DatabaseQueue(path: path, configuration: configuration)
        try Self.migrator.migrate(database)
    }

    /// The schema's history. A migration, once released, is never edited: a new one is added.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: cards, reviews, card versions") { db in
            try db.create(table: "card") { table in
                table.primaryKey("id", .text)
                table.column("notePath", .text).notNull().indexed()
                table.column("key", .text).notNull()
                table.column("kind", .text).notNull()
                table.column("contentHash", .text).notNull()
                table.column("content", .text).notNull()
                table.column("createdAt", .double).notNull()
                table.column("retiredAt", .double)
                table.column("phase", .integer).notNull().defaults(to: CardPhase.learning.rawValue)
                table.column("step", .integer)
                table.column("stability", .double)
                table.column("difficulty", .double)
                table.column("due", .double)
                table.column("lastReview", .double)
            }
            try db.create(table: "review") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("cardId", .text).notNull().indexed()
                    .references("card", onDelete: .cascade, onUpdate: .cascade)
                table.column("reviewedAt", .double).notNull()
                table.column("rating", .integer).notNull()
                table.column("correct", .boolean)
                table.column("phaseBefore", .integer).notNull()
                table.column("phase", .integer).notNull()
                table.column("stability", .double).notNull()
                table.column("difficulty", .double).notNull()
                table.column("due", .double).notNull()
            }
            try db.create(table: "cardVersion") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("cardId", .text).notNull().indexed()
                    .references("card", onDelete: .cascade, onUpdate: .cascade)
                table.column("replacedAt", .double).notNull()
                table.column("contentHash", .text).notNull()
                table.column("content", .text).notNull()
            }
        }
        migrator.registerMigration("v2: note fingerprints") { db in
            // Size and modification time of each note file when its cards were last read, so a
            // quiz re-parses only the notes that changed.
            try db.create(table: "noteFingerprint") { table in
                table.primaryKey("path", .text)
                table.column("fingerprint", .text).notNull()
            }
        }
        return migrator
    }

    /// A card as stored: what it says and where FSRS has it.
    public struct Entry: Sendable {
        /// What the card says, as last read from its note.
        public var card: StudyCard
        /// Where FSRS has it.
        public var memory: MemoryState
        /// Its question or term is gone from the notes.
        public var retired: Bool
        /// Never answered.
        public var isNew: Bool { memory.lastReview == nil }
    }

    static func json(_ card: StudyCard) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(card), as: UTF8.self)
    }

    /// Every stored card that is not retired (or all of them, with `includingRetired`).
    public func entries(includingRetired: Bool = false) throws -> [Entry] {
        try database.read { db in
            let sql = "SELECT * FROM card" + (includingRetired ? "" : " WHERE retiredAt IS NULL") + " ORDER BY createdAt, rowid"
            return try Row.fetchAll(db, sql: sql).map(Self.entry)
        }
    }

    /// One card by identity.
    public func entry(id: String) throws -> Entry? {
        try database.read { db in try Row.fetchOne(db, sql: "SELECT * FROM card WHERE id = ?", arguments: [id]).map(Self.entry) }
    }

    private static func entry(_ row: Row) throws -> Entry {
        let content: String = row["content"]
        let card = try JSONDecoder().decode(StudyCard.self, from: Data(content.utf8))
        let date = { (column: String) -> Date? in (row[column] as Double?).map(Date.init(timeIntervalSince1970:)) }
        let memory = MemoryState(phase: CardPhase(rawValue: row["phase"]) ?? .learning, step: row["step"],
                                 stability: row["stability"], difficulty: row["difficulty"],
                                 due: date("due"), lastReview: date("lastReview"))
        return Entry(card: card, memory: memory, retired: row["retiredAt"] as Double? != nil)
    }

    /// Records one answer: the card's new state and the review, in one transaction.
    public func record(cardID: String, before: MemoryState, after: MemoryState, rating: Rating, correct: Bool?, at date: Date) throws {
        try database.write { db in
            try db.execute(sql: "UPDATE card SET phase = ?, step = ?, stability = ?, difficulty = ?, due = ?, lastReview = ? WHERE id = ?",
                           arguments: [after.phase.rawValue, after.step, after.stability, after.difficulty,
                                       after.due?.timeIntervalSince1970, after.lastReview?.timeIntervalSince1970, cardID])
            guard db.changesCount == 1 else { throw StudyError.unknownCard(cardID) }
            try db.execute(sql: """
                INSERT INTO review (cardId, reviewedAt, rating, correct, phaseBefore, phase, stability, difficulty, due)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [cardID, date.timeIntervalSince1970, rating.rawValue, correct, before.phase.rawValue,
                                 after.phase.rawValue, after.stability, after.difficulty, after.due?.timeIntervalSince1970])
        }
    }

    /// One stored answer.
    public struct Review: Sendable {
        /// The card answered.
        public var cardID: String
        /// When.
        public var reviewedAt: Date
        /// The rating recorded.
        public var rating: Rating
        /// The card's phase when it was asked.
        public var phaseBefore: CardPhase
        /// When the answer scheduled it next.
        public var due: Date
        /// Stability after the answer.
        public var stability: Double
        /// Difficulty after the answer.
        public var difficulty: Double
    }

    /// Every answer, oldest first (those of one card when `cardID` is given).
    public func reviews(cardID: String? = nil) throws -> [Review] {
        try database.read { db in
            let sql = "SELECT * FROM review" + (cardID == nil ? "" : " WHERE cardId = ?") + " ORDER BY reviewedAt, id"
            return try Row.fetchAll(db, sql: sql, arguments: cardID.map { [$0] } ?? []).map { row in
                Review(cardID: row["cardId"], reviewedAt: Date(timeIntervalSince1970: row["reviewedAt"]),
                       rating: Rating(rawValue: row["rating"]) ?? .good, phaseBefore: CardPhase(rawValue: row["phaseBefore"]) ?? .learning,
                       due: Date(timeIntervalSince1970: row["due"]), stability: row["stability"], difficulty: row["difficulty"])
            }
        }
    }

    /// The earlier texts of an edited card, oldest first.
    public func versions(cardID: String) throws -> [StudyCard] {
        try database.read { db in
            try String.fetchAll(db, sql: "SELECT content FROM cardVersion WHERE cardId = ? ORDER BY id", arguments: [cardID])
                .map { try JSONDecoder().decode(StudyCard.self, from: Data($0.utf8)) }
        }
    }
}

/// Problems study mode reports.
public enum StudyError: Error, CustomStringConvertible {
    case unknownCard(String)

    public var description: String {
        switch self {
        case .unknownCard(let id): return "no card \(id) in the review database: run kb quiz again to pick up the notes' cards"
        }
    }
}
