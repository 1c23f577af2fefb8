import Foundation

/// What kind of collection a corpus folder is, so that its notes get the URLs, and its links
/// the meaning, that its own tool gives them: a Hugo site (a `hugo.*` or `config.*` file, or a
/// `content/` folder, at the root) maps its content files to Hugo's URLs; an Obsidian vault (a
/// folder holding `.obsidian`, at the root or one level down) resolves Markdown links by name
/// as Obsidian does; a Quartz site (`quartz.config.ts`) is a vault in `content/`. A plain
/// folder of notes is none of these.
struct CorpusLayout: Sendable, Equatable {
    /// A folder of Hugo content, and the language whose pages it holds.
    struct ContentRoot: Sendable, Equatable {
        var folder: String
        var language: String
        /// `""` for the default language served at `/`, else `/fr`.
        var prefix: String
    }

    var contentRoots: [ContentRoot] = []
    /// Hugo's `static/`: its files are served at the site root.
    var staticFolder: String?
    /// Languages a file name may end in (`page.fr.md`), with their URL prefix.
    var languagePrefixes: [String: String] = [:]
    /// Folders that are Obsidian vaults ("" is the corpus root).
    var vaultRoots: [String] = []
    /// Whether a configuration file says this is a Hugo site; a `content/` folder alone maps
    /// URLs but leaves `[[…]]` as links, since other tools keep notes in such a folder too.
    var hasSiteConfig = false
    /// A Hugo site's `defaultContentLanguage` (`en` when unset); nil for other corpora.
    var defaultLanguage: String?

    var isHugoSite: Bool { !contentRoots.isEmpty }

    /// What the stored URLs and resolutions depend on: "" for a plain folder, so that a change
    /// of layout (a `hugo.toml` edited, a `.obsidian` folder added) re-reads every note.
    var fingerprint: String {
        guard isHugoSite || !vaultRoots.isEmpty else { return "" }
        let roots = contentRoots.map { "\($0.folder)=\($0.prefix)" }.joined(separator: ",")
        let languages = languagePrefixes.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
        return " site\(hasSiteConfig ? "+config" : "")[\(defaultLanguage ?? "")|\(roots)|\(staticFolder ?? "")|\(languages)] vaults[\(vaultRoots.joined(separator: ","))]"
    }

    init() {}

    static let configNames = ["hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json",
                              "config.toml", "config.yaml", "config.yml", "config.json"]

    /// Looks at the corpus root (a few `stat`s and, for a site, one configuration file).
    static func detect(_ root: URL) -> CorpusLayout {
        var layout = CorpusLayout()
        let files = FileManager.default
        func isFolder(_ path: String) -> Bool {
            var folder: ObjCBool = false
            return files.fileExists(atPath: root.appendingPathComponent(path).path, isDirectory: &folder) && folder.boolValue
        }
        if isFolder(".obsidian") {
            layout.vaultRoots = [""]
        } else if let children = try? files.contentsOfDirectory(atPath: root.path) {
            layout.vaultRoots = children.filter { !$0.hasPrefix(".") && isFolder($0 + "/.obsidian") }.sorted()
        }
        // Quartz publishes an Obsidian-style folder from `content/`: its links are wikilinks
        // read from there, with `index` as a folder's page.
        if files.fileExists(atPath: root.appendingPathComponent("quartz.config.ts").path) {
            if isFolder("content"), !layout.vaultRoots.contains("") { layout.vaultRoots.append("content") }
            return layout
        }
        let configPath = (configNames + configNames.map { "config/_default/" + $0 }).first {
            files.fileExists(atPath: root.appendingPathComponent($0).path) && !isFolder($0)
        }
        guard configPath != nil || (isFolder("content") && layout.vaultRoots.isEmpty) else { return layout }
        var config: [String: FrontMatterValue] = [:]
        layout.hasSiteConfig = configPath != nil
        if let configPath, let data = try? Data(contentsOf: root.appendingPathComponent(configPath)), data.count < 4 << 20 {
            let format = (configPath as NSString).pathExtension.lowercased()
            config = SiteConfigReader.read(String(decoding: data, as: UTF8.self), format: format)
        }
        layout.readHugo(config, isFolder: isFolder)
        return layout
    }

    private mutating func readHugo(_ config: [String: FrontMatterValue], isFolder: (String) -> Bool) {
        func field(_ fields: [String: FrontMatterValue], _ name: String) -> FrontMatterValue? {
            fields.first { $0.key.lowercased() == name.lowercased() }?.value
        }
        let defaultLanguage = field(config, "defaultContentLanguage")?.text?.lowercased() ?? "en"
        self.defaultLanguage = defaultLanguage
        let inSubdir = field(config, "defaultContentLanguageInSubdir") == .bool(true)
        func prefix(_ language: String) -> String { language == defaultLanguage && !inSubdir ? "" : "/" + language }
        var languages: [String: [String: FrontMatterValue]] = [:]
        if case .object(let table)? = field(config, "languages") {
            for (name, value) in table { if case .object(let fields) = value { languages[name] = fields } }
        }
        for language in languages.keys { languagePrefixes[language.lowercased()] = prefix(language) }
        let contentDir = field(config, "contentDir")?.text ?? "content"
        // Content mounts (`[[module.mounts]]` with target `content`) replace `contentDir`.
        if case .object(let module)? = field(config, "module"), case .array(let mounts)? = field(module, "mounts") {
            for case .object(let mount) in mounts where field(mount, "target")?.text == "content" {
                guard let source = field(mount, "source")?.text?.trimmingCharacters(in: CharacterSet(charactersIn: "/")) else { continue }
                var language = field(mount, "lang")?.text
                if language == nil, case .object(let sites)? = field(mount, "sites"), case .object(let matrix)? = field(sites, "matrix") {
                    language = field(matrix, "languages")?.strings.first
                }
                let chosen = language ?? defaultLanguage
                contentRoots.append(ContentRoot(folder: source, language: chosen, prefix: prefix(chosen)))
            }
        }
        if contentRoots.isEmpty {
            for (language, fields) in languages.sorted(by: { $0.key < $1.key }) {
                if let folder = field(fields, "contentDir")?.text {
                    contentRoots.append(ContentRoot(folder: folder.trimmingCharacters(in: CharacterSet(charactersIn: "/")),
                                                    language: language, prefix: prefix(language)))
                }
            }
        }
        if contentRoots.isEmpty {
            contentRoots = [ContentRoot(folder: contentDir.trimmingCharacters(in: CharacterSet(charactersIn: "/")),
                                        language: defaultLanguage, prefix: prefix(defaultLanguage))]
        }
        // The longest folder first, so a nested root wins over the one around it.
        contentRoots.sort { $0.folder.count > $1.folder.count }
        staticFolder = field(config, "staticDir")?.text ?? (isFolder("static") ? "static" : nil)
    }

    /// Whether a note at `path` is in an Obsidian vault.
    func isInVault(_ path: String) -> Bool {
        vaultRoots.contains { $0.isEmpty || path.hasPrefix($0 + "/") }
    }

    /// Gives a note of a Hugo site the URL Hugo serves it at and, when a configuration makes
    /// it surely Hugo's, drops the `[[…]]` Hugo does not read as links. Notes of other corpora
    /// are left as they are.
    func apply(to note: inout ParsedNote) {
        guard isHugoSite else { return }
        if let folder = staticFolder, note.path.hasPrefix(folder + "/") {
            note.url = "/" + note.path.dropFirst(folder.count + 1)
            return
        }
        guard let root = contentRoots.first(where: { $0.folder.isEmpty || note.path.hasPrefix($0.folder + "/") }) else { return }
        var relative = root.folder.isEmpty ? note.path : String(note.path.dropFirst(root.folder.count + 1))
        var prefix = root.prefix
        var language = root.language.lowercased()
        // Translation by file name: `about.fr.md` is the French `about`.
        if let (stripped, suffix) = Self.languageSuffix(relative), let languagePrefix = languagePrefixes[suffix] {
            relative = stripped
            prefix = languagePrefix
            language = suffix
            // Its name is the page's (`about`, not `about.fr`), as its translations' is.
            note.slug = NoteIdentity.slug(forPath: stripped)
        }
        var url = NoteIdentity.url(forPath: relative)
        var translationKey = relative
        if note.frontMatterJSON.contains("\"url\"") || note.frontMatterJSON.contains("\"slug\"")
            || note.frontMatterJSON.contains("\"lang\"") || note.frontMatterJSON.contains("\"translationKey\""),
           let fields = try? JSONSerialization.jsonObject(with: Data(note.frontMatterJSON.utf8)) as? [String: Any] {
            if let given = fields["lang"] as? String, !given.isEmpty { language = given.lowercased() }
            if let given = fields["translationKey"] as? String, !given.isEmpty { translationKey = "key:" + given }
            if let slug = fields["slug"] as? String, !slug.isEmpty, !relative.hasSuffix("_index.md") {
                var parts = url.slashComponents().map(String.init)
                if !parts.isEmpty { parts.removeLast() }
                url = "/" + (parts + [slug]).joined(separator: "/") + "/"
            }
            if let given = fields["url"] as? String, !given.isEmpty {
                url = given.hasPrefix("/") ? given : "/" + given
            }
        }
        note.url = prefix + url
        note.language = language
        note.translationKey = translationKey
        if hasSiteConfig { note.links.removeAll { $0.kind == .wiki || $0.kind == .embed } }
    }

    /// `x/page.fr.md` → (`x/page.md`, `fr`) when the part before the extension looks like a
    /// language code.
    static func languageSuffix(_ path: String) -> (String, String)? {
        let parts = path.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count >= 3, let language = parts.dropLast().last, (2...5).contains(language.count),
              !language.contains("/"), language.allSatisfy({ $0.isLetter || $0 == "-" }) else { return nil }
        return ((parts.dropLast(2) + [parts.last!]).joined(separator: "."), language.lowercased())
    }
}
