import Foundation
import GRDB

extension KBError {
    /// What a failed write to the index means to the user, in place of SQLite's result code
    /// and the statement that met it ("SQLite error 13 … INSERT INTO noteSearch …").
    static func translating(_ error: Error, index path: String) -> Error {
        guard let error = error as? DatabaseError else { return error }
        switch error.resultCode {
        case .SQLITE_FULL: return KBError.diskFull(path)
        case .SQLITE_READONLY, .SQLITE_CANTOPEN, .SQLITE_PERM: return KBError.indexNotWritable(path)
        case .SQLITE_IOERR: return KBError.indexWriteFailed(path: path, reason: error.message ?? "input/output error")
        default: return error
        }
    }

    /// True when only the index could not be written: the index as it is can still answer.
    public var isIndexWriteFailure: Bool {
        switch self {
        case .diskFull, .indexNotWritable, .indexWriteFailed: return true
        default: return false
        }
    }
}

extension KnowledgeBase {
    /// `answerFresh`, except that when the index cannot be written (a full disk, a read-only
    /// folder) the question is answered from the index as it is, and `stale` is told why. A
    /// new index, which has nothing to answer from yet, still fails.
    public func answerFreshOrAsIs<Answer>(progress: ((Int, Int) -> Void)? = nil, stale: (KBError) -> Void,
                                          _ question: (KnowledgeBase) throws -> Answer) throws -> Answer {
        do {
            return try answerFresh(progress: progress, question)
        } catch let error as KBError where error.isIndexWriteFailure && !isBuildingNew {
            stale(error)
            return try question(self)
        }
    }

    /// `refreshUnlessWatched`, falling back to the index as it is like `answerFreshOrAsIs`.
    public func refreshUnlessWatchedOrAsIs(progress: ((Int, Int) -> Void)? = nil, stale: (KBError) -> Void) throws {
        do {
            _ = try refreshUnlessWatched(progress: progress)
        } catch let error as KBError where error.isIndexWriteFailure && !isBuildingNew {
            stale(error)
        }
    }
}
