import Foundation

/// Which files a refresh must parse, touch or forget, decided from (mtime, size) first and
/// the content hash only when those differ.
struct RefreshPlan {
    private(set) var added: [ScannedFile] = []
    private(set) var suspect: [ScannedFile] = []
    private(set) var changed: [ScannedFile] = []
    /// Same content, new mtime: only the file row is updated.
    private(set) var touched: [ScannedFile] = []
    private(set) var removed: [String] = []
    private(set) var unchanged = 0
    private let addedPaths: Set<String>
    private let total: Int
    /// The bytes of every note file, known and added (removed ones included): what holding
    /// every note's text at once would take, roughly.
    let corpusBytes: Int64

    /// - Parameter known: the files as the index saw them, which `delta.moved` indexes into.
    init(delta: ScanDelta, known: PathListing, reparseAll: Bool) {
        added = delta.added.sorted { $0.path < $1.path }
        addedPaths = Set(added.map(\.path))
        for entry in delta.moved {
            if let now = entry.now { suspect.append(now) } else { removed.append(known.path(at: entry.index)) }
        }
        unchanged = known.count - delta.moved.count
        if reparseAll {
            // Every file is parsed again; those that did not move are as the listing has them.
            let moved = Set(delta.moved.map(\.index))
            changed = suspect + (0..<known.count).filter { !moved.contains($0) }.map(known.file(at:))
            suspect = []
            unchanged = 0
        }
        removed.sort()
        total = known.count - removed.count + added.count
        corpusBytes = known.sizes.reduce(0, +) + added.reduce(0) { $0 + $1.size }
    }

    /// Files whose mtime or size moved since the last refresh.
    var hasSuspects: Bool { !suspect.isEmpty }
    var suspectPaths: [String] { suspect.map(\.path) }

    /// Hashes the files whose mtime or size moved; equal hashes are only touched.
    /// A file that cannot be read (or no longer safely) counts as changed, so its parse
    /// records why.
    mutating func confirmChanges(root: CorpusRoot, hashes: [String: String]) {
        let reader = CorpusFile(root: root)
        for file in suspect {
            let same: Bool
            if NoteIdentity.isAttachment(file.path) {
                same = ContentHash.attachment(file) == hashes[file.path]
            } else if case .success(let data) = reader.read(file.path) {
                same = ContentHash.of(data) == hashes[file.path]
            } else {
                same = false
            }
            if same {
                touched.append(file)
                unchanged += 1
            } else {
                changed.append(file)
            }
        }
        suspect = []
    }

    /// In path order, so a refresh assigns note ids the same way on every machine.
    var toParse: [ScannedFile] { (added + changed).sorted { $0.path < $1.path } }

    /// True when the index holds no file yet: everything is added, nothing replaced.
    var isFirstIndex: Bool { removed.isEmpty && total == added.count }

    /// True for a file the index has never seen, so there is no old row to look up.
    func isNew(_ path: String) -> Bool { addedPaths.contains(path) }
    var isEmpty: Bool { added.isEmpty && changed.isEmpty && touched.isEmpty && removed.isEmpty }

    func summary(warnings: [String]) -> IndexSummary {
        IndexSummary(notes: total, added: added.count, updated: changed.count, removed: removed.count,
                     unchanged: unchanged, warnings: warnings)
    }
}

/// Tells an edited file from a touched one.
enum ContentHash {
    static func of(_ data: Data) -> String {
        String(data.withUnsafeBytes(FNV1a.hash), radix: 16)
    }

    /// What stands for an attachment's content: only its presence matters to the graph.
    static func attachment(_ file: ScannedFile) -> String { "size:\(file.size)" }
}

/// Reads and parses a batch of files on every core.
enum ParallelParser {
    /// A class, so that the writer's loop over a batch copies one reference per note, not
    /// every string and array of a parsed note (a retain each, then a release each).
    final class Result: Sendable {
        let note: ParsedNote
        let hash: String
        let rows: NoteRows

        init(note: ParsedNote, hash: String, rows: NoteRows) {
            (self.note, self.hash, self.rows) = (note, hash, rows)
        }
    }

    static func parse(_ files: [ScannedFile], root: CorpusRoot, layout: CorpusLayout = CorpusLayout()) -> [Result] {
        let reader = CorpusFile(root: root)
        return ConcurrentMap.map(files) { file in
            lowerThreadPriority()
            // An attachment is a node by its name alone: its bytes (a video may be gigabytes)
            // are never read.
            if NoteIdentity.isAttachment(file.path) {
                var note = ParsedNote(path: file.path)
                layout.apply(to: &note)
                return Result(note: note, hash: ContentHash.attachment(file), rows: NoteRows(note))
            }
            let data: Data
            switch reader.read(file.path) {
            case .success(let bytes):
                data = bytes
            case .failure(let refusal):
                // An empty hash marks the file as unread, so the next refresh tries it again.
                var note = ParsedNote(path: file.path)
                note.warnings.append(refusal.description)
                return Result(note: note, hash: "", rows: NoteRows(note))
            }
            var note = NoteParser.parse(data, path: file.path)
            layout.apply(to: &note)
            let rows = NoteRows(note)
            // The note's last use, so it moves into the result instead of being copied.
            return Result(note: note, hash: ContentHash.of(data), rows: rows)
        }
    }
}

/// Parsing threads step back when the single writer wants the CPU: otherwise the writer falls
/// behind and finishes its backlog alone, with the other cores idle. On Linux this call
/// changes only the calling thread, here a pool thread.
func lowerThreadPriority() {
    #if os(Linux)
    _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 5)
    #endif
}

/// Parses the next batch on other threads while the writer stores the current one.
final class BatchPrefetch: @unchecked Sendable {
    private var result: [ParallelParser.Result] = []
    private let group = DispatchGroup()

    init(_ files: [ScannedFile], root: CorpusRoot, layout: CorpusLayout) {
        DispatchQueue.global().async(group: group) { [self] in
            result = ParallelParser.parse(files, root: root, layout: layout)
        }
    }

    /// Waits for the batch; the group's wait orders the worker's write before this read.
    func take() -> [ParallelParser.Result] {
        group.wait()
        return result
    }
}
