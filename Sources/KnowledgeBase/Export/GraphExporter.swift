/// Renders a ``GraphSnapshot`` as text in any ``ExportFormat``.
///
/// Every format lists nodes and edges in the snapshot's order, so the same snapshot always
/// renders to the same bytes and exports diff cleanly between runs.
public enum GraphExporter {
    /// Renders `graph` in `format`.
    ///
    /// - Throws: ``ExportError`` with reason `.invalidGraph` when the snapshot is inconsistent
    ///   (checked up front so that no format silently drops or invents nodes), or the SVG
    ///   renderer's errors when Graphviz is missing or fails.
    /// - Parameter timeLimit: seconds Graphviz may take to lay out an SVG drawing.
    public static func render(_ graph: GraphSnapshot, as format: ExportFormat, timeLimit: Double = 60) throws -> String {
        try validate(graph)
        switch format {
        case .json: return try NodeLinkJSONWriter.render(graph)
        case .dot: return DOTWriter.render(graph)
        case .graphml: return GraphMLWriter.render(graph)
        case .gexf: return GEXFWriter.render(graph)
        case .mermaid: return MermaidWriter.render(graph)
        case .csv: return CSVEdgeListWriter.render(graph)
        case .svg: return try SVGRenderer.render(graph, timeLimit: timeLimit)
        }
    }

    /// Checks the invariants every writer relies on.
    ///
    /// Readers disagree on broken snapshots: networkx silently adds a node for an unknown edge
    /// end, Gephi drops the edge, Mermaid has no id for it. Refusing them here keeps the node
    /// and edge counts identical across formats.
    static func validate(_ graph: GraphSnapshot) throws {
        var ids = Set<String>()
        ids.reserveCapacity(graph.nodes.count)
        for node in graph.nodes where !ids.insert(node.id).inserted {
            throw ExportError(.invalidGraph, "cannot export the graph: node id \"\(node.id)\" occurs more than once")
        }
        for edge in graph.edges {
            for end in [edge.source, edge.target] where !ids.contains(end) {
                throw ExportError(
                    .invalidGraph,
                    "cannot export the graph: the \(edge.kind.rawValue) edge \"\(edge.source)\" → \"\(edge.target)\" refers to \"\(end)\", which is not a node"
                )
            }
            // JSON has no spelling for NaN or infinity, and XML readers reject them as doubles.
            if !edge.weight.isFinite {
                throw ExportError(
                    .invalidGraph,
                    "cannot export the graph: the edge \"\(edge.source)\" → \"\(edge.target)\" has weight \(edge.weight)"
                )
            }
        }
    }
}
