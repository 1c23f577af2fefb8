import Foundation

/// Splits one line typed at the `kb repl` prompt into words, the way a user expects from a
/// shell but without a shell's surprises: whitespace separates words, double quotes keep a
/// phrase together (`define "edge location"` → `define`, `edge location`), and a backslash
/// escapes only `"` and `\`.
///
/// Single quotes are ordinary characters on purpose: notes and terms are prose, and an
/// apostrophe (`what's`) must not open a quote that swallows the rest of the line.
/// The splitter never fails: an unclosed quote runs to the end of the line, which is what the
/// user meant while still typing, and it is what Tab completion needs to see.
public enum CommandLineSplitter {
    /// One word of a line.
    public struct Word: Sendable, Equatable {
        /// The word with quotes and escapes removed.
        public var text: String
        /// Whether any part of it was inside double quotes (so `""` is a real, empty word).
        public var quoted: Bool
        /// False when the line ended inside this word's quotes.
        public var closed: Bool

        public init(text: String, quoted: Bool = false, closed: Bool = true) {
            self.text = text
            self.quoted = quoted
            self.closed = closed
        }
    }

    /// The words of `line`, quotes removed: `open "Elastic Beanstalk"` → `["open", "Elastic Beanstalk"]`.
    public static func split(_ line: String) -> [String] {
        words(in: line).map(\.text)
    }

    /// The words of `line` with how each was quoted; the last one may be unclosed.
    public static func words(in line: String) -> [Word] {
        var words: [Word] = []
        var current = ""
        var inWord = false
        var quoted = false
        var inQuotes = false
        var escaping = false

        func finish() {
            if inWord { words.append(Word(text: current, quoted: quoted, closed: !inQuotes)) }
            current = ""
            inWord = false
            quoted = false
        }

        for character in line {
            if escaping {
                // Only `"` and `\` are escapable; elsewhere the backslash stays, so Windows-like
                // paths and regex-looking search text arrive unchanged.
                if character != "\"", character != "\\" { current.append("\\") }
                current.append(character)
                escaping = false
                continue
            }
            switch character {
            case "\\":
                escaping = true
                inWord = true
            case "\"":
                inQuotes.toggle()
                inWord = true
                quoted = true
            case _ where character.isWhitespace && !inQuotes:
                finish()
            default:
                current.append(character)
                inWord = true
            }
        }
        if escaping { current.append("\\") }
        finish()
        return words
    }

    /// Whether `line` ends inside an open double quote (Tab completion then completes a phrase).
    public static func endsInsideQuotes(_ line: String) -> Bool {
        words(in: line).last.map { !$0.closed } ?? false
    }

    /// `word` as it must be typed to come back as one word: quoted when it holds whitespace,
    /// quotes or backslashes, as is otherwise.
    public static func quoted(_ word: String) -> String {
        guard word.isEmpty || word.contains(where: { $0.isWhitespace || $0 == "\"" || $0 == "\\" }) else { return word }
        let escaped = word.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return "\"" + escaped + "\""
    }
}
