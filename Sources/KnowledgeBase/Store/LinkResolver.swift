import Foundation

/// How a link was resolved (or why it was not). Stored with every link row.
struct LinkResolution: Sendable, Equatable {
    typealias Method = Link.Resolution
    var targetId: Int64?
    var method: Method
    /// Paths of the notes an ambiguous link could mean.
    var candidates: [String] = []
}

/// Resolves a link the way a reader of the corpus would: Hugo URL semantics from the page URL,
/// GitHub semantics from the file's folder, front-matter aliases, and wikilinks by path, file
/// name, title or alias. Pure: it only reads a `NoteDirectory`, never the disk.
struct LinkResolver<Lookup: NoteNameLookup> {
    let directory: Lookup
    /// In an Obsidian vault a Markdown link that no path reaches is looked up by name, as
    /// Obsidian does; in a Hugo site a keyword destination is read by its text (see `byLabel`).
    var layout: CorpusLayout

    init(directory: Lookup, layout: CorpusLayout = CorpusLayout()) {
        self.directory = directory
        self.layout = layout
    }

    func resolve(_ link: Link, fromPath path: String, url: String, selfId: Int64) -> LinkResolution {
        switch link.kind {
        case .external:
            return LinkResolution(method: .external)
        case .image where LinkClassifier.isExternal(link.target):
            return LinkResolution(method: .external)
        case .wiki, .embed:
            let target = LinkTarget.strip(link.target)
            // `[[#Heading]]` and `[[#^block]]` point into the linking note itself.
            if target.isEmpty { return LinkResolution(targetId: selfId, method: .selfAnchor) }
            return resolveWiki(target, fromPath: path)
        case .internal, .image:
            let target = LinkTarget.strip(link.target)
            if target.isEmpty { return LinkResolution(targetId: selfId, method: .selfAnchor) }
            // A destination a shortcode writes at build time (`<{{% eturl x %}}>`) is not known here.
            if target.contains("{{") || link.target.uppercased().contains("%7B%7B") { return LinkResolution(method: .shortcode) }
            let found = resolvePath(target, fromPath: path, url: url)
            guard found.method == .broken else { return found }
            if layout.isInVault(path) {
                let name = target.slashComponents().filter { $0 != "." && $0 != ".." }.joined(separator: "/")
                return name.isEmpty ? found : resolveWiki(name, fromPath: path)
            }
            if layout.isHugoSite, link.kind == .internal, let byLabel = byLabel(target, label: link.label) { return byLabel }
            return found
        }
    }

    private func resolvePath(_ target: String, fromPath path: String, url: String) -> LinkResolution {
        let folder = path.slashComponents().dropLast().map(String.init)
        let fileBase = target.hasPrefix("/") ? [] : folder
        if let file = LinkTarget.normalize(fileBase, target) {
            let joined = file.joined(separator: "/")
            let attempts: [(String, LinkResolution.Method)] = [
                (joined, .file), (joined + ".md", .fileMD), (joined + "/_index.md", .sectionIndex),
                (joined + "/index.md", .index),
            ]
            for (candidate, method) in attempts where !candidate.hasPrefix("/") {
                if let found = pick(directory.notes(.path, NoteDirectory.pathKey(candidate)), method) { return found }
            }
        }
        let pageFolder = url.slashComponents().map(String.init)
        if let resolved = LinkTarget.normalize(target.hasPrefix("/") ? [] : pageFolder, target) {
            let key = NoteDirectory.urlKey("/" + resolved.joined(separator: "/"))
            if let found = pick(directory.notes(.url, key), .url) { return found }
            if let found = pick(directory.notes(.aliasURL, key), .alias) { return found }
        }
        // A Hugo content path (`/blog/post.md`, or what `ref "blog/post.md"` wrote) names the
        // file under a content folder, the linking page's own (its language) first.
        let file = target.slashComponents().last.map(String.init) ?? ""
        if layout.isHugoSite, NoteIdentity.isNoteFile(file), let parts = LinkTarget.normalize([], target) {
            let folders = layout.contentRoots.map(\.folder)
            let roots = folders.filter { path.hasPrefix($0 + "/") } + folders.filter { !path.hasPrefix($0 + "/") }
            for root in roots {
                let candidate = (root.isEmpty ? [] : [root]) + parts
                if let found = pick(directory.notes(.path, NoteDirectory.pathKey(candidate.joined(separator: "/"))), .file) {
                    return found
                }
            }
        }
        return LinkResolution(method: .broken)
    }

    private func resolveWiki(_ target: String, fromPath path: String) -> LinkResolution {
        let key = TextNormalizer.key(target)
        let pathKey = NoteDirectory.pathKey(target.hasPrefix("/") ? String(target.dropFirst()) : target)
        if let found = pick(directory.notes(.path, pathKey) + directory.notes(.path, pathKey + ".md"), .wikiPath) {
            return found
        }
        // Obsidian matches a name, or a partial path (`Folder/Note`), against the end of every
        // file's path; when several files end so, the one nearest the linking note wins.
        var name = target.slashComponents().last.map(String.init) ?? target
        // `[[aws/cloudfront/index]]` (Quartz) names the folder's page, which is named by its folder.
        if ["index", "_index"].contains(NoteIdentity.stripExtension(name).lowercased()) {
            name = target.slashComponents().dropLast().last.map(String.init) ?? name
        }
        let byName = directory.notes(.slug, TextNormalizer.key(NoteIdentity.stripExtension(name)))
        let suffix = target.contains("/") ? pathKey : nil
        if let found = nearest(byName, suffix: suffix, fromPath: path) { return found }
        if suffix == nil || byName.isEmpty {
            let stages: [([Int64], LinkResolution.Method)] = [
                (directory.notes(.title, key), .wikiTitle), (directory.notes(.alias, key), .wikiAlias),
            ]
            for (ids, method) in stages {
                if let found = pick(ids, method) { return found }
            }
        }
        return LinkResolution(method: .broken)
    }

    /// Of the notes named like the link, those whose path ends in `suffix` (when the link names
    /// folders too); the one whose folder is nearest the linking note's, then the shortest
    /// path, resolves, and the others are kept as candidates.
    private func nearest(_ ids: [Int64], suffix: String?, fromPath path: String) -> LinkResolution? {
        if ids.count == 1, suffix == nil { return LinkResolution(targetId: ids[0], method: .wikiSlug) }
        var matches: [(id: Int64, path: String)] = []
        for id in Set(ids) {
            guard let candidate = directory.path(of: id) else { continue }
            if let suffix {
                let key = NoteDirectory.pathKey(candidate)
                let stem = NoteDirectory.pathKey(NoteIdentity.stripExtension(candidate))
                var forms = [key, stem]
                // A folder's page answers to the folder's path too.
                for page in ["/index", "/_index"] where stem.hasSuffix(page) { forms.append(String(stem.dropLast(page.count))) }
                guard forms.contains(where: { $0 == suffix || $0.hasSuffix("/" + suffix) }) else { continue }
            }
            matches.append((id, candidate))
        }
        guard !matches.isEmpty else { return nil }
        let from = path.slashComponents().dropLast().map(String.init)
        func distance(_ candidate: String) -> Int {
            let folder = candidate.slashComponents().dropLast().map(String.init)
            let shared = zip(from, folder).prefix(while: { $0 == $1 }).count
            return (from.count - shared) + (folder.count - shared)
        }
        let ranked = matches.map { (id: $0.id, path: $0.path, distance: distance($0.path)) }.sorted {
            ($0.distance, $0.path.count, $0.path) < ($1.distance, $1.path.count, $1.path)
        }
        let method: LinkResolution.Method = suffix == nil ? .wikiSlug : .wikiPath
        return LinkResolution(targetId: ranked[0].id, method: method, candidates: ranked.count > 1 ? ranked.map(\.path) : [])
    }

    /// A Hugo site's link render hook may read a bare keyword destination (`g` for the
    /// glossary in Hugo's own documentation) and find the page by the link's text; Hugo itself
    /// would serve such a relative link nowhere. A keyword (no `/`, `.` or `#`) reaches the one
    /// note titled like the text, singular or plural; several such notes make it ambiguous.
    private func byLabel(_ target: String, label: String) -> LinkResolution? {
        guard target.count <= 12, !target.contains("/"), !target.contains("."), !label.isEmpty else { return nil }
        let key = TextNormalizer.key(label)
        var keys = [key]
        if key.contains("-") { keys.append(key.replacingOccurrences(of: "-", with: " ")) }
        if key.hasSuffix("ies") { keys.append(String(key.dropLast(3)) + "y") }
        if key.hasSuffix("es") { keys.append(String(key.dropLast(2))) }
        if key.hasSuffix("s") { keys.append(String(key.dropLast())) }
        if key.hasSuffix("ing") { keys += [String(key.dropLast(3)), String(key.dropLast(3)) + "e"] }
        if key.hasSuffix("ed") { keys += [String(key.dropLast(2)), String(key.dropLast(1))] }
        for candidate in keys {
            let ids = directory.notes(.title, candidate)
            if ids.isEmpty { continue }
            let unique = Array(Set(ids))
            if unique.count == 1 { return LinkResolution(targetId: unique[0], method: .label) }
            return LinkResolution(method: .ambiguous, candidates: unique.compactMap(directory.path(of:)).sorted())
        }
        return nil
    }

    /// One note resolves; several make the link ambiguous; none lets the next rule try.
    private func pick(_ ids: [Int64], _ method: LinkResolution.Method) -> LinkResolution? {
        // Most lookups find nothing or one note: no set to build.
        if ids.isEmpty { return nil }
        if ids.count == 1 { return LinkResolution(targetId: ids[0], method: method) }
        let unique = Array(Set(ids)).sorted()
        if unique.count == 1 { return LinkResolution(targetId: unique[0], method: method) }
        if unique.count > 1 {
            return LinkResolution(method: .ambiguous, candidates: unique.compactMap(directory.path(of:)).sorted())
        }
        return nil
    }
}

/// Pure helpers on a link target, shared by the resolver and the writer.
package enum LinkTarget {
    /// The target without `#anchor` or `?query`, percent-decoded.
    package static func strip(_ target: String) -> String {
        let cut = target.prefix(while: { $0 != "#" && $0 != "?" })
        // Most targets have no escapes and no surrounding spaces; Foundation's decoding and
        // trimming (through NSString) were most of the cost of a link's lookup key.
        if !cut.containsByte(UInt8(ascii: "%")), cut.first?.isWhitespace != true, cut.last?.isWhitespace != true {
            return String(cut)
        }
        return (cut.removingPercentEncoding ?? String(cut)).trimmingSpaces()
    }

    /// Applies `target`'s `.` and `..` to `base`; nil when it climbs above the corpus root.
    package static func normalize(_ base: [String], _ target: String) -> [String]? {
        var parts = base
        for part in target.slashComponents() {
            switch part {
            case ".": continue
            case "..":
                guard !parts.isEmpty else { return nil }
                parts.removeLast()
            default: parts.append(String(part))
            }
        }
        return parts
    }

    /// The name a link's target ends in, so that a new or renamed note can find the links that
    /// may now reach it (`../dynamodb` → `dynamodb`; `[[Edge Location]]` → `edge location`).
    /// - Parameter urlComponents: the linking note's URL split at its slashes, which every
    ///   link of the note shares.
    package static func lookupKey(for link: Link, urlComponents: [String]) -> String {
        // An external link reaches no note, whichever notes come or go.
        if link.kind == .external || (link.kind == .image && LinkClassifier.isExternal(link.target)) { return "" }
        let target = strip(link.target)
        if link.kind == .wiki || link.kind == .embed {
            let parts = target.slashComponents()
            var last = NoteIdentity.stripExtension(parts.last.map(String.init) ?? target)
            if ["index", "_index"].contains(last.lowercased()), parts.count > 1 { last = String(parts[parts.count - 2]) }
            return TextNormalizer.key(last)
        }
        let parts = normalize(target.hasPrefix("/") ? [] : urlComponents, target) ?? []
        var last = parts.last.map { NoteIdentity.stripExtension($0) } ?? ""
        if last == "_index" || last == "index" { last = parts.dropLast().last ?? "" }
        return TextNormalizer.key(last)
    }
}

/// Stands in for the directory to learn which names a link would look up, so that a small
/// refresh loads just those names instead of every note's.
final class NameRecorder: NoteNameLookup {
    private(set) var keys = Set<String>()

    func notes(_ kind: NoteDirectory.NameKind, _ key: String) -> [Int64] {
        keys.insert(key)
        return []
    }

    func path(of id: Int64) -> String? { nil }
}
