import Foundation

/// A snippet as plain text with its highlights as ranges: FTS5 marks matches with control
/// characters, and Markdown markup (`**`, `_x_`, `[[link]]`, `[text](url)`, `{{< shortcode >}}`)
/// is taken out, so a JSON consumer can tell a highlight from a note that holds `x**2`.
enum SnippetText {
    /// `marked` with `open`/`close` around matches → the text without markup, and each match
    /// as `[start, end)` offsets in Unicode scalars (a Python string's indexes).
    static func plain(_ marked: String, open: Unicode.Scalar = "\u{2}", close: Unicode.Scalar = "\u{3}") -> (text: String, highlights: [[Int]]) {
        let cleaned = stripMarkup(marked)
        var text = String.UnicodeScalarView()
        var highlights: [[Int]] = []
        var start: Int?
        var count = 0
        for scalar in cleaned.unicodeScalars {
            if scalar == open {
                start = count
            } else if scalar == close {
                if let begin = start, count > begin { highlights.append([begin, count]) }
                start = nil
            } else {
                text.append(scalar == "\n" ? " " : scalar)
                count += 1
            }
        }
        return (String(text), highlights)
    }

    /// Each rule keeps its first group (the visible text) and drops the markup around it; a
    /// rule runs only when its trigger is in the text, as most snippets hold no markup.
    private static let rules: [(trigger: String, rule: NSRegularExpression, template: String)] = [
        ("{{", #"\{\{[<%].*?[>%]\}\}"#, ""),                        // Hugo shortcodes
        ("[[", #"!?\[\[(?:[^\]|]*\|)?([^\]]*)\]\]"#, "$1"),          // [[target|label]] → label
        ("](", #"!?\[([^\]]*)\]\([^)]*\)"#, "$1"),                  // [text](url) → text
        ("**", #"\*\*(?=\S)(.+?)\*\*"#, "$1"),
        ("__", #"__(?=\S)(.+?)__"#, "$1"),
        ("*", #"(?<![\w*])\*(?=[^\s*])(.+?)\*(?![\w*])"#, "$1"),
        ("_", #"(?<![\w_])_(?=[^\s_])(.+?)_(?![\w_])"#, "$1"),
        ("`", #"`([^`]*)`"#, "$1"),
    ].compactMap { trigger, pattern, template in
        (try? NSRegularExpression(pattern: pattern)).map { (trigger, $0, template) }
    }

    static func stripMarkup(_ text: String) -> String {
        guard text.contains(where: { "*_[`{".contains($0) }) else { return text }
        var result = text
        for (trigger, rule, template) in rules where result.contains(trigger) {
            result = rule.stringByReplacingMatches(in: result, range: NSRange(result.startIndex..., in: result), withTemplate: template)
        }
        return result
    }
}
