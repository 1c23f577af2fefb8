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
        asciiWordBytes.withUnsafeBufferPointer { table in
            var index = 0
            while index < bytes.count {
                // Up to the next word's first byte.
                let first = bytes[index]
                if first < 0x80 {
                    if table[Int(first)] == 0 { index += 1; continue }
                } else {
                    let (length, isWord) = Self.scalar(at: index, in: bytes)
                    if !isWord { index += length; continue }
                }
                // Then to its end, hashing its ASCII bytes as they go by.
                let start = index
                var hash = FNV1a.offset
                var ascii = true
                while index < bytes.count {
                    let byte = bytes[index]
                    if byte < 0x80 {
                        let folded = table[Int(byte)]
                        if folded == 0 { break }
                        hash = FNV1a.step(hash, folded)
                        index += 1
                    } else {
                        let (length, isWord) = Self.scalar(at: index, in: bytes)
                        if !isWord { break }
                        ascii = false
                        index += length
                    }
                }
                words.append(Word(range: start..<index, asciiHash: ascii ? hash : nil))
            }
        }
        return words
    }

    /// For each ASCII byte, the byte lower-cased if it is a letter or digit, else 0: one look-up
    /// per byte instead of three range tests, in the loop every note's whole text goes through.
    private static let asciiWordBytes: [UInt8] = (0..<128).map { value in
        let byte = UInt8(value)
        return byte.isASCIIDigit || byte.isASCIILetter ? byte.asciiLowercased : 0
    }

    /// FNV-1a of a word's lower-cased bytes, as `scan` computes it; nil unless all ASCII.
    static func asciiHash<S: StringProtocol>(_ word: S) -> UInt64? {
        var hash = FNV1a.offset
        for byte in word.utf8 {
            guard byte < 0x80 else { return nil }
            hash = FNV1a.step(hash, byte.asciiLowercased)
        }
        return hash
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
