import ArgumentParser
import KnowledgeBase

/// The commands the REPL understands: one table drives dispatch, `:help` and Tab completion,
/// so the three can never disagree about what exists.
enum REPLCommandTable {
    /// What a command's argument is, which decides what Tab offers after it.
    enum Argument: Equatable {
        case none
        /// One note; the current note when left out (for the commands that say so).
        case note
        /// Two notes (`path A B`).
        case twoNotes
        /// A glossary term; several words make one term.
        case terms
        /// Free text; several words make one query.
        case text
        case tag
        /// Another command's name (`help search`).
        case command
    }

    /// Every command the REPL runs. `REPLSession.execute` switches over it with no default,
    /// so a command added here does not compile until it is wired up.
    enum Name: String, CaseIterable {
        case search, define, open, back, show, related, links, backlinks, terms, questions, quiz, path, tags, check, stats
        case help, quit

        /// The CLI command it runs (parsing its arguments with that command's own parser), or
        /// nil for the REPL's own commands.
        var cliType: (any ParsableCommand.Type)? {
            switch self {
            case .search: SearchCommand.self
            case .define: DefineCommand.self
            case .related: RelatedCommand.self
            case .show: ShowCommand.self
            case .links: LinksCommand.self
            case .backlinks: BacklinksCommand.self
            case .path: PathCommand.self
            case .tags: TagsCommand.self
            case .questions: QuestionsCommand.self
            case .check: CheckCommand.self
            case .stats: StatsCommand.self
            case .open, .back, .terms, .quiz, .help, .quit: nil
            }
        }

        /// Whether it acts on the current note when no note is named.
        var defaultsToCurrentNote: Bool {
            switch self {
            case .show, .related, .links, .backlinks, .terms, .questions, .quiz: true
            case .search, .define, .open, .back, .path, .tags, .check, .stats, .help, .quit: false
            }
        }
    }

    struct Command {
        let name: Name
        let aliases: [String]
        let usage: String
        let summary: String
        let argument: Argument
    }

    static let commands: [Command] = [
        Command(name: .search, aliases: [], usage: "search TEXT [--kind K] [--tag T] [--limit N]",
                summary: "full-text search over notes, sections, terms and questions", argument: .text),
        Command(name: .define, aliases: [], usage: "define TERM", summary: "the glossary entry for a term", argument: .terms),
        Command(name: .open, aliases: ["cd"], usage: "open NOTE", summary: "make NOTE the current note", argument: .note),
        Command(name: .back, aliases: [], usage: "back", summary: "return to the previous note", argument: .none),
        Command(name: .show, aliases: [], usage: "show [NOTE]", summary: "the note's card: tags, terms, links, questions", argument: .note),
        Command(name: .related, aliases: [], usage: "related [NOTE] [--explain]", summary: "the notes most related to it", argument: .note),
        Command(name: .links, aliases: [], usage: "links [NOTE] [--internal]", summary: "where its links go", argument: .note),
        Command(name: .backlinks, aliases: [], usage: "backlinks [NOTE]", summary: "the notes that link to it", argument: .note),
        Command(name: .terms, aliases: [], usage: "terms [NOTE]", summary: "the terms it defines", argument: .note),
        Command(name: .questions, aliases: [], usage: "questions [NOTE]", summary: "its quiz questions with the answers", argument: .note),
        Command(name: .quiz, aliases: [], usage: "quiz [NOTE] [--due|--new N|--terms|--stats]",
                summary: "answer its questions one by one (D, 1,2); with an option, scheduled study as kb quiz", argument: .note),
        Command(name: .path, aliases: [], usage: "path A B", summary: "the shortest chain of links from A to B", argument: .twoNotes),
        Command(name: .tags, aliases: [], usage: "tags [TAG]", summary: "tags with counts, or the notes with TAG", argument: .tag),
        Command(name: .check, aliases: [], usage: "check", summary: "broken and ambiguous links, orphans, warnings", argument: .none),
        Command(name: .stats, aliases: [], usage: "stats", summary: "what the index holds", argument: .none),
        Command(name: .help, aliases: [":help", "?", ":h"], usage: ":help [COMMAND]", summary: "this list, or one command's options",
                argument: .command),
        Command(name: .quit, aliases: [":quit", "exit", ":q", ":exit"], usage: ":quit", summary: "leave (Ctrl-D too)", argument: .none),
    ]

    /// Primary names, for `help COMMAND` completion.
    static var names: [String] { commands.map(\.name.rawValue) }

    /// What Tab offers for the first word: every name plus the `:`-forms people type from other REPLs.
    static var completionNames: [String] { names + [":help", ":quit"] }

    /// The command a typed word names (case-insensitive, aliases included).
    static func command(named word: String) -> Command? {
        let key = word.lowercased()
        return commands.first { $0.name.rawValue == key || $0.aliases.contains(key) }
    }

    /// The closest command name to a mistyped one, for "did you mean": a unique prefix match,
    /// else one or two edits away.
    static func suggestion(for word: String) -> String? {
        let key = word.lowercased()
        let prefixed = names.filter { $0.hasPrefix(key) }
        if prefixed.count == 1 { return prefixed[0] }
        return names.map { ($0, EditDistance.between($0, key, limit: 2)) }.filter { $0.1 <= 2 }.min { $0.1 < $1.1 }?.0
    }
}
