import Foundation

/// Writes a link's new destination in the style it was written: a file path (with or without
/// `.md`, relative or from the root), a Hugo page URL, a wikilink by path or by name. Pure:
/// given where the linking note and its target end up, it proposes destinations, best first;
/// `NoteMover` keeps the first that the resolver confirms.
struct LinkRewriter {
    /// The linking note's path and page URL after the move.
    var sourcePath: String
    var sourceURL: String
    /// The target's path and page URL after the move.
    var targetPath: String
    var targetURL: String
    var targetSlug: String
    var oldTargetSlug: String
    /// The Hugo content folder of the target, when it lies in one.
    var contentRoot: String? = nil

    /// Destinations (path part only) to try, or nil when this style of link needs no change.
    func candidates(written: String, method: LinkResolution.Method, style: LinkSpan.Style) -> [String]? {
        switch method {
        case .file, .fileMD, .sectionIndex, .index:
            let form = fileForm(method)
            var out: [String] = []
            // `/posts/a.md` in a Hugo site names a file under the content folder.
            if written.hasPrefix("/"), let root = contentRoot, form.hasPrefix(root + "/") {
                out.append(Self.keepTrailingSlash("/" + form.dropFirst(root.count + 1), like: written))
            }
            out.append(pathStyle(form, written: written))
            out.append(pathStyle(targetPath, written: written))
            return out
        case .url, .label:
            return [urlStyle(written: written), pathStyle(fileForm(.fileMD), written: written)]
        case .wikiPath:
            var form = written.lowercased().hasSuffix(".md") ? targetPath : NoteIdentity.stripExtension(targetPath)
            if written.hasPrefix("/") { form = "/" + form }
            return [form]
        case .wikiSlug:
            if written.contains("/") { return [NoteIdentity.stripExtension(targetPath)] }
            guard TextNormalizer.key(oldTargetSlug) != TextNormalizer.key(targetSlug) else { return nil }
            let name = (targetPath.slashComponents().last.map(String.init)).map(NoteIdentity.stripExtension) ?? targetSlug
            let byName = ["index", "_index"].contains(name.lowercased()) ? targetSlug : name
            return [written.lowercased().hasSuffix(".md") ? byName + ".md" : byName, NoteIdentity.stripExtension(targetPath)]
        case .alias, .wikiTitle, .wikiAlias, .selfAnchor, .external, .broken, .ambiguous, .shortcode, .unresolved:
            return nil
        }
    }

    /// The target's path as the method wrote it: whole, without `.md`, or its folder.
    private func fileForm(_ method: LinkResolution.Method) -> String {
        let parts = targetPath.slashComponents().map(String.init)
        let name = parts.last ?? targetPath
        switch method {
        case .file: return targetPath
        case .sectionIndex, .index:
            if ["_index.md", "index.md"].contains(name) { return parts.dropLast().joined(separator: "/") }
            return NoteIdentity.stripExtension(targetPath)
        default:
            return NoteIdentity.stripExtension(targetPath)
        }
    }

    /// `form` (a corpus path) written as `written` was: from the root, or relative to the
    /// linking note's folder, with its `./` and trailing slash.
    private func pathStyle(_ form: String, written: String) -> String {
        var out: String
        if written.hasPrefix("/") {
            out = "/" + form
        } else {
            let folder = sourcePath.slashComponents().dropLast().map(String.init)
            out = Self.relative(from: folder, to: form.slashComponents().map(String.init))
            if written.hasPrefix("./"), !out.hasPrefix("../") { out = "./" + out }
        }
        return Self.keepTrailingSlash(out, like: written)
    }

    /// The target's page URL, absolute or relative to the linking page as `written` was.
    private func urlStyle(written: String) -> String {
        let target = targetURL.slashComponents().map(String.init)
        var out: String
        if written.hasPrefix("/") {
            out = "/" + target.joined(separator: "/")
        } else {
            // A page URL is a folder (`/aws/cloudfront/`): relative links start from it.
            out = Self.relative(from: sourceURL.slashComponents().map(String.init), to: target)
            if written.hasPrefix("./"), !out.hasPrefix("../") { out = "./" + out }
        }
        return Self.keepTrailingSlash(out, like: written)
    }

    static func keepTrailingSlash(_ path: String, like written: String) -> String {
        if written.hasSuffix("/"), !path.hasSuffix("/") { return path + "/" }
        if !written.hasSuffix("/"), path.hasSuffix("/"), path.count > 1 { return String(path.dropLast()) }
        return path
    }

    /// `to` as seen from the folder `from`: `../` up to their common folder, then down.
    static func relative(from: [String], to: [String]) -> String {
        let shared = zip(from, to).prefix(while: { $0 == $1 }).count
        let up = Array(repeating: "..", count: from.count - shared)
        let parts = up + to.dropFirst(shared)
        return parts.isEmpty ? "./" : parts.joined(separator: "/")
    }

    /// A destination written into Markdown: spaces escaped where the style needs it.
    static func encoded(_ path: String, style: LinkSpan.Style, writtenWasEncoded: Bool) -> String {
        guard style != .wiki, style != .shortcode else { return path }
        if writtenWasEncoded || (style == .inline || style == .reference) {
            return path.replacingOccurrences(of: " ", with: "%20")
        }
        return path
    }
}
