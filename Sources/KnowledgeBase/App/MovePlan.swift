import Foundation

/// What `kb mv` (and a rename in the language server) will do: files to move and, per file,
/// the exact byte ranges to replace. Built by `NoteMover`, carried out by `MoveApplier`.
package struct MovePlan: Sendable, Codable, Equatable {
    /// One file going from one corpus path to another.
    package struct FileMove: Sendable, Codable, Equatable {
        package var from: String
        package var to: String
    }

    /// One replacement in a file: UTF-8 offsets into the file as it was read.
    package struct Edit: Sendable, Codable, Equatable {
        package var start: Int
        package var end: Int
        /// 1-based line of `start`.
        package var line: Int
        package var old: String
        package var new: String
    }

    /// The edits to one file, and the text they were computed against.
    package struct FileChange: Sendable, Codable, Equatable {
        /// Where the file is now.
        package var path: String
        /// Where it will be (the same path unless it moves).
        package var newPath: String
        package var edits: [Edit]
        /// The text the edits were computed against (an unsaved buffer for the editor).
        package var original: String
        /// Whether `original` came from an editor's buffer rather than the file on disk.
        package var fromBuffer: Bool = false

        /// The text after the edits.
        package var updated: String {
            var bytes = Array(original.utf8)
            for edit in edits.sorted(by: { $0.start > $1.start }) {
                bytes.replaceSubrange(edit.start..<edit.end, with: Array(edit.new.utf8))
            }
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    package var moves: [FileMove]
    package var changes: [FileChange]
    /// Links the plan could not keep pointing at their note, said in words.
    package var warnings: [String]

    /// How many links are rewritten.
    package var editCount: Int { changes.reduce(0) { $0 + $1.edits.count } }

    /// The plan as a unified diff (one hunk per changed line), with git-style rename headers
    /// for files that move.
    package var unifiedDiff: String {
        var out = ""
        let changed = Dictionary(changes.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        for move in moves where changed[move.from] == nil {
            out += "diff --git a/\(move.from) b/\(move.to)\nrename from \(move.from)\nrename to \(move.to)\n"
        }
        for change in changes.sorted(by: { $0.path < $1.path }) {
            if change.path != change.newPath {
                out += "diff --git a/\(change.path) b/\(change.newPath)\nrename from \(change.path)\nrename to \(change.newPath)\n"
            }
            out += "--- a/\(change.path)\n+++ b/\(change.newPath)\n"
            let before = change.original.split(separator: "\n", omittingEmptySubsequences: false)
            let after = change.updated.split(separator: "\n", omittingEmptySubsequences: false)
            for line in Set(change.edits.map(\.line)).sorted() where line - 1 < before.count && line - 1 < after.count {
                out += "@@ -\(line),1 +\(line),1 @@\n-\(before[line - 1])\n+\(after[line - 1])\n"
            }
        }
        return out
    }
}

/// Why a move was refused or stopped.
package enum MoveError: Error, CustomStringConvertible, Equatable {
    case sourceMissing(String)
    case destinationExists(String)
    case outsideCorpus(String)
    case sameLocation(String)
    case changedOnDisk([String])
    /// Some files were written before a failure: what was and was not done.
    case partial(done: [String], notDone: [String], reason: String)

    package var description: String {
        switch self {
        case .sourceMissing(let path):
            return "nothing to move at \(path): name a note, folder or attachment inside the corpus"
        case .destinationExists(let path):
            return "\(path) already exists: choose another name, or move that file away first"
        case .outsideCorpus(let path):
            return "\(path) is outside the corpus folder: kb mv only moves files within the corpus"
        case .sameLocation(let path):
            return "\(path) is already there: nothing to move"
        case .changedOnDisk(let paths):
            return "these files changed on disk since kb read them, so nothing was written: " + paths.joined(separator: ", ")
                + "; run kb mv again"
        case .partial(let done, let notDone, let reason):
            return "the move stopped part way (\(reason)).\nDone:\n" + done.map { "  \($0)" }.joined(separator: "\n")
                + "\nNot done:\n" + notDone.map { "  \($0)" }.joined(separator: "\n")
        }
    }
}
