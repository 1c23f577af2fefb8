import Foundation
import GRDB

/// The entry point: a corpus folder and its index. Opens (or creates) the index and hands out
/// the query engines, all reading through its one connection.
public final class KnowledgeBase: Sendable {
    public let corpus: URL
    public let indexPath: String
    public let database: DatabaseQueue

    /// - Parameters:
    ///   - corpus: the notes folder.
    ///   - indexPath: where the index lives; default `<corpus>/.kb/index.sqlite`.
    ///   - rebuild: delete any existing index first (the cure for a damaged one).
    public init(corpus: URL, indexPath: String? = nil, rebuild: Bool = false) throws {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: corpus.path, isDirectory: &isFolder), isFolder.boolValue else {
            throw KBError.corpusNotFound(corpus.path)
        }
        self.corpus = corpus.standardizedFileURL
        let path = indexPath ?? corpus.appendingPathComponent(".kb/index.sqlite").path
        self.indexPath = path
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw KBError.indexNotWritable(path)
        }
        guard FileManager.default.isWritableFile(atPath: folder) else { throw KBError.indexNotWritable(path) }
        if rebuild {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
        database = try IndexDatabase.open(path: path)
    }

    /// Brings the index up to date with the folder.
    public func refresh(progress: ((Int, Int) -> Void)? = nil) throws -> IndexSummary {
        try Indexer(corpus: corpus, database: database).refresh(progress: progress)
    }

    public var search: SearchEngine { SearchEngine(database: database) }
    public var glossary: DefinitionFinder { DefinitionFinder(database: database) }
    public var relatedScorer: RelatedScorer { RelatedScorer(database: database) }
    public var graph: GraphQueries { GraphQueries(database: database) }
    public var snapshots: GraphSnapshotBuilder { GraphSnapshotBuilder(database: database) }

    public func note(named name: String) throws -> NoteRef { try NoteLocator(database: database).find(name) }

    /// The note as its file parses now, for `show`, `questions` and the REPL. The index keeps
    /// no copy: parsing one file takes about a millisecond, while a stored copy of every
    /// parsed note was a quarter of the index and a twelfth of the indexing time.
    public func document(of note: NoteRef) throws -> ParsedNote {
        guard let data = FileManager.default.contents(atPath: corpus.appendingPathComponent(note.path).path) else {
            throw KBError.noteFileUnreadable(note.path)
        }
        return NoteParser.parse(data, path: note.path)
    }
}
