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
    /// Hashes of the bytes of every ASCII word a name starts with. Most words of a text start
    /// no name; this rejects them without hashing them as Strings (which normalises Unicode
    /// and was most of the mention pass). Non-ASCII words skip it, as a byte hash could miss
    /// a differently composed but equal word.
    private var asciiStarts = Set<UInt64>()

    /// Names shorter than this (in letters) are too likely to be ordinary words.
    static let minimumLength = 3

    public init(directory: NoteDirectory) {
        for (id, names) in directory.namesByNote {
            for (kind, key) in names where key.count >= Self.minimumLength {
                switch kind {
                case .joined:
                    // "Route 53" is often written "Route53".
                    single[Substring(key), default: []].append(id)
                    if let hash = WordRanges.asciiHash(key) { asciiStarts.insert(hash) }
                case .title, .alias:
                    let words = TextNormalizer.words(key)
                    if words.count == 1 {
                        single[words[0], default: []].append(id)
                    } else if words.count > 1 {
                        multi[WordPair(first: words[0], second: words[1]), default: []].append((words, id))
                    }
                    if let first = words.first, let hash = WordRanges.asciiHash(first) { asciiStarts.insert(hash) }
                default:
                    continue
                }
            }
        }
    }

    /// How many times each other note is named in `text`. Words are found as byte ranges and
    /// only those that may start a name become (lower-cased) Strings.
    public func mentions(in text: String, excluding selfId: Int64) -> [Int64: Int] {
        var text = text
        return text.withUTF8 { bytes in
            let found = WordRanges.scan(bytes)
            var made = [Substring?](repeating: nil, count: found.count)
            func word(_ index: Int) -> Substring {
                if let word = made[index] { return word }
                let raw = UnsafeBufferPointer(rebasing: bytes[found[index].range])
                // An ASCII word is lower-cased byte by byte; short ones then need no allocation.
                let word = Substring(found[index].asciiHash == nil
                    ? String(decoding: raw, as: UTF8.self).lowercased()
                    : String(unsafeUninitializedCapacity: raw.count) { buffer in
                        for (offset, byte) in raw.enumerated() { buffer[offset] = (0x41...0x5A).contains(byte) ? byte | 0x20 : byte }
                        return raw.count
                    })
                made[index] = word
                return word
            }
            var counts: [Int64: Int] = [:]
            var index = 0
            while index < found.count {
                if let hash = found[index].asciiHash, !asciiStarts.contains(hash) {
                    index += 1
                    continue
                }
                var longest = 1
                var matched = Set<Int64>()
                if index + 1 < found.count, let candidates = multi[WordPair(first: word(index), second: word(index + 1))] {
                    for (name, id) in candidates where id != selfId && !matched.contains(id) {
                        guard index + name.count <= found.count,
                              name.indices.allSatisfy({ name[$0] == word(index + $0) }) else { continue }
                        matched.insert(id)
                        counts[id, default: 0] += 1
                        longest = max(longest, name.count)
                    }
                }
                for id in single[word(index)] ?? [] where id != selfId && !matched.contains(id) {
                    matched.insert(id)
                    counts[id, default: 0] += 1
                }
                index += longest
            }
            return counts
        }
    }
}
