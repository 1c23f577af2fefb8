import Foundation
import KnowledgeBase
import MCP

/// Prompts a client offers its user: a quiz on one note, and a term explained with the notes
/// around it. Each carries the note's own text, so the assistant answers from the notes.
extension KnowledgeBaseService {
    /// The prompts, as `prompts/list` shows them.
    public var prompts: [Prompt] {
        [
            Prompt(name: "quiz", title: "Quiz me on a note",
                   description: "Asks the note's quiz questions one at a time (or makes some up from the note when it has none) and checks the answers.",
                   arguments: [.init(name: "note", description: "The note: a path, title or alias.", required: true)]),
            Prompt(name: "explain_term", title: "Explain a term",
                   description: "Explains a glossary term from its definition, the note that defines it and the notes related to that one.",
                   arguments: [.init(name: "term", description: "The term, an alias or an acronym.", required: true)]),
        ]
    }

    /// The messages of prompt `name` filled in with `arguments`.
    public func prompt(_ name: String, arguments: [String: String]?) throws -> GetPrompt.Result {
        do {
            switch name {
            case "quiz": return try quiz(on: try argument("note", of: arguments, prompt: name))
            case "explain_term": return try explain(term: try argument("term", of: arguments, prompt: name))
            default: throw MCPError.invalidParams("there is no prompt '\(name)'; the prompts are quiz and explain_term")
            }
        } catch let error as MCPError {
            throw error
        } catch {
            throw MCPError.invalidParams(ToolFailure.from(error).message)
        }
    }

    private func argument(_ key: String, of arguments: [String: String]?, prompt: String) throws -> String {
        guard let value = arguments?[key], !value.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw MCPError.invalidParams("the \(prompt) prompt needs the argument \(key)")
        }
        return value
    }

    private func quiz(on name: String) throws -> GetPrompt.Result {
        let (note, text, questions) = try answer { base -> (NoteRef, String, [QuestionEntry]) in
            let note = try NoteNames.find(name, in: base)
            return (note, try base.text(of: note), try base.questions(of: note, limit: KnowledgeBase.maximumResults))
        }
        var ask = "Quiz me on the note \"\(note.title)\" (\(note.path)), whose text follows. Ask one question at a time, wait for my answer, then tell me whether it was right and why, quoting the note."
        if questions.isEmpty {
            ask += " The note has no quiz questions of its own: make up five from its text."
        } else {
            ask += " Use its \(questions.count) quiz questions, in this order; the correct options are marked [x], so do not show the marks:\n"
            for entry in questions {
                ask += "\n\(entry.question.label): \(entry.question.stem)\n"
                ask += entry.question.options.map { "  [\($0.correct ? "x" : " ")] \($0.label)) \($0.text)" }.joined(separator: "\n") + "\n"
            }
        }
        return GetPrompt.Result(description: "A quiz on \(note.title)", messages: [
            .user(.text(text: ask)),
            .user(.resource(resource: .text(text, uri: NoteURI.note(note.path), mimeType: Self.mimeType(of: note.path)))),
        ])
    }

    private func explain(term: String) throws -> GetPrompt.Result {
        let (definitions, related) = try answer { base -> ([Definition], [RelatedNote]) in
            let result = try base.glossary.define(term, limit: 5)
            guard let first = result.definitions.first else {
                let hint = result.suggestions.isEmpty ? " Call the search tool to look for it." : " Did you mean: \(result.suggestions.joined(separator: ", "))?"
                throw ToolFailure("no term '\(term)' in the glossary.\(hint)")
            }
            return (result.definitions, try base.relatedScorer.related(to: try base.note(named: first.path), limit: 5))
        }
        var ask = "Explain the term \"\(definitions[0].term)\" to me, starting from how my notes define it:\n\n\(Self.markdown(definitions))"
        if !related.isEmpty {
            ask += "\n\nThen show how it connects to these related notes (read them with the read_note tool if you need more):\n"
            ask += related.map { "- \($0.title) (\(NoteURI.note($0.path)))" }.joined(separator: "\n")
        }
        return GetPrompt.Result(description: "An explanation of \(definitions[0].term)", messages: [.user(.text(text: ask))])
    }
}
