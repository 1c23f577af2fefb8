import Foundation
import GRDB

extension ReviewStore {
    /// What `sync` changed.
    public struct SyncSummary: Sendable, Equatable {
        /// Counts of cards added, edited, moved with their note, retired and revived.
        public var added = 0, edited = 0, moved = 0, retired = 0, revived = 0
    }

    /// The notes a sync covers: cards read from the notes that changed, and the paths of the
    /// notes whose files did not change (their stored cards stand as they are).
    public struct NoteCards: Sendable {
        /// Cards of the notes read this time.
        public var cards: [StudyCard]
        /// Fingerprints of the notes read this time, by path.
        public var fingerprints: [String: String]
        /// Notes still there and unchanged since their cards were stored.
        public var unchangedPaths: Set<String>

        /// The cards and fingerprints of the notes read, and the paths of those left alone.
        public init(cards: [StudyCard], fingerprints: [String: String], unchangedPaths: Set<String>) {
            self.cards = cards
            self.fingerprints = fingerprints
            self.unchangedPaths = unchangedPaths
        }
    }

    /// The stored fingerprint of each note file, by path.
    public func noteFingerprints() throws -> [String: String] {
        try database.read { db in
            Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT path, fingerprint FROM noteFingerprint")
                .map { ($0["path"] as String, $0["fingerprint"] as String) })
        }
    }

    /// Brings the stored cards in line with the notes, in one transaction.
    ///
    /// A new card whose twin (same key and content) belongs to a note path that no longer exists
    /// takes over that card and its history: the note was moved or renamed. An edited card keeps
    /// its state and its old text goes to `cardVersion`. A stored card of a changed note that the
    /// note no longer makes is retired, not deleted, and comes back if its question or term does.
    @discardableResult
    public func sync(_ notes: NoteCards, now: Date = Date()) throws -> SyncSummary {
        try database.write { db in
            var summary = SyncSummary()
            let livePaths = notes.unchangedPaths.union(notes.fingerprints.keys)
            let current = Dictionary(notes.cards.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            var stored = try Self.storedRows(db)
            var orphans = stored.values.filter { !livePaths.contains($0.notePath) }
            for card in notes.cards {
                let content = try Self.json(card)
                if let row = stored[card.id] {
                    try Self.refresh(row, with: card, content: content, now: now, summary: &summary, db)
                } else if let index = orphans.firstIndex(where: { $0.key == card.key && $0.contentHash == card.contentHash }) {
                    let old = orphans.remove(at: index)
                    try db.execute(sql: "UPDATE card SET id = ?, notePath = ?, content = ?, retiredAt = NULL WHERE id = ?",
                                   arguments: [card.id, card.notePath, content, old.id])
                    stored[old.id] = nil
                    summary.moved += 1
                } else {
                    try db.execute(sql: "INSERT INTO card (id, notePath, key, kind, contentHash, content, createdAt) VALUES (?, ?, ?, ?, ?, ?, ?)",
                                   arguments: [card.id, card.notePath, card.key, card.kind.rawValue, card.contentHash, content, now.timeIntervalSince1970])
                    summary.added += 1
                }
            }
            for row in stored.values where !row.retired && current[row.id] == nil && !notes.unchangedPaths.contains(row.notePath) {
                try db.execute(sql: "UPDATE card SET retiredAt = ? WHERE id = ?", arguments: [now.timeIntervalSince1970, row.id])
                summary.retired += 1
            }
            try Self.saveFingerprints(notes.fingerprints, keeping: livePaths, db)
            return summary
        }
    }

    /// An existing card read again: revive it if retired, and keep its old text if it changed.
    private static func refresh(_ row: StoredRow, with card: StudyCard, content: String, now: Date,
                                summary: inout SyncSummary, _ db: Database) throws {
        if row.retired {
            try db.execute(sql: "UPDATE card SET retiredAt = NULL WHERE id = ?", arguments: [card.id])
            summary.revived += 1
        }
        if row.contentHash != card.contentHash {
            try db.execute(sql: "INSERT INTO cardVersion (cardId, replacedAt, contentHash, content) VALUES (?, ?, ?, ?)",
                           arguments: [card.id, now.timeIntervalSince1970, row.contentHash, row.content])
            summary.edited += 1
        }
        // The stored text follows the note even when only its title or tags changed.
        if row.content != content {
            try db.execute(sql: "UPDATE card SET contentHash = ?, content = ?, kind = ? WHERE id = ?",
                           arguments: [card.contentHash, content, card.kind.rawValue, card.id])
        }
    }

    private static func saveFingerprints(_ fingerprints: [String: String], keeping livePaths: Set<String>, _ db: Database) throws {
        for (path, fingerprint) in fingerprints {
            try db.execute(sql: "INSERT INTO noteFingerprint (path, fingerprint) VALUES (?, ?) ON CONFLICT(path) DO UPDATE SET fingerprint = excluded.fingerprint",
                           arguments: [path, fingerprint])
        }
        for path in try String.fetchAll(db, sql: "SELECT path FROM noteFingerprint") where !livePaths.contains(path) {
            try db.execute(sql: "DELETE FROM noteFingerprint WHERE path = ?", arguments: [path])
        }
    }

    struct StoredRow {
        var id: String, notePath: String, key: String, contentHash: String, content: String, retired: Bool
    }

    static func storedRows(_ db: Database) throws -> [String: StoredRow] {
        var rows: [String: StoredRow] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT id, notePath, key, contentHash, content, retiredAt FROM card") {
            let id: String = row["id"]
            rows[id] = StoredRow(id: id, notePath: row["notePath"], key: row["key"], contentHash: row["contentHash"],
                                 content: row["content"], retired: row["retiredAt"] as Double? != nil)
        }
        return rows
    }
}
