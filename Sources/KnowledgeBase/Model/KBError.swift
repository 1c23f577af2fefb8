/// Errors a user can act on; each message says what to do next.
public enum KBError: Error, CustomStringConvertible, Equatable {
    case corpusNotFound(String)
    case corruptIndex(path: String, reason: String)
    case noteNotFound(String)
    case noteFileUnreadable(String)
    case noteFileOutsideCorpus(String)
    case ambiguousNote(String, candidates: [String])
    case indexNotWritable(String)
    case newerIndex(path: String, format: Int?, readable: Int)
    case notAnIndex(path: String, reason: String)
    case indexIsFolder(String)
    case indexNotReadable(path: String, reason: String)
    case indexFolderMissing(String)
    case diskFull(String)
    case indexWriteFailed(path: String, reason: String)
    case corpusMismatch(index: String, recorded: String, named: String)
    case recordedCorpusGone(index: String, corpus: String)
    case invalidArgument(String)
    case watchUnavailable(String)
    case watcherRunning(index: String)

    public var description: String {
        switch self {
        case .corpusNotFound(let dir):
            return "no corpus folder at \(dir): pass --corpus DIR, set KB_CORPUS, or run kb from a folder that has ./corpus"
        case .corruptIndex(let path, let reason):
            return "the index \(path) is damaged or not a kb index (\(reason)): run `kb index --rebuild` to make a new one"
        case .noteNotFound(let name):
            return "no note named '\(name)': try `kb search \(name)` to find it by its words"
        case .noteFileUnreadable(let path):
            return "cannot read \(path), which the index lists: run `kb index` to catch up with the folder"
        case .noteFileOutsideCorpus(let path):
            return "\(path) now leads outside the corpus folder (a symlink?), so kb does not read it: run `kb index` to catch up"
        case .ambiguousNote(let name, let candidates):
            return "'\(name)' names several notes; use one of their paths:\n" + candidates.map { "  \($0)" }.joined(separator: "\n")
        case .indexNotWritable(let path):
            return "cannot write the index at \(path) (its file or folder is read-only): pass --db FILE to keep it somewhere writable"
        case .newerIndex(let path, let format, let readable):
            let which = format.map { "index format \($0); this kb reads format \(readable) and rebuilds older ones" } ?? "with a schema this kb does not know"
            return "the index \(path) was made by a newer kb (\(which)): use a kb that reads it, or run `kb index --rebuild` to replace it (the index is only a cache of the notes)"
        case .notAnIndex(let path, let reason):
            return "\(path) is not a kb index (\(reason)), so kb leaves it alone: pass --db with a new file name or the path of a kb index (a damaged kb index: delete it, then run `kb index`)"
        case .indexIsFolder(let path):
            return "--db \(path) is a folder: give a file in it, such as \(path.hasSuffix("/") ? path : path + "/")index.sqlite"
        case .indexNotReadable(let path, let reason):
            return "cannot read the index \(path) (\(reason)): check its permissions, or pass --db FILE"
        case .diskFull(let path):
            return "the disk that holds the index \(path) is full, so it was not updated (it is as it was before): free some space, or pass --db FILE on another disk"
        case .indexWriteFailed(let path, let reason):
            return "could not write the index \(path) (\(reason)); it is as it was before: check the disk, or pass --db FILE to keep it elsewhere"
        case .corpusMismatch(let index, let recorded, let named):
            return "the index \(index) belongs to the corpus \(recorded), not \(named): leave out --corpus to use it, pass another --db, or run `kb index \(named) --db \(index) --rebuild` to make it this corpus's index"
        case .recordedCorpusGone(let index, let corpus):
            return "the index \(index) was made from \(corpus), which no longer exists: pass --corpus DIR"
        case .indexFolderMissing(let path):
            return "the folder of --db \(path) does not exist: create it first, or check the path"
        case .invalidArgument(let message):
            return message
        case .watchUnavailable(let reason):
            return "cannot watch the folder: \(reason). Queries still check the folder themselves"
        case .watcherRunning(let index):
            return "a kb watch is already running for \(index): stop it first, or pass --db FILE to watch into another index"
        }
    }
}
