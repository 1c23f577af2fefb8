import Foundation

/// One place that decides when two names are "the same" (tags, terms, titles, wikilinks):
/// Unicode NFC, case-folded, diacritics kept, runs of white space collapsed.
public enum TextNormalizer {
    /// The matching key of a name: NFC, lower-cased, trimmed, single spaces.
    public static func key(_ text: String) -> String {
        let folded = text.precomposedStringWithCanonicalMapping.lowercased()
        return folded.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// Words of a text, lower-cased: letters and digits only. Used for mentions and acronyms.
    public static func words(_ text: String) -> [Substring] {
        text.split(whereSeparator: { !($0.isLetter || $0.isNumber) })
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
