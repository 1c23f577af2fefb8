import Foundation
import GRDB
import GRDBSQLite

/// What one `kb index` (or the refresh before a query) did.
public struct IndexSummary: Sendable, Codable, Equatable {
    /// Notes in the index after the refresh.
    public var notes: Int
    /// Notes new since the last refresh.
    public var added: Int
    /// Notes whose content changed.
    public var updated: Int
    /// Notes whose files are gone.
    public var removed: Int
    /// Notes left as they were.
    public var unchanged: Int
    /// What the scan and the parsers warned about, one line each.
    public var warnings: [String]

    /// Whether any note was added, changed or removed: what a query's answer could depend on.
    public var changedNotes: Bool { added + updated + removed > 0 }
}

/// Brings the index up to date with the corpus folder: finds what changed by (mtime, size) and
/// then content hash, parses only that on every core, and writes it from one connection in one
/// transaction, so a killed run leaves the previous index as it was.
struct Indexer {
    /// The corpus folder, resolved once for everything a refresh reads.
    let root: CorpusRoot
    var corpus: URL { root.url }
    let database: DatabaseQueue
    /// Notes parsed and written per step; bounds memory on large corpora.
    static let batchSize = 256
    /// Batches being parsed while the writer stores the current one. When the writer stalls
    /// (FTS5 writing out a segment), the parsers go on until this many are waiting.
    static let batchesAhead = 8

    /// `files` in batches of `batchSize`, the last `batchSize` of them in eighths. Once the
    /// parsers are done, the writer still has the batches they parsed ahead to write, alone,
    /// while the other core waits for the next phase: small last batches keep that short.
    static func batches<T>(_ files: [T]) -> [[T]] {
        let tailStart = max(0, files.count - batchSize)
        func split(_ range: Range<Int>, by size: Int) -> [[T]] {
            stride(from: range.lowerBound, to: range.upperBound, by: size).map {
                Array(files[$0..<min($0 + size, range.upperBound)])
            }
        }
        return split(0..<tailStart, by: batchSize) + split(tailStart..<files.count, by: batchSize / 8)
    }

    /// How much note text (in bytes of files) a full mention pass may hold at once; above
    /// it, mentions are counted in chunks after the links. A 10k-file corpus has about 29 MB.
    var mentionTextBudget = 64 << 20

    init(root: CorpusRoot, database: DatabaseQueue) {
        self.root = root
        self.database = database
    }

    init(corpus: URL, database: DatabaseQueue) {
        self.init(root: CorpusRoot(corpus), database: database)
    }

    /// - Parameter progress: called with (notes written, notes to write) after each batch.
    func refresh(progress: ((Int, Int) -> Void)? = nil) throws -> IndexSummary {
        try begin().finish(progress: progress).summary
    }

    /// The first half of a refresh: reads the stored listing and starts comparing the folder
    /// with it on another thread. The caller may read the index until it calls `finish`.
    func begin() throws -> PendingRefresh {
        // One read for everything a refresh that finds nothing needs, the stored warnings
        // included: this runs before every query.
        let (state, parserVersion, storedWarnings, dataVersion, generation) = try database.read { db in
            (try ScanState.fetch(db), try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'parserVersion'"),
             try StoredWarnings.all(db), try Self.dataVersion(db), try IndexGeneration.current(db))
        }
        return PendingRefresh(indexer: self, state: state, check: QuickRescan(root: root).start(folders: state.folders, files: state.files),
                              parserVersion: parserVersion, storedWarnings: storedWarnings, dataVersion: dataVersion,
                              hasGeneration: generation != nil)
    }

    /// A refresh between `begin` and `finish`.
    struct PendingRefresh {
        fileprivate let indexer: Indexer
        fileprivate let state: ScanState
        fileprivate let check: QuickRescan.Check?
        fileprivate let parserVersion: String?
        fileprivate let storedWarnings: [String]
        /// SQLite's count of other connections' commits when the listing was read.
        fileprivate let dataVersion: Int
        /// Whether the index has an `IndexGeneration` token (one written by an older kb has not).
        fileprivate let hasGeneration: Bool
        private let timer = PhaseTimer()

        /// Completes the comparison (falling back to a full walk when the quick one cannot
        /// vouch for its answer), then parses and writes what changed. `overtaken`: another
        /// process wrote the index after `begin` read it, so it changed even when this refresh
        /// found nothing left to write.
        func finish(progress: ((Int, Int) -> Void)? = nil) throws -> (summary: IndexSummary, overtaken: Bool) {
            let delta = check?.finish()
                ?? ScanDelta(scan: CorpusScanner(root: indexer.root).scan(), knownFiles: state.files, knownFolders: state.folders)
            var timer = timer
            timer.mark("scan")
            do {
                return (try indexer.complete(self, with: delta, progress: progress, timer: &timer), false)
            } catch is ListingOutdated {
                // Another process refreshed first: compare with what it wrote instead.
                return (try indexer.refresh(progress: progress), true)
            }
        }
    }

    /// The listing a refresh planned from was replaced by another process's refresh before
    /// this one could write.
    private struct ListingOutdated: Error {}

    private static func dataVersion(_ db: Database) throws -> Int {
        try Int.fetchOne(db, sql: "PRAGMA data_version") ?? 0
    }

    /// Runs `body` in a transaction that takes the write lock first, so no other process can
    /// commit after the check, and then checks that none has since the listing was read.
    /// Otherwise two queries that both saw the same new note would both insert it, and the
    /// second would fail on the unique path.
    private func writeIfCurrent<T>(since dataVersion: Int, _ body: (Database) throws -> T) throws -> T {
        // A read-only index (its folder is not this user's to write) cannot take the changes;
        // its data_version may also move on every read, which read as "overtaken" forever.
        // SQLite also opens a file it may not write read-only without a word, so ask it.
        return try database.writeWithoutTransaction { db in
            if sqlite3_db_readonly(db.sqliteConnection, "main") == 1 {
                throw DatabaseError(resultCode: .SQLITE_READONLY, message: "the index is open read-only")
            }
            var result: T?
            try db.inTransaction(.immediate) {
                guard try Self.dataVersion(db) == dataVersion else { throw ListingOutdated() }
                result = try body(db)
                try IndexGeneration.renew(db)
                return .commit
            }
            return result!
        }
    }

    /// Plans from what moved and writes the changes, if any.
    private func complete(_ pending: PendingRefresh, with delta: ScanDelta, progress: ((Int, Int) -> Void)?,
                          timer: inout PhaseTimer) throws -> IndexSummary {
        let parserVersion = pending.parserVersion
        // The corpus's layout is part of how its notes were read: a new one re-reads them all.
        let readVersion = IndexDatabase.parserVersion + CorpusLayout.detect(corpus).fingerprint
        var plan = RefreshPlan(delta: delta, known: pending.state.files,
                               reparseAll: parserVersion != nil && parserVersion != readVersion)
        if plan.hasSuspects {
            let paths = String(decoding: try JSONEncoder().encode(plan.suspectPaths), as: UTF8.self)
            let hashes = try database.read { db in
                try Dictionary(Row.fetchAll(db, sql: "SELECT path, hash FROM file WHERE path IN (SELECT value FROM json_each(?))",
                                            arguments: [paths]).map { ($0[0] as String, $0[1] as String) },
                               uniquingKeysWith: { a, _ in a })
            }
            plan.confirmChanges(root: root, hashes: hashes)
        }
        timer.mark("plan")
        if plan.isEmpty, parserVersion != nil {
            // Only folder mtimes moved (a file that is not a note came or went): record them, so
            // the next scan need not list those folders again.
            if delta.foldersChanged {
                _ = try writeIfCurrent(since: pending.dataVersion) { db in
                    try ScanState.store(folders: delta, previous: pending.state, db)
                }
            } else if !pending.hasGeneration {
                // Gives an index from an older kb its token (every write renews it). Nothing is
                // lost when this cannot write: a read-only index, or another process that wrote first.
                _ = try? writeIfCurrent(since: pending.dataVersion) { _ in }
            }
            return plan.summary(warnings: delta.warnings + pending.storedWarnings)
        }
        let warnings = try writeIfCurrent(since: pending.dataVersion) { db -> [String] in
            let storedUnread = try apply(plan, db: db, progress: progress, timer: &timer)
            try ScanState.store(folders: delta, previous: pending.state, db)
            // An in-place patch writes the mtimes the scan saw; an unread file's row has 0.
            if storedUnread { try ScanState.storeSnapshot(db) }
            try db.execute(sql: "INSERT OR REPLACE INTO meta (key, value) VALUES ('parserVersion', ?), ('corpus', ?)",
                           arguments: [readVersion, corpus.path])
            return try StoredWarnings.all(db)
        }
        timer.mark("commit")
        return plan.summary(warnings: delta.warnings + warnings)
    }

    /// Returns whether a file that could not be read was stored (see `ChangeWriter`).
    private func apply(_ plan: RefreshPlan, db: Database, progress: ((Int, Int) -> Void)?, timer: inout PhaseTimer) throws -> Bool {
        var changes = try ChangeWriter(root: root, plan: plan, db: db, mentionTextBudget: mentionTextBudget)
        return try changes.apply(progress: progress, timer: &timer)
    }
}

/// Secondary indexes set aside while a large batch of rows goes into empty tables: SQLite
/// builds an index from rows already in place faster than it keeps one current row by row.
/// Unique indexes stay, for their checks.
struct DeferredIndexes {
    private var pending: [(table: String, name: String, sql: String)]

    static func drop(_ db: Database) throws -> DeferredIndexes {
        let indexes = try Row.fetchAll(db, sql: """
            SELECT tbl_name, name, sql FROM sqlite_master
            WHERE type = 'index' AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'
            """).map { (table: $0[0] as String, name: $0[1] as String, sql: $0[2] as String) }
        for index in indexes { try db.execute(sql: "DROP INDEX \(index.name.quotedDatabaseIdentifier)") }
        return DeferredIndexes(pending: indexes)
    }

    /// Builds the set-aside indexes that `now` picks (by table and index name).
    mutating func restore(_ db: Database, where now: (String, String) -> Bool) throws {
        for index in pending where now(index.table, index.name) { try db.execute(sql: index.sql) }
        pending.removeAll { now($0.table, $0.name) }
    }
}
