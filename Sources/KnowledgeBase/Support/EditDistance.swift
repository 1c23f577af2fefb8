/// Levenshtein distance, giving up once it must exceed `limit` (then the result is only known
/// to be above it). `package`, so the REPL's command suggestions use the same one.
package enum EditDistance {
    package static func between(_ a: String, _ b: String, limit: Int = .max) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var previous = Array(0...b.count)
        var current = Array(repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            var rowBest = current[0]
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                rowBest = min(rowBest, current[j])
            }
            if rowBest > limit { return rowBest }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
