/// The largest number of results any query returns. A `--limit` beyond it is read as this
/// many: ranking multiplies the limit to size its pool of candidates, and a limit near
/// `Int.max` overflowed.
enum ResultLimit {
    static let maximum = 10_000

    /// `requested`, no larger than `maximum`.
    static func clamp(_ requested: Int) -> Int { min(requested, maximum) }
}
