/// The text formats `kb export` can write a ``GraphSnapshot`` in.
///
/// The raw values are the names users type after `--format`.
public enum ExportFormat: String, CaseIterable, Sendable {
    /// networkx node-link JSON (a directed multigraph).
    case json
    /// Graphviz DOT source.
    case dot
    /// GraphML with typed attribute keys (networkx, yEd, Gephi).
    case graphml
    /// GEXF 1.3 (Gephi, networkx).
    case gexf
    /// A Mermaid flowchart (`graph LR`), for Markdown renderers.
    case mermaid
    /// An RFC 4180 edge list: `source,target,kind,weight`.
    case csv
    /// An SVG drawing laid out by Graphviz `dot`, which must be installed.
    case svg

    /// The conventional file name extension (without the dot) for files of this format.
    public var fileExtension: String {
        switch self {
        case .json: "json"
        case .dot: "dot"
        case .graphml: "graphml"
        case .gexf: "gexf"
        case .mermaid: "mmd"
        case .csv: "csv"
        case .svg: "svg"
        }
    }
}
