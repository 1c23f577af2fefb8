/// Escaping for the XML formats (GraphML, GEXF).
///
/// Besides the five markup characters this handles what plain entity escaping misses:
/// characters XML 1.0 cannot carry at all (most C0 controls, U+FFFE, U+FFFF) become U+FFFD,
/// and in attribute values tabs and line breaks become character references, because XML
/// attribute-value normalisation would otherwise turn them into spaces.
enum XMLEscaping {
    /// Escapes `text` for use between tags.
    static func text(_ text: String) -> String {
        escape(text, inAttribute: false)
    }

    /// Escapes `text` for use inside a double- or single-quoted attribute value.
    static func attribute(_ text: String) -> String {
        escape(text, inAttribute: true)
    }

    private static func escape(_ text: String, inAttribute: Bool) -> String {
        var out = ""
        out.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"  // always, so "]]>" can never appear in text
            case "\"" where inAttribute: out += "&quot;"
            case "'" where inAttribute: out += "&apos;"
            case "\n" where inAttribute: out += "&#10;"
            case "\t" where inAttribute: out += "&#9;"
            // Parsers turn a raw CR (or CRLF) into LF even in text; a reference keeps it.
            case "\r": out += "&#13;"
            default:
                out.unicodeScalars.append(isAllowed(scalar) ? scalar : "\u{FFFD}")
            }
        }
        return out
    }

    /// XML 1.0 `Char`: tab, LF, CR and everything from U+0020 except U+FFFE and U+FFFF
    /// (Swift scalars are never surrogates).
    private static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x9, 0xA, 0xD: true
        case 0x20...0xFFFD, 0x10000...0x10FFFF: true
        default: false
        }
    }
}
