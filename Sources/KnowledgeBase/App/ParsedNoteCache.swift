import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The notes that `show`, `questions` and the REPL parsed lately, kept as files (in
/// `ParsedNoteArchive`'s form) in a folder beside the index, so asking about a note again does not parse it again. An entry is found by
/// a hash of the note's path and bytes and of the parser's build (the running executable's size
/// and time), so an edited note or a new kb simply misses; each entry also records the path and
/// byte count it was made from, and is used only when both match. Only the last `capacity`
/// notes are kept. Like the index, it is a cache: any entry may be missing, and anything that
/// goes wrong with it (a read, a write, a decode) falls back to parsing.
struct ParsedNoteCache {
    /// How many parsed notes are kept.
    static let capacity = 64

    let folder: URL

    /// The folder for the index at `indexPath`: `<index file>.parsed` beside it.
    init(indexPath: String) {
        folder = URL(fileURLWithPath: indexPath + ".parsed", isDirectory: true)
    }

    /// The note parsed from `data` at `path`, from the cache or parsed now (and then kept).
    func note(parsing data: Data, path: String) -> ParsedNote {
        let file = entryFile(for: data, path: path)
        if let stored = try? Data(contentsOf: file), let entry = ParsedNoteArchive.decode([UInt8](stored)),
           entry.note.path == path, entry.sourceByteCount == data.count {
            // Marks it as recently used (modified now), for the trimming below.
            utimensat(AT_FDCWD, file.path, nil, 0)
            return entry.note
        }
        let note = NoteParser.parse(data, path: path)
        store(Data(ParsedNoteArchive.encode(note, sourceByteCount: data.count)), at: file)
        return note
    }

    func entryFile(for data: Data, path: String) -> URL {
        var hash = FNV1a.offset
        for byte in path.utf8 { hash = FNV1a.step(hash, byte) }
        hash = FNV1a.step(hash, 0)
        hash = data.withUnsafeBytes { bytes in bytes.reduce(hash, FNV1a.step) }
        for byte in Self.parserBuild.utf8 { hash = FNV1a.step(hash, byte) }
        return folder.appendingPathComponent(String(hash, radix: 16) + ".note")
    }

    /// Tells one build of kb from another: a rebuilt parser may read a note differently.
    private static let parserBuild: String = {
        let executable = Bundle.main.executablePath ?? CommandLine.arguments.first ?? ""
        let attributes = try? FileManager.default.attributesOfItem(atPath: executable)
        let size = (attributes?[.size] as? NSNumber)?.intValue ?? 0
        let time = (attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
        return "\(executable)|\(size)|\(time)"
    }()

    private func store(_ data: Data, at file: URL) {
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try data.write(to: file, options: .atomic)
        } catch {
            return
        }
        trim()
    }

    /// Removes the least recently used entries past `capacity`. With `lstat` and `unlink`:
    /// Foundation's per-file resource values parsed a URL for each of the 65 entries, and took
    /// longer than parsing the note that was stored.
    private func trim() {
        let folderPath = folder.path
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folderPath),
              names.count > Self.capacity else { return }
        let byAge = names.map { name -> (path: String, seconds: Int, nanoseconds: Int) in
            let path = folderPath + "/" + name
            var info = stat()
            guard lstat(path, &info) == 0 else { return (path, 0, 0) }
            return (path, info.st_mtim.tv_sec, info.st_mtim.tv_nsec)
        }.sorted { ($0.seconds, $0.nanoseconds) < ($1.seconds, $1.nanoseconds) }
        for entry in byAge.prefix(names.count - Self.capacity) { unlink(entry.path) }
    }
}
