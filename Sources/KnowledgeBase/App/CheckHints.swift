import Foundation

/// What `kb check` tells a user whose corpus folder is probably not the one their links are
/// written for: when most internal links are broken, the folder is likely a site's root whose
/// pages are in a sub-folder, or a sub-folder of a site whose links start at its root.
package enum CheckHints {
    /// Below this many internal links, a share says little.
    static let minimumLinks = 20

    package static func hints(broken: [LinkInfo], internalLinks: Int, corpus: URL) -> [String] {
        guard internalLinks >= minimumLinks, broken.count * 2 > internalLinks else { return [] }
        let share = "\(broken.count * 100 / internalLinks)% of links broken"
        var isFolder: ObjCBool = false
        // A site without a configuration, its pages in language folders (`content/en`): Hugo
        // serves `/en/…` unless told the folder is a language.
        let layout = CorpusLayout.detect(corpus)
        if layout.isHugoSite, let root = layout.contentRoots.first, layout.languagePrefixes.isEmpty {
            let folder = root.folder.isEmpty ? corpus : corpus.appendingPathComponent(root.folder)
            let children = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            if let language = children.sorted().first(where: { CorpusLayout.languageSuffix("x.\($0).md") != nil && $0.count == 2 }) {
                let shown = root.folder.isEmpty ? language : root.folder + "/" + language
                return ["\(share): is ./\(shown) a language folder? Declare it in the site's configuration (languages, contentDir)."]
            }
        }
        for folder in ["content", "docs", "src/content"] where !layout.contentRoots.contains(where: { $0.folder == folder }) {
            let path = corpus.appendingPathComponent(folder).path
            if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
                return ["\(share): is the content in ./\(folder)? (kb check --corpus \(folder))"]
            }
        }
        let rootRelative = broken.filter { $0.target.hasPrefix("/") }.count
        if rootRelative * 2 > broken.count {
            return ["\(share), most of them starting at a site root (/…): is this a sub-folder of a site? Index the site's root."]
        }
        return ["\(share): is this the folder the links were written for?"]
    }
}
