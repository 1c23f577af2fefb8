/// Writes Graphviz DOT: `digraph kb { … }`, laid out left to right.
///
/// Node ids are the snapshot's ids in double quotes; every node gets an explicit label and a
/// shape by kind, and edges a style by kind, so the drawing reads without a legend:
///
/// | node    | shape              | edge    | style          |
/// |---------|--------------------|---------|----------------|
/// | note    | note (folded box)  | link    | solid          |
/// | term    | ellipse            | mention | dashed         |
/// | tag     | hexagon            | tag     | dotted         |
/// | missing | dashed red box     | defines | grey           |
/// |         |                    | broken  | red            |
enum DOTWriter {
    /// Renders `graph` as DOT source, ending in a newline.
    static func render(_ graph: GraphSnapshot) -> String {
        var out = "digraph kb {\n"
        out += "  rankdir=LR;\n"
        for node in graph.nodes {
            out += "  \(quotedID(node.id)) [label=\(quotedLabel(ExportText.displayLabel(node))), \(nodeStyle(node.kind))];\n"
        }
        for edge in graph.edges {
            out += "  \(quotedID(edge.source)) -> \(quotedID(edge.target))"
            if let style = edgeStyle(edge.kind) {
                out += " [\(style)]"
            }
            out += ";\n"
        }
        out += "}\n"
        return out
    }

    static func nodeStyle(_ kind: GraphNode.Kind) -> String {
        switch kind {
        case .note: "shape=note"
        case .term: "shape=ellipse"
        case .tag: "shape=hexagon"
        case .missing: "shape=box, style=dashed, color=red, fontcolor=red"
        }
    }

    /// `nil` for plain links, which keep Graphviz's default solid arrow.
    static func edgeStyle(_ kind: GraphEdge.Kind) -> String? {
        switch kind {
        case .link: nil
        case .mention: "style=dashed"
        case .tag: "style=dotted"
        case .defines: "color=gray40"
        case .broken: "color=red"
        }
    }

    /// Quotes a node id.
    ///
    /// Inside a DOT string only `\"` is an escape; any other backslash is kept as it is, so a
    /// lone trailing backslash would swallow the closing quote. Doubling every backslash and
    /// spelling line breaks and controls as backslash sequences makes the quoted form
    /// unambiguous and injective: two different ids never become the same Graphviz name.
    static func quotedID(_ id: String) -> String {
        var out = "\""
        for scalar in id.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    // Always two digits, so "\u{1}F" and "\u{1F}" stay apart.
                    let hex = String(scalar.value, radix: 16, uppercase: true)
                    out += "\\x" + (hex.count < 2 ? "0" + hex : hex)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// Quotes a label so that Graphviz draws exactly `label`.
    ///
    /// Labels go through two more decoders than ids: escape sequences (`\n` breaks a line,
    /// `\N` stands for the node name, `\\` is a backslash) and HTML entities (`&amp;` draws
    /// `&`). So backslashes are doubled, ampersands become `&amp;`, line breaks become `\n`,
    /// and other control characters, which no renderer can draw, become U+FFFD.
    static func quotedLabel(_ label: String) -> String {
        ExportText.quoted(label, lineBreak: "\\n") { scalar in
            switch scalar {
            case "\\": return "\\\\"
            case "\"": return "\\\""
            case "&": return "&amp;"
            default: return nil
            }
        }
    }
}
