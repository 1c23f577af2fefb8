/// Small text conventions shared by several writers, kept in one place so the formats agree.
enum ExportText {
    /// Formats an edge weight.
    ///
    /// Weights are usually counts, so whole numbers print without a fraction ("2", not "2.0");
    /// anything else uses Swift's shortest form that reads back to the same `Double`, which is
    /// also valid as an XML Schema `double` and in Python's `float()`.
    static func number(_ value: Double) -> String {
        if value.isFinite, value == value.rounded(), abs(value) < 1e15 {
            return String(Int64(value))
        }
        return "\(value)"
    }

    /// Joins tags into the single string the node-link, GraphML and GEXF exports carry.
    ///
    /// A `;`-separated string rather than a list because GraphML has no list type and networkx
    /// cannot read GEXF list types back. A `;` inside a tag is therefore ambiguous; readers that
    /// need exact tags should use the JSON export's node ids with `kb tags`.
    static func tags(_ tags: [String]) -> String {
        tags.joined(separator: ";")
    }

    /// The text a drawing should show for a node: its label, or its id when the label is empty,
    /// so that no box is left blank.
    static func displayLabel(_ node: GraphNode) -> String {
        node.label.isEmpty ? node.id : node.label
    }

    /// Quotes a label for a drawing format. `replacement` rewrites the characters the format
    /// treats specially; line breaks become `lineBreak` (CRLF counts once), a tab a space, and
    /// other control characters, which no renderer can draw, U+FFFD.
    static func quoted(_ label: String, lineBreak: String, replacement: (Unicode.Scalar) -> String?) -> String {
        var out = "\""
        var previousWasCR = false
        for scalar in label.unicodeScalars {
            defer { previousWasCR = scalar == "\r" }
            if let replaced = replacement(scalar) {
                out += replaced
                continue
            }
            switch scalar {
            case "\r": out += lineBreak
            case "\n": if !previousWasCR { out += lineBreak }
            case "\t": out += " "
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += "\u{FFFD}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
