/// Writes the edges as an RFC 4180 CSV edge list with the header `source,target,kind,weight`.
///
/// One row per edge in snapshot order; nodes without edges do not appear (use the JSON,
/// GraphML or GEXF export when isolated nodes matter). Lines end in LF rather than the RFC's
/// CRLF, since the usual consumers (shell tools, Python's csv, pandas, spreadsheets) take LF
/// and shell tools would otherwise see a stray CR on every last field.
enum CSVEdgeListWriter {
    static let header = "source,target,kind,weight"

    /// Renders the edge list, header first, every line ending in a newline.
    static func render(_ graph: GraphSnapshot) -> String {
        var out = header + "\n"
        for edge in graph.edges {
            let fields = [edge.source, edge.target, edge.kind.rawValue, ExportText.number(edge.weight)]
            out += fields.map(field).joined(separator: ",") + "\n"
        }
        return out
    }

    /// Quotes a field when RFC 4180 requires it (a comma, quote or line break inside),
    /// doubling embedded quotes; other fields are written bare.
    static func field(_ value: String) -> String {
        let needsQuotes = value.unicodeScalars.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }
        guard needsQuotes else { return value }
        var quoted = "\""
        for scalar in value.unicodeScalars {
            if scalar == "\"" { quoted += "\"" }
            quoted.unicodeScalars.append(scalar)
        }
        return quoted + "\""
    }
}
