/// Finds where a note's text names another note by its title or alias ("… using Route53 …"
/// names the note titled "Route 53"). Word-based, so "Lambda" does not match "Lambdas".
public struct MentionMatcher: Sendable {
    /// Names by their first word: (all words, the note) pairs.
    private var byFirstWord: [Substring: [([Substring], Int64)]] = [:]

    /// Names shorter than this (in letters) are too likely to be ordinary words.
    static let minimumLength = 3

    public init(directory: NoteDirectory) {
        for (id, names) in directory.namesByNote {
            for (kind, key) in names where kind == .title || kind == .alias {
                let words = TextNormalizer.words(key)
                guard let first = words.first, key.count >= Self.minimumLength else { continue }
                byFirstWord[first, default: []].append((words, id))
                // "Route 53" is often written "Route53".
                if words.count > 1 {
                    let joined = Substring(words.joined())
                    byFirstWord[joined, default: []].append(([joined], id))
                }
            }
        }
    }

    /// How many times each other note is named in `text`.
    public func mentions(in text: String, excluding selfId: Int64) -> [Int64: Int] {
        let words = TextNormalizer.words(text.lowercased())
        var counts: [Int64: Int] = [:]
        var index = 0
        while index < words.count {
            var longest = 1
            if let candidates = byFirstWord[words[index]] {
                var matched = Set<Int64>()
                for (name, id) in candidates where id != selfId && !matched.contains(id) {
                    guard index + name.count <= words.count,
                          zip(name, words[index..<(index + name.count)]).allSatisfy({ $0 == $1 }) else { continue }
                    matched.insert(id)
                    counts[id, default: 0] += 1
                    longest = max(longest, name.count)
                }
            }
            index += longest
        }
        return counts
    }
}
