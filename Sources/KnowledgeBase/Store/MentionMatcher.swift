/// Finds where a note's text names another note by its title or alias ("… using Route53 …"
/// names the note titled "Route 53"). Word-based, so "Lambda" does not match "Lambdas".
public struct MentionMatcher: Sendable {
    private struct WordPair: Hashable {
        var first: Substring
        var second: Substring
    }

    /// One-word names.
    private var single: [Substring: [Int64]] = [:]
    /// Longer names by their first two words, so a common first word does not make every
    /// position of the text try hundreds of names.
    private var multi: [WordPair: [([Substring], Int64)]] = [:]

    /// Names shorter than this (in letters) are too likely to be ordinary words.
    static let minimumLength = 3

    public init(directory: NoteDirectory) {
        for (id, names) in directory.namesByNote {
            for (kind, key) in names where key.count >= Self.minimumLength {
                switch kind {
                case .joined:
                    // "Route 53" is often written "Route53".
                    single[Substring(key), default: []].append(id)
                case .title, .alias:
                    let words = TextNormalizer.words(key)
                    if words.count == 1 {
                        single[words[0], default: []].append(id)
                    } else if words.count > 1 {
                        multi[WordPair(first: words[0], second: words[1]), default: []].append((words, id))
                    }
                default:
                    continue
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
            var matched = Set<Int64>()
            if index + 1 < words.count, let candidates = multi[WordPair(first: words[index], second: words[index + 1])] {
                for (name, id) in candidates where id != selfId && !matched.contains(id) {
                    guard index + name.count <= words.count,
                          zip(name, words[index..<(index + name.count)]).allSatisfy({ $0 == $1 }) else { continue }
                    matched.insert(id)
                    counts[id, default: 0] += 1
                    longest = max(longest, name.count)
                }
            }
            for id in single[words[index]] ?? [] where id != selfId && !matched.contains(id) {
                matched.insert(id)
                counts[id, default: 0] += 1
            }
            index += longest
        }
        return counts
    }
}
