import Foundation

/// Which files a move takes where: one file, or every file under a folder, checked to stay
/// inside the corpus and not to land on an existing file.
struct MoveTargets {
    let corpus: URL

    func moves(from: String, to: String) throws -> [MovePlan.FileMove] {
        let source = try Self.clean(from)
        var destination = try Self.clean(to)
        guard !source.isEmpty else { throw MoveError.sourceMissing(from) }
        let fileManager = FileManager.default
        var isFolder: ObjCBool = false
        guard fileManager.fileExists(atPath: absolute(source), isDirectory: &isFolder) else { throw MoveError.sourceMissing(source) }
        var destinationIsFolder: ObjCBool = false
        if to.hasSuffix("/") || (fileManager.fileExists(atPath: absolute(destination), isDirectory: &destinationIsFolder) && destinationIsFolder.boolValue) {
            destination = (destination.isEmpty ? "" : destination + "/") + (source.slashComponents().last.map(String.init) ?? source)
        }
        guard destination != source else { throw MoveError.sameLocation(source) }
        if isFolder.boolValue, destination.hasPrefix(source + "/") { throw MoveError.destinationExists(destination) }
        let moves: [MovePlan.FileMove]
        if isFolder.boolValue {
            moves = try files(under: source).map { MovePlan.FileMove(from: $0, to: destination + $0.dropFirst(source.count)) }
        } else {
            moves = [MovePlan.FileMove(from: source, to: destination)]
        }
        for move in moves where fileManager.fileExists(atPath: absolute(move.to)) { throw MoveError.destinationExists(move.to) }
        if moves.isEmpty { throw MoveError.sourceMissing(source) }
        return moves
    }

    private func absolute(_ path: String) -> String { corpus.appendingPathComponent(path).path }

    /// Every file under `folder`, kb's own folder and hidden files left out.
    private func files(under folder: String) throws -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: absolute(folder)) else { throw MoveError.sourceMissing(folder) }
        var out: [String] = []
        while let relative = walker.nextObject() as? String {
            if relative.slashComponents().contains(where: { $0.hasPrefix(".") }) { continue }
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: absolute(folder + "/" + relative), isDirectory: &isFolder), !isFolder.boolValue {
                out.append(folder + "/" + relative)
            }
        }
        return out.sorted()
    }

    /// A corpus-relative path without `./`, doubled or trailing slashes; refused when it
    /// climbs out of the corpus.
    static func clean(_ path: String) throws -> String {
        guard let parts = LinkTarget.normalize([], path.hasPrefix("/") ? String(path.dropFirst()) : path),
              !path.hasPrefix("/") else { throw MoveError.outsideCorpus(path) }
        if parts.contains(where: { $0 == ".kb" }) { throw MoveError.outsideCorpus(path) }
        return parts.joined(separator: "/")
    }
}
