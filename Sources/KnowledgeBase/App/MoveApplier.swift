import Foundation

/// Carries out a `MovePlan` on disk, then refreshes the index. Every changed file is first
/// written beside its destination as a scratch file; only when all are written, and no file
/// changed since it was read, are they renamed into place, so a failure before that point
/// leaves the corpus as it was. A failure while renaming says what was and was not done.
package struct MoveApplier {
    let base: KnowledgeBase

    package init(base: KnowledgeBase) { self.base = base }

    /// Applies `plan`; the paths written, in order.
    @discardableResult
    package func apply(_ plan: MovePlan) throws -> [String] {
        let fileManager = FileManager.default
        try verifyUnchanged(plan)
        for move in plan.moves where fileManager.fileExists(atPath: absolute(move.to)) { throw MoveError.destinationExists(move.to) }
        var scratch: [(change: MovePlan.FileChange, file: String)] = []
        do {
            for change in plan.changes {
                let target = absolute(change.newPath)
                try fileManager.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                let file = (target as NSString).deletingLastPathComponent + "/.kb-mv-\(UUID().uuidString).tmp"
                try Data(change.updated.utf8).write(to: URL(fileURLWithPath: file))
                scratch.append((change, file))
            }
            try verifyUnchanged(plan)
        } catch {
            for item in scratch { try? fileManager.removeItem(atPath: item.file) }
            throw error
        }
        var steps: [(description: String, run: () throws -> Void)] = []
        for item in scratch {
            let change = item.change
            steps.append(("write \(change.newPath)", { try Self.rename(item.file, to: self.absolute(change.newPath)) }))
            if change.path != change.newPath {
                steps.append(("remove \(change.path)", { try fileManager.removeItem(atPath: self.absolute(change.path)) }))
            }
        }
        let edited = Set(plan.changes.map(\.path))
        for move in plan.moves where !edited.contains(move.from) {
            steps.append(("move \(move.from) to \(move.to)", {
                try fileManager.createDirectory(atPath: (self.absolute(move.to) as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
                try Self.rename(self.absolute(move.from), to: self.absolute(move.to))
            }))
        }
        var done: [String] = []
        for (index, step) in steps.enumerated() {
            do {
                try step.run()
                done.append(step.description)
            } catch {
                for item in scratch { try? fileManager.removeItem(atPath: item.file) }
                throw MoveError.partial(done: done, notDone: steps[index...].map(\.description), reason: "\(error)")
            }
        }
        removeEmptyFolders(plan)
        _ = try base.refresh()
        return done
    }

    private func absolute(_ path: String) -> String { base.corpus.appendingPathComponent(path).path }

    private static func rename(_ from: String, to: String) throws {
        guard Foundation.rename(from, to) == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: to, NSLocalizedDescriptionKey: String(cString: strerror(errno))])
        }
    }

    /// Refuses when a file to be changed no longer has the text the plan was made from.
    private func verifyUnchanged(_ plan: MovePlan) throws {
        var changed: [String] = []
        for change in plan.changes where !change.fromBuffer {
            let now = CorpusFile(root: base.corpus).read(change.path)
            guard case .success(let data) = now, String(decoding: data, as: UTF8.self) == change.original else {
                changed.append(change.path)
                continue
            }
        }
        if !changed.isEmpty { throw MoveError.changedOnDisk(changed) }
    }

    /// Folders a folder move emptied.
    private func removeEmptyFolders(_ plan: MovePlan) {
        let folders = Set(plan.moves.flatMap { move -> [String] in
            let parts = move.from.slashComponents().dropLast().map(String.init)
            return parts.indices.map { parts[...$0].joined(separator: "/") }
        }).sorted { $0.count > $1.count }
        for folder in folders {
            let path = absolute(folder)
            if let contents = try? FileManager.default.contentsOfDirectory(atPath: path), contents.isEmpty {
                try? FileManager.default.removeItem(atPath: path)
            }
        }
    }
}
