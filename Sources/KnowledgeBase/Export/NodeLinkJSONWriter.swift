import Foundation

/// Writes the networkx node-link JSON format.
///
/// `networkx.node_link_graph(data, edges="links")` reads it back as a `MultiDiGraph`: the
/// graph is a multigraph because a link and a mention (or several kinds of edge) can join the
/// same pair of notes, and each parallel edge needs its own `key` to survive the round trip.
///
/// ```json
/// {"directed": true, "multigraph": true, "graph": {"name": "kb"},
///  "nodes": [{"id": "a.md", "label": "A", "kind": "note", "path": "a.md", "tags": "x;y"}],
///  "links": [{"source": "a.md", "target": "b.md", "key": 0, "kind": "link", "weight": 1}]}
/// ```
enum NodeLinkJSONWriter {
    private struct Document: Encodable {
        var directed = true
        var multigraph = true
        var graph: [String: String] = ["name": "kb"]
        var nodes: [Node]
        var links: [Link]
    }

    private struct Node: Encodable {
        var id: String
        var label: String
        var kind: String
        var path: String
        var tags: String
    }

    private struct Link: Encodable {
        var source: String
        var target: String
        var key: Int
        var kind: String
        var weight: Double
    }

    /// Renders `graph` as pretty-printed JSON with sorted keys, ending in a newline.
    static func render(_ graph: GraphSnapshot) throws -> String {
        let nodes = graph.nodes.map {
            Node(id: $0.id, label: $0.label, kind: $0.kind.rawValue, path: $0.path, tags: ExportText.tags($0.tags))
        }
        let links = zip(graph.edges, multigraphKeys(graph.edges)).map { edge, key in
            Link(source: edge.source, target: edge.target, key: key, kind: edge.kind.rawValue, weight: edge.weight)
        }
        let encoder = JSONEncoder()
        // Sorted keys make the bytes depend only on the snapshot, not on dictionary order.
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            let data = try encoder.encode(Document(nodes: nodes, links: links))
            return String(decoding: data, as: UTF8.self) + "\n"
        } catch {
            throw ExportError(.encodingFailed, "cannot encode the graph as JSON: \(error)")
        }
    }

    /// The networkx edge key of each edge: 0 for the first edge of a (source, target) pair,
    /// 1 for the second, and so on — the keys networkx itself would assign.
    static func multigraphKeys(_ edges: [GraphEdge]) -> [Int] {
        struct Pair: Hashable { var source: String; var target: String }
        var seen: [Pair: Int] = [:]
        return edges.map { edge in
            let pair = Pair(source: edge.source, target: edge.target)
            let key = seen[pair, default: 0]
            seen[pair] = key + 1
            return key
        }
    }
}
