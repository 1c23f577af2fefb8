import Foundation

/// A card's stored text, written by hand as `JSONEncoder` with sorted keys writes it (slashes
/// escaped too), so texts stored by either compare equal. Every card of every note passes
/// through here on each sync, and JSONEncoder's boxing of each value was most of a sync's cost.
enum CardJSON {
    static func text(of card: StudyCard) -> String {
        var out = "{\"answer\":"
        append(card.answer, to: &out)
        out += ",\"explanation\":"
        append(card.explanation, to: &out)
        out += ",\"key\":"
        append(card.key, to: &out)
        out += ",\"kind\":"
        append(card.kind.rawValue, to: &out)
        out += ",\"links\":"
        append(card.links, to: &out)
        out += ",\"notePath\":"
        append(card.notePath, to: &out)
        out += ",\"noteTitle\":"
        append(card.noteTitle, to: &out)
        out += ",\"options\":["
        for (index, option) in card.options.enumerated() {
            out += index > 0 ? ",{\"correct\":" : "{\"correct\":"
            out += option.correct ? "true" : "false"
            out += ",\"label\":"
            append(option.label, to: &out)
            out += ",\"text\":"
            append(option.text, to: &out)
            out += "}"
        }
        out += "],\"prompt\":"
        append(card.prompt, to: &out)
        out += ",\"tags\":"
        append(card.tags, to: &out)
        return out + "}"
    }

    private static func append(_ strings: [String], to out: inout String) {
        out += "["
        for (index, string) in strings.enumerated() {
            if index > 0 { out += "," }
            append(string, to: &out)
        }
        out += "]"
    }

    /// A JSON string: quote, backslash, slash and control characters escaped.
    private static func append(_ string: String, to out: inout String) {
        out += "\""
        // Most strings need no escape at all.
        guard string.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "/") })
        else {
            out += string
            out += "\""
            return
        }
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "/": out += "\\/"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}
