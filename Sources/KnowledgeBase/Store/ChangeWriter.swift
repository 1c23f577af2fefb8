import Foundation
import GRDB

/// Writes one refresh plan into the index, inside the refresh's transaction: removes the notes
/// that are gone, records stat-only changes, stores the parsed notes batch by batch, and then
/// re-resolves the links and recounts the mentions the changes can affect.
///
/// It keeps what the later steps need from the earlier ones (which notes changed, which link
/// keys they touched), so each step is a method of its own.
struct ChangeWriter {
    let root: CorpusRoot
    let plan: RefreshPlan
    let db: Database
    /// How much note text a full mention pass may hold at once (see `Indexer`).
    let mentionTextBudget: Int

    private let writer: NoteWriter
    private let layout: CorpusLayout
    /// A large change re-resolves every link and recounts every mention instead of tracking
    /// which ones it touched.
    private let fullPass: Bool
    /// When every note's text fits in memory, the full mention pass counts on other threads
    /// while the writer goes on, and takes the texts of the notes written now from here.
    private let mentionsAside: Bool

    private(set) var storedUnread = false
    private var changedIds = Set<Int64>()
    private var removedIds = Set<Int64>()
    /// New notes and notes whose title or aliases changed: other notes' mentions of them change.
    private var renamedIds = Set<Int64>()
    private var affectedKeys = Set<String>()
    private var newLinks: [PendingLinks] = []
    private var writtenTexts: [MentionText] = []
    /// Into an empty index every note passes through here, so the writer lists their names as
    /// it goes (it waits for the parsers anyway) instead of reading them back.
    private var written: NoteDirectory?

    init(root: CorpusRoot, plan: RefreshPlan, db: Database, mentionTextBudget: Int) throws {
        self.root = root
        self.plan = plan
        self.db = db
        self.mentionTextBudget = mentionTextBudget
        writer = try NoteWriter(db: db)
        // A Hugo site's URLs and an Obsidian vault's link rules come from files at its root.
        layout = CorpusLayout.detect(root.url)
        fullPass = plan.toParse.count > LinkRepair.fullPassThreshold
        mentionsAside = fullPass && plan.corpusBytes <= mentionTextBudget
        written = plan.isFirstIndex && fullPass ? NoteDirectory() : nil
    }

    /// Applies the whole plan. Returns whether a file that could not be read was stored.
    mutating func apply(progress: ((Int, Int) -> Void)?, timer: inout PhaseTimer) throws -> Bool {
        try removeGoneNotes()
        try recordStatChanges()
        // Into an empty index, the lookup indexes are built once the rows are in.
        var deferred = plan.isFirstIndex && fullPass ? try DeferredIndexes.drop(db) : nil
        try writeParsedNotes(progress: progress, timer: &timer)
        try linkAndCount(deferred: &deferred, timer: &timer)
        return storedUnread
    }

    private mutating func removeGoneNotes() throws {
        for path in plan.removed {
            if let id = try Int64.fetchOne(db, sql: "SELECT id FROM note WHERE path = ?", arguments: [path]) {
                affectedKeys.formUnion(try LinkRepair.lookupKeys(of: id, db: db))
                try writer.delete(id: id)
                removedIds.insert(id)
            }
            try db.execute(sql: "DELETE FROM file WHERE path = ?", arguments: [path])
            try StoredWarnings.clear(path, db)
        }
    }

    /// Files whose (mtime, size) moved but whose content did not: only their stat is new.
    private func recordStatChanges() throws {
        for file in plan.touched {
            try db.execute(sql: "UPDATE file SET modified = ?, size = ? WHERE path = ?",
                           arguments: [file.modified, file.size, file.path])
        }
    }

    /// Parses the files to read, several batches ahead on the other cores, and stores each
    /// batch as it arrives. With one batch ahead, the parsers sat idle whenever they finished
    /// before the writer, and the second core went unused.
    private mutating func writeParsedNotes(progress: ((Int, Int) -> Void)?, timer: inout PhaseTimer) throws {
        let toParse = plan.toParse
        let batches = Indexer.batches(toParse)
        // An update, not a replace, keeps a known file's row (and its place in the listing,
        // which `ScanState` patches in place).
        let fileRow = try RawStatement(db, """
            INSERT INTO file (path, modified, size, hash) VALUES (?, ?, ?, ?)
            ON CONFLICT (path) DO UPDATE SET modified = excluded.modified, size = excluded.size, hash = excluded.hash
            """)
        var ahead = batches.prefix(Indexer.batchesAhead).map { BatchPrefetch($0, root: root, layout: layout) }
        var done = 0
        var waited = 0.0
        for (index, batch) in batches.enumerated() {
            let waitStart = DispatchTime.now()
            let parsed = ahead.removeFirst().take()
            waited += Double(DispatchTime.now().uptimeNanoseconds - waitStart.uptimeNanoseconds) / 1e6
            if index + Indexer.batchesAhead < batches.count {
                ahead.append(BatchPrefetch(batches[index + Indexer.batchesAhead], root: root, layout: layout))
            }
            for (file, result) in zip(batch, parsed) { try store(result, of: file, fileRow: fileRow) }
            done += batch.count
            progress?(done, toParse.count)
        }
        timer.mark("parse and write \(toParse.count) notes (\(Int(waited)) ms waiting for the parsers)")
    }

    /// Stores one parsed note, its file row and its warnings, and notes what it changed.
    private mutating func store(_ result: ParallelParser.Result, of file: ScannedFile, fileRow: RawStatement) throws {
        let existing = plan.isNew(file.path) ? nil
            : try Int64.fetchOne(db, sql: "SELECT id FROM note WHERE path = ?", arguments: [file.path])
        var oldNames: Set<String>?
        if let existing {
            let stored = try LinkRepair.storedNames(of: existing, db: db)
            affectedKeys.formUnion(stored.lookupKeys)
            oldNames = stored.mentionNames
        }
        let id = try writer.write(result.note, rows: result.rows, replacing: existing)
        changedIds.insert(id)
        written?.add(id: id, note: result.note, names: result.rows.names)
        newLinks.append(PendingLinks(noteId: id, path: result.note.path, url: result.note.url,
                                     links: result.note.links, lookupKeys: result.rows.linkKeys))
        if oldNames != result.rows.mentionNames { renamedIds.insert(id) }
        if mentionsAside { writtenTexts.append(MentionText(id: id, note: result.note)) }
        // A full pass re-resolves every link, so it needs no list of the keys touched.
        if !fullPass { affectedKeys.formUnion(result.rows.lookupKeys) }
        // A file that could not be read is stored with mtime 0, which no file has, so the next
        // refresh reads it again: made readable by chmod, its mtime stays put.
        let unread = result.hash.isEmpty
        storedUnread = storedUnread || unread
        try fileRow.run(file.path, unread ? 0.0 : file.modified, file.size, result.hash)
        if existing != nil { try StoredWarnings.clear(file.path, db) }
        try StoredWarnings.add(file.path, result.note.warnings, db)
    }

    /// Once every note of the refresh is in: resolves links, counts mentions, and builds the
    /// indexes set aside, each as soon as the rows it covers are complete.
    private func linkAndCount(deferred: inout DeferredIndexes?, timer: inout PhaseTimer) throws {
        // A large change reads every name once; a small one loads only what it touches.
        let directory = fullPass ? try written ?? NoteDirectory.load(db) : nil
        timer.mark("load note names")
        let mentions = try directory.flatMap { directory in
            mentionsAside ? try MentionIndexer.FullPass(directory: directory, written: writtenTexts, db: db) : nil
        }
        timer.mark("read mention texts")
        let resolving = directory.map { LinkRepair.Resolving(newLinks, directory: $0, layout: layout) }
        // The link and mention lookups wait until those rows are in too, except the one the
        // chunked mention pass reads the links' labels by.
        try deferred?.restore(db) { table, name in
            !["link", "mention"].contains(table) || (mentions == nil && name == "link_on_noteId")
        }
        timer.mark("note table indexes")
        try LinkRepair.resolve(newLinks: newLinks, removedNotes: removedIds, affectedKeys: affectedKeys,
                               directory: directory, resolved: resolving, layout: layout, db: db)
        timer.mark("resolve links")
        // The links are all in: their indexes are built while the mention counts may still be
        // coming, rather than after them with the second core idle.
        try deferred?.restore(db) { table, _ in table == "link" }
        timer.mark("link indexes")
        if let mentions {
            // FTS5 writes out the terms it holds at any savepoint. Here the writer would only
            // wait for the counts, and at the commit the other core would have nothing to do.
            try db.inSavepoint { .commit }
            try mentions.finish(changedNotes: changedIds, db: db)
        } else {
            try MentionIndexer.update(changedNotes: changedIds, renamedNotes: renamedIds, directory: directory, db: db)
        }
        timer.mark("mentions")
        try deferred?.restore(db) { _, _ in true }
        timer.mark("mention indexes")
    }
}
