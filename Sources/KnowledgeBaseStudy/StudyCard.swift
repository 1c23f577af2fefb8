import Foundation
import KnowledgeBase

/// One thing to remember, made from a note: a quiz question or a glossary term.
///
/// A card's identity is its note path plus what names it inside the note (the question label or
/// the term name, with a suffix for an acronym's two extra directions), so editing the text keeps
/// the card and its review history, and only removing the question or term retires it.
public struct StudyCard: Sendable, Codable, Equatable {
    /// What the card asks.
    public enum Kind: String, Sendable, Codable {
        /// A multiple-choice question, graded against the options marked correct.
        case question
        /// A glossary term: its name on the front, its definition on the back.
        case term
        /// An acronym: the acronym on the front, its long form on the back.
        case acronym
        /// An acronym's long form on the front, the acronym on the back.
        case longForm
    }

    /// The card's name inside its note: `question:Q1`, `term:CDN`, `acronym:CDN`, `long-form:CDN`.
    public var key: String
    /// Question, term, or one direction of an acronym.
    public var kind: Kind
    /// The note's path inside the corpus.
    public var notePath: String
    /// The note's title, for headings and deck names.
    public var noteTitle: String
    /// Tag keys of the note, for `--tag` and for Anki's own tags.
    public var tags: [String]
    /// What the card asks: the question stem, or the term (or acronym, or long form).
    public var prompt: String
    /// The options of a question, in order; empty for a term.
    public var options: [AnswerOption]
    /// What the card answers: the correct option labels, or the definition (or long form, or acronym).
    public var answer: String
    /// A question's explanation; empty for a term.
    public var explanation: String
    /// Links inside the explanation.
    public var links: [String]

    /// The identity used everywhere (database, Anki GUID): note path and key.
    public var id: String { "\(notePath)#\(key)" }

    /// A short fingerprint of what the card says, to notice edits and to find a moved note's cards.
    public var contentHash: String {
        let text = [kind.rawValue, prompt, options.map { "\($0.label)\u{1}\($0.text)\u{1}\($0.correct)" }.joined(separator: "\u{2}"),
                    answer, explanation].joined(separator: "\u{3}")
        return String(StableHash.fnv1a64(text), radix: 16)
    }

    /// The correct labels of a question, upper-cased, in reading order.
    public var correctLabels: [String] {
        options.filter(\.correct).map { $0.label.uppercased() }.sorted(by: QuizGrader.labelOrder)
    }

    /// The question as `QuizGrader` grades it.
    public var question: Question {
        Question(label: String(key.dropFirst("question:".count)), stem: prompt, options: options,
                 answerCount: max(1, correctLabels.count), answer: answer, explanation: explanation, explanationLinks: links)
    }
}

/// A 64-bit FNV-1a hash over UTF-8: stable across runs and machines (Swift's `hashValue` is not).
enum StableHash {
    static func fnv1a64(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }
}

/// Makes the cards of the notes in a knowledge base.
public enum CardMaker {
    /// Every card of `notes`: each question with options, each term with a definition, and
    /// for an acronym term (a name in capitals with a long-form alias) both directions as well.
    public static func cards(from base: KnowledgeBase, notes: [NoteRef]) throws -> [StudyCard] {
        try notes.flatMap { note in Self.cards(of: try base.document(of: note), title: note.title) }
    }

    /// Brings `store` up to date with every note of `base`, parsing only the notes whose file
    /// changed (size or modification time) since their cards were last stored.
    @discardableResult
    public static func sync(_ base: KnowledgeBase, into store: ReviewStore) throws -> ReviewStore.SyncSummary {
        let known = try store.noteFingerprints()
        var cards: [StudyCard] = []
        var fingerprints: [String: String] = [:]
        var unchanged = Set<String>()
        for note in try base.graph.allNotes() {
            let fingerprint = Self.fingerprint(of: note.path, in: base.corpus)
            if let fingerprint, known[note.path] == fingerprint {
                unchanged.insert(note.path)
                continue
            }
            cards += Self.cards(of: try base.document(of: note), title: note.title)
            fingerprints[note.path] = fingerprint ?? ""
        }
        return try store.sync(ReviewStore.NoteCards(cards: cards, fingerprints: fingerprints, unchangedPaths: unchanged))
    }

    /// Size and modification time of a note file (its metadata only; nothing is read).
    static func fingerprint(of path: String, in corpus: URL) -> String? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: corpus.appendingPathComponent(path).path),
              let size = attributes[.size] as? NSNumber, let modified = attributes[.modificationDate] as? Date else { return nil }
        return "\(size.int64Value)-\(modified.timeIntervalSince1970)"
    }

    /// The cards of one parsed note.
    public static func cards(of note: ParsedNote, title: String) -> [StudyCard] {
        let tags = note.tags.map(\.key)
        func card(_ key: String, _ kind: StudyCard.Kind, prompt: String, options: [AnswerOption] = [], answer: String,
                  explanation: String = "", links: [String] = []) -> StudyCard {
            StudyCard(key: key, kind: kind, notePath: note.path, noteTitle: title, tags: tags, prompt: prompt,
                      options: options, answer: answer, explanation: explanation, links: links)
        }
        var cards: [StudyCard] = []
        var seen = Set<String>()
        for question in note.questions where !question.options.isEmpty && seen.insert("question:\(question.label)").inserted {
            let correct = question.options.filter(\.correct).map(\.label)
            cards.append(card("question:\(question.label)", .question, prompt: question.stem, options: question.options,
                              answer: correct.joined(separator: ", "), explanation: question.explanation,
                              links: question.explanationLinks))
        }
        for term in note.terms where !term.definition.isEmpty && seen.insert("term:\(term.name)").inserted {
            cards.append(card("term:\(term.name)", .term, prompt: term.name, answer: term.definition))
            if isAcronym(term.name), let longForm = term.aliases.first(where: { !isAcronym($0) }) {
                cards.append(card("acronym:\(term.name)", .acronym, prompt: term.name, answer: longForm))
                cards.append(card("long-form:\(term.name)", .longForm, prompt: longForm, answer: term.name))
            }
        }
        return cards
    }

    /// `CDN`, `S3`, `IaC`: short, no spaces, at least two capitals.
    static func isAcronym(_ name: String) -> Bool {
        name.count <= 10 && !name.contains(" ") && name.filter(\.isUppercase).count >= 2
    }
}
