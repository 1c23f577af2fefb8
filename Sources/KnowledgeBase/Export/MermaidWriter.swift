/// Writes a Mermaid flowchart (`graph LR`) for Markdown renderers such as GitHub's.
///
/// Mermaid ids are bare words with reserved spellings (`end`, `graph`, …), so nodes are named
/// `n0`, `n1`, … in snapshot order and the real text lives in a quoted label. Shapes and
/// arrows follow the node and edge kinds:
///
/// - notes `n0["…"]`, terms `n1("…")`, tags `n2{{"…"}}`, missing targets `n3["…"]:::missing`;
/// - links `-->`, mentions `-.->`, tags and definitions `---`, broken links `--x` drawn red.
enum MermaidWriter {
    /// Renders `graph` as Mermaid source, ending in a newline.
    static func render(_ graph: GraphSnapshot) -> String {
        var mermaidID: [String: String] = [:]
        mermaidID.reserveCapacity(graph.nodes.count)
        var out = "graph LR\n"
        for (index, node) in graph.nodes.enumerated() {
            let id = "n\(index)"
            mermaidID[node.id] = id
            out += "  \(id)\(shape(node.kind, quotedLabel(ExportText.displayLabel(node))))\n"
        }
        var brokenEdges: [Int] = []
        for (index, edge) in graph.edges.enumerated() {
            // The exporter validated the snapshot, so both ends have ids.
            let source = mermaidID[edge.source] ?? edge.source
            let target = mermaidID[edge.target] ?? edge.target
            out += "  \(source) \(arrow(edge.kind)) \(target)\n"
            if edge.kind == .broken { brokenEdges.append(index) }
        }
        // Styling lines only when needed, so small graphs stay plain.
        if graph.nodes.contains(where: { $0.kind == .missing }) {
            out += "  classDef missing stroke:#c00,color:#c00,stroke-dasharray:4 4\n"
        }
        if !brokenEdges.isEmpty {
            // linkStyle counts edges in declaration order, which is the snapshot's order.
            out += "  linkStyle \(brokenEdges.map(String.init).joined(separator: ",")) stroke:#c00\n"
        }
        return out
    }

    static func shape(_ kind: GraphNode.Kind, _ label: String) -> String {
        switch kind {
        case .note: "[\(label)]"
        case .term: "(\(label))"
        case .tag: "{{\(label)}}"
        case .missing: "[\(label)]:::missing"
        }
    }

    static func arrow(_ kind: GraphEdge.Kind) -> String {
        switch kind {
        case .link: "-->"
        case .mention: "-.->"
        case .tag, .defines: "---"
        case .broken: "--x"
        }
    }

    /// Quotes a label for Mermaid.
    ///
    /// Inside quotes Mermaid reads `#name;` and `#123;` as entity codes, and the label is
    /// rendered as HTML. So `"` becomes `#quot;` (a backslash does not escape it), the HTML
    /// specials and `#` itself become entity codes (a literal `#quot;` in a title stays
    /// literal), a backtick becomes `#96;` (a leading one would start a Markdown string), a
    /// backslash `#92;` (so a trailing one cannot be taken for an escape of the closing quote),
    /// and line breaks become `<br>`, because a raw newline ends the statement.
    static func quotedLabel(_ label: String) -> String {
        ExportText.quoted(label, lineBreak: "<br>") { scalar in
            switch scalar {
            case "\"": return "#quot;"
            case "#": return "#35;"
            case "&": return "#amp;"
            case "<": return "#lt;"
            case ">": return "#gt;"
            case "`": return "#96;"
            case "\\": return "#92;"
            default: return nil
            }
        }
    }
}
