/// A scoped view of the knowledge graph, handed from the Store to the exporters.
public struct GraphSnapshot: Sendable, Equatable {
    /// Every node, each id once.
    public var nodes: [GraphNode]
    /// Every edge; each end is the id of a node in `nodes`.
    public var edges: [GraphEdge]

    /// A snapshot of these nodes and edges.
    public init(nodes: [GraphNode], edges: [GraphEdge]) {
        self.nodes = nodes
        self.edges = edges
    }
}

/// Which of the edges between notes a snapshot keeps. Mentions (a note naming another's
/// title) are most of a real corpus's edges, and drawn with the links they hide them.
public enum EdgeSelection: String, Sendable, CaseIterable {
    /// Links only: mention edges are dropped.
    case links
    /// Mentions only: link edges are dropped.
    case mentions
    /// Both.
    case all
}

extension GraphSnapshot {
    /// The snapshot with the note-to-note edges `selection` keeps; tag, term and broken-link
    /// edges stay, and so does every node.
    public func keeping(_ selection: EdgeSelection) -> GraphSnapshot {
        let dropped: GraphEdge.Kind? = switch selection {
        case .links: .mention
        case .mentions: .link
        case .all: nil
        }
        guard let dropped else { return self }
        return GraphSnapshot(nodes: nodes, edges: edges.filter { $0.kind != dropped })
    }
}

/// One node of a graph snapshot: a note, or a term, tag or missing link target drawn with the
/// notes.
public struct GraphNode: Sendable, Equatable, Hashable {
    /// What a node stands for.
    public enum Kind: String, Sendable, CaseIterable {
        /// A note of the corpus.
        case note
        /// A glossary term (only when terms are included).
        case term
        /// A tag (only when tags are included).
        case tag
        /// The target of a broken link (only when asked for).
        case missing
    }
    /// Stable identifier: the note path, `term:<note path>#<name>`, `tag:<key>` or `missing:<target>`.
    public var id: String
    /// The text a drawing shows: a title, term, tag or target.
    public var label: String
    /// What the node stands for.
    public var kind: Kind
    /// Note path (notes and terms), empty otherwise.
    public var path: String
    /// A note's tags, for exporters that colour or group by them.
    public var tags: [String]

    /// A node of a snapshot.
    public init(id: String, label: String, kind: Kind, path: String = "", tags: [String] = []) {
        self.id = id
        self.label = label
        self.kind = kind
        self.path = path
        self.tags = tags
    }
}

/// One edge of a graph snapshot, from `source` to `target` (node ids).
public struct GraphEdge: Sendable, Equatable, Hashable {
    /// What relation an edge draws.
    public enum Kind: String, Sendable, CaseIterable {
        /// A resolved link between notes.
        case link
        /// A note's text names another note's title or alias.
        case mention
        /// A note carries a tag.
        case tag
        /// A note defines a term.
        case defines
        /// A link whose target is missing.
        case broken
    }
    /// The id of the node the edge starts at.
    public var source: String
    /// The id of the node the edge ends at.
    public var target: String
    /// What relation the edge draws.
    public var kind: Kind
    /// How many times the relation occurs (several links to the same note count once each).
    public var weight: Double

    /// An edge of a snapshot.
    public init(source: String, target: String, kind: Kind, weight: Double = 1) {
        self.source = source
        self.target = target
        self.kind = kind
        self.weight = weight
    }
}
