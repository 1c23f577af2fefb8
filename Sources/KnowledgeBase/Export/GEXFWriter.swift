/// Writes GEXF 1.3, Gephi's native format, also read by `networkx.read_gexf`.
///
/// GEXF has built-in slots for some of the data, and those are used instead of declared
/// attributes so that Gephi puts them in its own columns: the node label is the `label`
/// attribute, the edge weight the `weight` attribute (a double since 1.3). The rest is
/// declared with a type: `kind`, `path` and `tags` on nodes, `kind` on edges.
///
/// The edge kind is written twice on purpose: as the 1.3 `kind` attribute, which is what
/// tells Gephi that a link and a mention between the same notes are distinct parallel edges
/// rather than duplicates to merge, and as a declared attribute, because networkx ignores the
/// built-in one. Edge ids (`e0`, `e1`, …) become networkx multigraph keys.
enum GEXFWriter {
    /// Renders `graph` as a GEXF 1.3 document, ending in a newline.
    ///
    /// Attribute ids differ between node and edge attributes even where the titles agree, so
    /// that no reader has to know that GEXF scopes ids per class.
    static func render(_ graph: GraphSnapshot) -> String {
        // No lastmodifieddate in <meta>: the output must depend only on the snapshot.
        var out = """
            <?xml version="1.0" encoding="UTF-8"?>
            <gexf xmlns="http://gexf.net/1.3" \
            xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" \
            xsi:schemaLocation="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd" version="1.3">
              <meta>
                <creator>kb</creator>
                <description>kb knowledge graph</description>
              </meta>
              <graph mode="static" defaultedgetype="directed">
                <attributes class="node" mode="static">
                  <attribute id="kind" title="kind" type="string"/>
                  <attribute id="path" title="path" type="string"/>
                  <attribute id="tags" title="tags" type="string"/>
                </attributes>
                <attributes class="edge" mode="static">
                  <attribute id="edge_kind" title="kind" type="string"/>
                </attributes>
                <nodes>

            """
        for node in graph.nodes {
            out += "      <node id=\"\(XMLEscaping.attribute(node.id))\" label=\"\(XMLEscaping.attribute(node.label))\">\n"
            out += "        <attvalues>\n"
            out += attvalue("kind", node.kind.rawValue)
            out += attvalue("path", node.path)
            out += attvalue("tags", ExportText.tags(node.tags))
            out += "        </attvalues>\n"
            out += "      </node>\n"
        }
        out += "    </nodes>\n    <edges>\n"
        for (index, edge) in graph.edges.enumerated() {
            out += "      <edge id=\"e\(index)\" source=\"\(XMLEscaping.attribute(edge.source))\""
            out += " target=\"\(XMLEscaping.attribute(edge.target))\""
            out += " kind=\"\(edge.kind.rawValue)\" weight=\"\(ExportText.number(edge.weight))\">\n"
            out += "        <attvalues>\n"
            out += attvalue("edge_kind", edge.kind.rawValue)
            out += "        </attvalues>\n"
            out += "      </edge>\n"
        }
        out += "    </edges>\n  </graph>\n</gexf>\n"
        return out
    }

    private static func attvalue(_ attribute: String, _ value: String) -> String {
        "          <attvalue for=\"\(attribute)\" value=\"\(XMLEscaping.attribute(value))\"/>\n"
    }
}
