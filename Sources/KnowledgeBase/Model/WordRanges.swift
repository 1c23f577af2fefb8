/// The runs of letters and digits in UTF-8 text, as byte ranges: the same words
/// `TextNormalizer.words` finds, without a Substring (and its retain) per word. The mention
/// pass scans every note's whole text and looks at only a few of its words.
struct WordRanges {
    struct Word {
        var range: Range<Int>
        /// FNV-1a of the lower-cased bytes, for a word that is all ASCII.
        var asciiHash: UInt64?
    }

    static func scan(_ bytes: UnsafeBufferPointer<UInt8>) -> [Word] {
        var words: [Word] = []
        words.reserveCapacity(bytes.count / 6 + 1)  // about one word per six bytes of prose
        var start = -1
        var hash: UInt64 = 0
        var ascii = true
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            let length: Int
            let isWord: Bool
            if byte < 0x80 {
                length = 1
                isWord = byte &- 0x30 < 10 || byte.isASCIILetter
            } else {
                (length, isWord) = Self.scalar(at: index, in: bytes)
            }
            if isWord {
                if start < 0 { (start, hash, ascii) = (index, FNV1a.offset, true) }
                if byte < 0x80 {
                    hash = FNV1a.step(hash, lowercased(byte))
                } else {
                    ascii = false
                }
            } else if start >= 0 {
                words.append(Word(range: start..<index, asciiHash: ascii ? hash : nil))
                start = -1
            }
            index += length
        }
        if start >= 0 { words.append(Word(range: start..<bytes.count, asciiHash: ascii ? hash : nil)) }
        return words
    }

    /// FNV-1a of a word's lower-cased bytes, as `scan` computes it; nil unless all ASCII.
    static func asciiHash<S: StringProtocol>(_ word: S) -> UInt64? {
        var hash = FNV1a.offset
        for byte in word.utf8 {
            guard byte < 0x80 else { return nil }
            hash = FNV1a.step(hash, lowercased(byte))
        }
        return hash
    }

    /// An ASCII byte in lower case.
    @inline(__always)
    static func lowercased(_ byte: UInt8) -> UInt8 {
        (0x41...0x5A).contains(byte) ? byte | 0x20 : byte
    }

    /// The byte length of the (valid UTF-8) scalar starting at `index`, and whether it is a
    /// letter or digit.
    private static func scalar(at index: Int, in bytes: UnsafeBufferPointer<UInt8>) -> (Int, Bool) {
        let lead = bytes[index]
        let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
        guard length > 1, index + length <= bytes.count else { return (1, false) }
        var value = UInt32(lead) & (0xFF >> (length + 1))
        for offset in 1..<length { value = value << 6 | UInt32(bytes[index + offset] & 0x3F) }
        guard let scalar = Unicode.Scalar(value) else { return (length, false) }
        return (length, scalar.properties.isAlphabetic || scalar.properties.numericType != nil)
    }
}
