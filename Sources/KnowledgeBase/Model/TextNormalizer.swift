import Foundation

/// One place that decides when two names are "the same" (tags, terms, titles, wikilinks):
/// Unicode NFC, case-folded, diacritics kept, runs of white space collapsed.
package enum TextNormalizer {
    /// The matching key of a name: NFC, lower-cased, trimmed, single spaces.
    package static func key(_ text: String) -> String {
        // ASCII needs no Unicode normalisation, and most names are ASCII: the fast path
        // skips Foundation's NFC (a bridge to NSString) and lower-cases bytes directly.
        // The key is written straight into the new string (never longer than the text).
        if text.isAllASCII {
            return String(unsafeUninitializedCapacity: text.utf8.count) { out in
                var count = 0
                var pendingSpace = false
                for byte in text.utf8 {
                    if byte.isASCIIWhitespace {
                        pendingSpace = count > 0
                    } else {
                        if pendingSpace { out[count] = 0x20; count += 1; pendingSpace = false }
                        out[count] = byte.asciiLowercased
                        count += 1
                    }
                }
                return count
            }
        }
        let folded = text.precomposedStringWithCanonicalMapping.lowercased()
        return folded.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// Runs of letters and digits in a text, as `WordRanges` finds them in its bytes: one
    /// definition of a word for mentions (over every note's whole text) and query words.
    static func words(_ text: String) -> [Substring] {
        var bytes = text
        let ranges = bytes.withUTF8 { WordRanges.scan($0).map(\.range) }
        let utf8 = text.utf8
        return ranges.map { range in
            text[utf8.index(utf8.startIndex, offsetBy: range.lowerBound)..<utf8.index(utf8.startIndex, offsetBy: range.upperBound)]
        }
    }

    /// GitHub's heading anchor: lower-case, punctuation dropped, spaces to hyphens.
    package static func anchor(_ heading: String) -> String {
        // ASCII headings (most) are done byte by byte; the Character path segments graphemes.
        if heading.isAllASCII {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(heading.utf8.count)
            for byte in heading.utf8 {
                switch byte {
                case UInt8(ascii: "A")...UInt8(ascii: "Z"): bytes.append(byte | 0x20)
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"):
                    bytes.append(byte)
                case UInt8(ascii: " "): bytes.append(UInt8(ascii: "-"))
                default: break
                }
            }
            return String(decoding: bytes, as: UTF8.self)
        }
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
