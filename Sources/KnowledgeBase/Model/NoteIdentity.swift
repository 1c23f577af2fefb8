/// Where a note lives: its corpus-relative path, its slug and the URL Hugo would serve it at.
public enum NoteIdentity {
    static let noteExtensions = ["md", "markdown", "html", "htm"]
    /// Files that notes link to and embed (Obsidian's attachment kinds, and what Hugo bundles
    /// carry): each is a node of the graph, with no text of its own.
    static let attachmentExtensions: Set<String> = [
        "png", "jpg", "jpeg", "gif", "bmp", "svg", "webp", "avif", "ico", "tif", "tiff",
        "mp3", "wav", "m4a", "ogg", "flac", "3gp", "mp4", "webm", "ogv", "mov", "mkv",
        "pdf", "canvas", "base", "csv", "zip",
    ]

    /// `aws/cloudfront/_index.md` → `/aws/cloudfront/`; `a/b.md` → `/a/b/`; `a/index.md` → `/a/`.
    public static func url(forPath path: String) -> String {
        if isAttachment(path) { return "/" + path }
        var components = path.slashComponents().map(String.init)
        guard let file = components.popLast() else { return "/" }
        let stem = stripExtension(file)
        if stem != "_index", stem != "index" { components.append(stem) }
        return components.isEmpty ? "/" : "/" + components.joined(separator: "/") + "/"
    }

    /// The last meaningful name: the folder of an `_index.md` / `index.md`, else the file stem.
    public static func slug(forPath path: String) -> String {
        slug(forURL: url(forPath: path), path: path)
    }

    /// The slug from the note's URL, when that is already known.
    static func slug(forURL url: String, path: String) -> String {
        url.slashComponents().last.map(String.init) ?? stripExtension(path)
    }

    /// The name without a note extension. The dot is found among the bytes: a dot that a
    /// Character search would skip (joined to a mark after it) leaves no note extension either.
    public static func stripExtension(_ name: String) -> String {
        guard let dot = name.utf8.lastIndex(of: UInt8(ascii: ".")), dot != name.startIndex else { return name }
        let ext = name[name.utf8.index(after: dot)...].lowercased()
        return noteExtensions.contains(ext) ? String(name[..<dot]) : name
    }

    /// A file linked or embedded by notes, indexed by name only.
    public static func isAttachment(_ name: String) -> Bool {
        guard let dot = name.lastIndex(of: ".") else { return false }
        return attachmentExtensions.contains(name[name.index(after: dot)...].lowercased())
    }

    /// A file the scan lists: a note or an attachment.
    static func isIndexedFile(_ name: String) -> Bool { isNoteFile(name) || isAttachment(name) }

    static func isNoteFile(_ name: String) -> Bool {
        guard let dot = name.lastIndex(of: ".") else { return false }
        return noteExtensions.contains(name[name.index(after: dot)...].lowercased())
    }
}
