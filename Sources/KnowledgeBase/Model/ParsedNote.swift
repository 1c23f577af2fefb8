/// Everything the parsers learn from one file. A plain value: parsers make it, the Store
/// writes it, `kb parse` prints it.
public struct ParsedNote: Sendable, Codable, Equatable {
    /// Path relative to the corpus root, with `/` separators.
    public var path: String
    /// Last meaningful path component (`aws/cloudfront/_index.md` → `cloudfront`).
    public var slug: String
    /// The page URL as Hugo would serve it (`/aws/cloudfront/`).
    public var url: String
    /// The front-matter title, else the page's `<title>` or first level-one heading, else the slug.
    public var title: String
    /// The front-matter description.
    public var description: String?
    /// Front-matter tags.
    public var tags: [Label]
    /// Front-matter categories (Hugo).
    public var categories: [Label]
    /// Front-matter `aliases`: Hugo redirect URLs or, in Obsidian vaults, alternative names.
    public var aliases: [String]
    /// Front-matter keywords: more names a note is found by.
    public var keywords: [String]
    /// The date exactly as written in the front matter.
    public var date: String?
    /// Hugo's front-matter `weight`, which orders pages in a section.
    public var weight: Int?
    /// Front-matter `draft: true`.
    public var draft: Bool
    /// Every front-matter key, serialised as a JSON object (`{}` when there is none).
    public var frontMatterJSON: String
    /// The headings in document order, each with the text under it.
    public var sections: [Section]
    /// The glossary entries the note defines.
    public var terms: [Term]
    /// Every link, wikilink, image and embed, in document order.
    public var links: [Link]
    /// The quiz questions of its question sections.
    public var questions: [Question]
    /// The `Key: value` lines.
    public var facts: [Fact]
    /// The tables, cell text only.
    public var tables: [Table]
    /// Plain text of the whole note (front matter excluded), used for full-text search.
    public var body: String
    /// What went wrong while reading this note; the note is still indexed as far as it could be.
    public var warnings: [String]
    /// The language of a site's page (`fr`), from its language folder, a `name.fr.md` file
    /// name or front-matter `lang`; the site's default language when none says otherwise.
    /// nil outside a Hugo site.
    public var language: String? = nil
    /// The page with its language taken out: translations of one page share it (Hugo's
    /// front-matter `translationKey`, else the content path without a language suffix).
    public var translationKey: String? = nil

    /// A note with only its identity: URL and slug from its path, and the slug as its title.
    public init(path: String) {
        let url = NoteIdentity.url(forPath: path)
        let slug = NoteIdentity.slug(forURL: url, path: path)
        self.init(path: path, slug: slug, url: url, title: slug)
    }

    /// An empty note with the given identity; the parser fills in the rest.
    public init(path: String, slug: String, url: String, title: String) {
        self.path = path
        self.slug = slug
        self.url = url
        self.title = title
        description = nil
        tags = []
        categories = []
        aliases = []
        keywords = []
        date = nil
        weight = nil
        draft = false
        frontMatterJSON = "{}"
        sections = []
        terms = []
        links = []
        questions = []
        facts = []
        tables = []
        body = ""
        warnings = []
    }
}

/// A tag or category: the spelling the author wrote, and the key used for matching.
public struct Label: Sendable, Codable, Equatable, Hashable {
    /// The spelling the author wrote.
    public var name: String
    /// The normalised form (`TextNormalizer.key`) that matching compares.
    public var key: String

    /// A label written as `name`, with its key.
    public init(_ name: String) {
        self.name = name
        self.key = TextNormalizer.key(name)
    }
}

/// A heading and the text under it (up to the next heading of any level).
public struct Section: Sendable, Codable, Equatable {
    /// The heading level, 1 to 6.
    public var level: Int
    /// The heading's text, without markup.
    public var heading: String
    /// GitHub-style anchor (`Use Cases` → `use-cases`), made unique within the note.
    public var anchor: String
    /// The plain text under the heading, up to the next one.
    public var text: String

    /// A section as the parser finds it.
    public init(level: Int, heading: String, anchor: String, text: String = "") {
        self.level = level
        self.heading = heading
        self.anchor = anchor
        self.text = text
    }
}

/// A glossary entry.
public struct Term: Sendable, Codable, Equatable {
    /// The term as written.
    public var name: String
    /// Its definition, as plain text.
    public var definition: String
    /// Name of the enclosing term when this one is nested under it.
    public var parent: String?
    /// Other names: acronyms and their long forms.
    public var aliases: [String]
    /// Heading of the section the term is defined in.
    public var section: String?

    /// A glossary entry as the parser finds it.
    public init(name: String, definition: String, parent: String? = nil, aliases: [String] = [], section: String? = nil) {
        self.name = name
        self.definition = definition
        self.parent = parent
        self.aliases = aliases
        self.section = section
    }
}

/// A link as written in a note, before resolution.
public struct Link: Sendable, Codable, Equatable {
    /// What kind of link it is; the raw value is what the index and `--json` output store.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case `internal`, external, wiki, image, embed

        /// The kinds the link counts call internal: they name a note of the corpus.
        static let pointingAtNotes: [Kind] = [.internal, .wiki, .embed]
    }

    /// How a link was resolved, or why it was not. The raw value is what the index stores and
    /// `--json` output prints, so it must not change.
    public enum Resolution: String, Sendable, Codable, CaseIterable, CustomStringConvertible {
        /// A file path from the linking note's folder, as written or with `.md` added.
        case file, fileMD = "file+.md"
        /// A folder that holds an `_index.md` or `index.md`.
        case sectionIndex = "_index.md", index = "index.md"
        /// The URL of a note (Hugo), or one of its front-matter aliases.
        case url, alias
        /// A wikilink by path, file name, title or alias.
        case wikiPath = "wiki:path", wikiSlug = "wiki:file", wikiTitle = "wiki:title", wikiAlias = "wiki:alias"
        /// An anchor into the linking note itself (`#heading`).
        case selfAnchor = "self"
        /// A link to another site: never looked up.
        case external
        /// No note matches, or several do (the candidates are kept, never guessed between).
        case broken, ambiguous
        /// A Hugo link whose destination is a keyword (`[page kinds](g)`), reached by its text.
        case label
        /// A destination written by a shortcode when the site is built: not checkable here.
        case shortcode
        /// Not looked up: the note was parsed on its own, outside an index.
        case unresolved

        /// The raw value, so that text output prints what `--json` prints.
        public var description: String { rawValue }
    }

    /// The link's text (an image's alt text).
    public var label: String
    /// Target as written, anchor and query included.
    public var target: String
    /// The `#fragment`, without `#`, when present.
    public var anchor: String?
    /// What kind of link it is.
    public var kind: Kind
    /// Host of an external link.
    public var host: String?
    /// Heading of the section the link sits in.
    public var section: String?

    /// A link as the parser finds it.
    public init(label: String, target: String, anchor: String? = nil, kind: Kind, host: String? = nil, section: String? = nil) {
        self.label = label
        self.target = target
        self.anchor = anchor
        self.kind = kind
        self.host = host
        self.section = section
    }
}

/// A quiz question with its options and answer.
public struct Question: Sendable, Codable, Equatable {
    /// The heading that introduces it (`Q1`).
    public var label: String
    /// The question's text.
    public var stem: String
    /// The answer options in order.
    public var options: [AnswerOption]
    /// How many answers the stem asks for ("Select TWO" → 2).
    public var answerCount: Int
    /// The answer as written (`D`, `1, 2`).
    public var answer: String?
    /// The explanation given with the answer, as plain text.
    public var explanation: String
    /// Targets of the links inside the explanation.
    public var explanationLinks: [String]

    /// A question as the parser finds it.
    public init(label: String, stem: String = "", options: [AnswerOption] = [], answerCount: Int = 1,
                answer: String? = nil, explanation: String = "", explanationLinks: [String] = []) {
        self.label = label
        self.stem = stem
        self.options = options
        self.answerCount = answerCount
        self.answer = answer
        self.explanation = explanation
        self.explanationLinks = explanationLinks
    }
}

/// One answer option: its letter or number, its text and whether it is a right answer.
public struct AnswerOption: Sendable, Codable, Equatable {
    /// The option's letter or number (`A`, `1`).
    public var label: String
    /// The option's text.
    public var text: String
    /// Whether it is one of the right answers.
    public var correct: Bool

    /// An answer option.
    public init(label: String, text: String, correct: Bool = false) {
        self.label = label
        self.text = text
        self.correct = correct
    }
}

/// A `Key: value` line such as `Type: Content delivery networks`.
public struct Fact: Sendable, Codable, Equatable {
    /// The text before the colon.
    public var key: String
    /// The text after the colon.
    public var value: String
    /// The heading of the section the line is in.
    public var section: String?

    /// A fact as the parser finds it.
    public init(key: String, value: String, section: String? = nil) {
        self.key = key
        self.value = value
        self.section = section
    }
}

/// A table: its header cells and body rows.
public struct Table: Sendable, Codable, Equatable {
    /// The heading of the section the table is in.
    public var section: String?
    /// The header row's cells.
    public var header: [String]
    /// The body rows, each a list of cells.
    public var rows: [[String]]

    /// A table as the parser finds it.
    public init(section: String?, header: [String], rows: [[String]]) {
        self.section = section
        self.header = header
        self.rows = rows
    }
}
