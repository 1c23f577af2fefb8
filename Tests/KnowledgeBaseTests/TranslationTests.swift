import Foundation
import GRDB
import Testing
@testable import KnowledgeBase

/// A Hugo site in two languages: a page and its translation are one page to every query,
/// shown in the site's default language unless another is asked for.
@Suite struct TranslationTests {
    static let files: [String: String] = [
        "hugo.toml": TestSupport.twoLanguageHugoConfig,
        "content/en/docs/cache.md": """
            ---
            title: Cache
            tags: [storage]
            ---
            A cache keeps copies. [En français](/fr/docs/cache/) and [the guide](/docs/guide/).

            - **Eviction:** removing entries when the cache is full.
            """,
        "content/fr/docs/cache.md": """
            ---
            title: Cache
            tags: [storage]
            ---
            Un cache garde des copies. [In English](/docs/cache/) et [le guide](/fr/docs/guide/).

            - **Eviction:** retrait des entrées quand le cache est plein.
            """,
        "content/en/docs/guide.md": "---\ntitle: Guide\ntags: [storage]\n---\nHow to use the cache. [French](/fr/docs/guide/)\n",
        "content/en/docs/guide.fr.md": "---\ntitle: Guide\ntags: [storage]\n---\nComment utiliser le cache. [English](/docs/guide/)\n",
        "content/en/docs/other.md": "---\ntitle: Other\ntags: [storage]\n---\nAnother page about the [cache](/docs/cache/).\n",
    ]

    static func site(_ name: String = #function) throws -> (URL, KnowledgeBase) {
        let root = try TestSupport.scratchFolder("translation-" + name)
        try TestSupport.write(files, under: root)
        let (base, _) = try TestSupport.indexed(root)
        return (root, base)
    }

    @Test func eachNoteRecordsItsLanguageAndTheKeyItsTranslationsShare() throws {
        let (root, base) = try Self.site(#function)
        defer { try? FileManager.default.removeItem(at: root) }
        let rows = try base.database.read { db in
            try Row.fetchAll(db, sql: "SELECT path, language, translationKey FROM note ORDER BY path")
        }
        let found = Dictionary(uniqueKeysWithValues: rows.map { row in
            (row["path"] as String, [row["language"] as String?, row["translationKey"] as String?])
        })
        #expect(found["content/en/docs/cache.md"] == ["en", "docs/cache.md"])
        #expect(found["content/fr/docs/cache.md"] == ["fr", "docs/cache.md"])
        #expect(found["content/en/docs/guide.md"] == ["en", "docs/guide.md"])
        #expect(found["content/en/docs/guide.fr.md"] == ["fr", "docs/guide.md"])
    }

    @Test func relatedNeverListsTheNotesOwnTranslations() throws {
        let (root, base) = try Self.site(#function)
        defer { try? FileManager.default.removeItem(at: root) }
        let cache = try base.relatedScorer.related(to: try base.note(named: "content/en/docs/cache.md")).map(\.path)
        #expect(!cache.contains("content/fr/docs/cache.md"))
        #expect(cache.contains("content/en/docs/other.md"))
        let guide = try base.relatedScorer.related(to: try base.note(named: "content/en/docs/guide.md")).map(\.path)
        #expect(!guide.contains("content/en/docs/guide.fr.md"))
        // Another page's translations are one related page, in the note's own language.
        #expect(cache.contains("content/en/docs/guide.md") && !cache.contains("content/en/docs/guide.fr.md"))
        let french = try base.relatedScorer.related(to: try base.note(named: "cache", language: "fr")).map(\.path)
        #expect(french.contains("content/en/docs/guide.fr.md") && !french.contains("content/en/docs/guide.md"))
        #expect(!french.contains("content/en/docs/cache.md"))
    }

    @Test func searchShowsTheDefaultLanguageOrTheOneAskedFor() throws {
        let (root, base) = try Self.site(#function)
        defer { try? FileManager.default.removeItem(at: root) }
        let english = try base.search.search("cache").hits.map(\.path)
        #expect(english.contains("content/en/docs/cache.md") && english.contains("content/en/docs/guide.md"))
        #expect(!english.contains("content/fr/docs/cache.md") && !english.contains("content/en/docs/guide.fr.md"))
        let french = try base.search(language: "fr").search("cache").hits.map(\.path)
        #expect(french.contains("content/fr/docs/cache.md") && french.contains("content/en/docs/guide.fr.md"))
        #expect(!french.contains("content/en/docs/cache.md") && !french.contains("content/en/docs/guide.md"))
    }

    @Test func theDefaultLanguageIsTheSitesAsOfTheLastRefresh() throws {
        let (root, base) = try Self.site(#function)
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(base.preferredLanguage() == "en")
        #expect(try base.note(named: "cache").path == "content/en/docs/cache.md")
        try TestSupport.twoLanguageHugoConfig.replacingOccurrences(of: #"defaultContentLanguage = "en""#, with: #"defaultContentLanguage = "fr""#)
            .write(to: root.appendingPathComponent("hugo.toml"), atomically: true, encoding: .utf8)
        // The index was built for English first; queries keep to that until a refresh reads the
        // new configuration, then follow it.
        #expect(base.preferredLanguage() == "en")
        _ = try base.refresh()
        #expect(base.preferredLanguage() == "fr")
        #expect(try base.note(named: "cache").path == "content/fr/docs/cache.md")
        #expect(try base.search.search("cache").hits.map(\.path).contains("content/fr/docs/cache.md"))
    }

    @Test func aNameOfTranslationsFindsTheDefaultLanguageOrTheOneAskedFor() throws {
        let (root, base) = try Self.site(#function)
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(try base.note(named: "cache").path == "content/en/docs/cache.md")
        #expect(try base.note(named: "cache", language: "fr").path == "content/fr/docs/cache.md")
        #expect(try base.note(named: "Guide").path == "content/en/docs/guide.md")
        #expect(try base.note(named: "Guide", language: "fr").path == "content/en/docs/guide.fr.md")
    }

    @Test func aTermBothTranslationsDefineIsAnsweredOnceInTheChosenLanguage() throws {
        let (root, base) = try Self.site(#function)
        defer { try? FileManager.default.removeItem(at: root) }
        let english = try base.glossary.define("eviction").definitions
        #expect(english.map(\.path) == ["content/en/docs/cache.md"])
        let french = try base.glossary(language: "fr").define("eviction").definitions
        #expect(french.map(\.path) == ["content/fr/docs/cache.md"])
        #expect(french.first?.definition.contains("retrait") == true)
    }

    @Test func theLangOptionChoosesTheLanguageOnTheCommandLine() throws {
        let root = try TestSupport.scratchFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        try TestSupport.write(Self.files, under: root)
        let db = root.appendingPathComponent("index.sqlite").path
        let shown = try CLITests.kb(["show", "cache", "--corpus", root.path, "--db", db, "--json", "--lang", "fr"])
        #expect(shown.status == 0)
        #expect(shown.stdout.contains("content/fr/docs/cache.md"))
        let found = try CLITests.kb(["search", "cache", "--corpus", root.path, "--db", db, "--json"])
        #expect(found.stdout.contains("content/en/docs/cache.md") && !found.stdout.contains("content/fr/docs/cache.md"))
    }
}
