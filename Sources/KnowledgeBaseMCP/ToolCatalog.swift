import Foundation
import KnowledgeBase
import MCP

/// Every tool the server offers, in the order `tools/list` shows them.
enum ToolCatalog {
    static let all: [ToolSpec] = [search, readNote, define, related, links, backlinks, path, neighbours, tags, questions, check, stats]

    static let byName: [String: ToolSpec] = Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })
}
