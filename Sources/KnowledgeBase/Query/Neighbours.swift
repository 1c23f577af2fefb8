import GRDB

/// A note near another in the link graph, with how many links away it is.
public struct Neighbour: Sendable, Codable, Equatable {
    /// The note's path from the corpus root.
    public var path: String
    /// The note's title.
    public var title: String
    /// Links between the two, following links either way; 1 for a direct link.
    public var distance: Int
}

/// Hop counts over an undirected graph of note ids, shared by `neighbours` and the export's
/// `--from` scope.
enum LinkHops {
    /// Every node within `depth` hops of `start` (itself at 0), with its hop count.
    static func distances(from start: Int64, depth: Int, adjacent: [Int64: [Int64]]) -> [Int64: Int] {
        var distance: [Int64: Int] = [start: 0]
        var frontier = [start]
        var level = 0
        // Stops when nothing new is reached, so a depth beyond the graph costs nothing more.
        while level < depth, !frontier.isEmpty {
            level += 1
            var next: [Int64] = []
            for node in frontier {
                for other in adjacent[node] ?? [] where distance[other] == nil {
                    distance[other] = level
                    next.append(other)
                }
            }
            frontier = next
        }
        return distance
    }
}

extension GraphQueries {
    /// The notes within `depth` links of `note`, following links either way: nearest first,
    /// then by path; at most `limit` of them.
    public func neighbours(of note: NoteRef, depth: Int, limit: Int = 10) throws -> [Neighbour] {
        try database.read { db in
            var adjacent: [Int64: [Int64]] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT DISTINCT noteId, targetId FROM link WHERE targetId IS NOT NULL AND targetId != noteId") {
                let from: Int64 = row[0], to: Int64 = row[1]
                adjacent[from, default: []].append(to)
                adjacent[to, default: []].append(from)
            }
            let found = LinkHops.distances(from: note.id, depth: max(0, depth), adjacent: adjacent).filter { $0.key != note.id }
            var neighbours: [Neighbour] = []
            for (id, distance) in found {
                let ref = try NoteLocator.ref(id, db: db)
                neighbours.append(Neighbour(path: ref.path, title: ref.title, distance: distance))
            }
            neighbours.sort { ($0.distance, $0.path) < ($1.distance, $1.path) }
            return Array(neighbours.prefix(ResultLimit.clamp(limit)))
        }
    }
}
