import Foundation

/// One row's answer from `IndexDatabase.coveringNoteRank`: its rank, and which of the query's
/// phrases it holds, in the columns the call named and at all. Ranking a large match already
/// reads every phrase's positions in every matching row; reporting them there spares a second
/// pass over each phrase's whole match to find the same thing for the best rows.
struct CoveringRank: Sendable, Equatable {
    /// `bm25`'s rank: lower is better.
    let rank: Double
    /// How many phrases FTS5 parsed the query into, in the order they are written.
    let phraseCount: Int
    /// A bit per phrase found in the named columns, then as many for phrases found at all.
    private let phraseBits: [UInt8]

    /// The bits of the columns of `noteSearch` a call reports on: title (0) and summary (6).
    static let titleAndSummary = (1 << 0) | (1 << 6)

    /// Reads the blob the function returns (its layout is in CSQLiteSetup.h); nil when it is
    /// not one.
    init?(_ blob: Data) {
        let bytes = [UInt8](blob)
        guard bytes.count >= 12 else { return nil }
        var key: UInt64 = 0
        for byte in bytes[0..<8] { key = key << 8 | UInt64(byte) }
        let bits = key >> 63 == 1 ? key & ~(1 << 63) : ~key
        var count = 0
        for byte in bytes[8..<12] { count = count << 8 | Int(byte) }
        guard bytes.count == 12 + 2 * ((count + 7) / 8) else { return nil }
        rank = Double(bitPattern: bits)
        phraseCount = count
        phraseBits = Array(bytes[12...])
    }

    /// Whether the row holds phrase `index` (0-based, in the query's order) in those columns.
    func holds(phrase index: Int) -> Bool {
        index >= 0 && index < phraseCount && phraseBits[index / 8] & (1 << (index % 8)) != 0
    }

    /// Whether the row holds phrase `index` in any column.
    func contains(phrase index: Int) -> Bool {
        index >= 0 && index < phraseCount && phraseBits[(phraseCount + 7) / 8 + index / 8] & (1 << (index % 8)) != 0
    }
}
