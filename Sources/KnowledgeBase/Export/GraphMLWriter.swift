/// Writes GraphML with typed attribute keys.
///
/// Read by `networkx.read_graphml` (which returns a `MultiDiGraph` as soon as two edges join
/// the same pair), Gephi and yEd. Node ids are the snapshot's ids, so they match the other
/// exports; strictly the GraphML schema wants NMTOKENs there, but none of those readers
/// validates, and renaming nodes to `n0…` would lose the link to the corpus. Every edge gets
/// an id (`e0`, `e1`, …) because networkx uses it as the key that keeps parallel edges apart.
///
/// yEd shows the `label` key once it is mapped in Edit › Properties Mapper; yEd-specific
/// graphics elements are left out so that the file stays plain, portable GraphML.
enum GraphMLWriter {
    /// One `<key>` declaration: GraphML attributes must be declared, with a type, before use.
    private struct Key {
        var id: String
        var domain: String
        var name: String
        var type: String
    }

    // Ids are short and unique across node and edge keys, as GraphML requires.
    private static let nodeLabel = Key(id: "n_label", domain: "node", name: "label", type: "string")
    private static let nodeKind = Key(id: "n_kind", domain: "node", name: "kind", type: "string")
    private static let nodePath = Key(id: "n_path", domain: "node", name: "path", type: "string")
    private static let nodeTags = Key(id: "n_tags", domain: "node", name: "tags", type: "string")
    private static let edgeKind = Key(id: "e_kind", domain: "edge", name: "kind", type: "string")
    private static let edgeWeight = Key(id: "e_weight", domain: "edge", name: "weight", type: "double")

    /// Renders `graph` as a GraphML document, ending in a newline.
    static func render(_ graph: GraphSnapshot) -> String {
        var out = """
            <?xml version="1.0" encoding="UTF-8"?>
            <graphml xmlns="http://graphml.graphdrawing.org/xmlns" \
            xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" \
            xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns \
            http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">

            """
        for key in [nodeLabel, nodeKind, nodePath, nodeTags, edgeKind, edgeWeight] {
            out += "  <key id=\"\(key.id)\" for=\"\(key.domain)\" attr.name=\"\(key.name)\" attr.type=\"\(key.type)\"/>\n"
        }
        // networkx needs edgedefault to read the edges as directed.
        out += "  <graph id=\"kb\" edgedefault=\"directed\">\n"
        for node in graph.nodes {
            out += "    <node id=\"\(XMLEscaping.attribute(node.id))\">\n"
            out += data(nodeLabel, node.label)
            out += data(nodeKind, node.kind.rawValue)
            out += data(nodePath, node.path)
            out += data(nodeTags, ExportText.tags(node.tags))
            out += "    </node>\n"
        }
        for (index, edge) in graph.edges.enumerated() {
            out += "    <edge id=\"e\(index)\" source=\"\(XMLEscaping.attribute(edge.source))\""
            out += " target=\"\(XMLEscaping.attribute(edge.target))\">\n"
            out += data(edgeKind, edge.kind.rawValue)
            out += data(edgeWeight, ExportText.number(edge.weight))
            out += "    </edge>\n"
        }
        out += "  </graph>\n</graphml>\n"
        return out
    }

    private static func data(_ key: Key, _ value: String) -> String {
        "      <data key=\"\(key.id)\">\(XMLEscaping.text(value))</data>\n"
    }
}
