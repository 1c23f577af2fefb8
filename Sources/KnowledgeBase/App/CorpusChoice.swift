import Foundation

extension KnowledgeBase {
    /// Opens the knowledge base the way every kb command chooses it: the corpus named, else
    /// `$KB_CORPUS`, else `./corpus`; the index `db`, else the corpus's own. With `db` and no
    /// corpus named, the index's recorded corpus is used (see `init`).
    public static func open(corpus named: String?, db: String?, rebuild: Bool = false) throws -> KnowledgeBase {
        let fallback = ProcessInfo.processInfo.environment["KB_CORPUS"] ?? "corpus"
        return try KnowledgeBase(corpus: URL(fileURLWithPath: named ?? fallback), indexPath: db,
                                 rebuild: rebuild, corpusIsDefault: named == nil)
    }
}

extension KnowledgeBase {
    /// The most results any query returns (`ResultLimit`); a larger limit is read as this many.
    public static var maximumResults: Int { ResultLimit.maximum }

    /// `requested`, no larger than `maximumResults`.
    public static func clampedLimit(_ requested: Int) -> Int { ResultLimit.clamp(requested) }
}
