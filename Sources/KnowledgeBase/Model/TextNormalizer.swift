import Foundation

/// One place that decides when two names are "the same" (tags, terms, titles, wikilinks):
/// Unicode NFC, case-folded, diacritics kept, runs of white space collapsed.
public enum TextNormalizer {
    /// The matching key of a name: NFC, lower-cased, trimmed, single spaces.
    public static func key(_ text: String) -> String {
        // ASCII needs no Unicode normalisation, and most names are ASCII: the fast path
        // skips Foundation's NFC (a bridge to NSString) and lower-cases bytes directly.
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            var out: [UInt8] = []
            out.reserveCapacity(text.utf8.count)
            var pendingSpace = false
            for byte in text.utf8 {
                if byte == 0x20 || (0x09...0x0D).contains(byte) {
                    pendingSpace = !out.isEmpty
                } else {
                    if pendingSpace { out.append(0x20); pendingSpace = false }
                    out.append((0x41...0x5A).contains(byte) ? byte + 0x20 : byte)
                }
            }
            return String(decoding: out, as: UTF8.self)
        }
        let folded = text.precomposedStringWithCanonicalMapping.lowercased()
        return folded.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// Runs of letters and digits in a text. Used for mentions (over every note's whole text)
    /// and query words, so it walks Unicode scalars with an ASCII fast path instead of
    /// splitting Characters, which was the indexer's hot spot.
    public static func words(_ text: String) -> [Substring] {
        var out: [Substring] = []
        let scalars = text.unicodeScalars
        var start: String.Index?
        var index = scalars.startIndex
        while index < scalars.endIndex {
            let scalar = scalars[index]
            let isWord: Bool
            switch scalar.value {
            case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: isWord = true
            case 0..<0x80: isWord = false
            default: isWord = scalar.properties.isAlphabetic || scalar.properties.numericType != nil
            }
            if isWord {
                if start == nil { start = index }
            } else if let wordStart = start {
                out.append(text[wordStart..<index])
                start = nil
            }
            index = scalars.index(after: index)
        }
        if let wordStart = start { out.append(text[wordStart..<scalars.endIndex]) }
        return out
    }

    /// GitHub's heading anchor: lower-case, punctuation dropped, spaces to hyphens.
    public static func anchor(_ heading: String) -> String {
        var out = ""
        for ch in heading.lowercased() {
            if ch.isLetter || ch.isNumber || ch == "-" || ch == "_" {
                out.append(ch)
            } else if ch == " " {
                out.append("-")
            }
        }
        return out
    }
}
