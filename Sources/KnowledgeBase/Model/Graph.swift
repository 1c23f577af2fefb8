/// A scoped view of the knowledge graph, handed from the Store to the exporters.
public struct GraphSnapshot: Sendable, Equatable {
    public var nodes: [GraphNode]
    public var edges: [GraphEdge]

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

public struct GraphNode: Sendable, Equatable, Hashable {
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
    public var label: String
    public var kind: Kind
    /// Note path (notes and terms), empty otherwise.
    public var path: String
    public var tags: [String]

    public init(id: String, label: String, kind: Kind, path: String = "", tags: [String] = []) {
        self.id = id
        self.label = label
        self.kind = kind
        self.path = path
        self.tags = tags
    }
}

public struct GraphEdge: Sendable, Equatable, Hashable {
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
    public var source: String
    public var target: String
    public var kind: Kind
    /// How many times the relation occurs (several links to the same note count once each).
    public var weight: Double

    public init(source: String, target: String, kind: Kind, weight: Double = 1) {
        self.source = source
        self.target = target
        self.kind = kind
        self.weight = weight
    }
}
