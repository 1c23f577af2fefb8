/// Finds where a note's text names another note by its title or alias ("… using Route53 …"
/// names the note titled "Route 53"). Word-based, so "Lambda" does not match "Lambdas".
///
/// Most words of a text start no name, so words are first compared by a hash of their
/// lower-cased bytes (`WordRanges`) and only possible matches become Strings. Names made of
/// ASCII words are looked up by a hash of their whole word sequence, so the work per position
/// does not grow with the number of names sharing a first word. Names with other characters
/// are looked up by String, since a byte hash could miss a differently composed equal word.
struct MentionMatcher: Sendable {
    private struct WordPair: Hashable {
        var first: Substring
        var second: Substring
    }

    /// What an ASCII word can start, found with one look-up at nearly every word of a text.
    private struct Starts: OptionSet {
        let rawValue: UInt8
        /// Some name: a position starting with no name's first word is skipped at once.
        static let name = Starts(rawValue: 1)
        /// A one-word name.
        static let single = Starts(rawValue: 2)
        /// A name of two or more words that is looked up by String (see `otherNames`).
        static let other = Starts(rawValue: 4)
    }

    /// One-word names.
    private var single: [Substring: [Int64]] = [:]
    /// What each ASCII word can start, by its byte hash.
    private var starts = HashKeyed<Starts>()
    /// ASCII names of two or more words, by the hash of their word sequence.
    private var asciiNames = HashKeyed<[([Substring], Int64)]>()
    /// The word counts of those names, by the hash of their first two words: bit n set for a
    /// name of n words. A bit set, not an array, so that the look-up at nearly every word of
    /// every text retains nothing.
    private var asciiLengths = HashKeyed<UInt64>()
    /// The same first-two-word hashes as a bit set small enough for the nearest caches:
    /// where a name's first word is a common one, most of its pairs in a text start no name,
    /// and the table above, read at random, missed the cache nearly every time.
    private var pairFilter = BitFilter()
    /// Other names of two or more words, by their first two words.
    private var otherNames: [WordPair: [([Substring], Int64)]] = [:]

    /// Names shorter than this (in letters) are too likely to be ordinary words.
    static let minimumLength = 3

    init(directory: NoteDirectory) {
        for (id, names) in directory.namesByNote {
            for (kind, key) in names where key.count >= Self.minimumLength {
                switch kind {
                case .joined:
                    // "Route 53" is often written "Route53".
                    addSingle(Substring(key), id)
                case .title, .alias:
                    let words = TextNormalizer.words(key)
                    if words.count == 1 { addSingle(words[0], id) } else if words.count > 1 { addMulti(words, id) }
                default:
                    continue
                }
            }
        }
    }

    private mutating func addSingle(_ word: Substring, _ id: Int64) {
        single[word, default: []].append(id)
        if let hash = WordRanges.asciiHash(word) { mark(hash, [.name, .single]) }
    }

    private mutating func addMulti(_ words: [Substring], _ id: Int64) {
        let first = WordRanges.asciiHash(words[0])
        if let first { mark(first, .name) }
        let hashes = words.compactMap { WordRanges.asciiHash($0) }
        // A name too long for the bit set of lengths is looked up by String, as the rest are.
        if hashes.count == words.count, words.count < UInt64.bitWidth {
            let sequence = Self.sequence(hashes[...])
            asciiNames[sequence] = (asciiNames[sequence] ?? []) + [(words, id)]
            let pair = Self.sequence(hashes[..<2])
            asciiLengths[pair] = (asciiLengths[pair] ?? 0) | 1 << UInt64(words.count)
            pairFilter.insert(pair)
        } else {
            otherNames[WordPair(first: words[0], second: words[1]), default: []].append((words, id))
            if let first { mark(first, .other) }
        }
    }

    private mutating func mark(_ hash: UInt64, _ kinds: Starts) {
        starts[hash] = (starts[hash] ?? []).union(kinds)
    }

    /// How many times each other note is named in `text`.
    func mentions(in text: String, excluding selfId: Int64) -> [Int64: Int] {
        var text = text
        return text.withUTF8 { bytes in
            let found = WordRanges.scan(bytes)
            // Made afresh each time, not kept: few words are ever made, and an array to keep
            // them in, one slot per word of every text, cost more than making them twice.
            func word(_ index: Int) -> Substring {
                let raw = UnsafeBufferPointer(rebasing: bytes[found[index].range])
                // An ASCII word is lower-cased byte by byte; short ones then need no allocation.
                return Substring(found[index].asciiHash == nil
                    ? String(decoding: raw, as: UTF8.self).lowercased()
                    : String(unsafeUninitializedCapacity: raw.count) { buffer in
                        for (offset, byte) in raw.enumerated() { buffer[offset] = byte.asciiLowercased }
                        return raw.count
                    })
            }
            func wordsMatch(_ name: [Substring], at index: Int) -> Bool {
                index + name.count <= found.count && name.indices.allSatisfy { name[$0] == word(index + $0) }
            }

            var counts: [Int64: Int] = [:]
            var index = 0
            while index < found.count {
                let hash = found[index].asciiHash
                let kinds = hash.map { starts[$0] ?? [] }
                if let kinds, kinds.isEmpty {
                    index += 1
                    continue
                }
                var longest = 1
                var matched = Set<Int64>()
                func count(_ id: Int64, length: Int) {
                    guard id != selfId, matched.insert(id).inserted else { return }
                    counts[id, default: 0] += 1
                    longest = max(longest, length)
                }
                if let hash, index + 1 < found.count, let next = found[index + 1].asciiHash,
                   case let pair = Self.combine(hash, next), pairFilter.mayContain(pair),
                   var lengths = asciiLengths[pair] {
                    // Each length a name starting with these two words has, shortest first.
                    while lengths != 0 {
                        let length = lengths.trailingZeroBitCount
                        lengths &= lengths - 1
                        guard index + length <= found.count else { break }
                        guard let sequence = Self.sequence(of: found, from: index, count: length),
                              let names = asciiNames[sequence] else { continue }
                        for (name, id) in names where wordsMatch(name, at: index) { count(id, length: name.count) }
                    }
                }
                if index + 1 < found.count, !otherNames.isEmpty, kinds?.contains(.other) ?? true,
                   let names = otherNames[WordPair(first: word(index), second: word(index + 1))] {
                    for (name, id) in names where wordsMatch(name, at: index) { count(id, length: name.count) }
                }
                if kinds?.contains(.single) ?? true {
                    for id in single[word(index)] ?? [] { count(id, length: 1) }
                }
                index += longest
            }
            return counts
        }
    }

    /// One hash for a run of word hashes.
    private static func sequence(_ hashes: ArraySlice<UInt64>) -> UInt64 {
        hashes.dropFirst().reduce(hashes.first ?? 0, combine)
    }

    /// The same hash for `count` words of a text from `start`; nil when one of them is not ASCII.
    private static func sequence(of words: [WordRanges.Word], from start: Int, count: Int) -> UInt64? {
        guard var result = words[start].asciiHash else { return nil }
        for index in (start + 1)..<(start + count) {
            guard let hash = words[index].asciiHash else { return nil }
            result = combine(result, hash)
        }
        return result
    }

    private static func combine(_ sequence: UInt64, _ next: UInt64) -> UInt64 {
        (sequence ^ 0x9E37_79B9_7F4A_7C15) &* FNV1a.prime ^ next
    }
}

/// A set of word hashes that may answer yes wrongly but never no wrongly: 32 KB of bits,
/// picked by a hash's top bits (`HashKeyed` places keys by the low ones).
struct BitFilter: Sendable {
    private static let bitWidth = 18
    private var words = [UInt64](repeating: 0, count: (1 << bitWidth) / 64)

    private static func bit(_ hash: UInt64) -> Int { Int(truncatingIfNeeded: hash >> (64 - bitWidth)) }

    mutating func insert(_ hash: UInt64) {
        let bit = Self.bit(hash)
        words[bit >> 6] |= 1 << UInt64(bit & 63)
    }

    func mayContain(_ hash: UInt64) -> Bool {
        let bit = Self.bit(hash)
        return words[bit >> 6] & (1 << UInt64(bit & 63)) != 0
    }
}

/// A map keyed by word hashes (FNV-1a, already well mixed), with open addressing and no second
/// hash: the mention pass looks up nearly every word of every note, and `Set<UInt64>`'s
/// SipHash was a third of that work.
struct HashKeyed<Value> {
    /// A key and its value side by side, so a probe reads one cache line, not one per array:
    /// the tables of a large corpus do not fit in the CPU's nearer caches.
    fileprivate struct Entry {
        var key: UInt64
        var value: Value?
    }

    private var entries = [Entry](repeating: Entry(key: 0, value: nil), count: 16)
    /// The key 0 marks an empty slot, so a real 0 lives here.
    private var zero: Value?
    private var count = 0

    subscript(key: UInt64) -> Value? {
        get {
            if key == 0 { return zero }
            let mask = entries.count - 1
            var slot = Int(truncatingIfNeeded: key) & mask
            while entries[slot].key != 0 {
                if entries[slot].key == key { return entries[slot].value }
                slot = (slot + 1) & mask
            }
            return nil
        }
        set {
            if key == 0 { return zero = newValue }
            precondition(newValue != nil, "HashKeyed does not remove keys")
            if (count + 1) * 2 > entries.count { grow() }
            let mask = entries.count - 1
            var slot = Int(truncatingIfNeeded: key) & mask
            while entries[slot].key != 0, entries[slot].key != key { slot = (slot + 1) & mask }
            if entries[slot].key == 0 { count += 1 }
            entries[slot] = Entry(key: key, value: newValue)
        }
    }

    private mutating func grow() {
        let old = entries.filter { $0.key != 0 }
        entries = [Entry](repeating: Entry(key: 0, value: nil), count: entries.count * 2)
        count = 0
        for entry in old { self[entry.key] = entry.value }
    }
}

extension HashKeyed: Sendable where Value: Sendable {}
extension HashKeyed.Entry: Sendable where Value: Sendable {}
