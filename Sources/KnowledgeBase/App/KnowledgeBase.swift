import Foundation
import GRDB

/// The front door every front end uses: a corpus folder and its index. It opens (or creates)
/// the index, refreshes it from the folder, and hands out the query engines, all reading
/// through its one connection.
///
/// ```swift
/// let base = try KnowledgeBase(corpus: URL(fileURLWithPath: "notes"))
/// // Bring the index up to date with the folder: only changed files are parsed.
/// let summary = try base.refresh()
/// print("\(summary.notes) notes, \(summary.added) new")
///
/// // Typed questions, typed answers.
/// for hit in try base.search.search("origin", limit: 5).hits {
///     print(hit.kind, hit.path, hit.section ?? "")   // term aws/cloudfront/_index.md Origin
/// }
/// let found = try base.glossary.define("edge location")
/// if found.match == .none { print("did you mean", found.suggestions) }
///
/// // Notes are found by path, slug, title or alias.
/// let note = try base.note(named: "cloudfront")
/// for link in try base.graph.links(from: note) where link.resolution == .broken {
///     print("broken:", link.target)
/// }
/// let related = try base.relatedScorer.related(to: note, limit: 3)
/// ```
///
/// A query answered right after `refresh()` sees every change made to the folder before it.
/// Errors are `KBError`s whose descriptions say what to do next.
public final class KnowledgeBase: @unchecked Sendable {
    /// The notes folder, standardised.
    public let corpus: URL
    /// Where the index file lives.
    public let indexPath: String
    /// `corpus`, resolved once for everything that reads, scans or watches it.
    let root: CorpusRoot
    /// Guards `state`, the one mutable part.
    private let lock = NSLock()
    private var state: State
    /// Tag counts for related notes, kept while the index stays as it is.
    private let tagFrequencies = TagFrequencies()
    /// A second connection to the index, for `SplitRanking`, with the connection it goes with.
    /// Its own lock: it is asked for while a search holds the index's connection, which a
    /// refresh holding `lock` may be waiting for.
    private var secondConnection: (owner: DatabaseQueue, reader: DatabaseQueue)?
    private let secondLock = NSLock()

    private struct State {
        var database: DatabaseQueue
        /// Where a new index is being built, until the first refresh moves it to `indexPath`.
        var building: String?
        var answersManyQueries = false
        /// The corpus's layout, detected when first asked for after the last refresh.
        var layout: CorpusLayout?
    }

    /// Whether this process answers query after query (kb mcp, kb lsp, the REPL set it). Then
    /// the index's pages stay in a large cache between queries, and a search that matches
    /// thousands of notes is ranked on two connections at once (`SplitRanking`). A one-shot
    /// command is faster without either: it would fill the cache for one query and open the
    /// second connection for it, while its own check for changed files keeps the other core busy.
    public var answersManyQueries: Bool {
        get { lock.withLock { state.answersManyQueries } }
        set {
            // Not under `lock`: a query holding the connection may be waiting for it.
            let database = lock.withLock {
                state.answersManyQueries = newValue
                return state.database
            }
            if newValue { IndexDatabase.keepPagesCached(database) }
        }
    }

    /// The index's connection. A new index is a scratch file until the first refresh fills it
    /// and moves it into place, so the connection changes then.
    public var database: DatabaseQueue { lock.withLock { state.database } }

    /// A second connection to the file `database` reads, opened when first asked for and again
    /// for another connection (a new index replaces the file); nil when it cannot be opened
    /// (search then ranks on one connection).
    private func secondReader(for database: DatabaseQueue) -> DatabaseQueue? {
        secondLock.withLock {
            if let secondConnection, secondConnection.owner === database { return secondConnection.reader }
            secondConnection = (try? IndexDatabase.open(path: database.path, readOnly: true)).map { reader in
                IndexDatabase.keepPagesCached(reader)
                return (database, reader)
            }
            return secondConnection?.reader
        }
    }

    /// - Parameters:
    ///   - corpus: the notes folder.
    ///   - indexPath: where the index lives; default `<corpus>/.kb/index.sqlite`.
    ///   - rebuild: build the index anew (the cure for a damaged one). The old file is
    ///     replaced only when the new one is complete.
    ///   - corpusIsDefault: `corpus` is only a default (the user named none): an index given
    ///     by path then keeps the corpus it records. A corpus the user named that differs from
    ///     the recorded one is refused unless `rebuild`, so an index never silently changes
    ///     folders.
    public init(corpus: URL, indexPath: String? = nil, rebuild: Bool = false, corpusIsDefault: Bool = false) throws {
        let path = indexPath ?? corpus.appendingPathComponent(".kb/index.sqlite").path
        self.indexPath = path
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().standardizedFileURL
        // Before anything is written: a file that is not a kb index is refused, never changed.
        let verdict = try IndexFileCheck.check(path, replacing: rebuild)
        var isDirectory: ObjCBool = false
        if !FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory) {
            // kb makes only its own `.kb` folder in the corpus; any other missing folder is a
            // mistyped --db, not a place to create.
            guard folder.lastPathComponent == ".kb",
                  folder.deletingLastPathComponent().path == corpus.standardizedFileURL.path else {
                throw KBError.indexFolderMissing(path)
            }
            try Self.requireFolder(corpus)
            do {
                try FileManager.default.createDirectory(atPath: folder.path, withIntermediateDirectories: true)
            } catch {
                throw KBError.indexNotWritable(path)
            }
        } else if !isDirectory.boolValue {
            throw KBError.indexNotWritable(path)
        }
        // An index in a folder this user cannot write still answers, read-only.
        let readOnly = !FileManager.default.isWritableFile(atPath: folder.path)
        if readOnly, rebuild || verdict != .index { throw KBError.indexNotWritable(path) }
        if !readOnly { IndexBuild.removeAbandonedScratchFiles(of: path) }
        var corpus = corpus
        // An index of an older schema is only a cache of the notes: it is built anew, from the
        // corpus it records when it was given by path, as a current one would be read.
        if verdict == .outdated, !rebuild, indexPath != nil, let recorded = Self.recordedCorpus(ofOutdated: path) {
            corpus = try Self.choose(named: corpus, recorded: recorded, isDefault: corpusIsDefault, index: path)
        }
        if rebuild || verdict == .absent || verdict == .outdated {
            try Self.requireFolder(corpus)
            let scratch = IndexBuild.scratchPath(for: path)
            do {
                state = State(database: try IndexDatabase.openForBuilding(path: scratch), building: scratch)
            } catch {
                try? FileManager.default.removeItem(atPath: scratch)
                throw KBError.translating(error, index: path)
            }
        } else {
            let database: DatabaseQueue
            do {
                database = try IndexDatabase.open(path: path, readOnly: readOnly)
            } catch {
                throw KBError.translating(error, index: path)
            }
            state = State(database: database, building: nil)
            if indexPath != nil, let recorded = try Self.recordedCorpus(database) {
                corpus = try Self.choose(named: corpus, recorded: recorded, isDefault: corpusIsDefault, index: path)
            }
            try Self.requireFolder(corpus)
        }
        root = CorpusRoot(corpus)
        self.corpus = root.url
    }

    private static func requireFolder(_ corpus: URL) throws {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: corpus.path, isDirectory: &isFolder), isFolder.boolValue else {
            throw KBError.corpusNotFound(corpus.path)
        }
    }

    /// The corpus folder the index was last refreshed from.
    private static func recordedCorpus(_ database: DatabaseQueue) throws -> URL? {
        try database.read { db in
            try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'corpus'").map { URL(fileURLWithPath: $0) }
        }
    }

    /// The corpus folder an index of an older schema records, read without touching its
    /// tables otherwise; nil when it cannot be read.
    private static func recordedCorpus(ofOutdated path: String) -> URL? {
        var config = Configuration()
        config.readonly = true
        guard let database = try? DatabaseQueue(path: path, configuration: config) else { return nil }
        defer { try? database.close() }
        return (try? recordedCorpus(database)) ?? nil
    }

    /// Which corpus an index given by path is refreshed from: the recorded one unless the user
    /// named another, which is refused while the recorded one still exists (a moved corpus
    /// folder is followed).
    private static func choose(named: URL, recorded: URL, isDefault: Bool, index: String) throws -> URL {
        var isFolder: ObjCBool = false
        let recordedExists = FileManager.default.fileExists(atPath: recorded.path, isDirectory: &isFolder) && isFolder.boolValue
        if isDefault {
            guard recordedExists else { throw KBError.recordedCorpusGone(index: index, corpus: recorded.path) }
            return recorded
        }
        guard recordedExists, canonical(named) != canonical(recorded) else { return named }
        throw KBError.corpusMismatch(index: index, recorded: recorded.path, named: named.path)
    }

    private static func canonical(_ url: URL) -> String { CorpusRoot(url).realPath }

    deinit {
        // A new index that was never refreshed is not kept half made.
        if let scratch = state.building { IndexBuild.discard(state.database, at: scratch) }
    }

    /// Whether the index is being built anew (the first refresh has not finished).
    var isBuildingNew: Bool { lock.withLock { state.building != nil } }

    /// Brings the index up to date with the folder.
    public func refresh(progress: ((Int, Int) -> Void)? = nil) throws -> IndexSummary {
        do {
            return try refreshUntranslated(progress: progress)
        } catch {
            throw KBError.translating(error, index: indexPath)
        }
    }

    private func refreshUntranslated(progress: ((Int, Int) -> Void)?) throws -> IndexSummary {
        try lock.withLock {
            defer { state.layout = nil }
            let summary: IndexSummary
            do {
                summary = try Indexer(root: root, database: state.database).refresh(progress: progress)
            } catch {
                if let scratch = state.building {
                    IndexBuild.discard(state.database, at: scratch)
                    state.database = try IndexDatabase.openForBuilding(path: scratch)
                }
                throw error
            }
            if let scratch = state.building {
                state.database = try IndexBuild.install(state.database, from: scratch, to: indexPath)
                if state.answersManyQueries { IndexDatabase.keepPagesCached(state.database) }
                state.building = nil
            }
            return summary
        }
    }

    /// Brings the index up to date, unless a running `kb watch` answers within `patience`
    /// milliseconds that it already is (then returns nil): the watcher has seen every change,
    /// so the stat of every file that a refresh starts with can be skipped.
    public func refreshUnlessWatched(progress: ((Int, Int) -> Void)? = nil, patience: Int32 = 250) throws -> IndexSummary? {
        if watcherVouches(patience: patience) { return nil }
        return try refresh(progress: progress)
    }

    /// Whether a running `kb watch` answers within `patience` milliseconds that the index is
    /// current; never asked for an index still being built.
    private func watcherVouches(patience: Int32) -> Bool {
        lock.withLock { state.building == nil } && WatchChannel.watcherVouches(for: indexPath, timeout: patience)
    }

    /// Answers `question` from an up-to-date index, with the check for changes running while
    /// it is answered: the check (a stat of every known file) keeps both cores busy for most of
    /// a query's time, and the answer, a millisecond or two on one core, need not wait for it.
    /// When the check finds changes, or another process wrote some meanwhile, `question` is
    /// asked again after them, so the answer is always the one a refresh first would give. A
    /// `kb watch` that vouches for the index skips the check, as in `refreshUnlessWatched`.
    public func answerFresh<Answer>(progress: ((Int, Int) -> Void)? = nil, patience: Int32 = 250,
                                    _ question: (KnowledgeBase) throws -> Answer) throws -> Answer {
        if watcherVouches(patience: patience) { return try question(self) }
        guard let database = lock.withLock({ state.building == nil ? state.database : nil }) else {
            // A new index is built in full first.
            _ = try refresh(progress: progress)
            return try question(self)
        }
        let pending = try Indexer(root: root, database: database).begin()
        let early = Result { try question(self) }
        let (summary, overtaken) = try lock.withLock {
            defer { state.layout = nil }
            do {
                return try pending.finish(progress: progress)
            } catch {
                throw KBError.translating(error, index: indexPath)
            }
        }
        // Overtaken: another process wrote the changes this refresh found, maybe after the
        // early answer was found.
        return summary.changedNotes || overtaken ? try question(self) : try early.get()
    }

    /// Search, showing a translated page in the site's default language.
    public var search: SearchEngine { search(language: nil) }
    /// The glossary, answering from the site's default language.
    public var glossary: DefinitionFinder { glossary(language: nil) }

    /// The language a translated page is shown in: `language`, else the site's default.
    public func preferredLanguage(_ language: String? = nil) -> String? {
        language?.lowercased() ?? layout.defaultLanguage
    }

    /// What kind of collection the corpus is (a Hugo site, Obsidian vaults), as of the last
    /// refresh, which is what the index was built with. Detected once after each refresh: a
    /// query asking for it each time spent a sixth of its time listing and stat-ing the root.
    var layout: CorpusLayout {
        lock.withLock {
            if let layout = state.layout { return layout }
            let layout = CorpusLayout.detect(corpus)
            state.layout = layout
            return layout
        }
    }

    /// Search that shows a translated page in `language` (nil: the site's default language).
    public func search(language: String?) -> SearchEngine {
        let (database, splits) = lock.withLock { (state.database, state.answersManyQueries) }
        return SearchEngine(database: database, language: preferredLanguage(language),
                            split: splits ? SplitRanking { [self] in secondReader(for: database) } : nil)
    }

    /// The glossary, answering a term translations define from the page in `language` (nil:
    /// the site's default language).
    public func glossary(language: String?) -> DefinitionFinder {
        DefinitionFinder(database: database, language: preferredLanguage(language))
    }
    /// Ranks the notes related to a note.
    public var relatedScorer: RelatedScorer { RelatedScorer(database: database, tagFrequencies: tagFrequencies) }
    /// Links, backlinks, paths, orphans, the check, stats and tags.
    public var graph: GraphQueries { GraphQueries(database: database) }
    /// Every note's questions and terms as the index holds them, for study cards.
    public var cardSources: CardSourceReader { CardSourceReader(database: database) }
    /// Builds the part of the graph an export draws.
    public var snapshots: GraphSnapshotBuilder { GraphSnapshotBuilder(database: database) }

    /// The note a name finds; a name that all translations of one page share finds the one in
    /// `language` (nil: the site's default language).
    public func note(named name: String, language: String? = nil) throws -> NoteRef {
        try NoteLocator(database: database).find(name, language: preferredLanguage(language))
    }

    /// The note as its file parses now, for `show`, `questions` and the REPL. The index keeps
    /// no copy of every note (that was a quarter of the index and a twelfth of the indexing
    /// time); the notes asked about lately are kept by `ParsedNoteCache`, keyed by their
    /// bytes, so asking again reads the file but does not parse it again.
    public func document(of note: NoteRef) throws -> ParsedNote {
        switch CorpusFile(root: root).read(note.path) {
        case .success(let data):
            // With the URL and links the index gave it in a Hugo site.
            var parsed = parsedNotes.note(parsing: data, path: note.path)
            layout.apply(to: &parsed)
            return parsed
        case .failure(.outsideRoot): throw KBError.noteFileOutsideCorpus(note.path)
        case .failure: throw KBError.noteFileUnreadable(note.path)
        }
    }

    var parsedNotes: ParsedNoteCache { ParsedNoteCache(indexPath: indexPath) }

    /// Sets each hit's `line` (`path:line`, ripgrep's form) from its note's file, read through
    /// the root resolved once for every read.
    public func locateLines(of hits: inout [SearchHit]) {
        HitLine.locate(&hits, in: CorpusFile(root: root))
    }
}
