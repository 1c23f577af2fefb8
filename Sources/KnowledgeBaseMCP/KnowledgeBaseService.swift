import Foundation
import KnowledgeBase
import MCP

/// The knowledge base as MCP sees it: tools, resources and prompts, answered from an index
/// that is brought up to date before each answer. Transport-free, so tests drive it directly;
/// `KnowledgeBaseServer` connects it to a client.
public final class KnowledgeBaseService: @unchecked Sendable {
    public let base: KnowledgeBase
    /// Whether each answer comes from an up-to-date index (false: from the index as it is).
    public let refreshing: Bool
    /// One request at a time: a refresh and the answers after it see one index state.
    private let lock = NSLock()

    public init(base: KnowledgeBase, refreshing: Bool = true) {
        self.base = base
        self.refreshing = refreshing
    }

    /// Every tool, as `tools/list` shows it.
    public var tools: [Tool] { ToolCatalog.all.map(\.tool) }

    /// Calls the tool `name`. Every failure, from an unknown tool to a note that is not there,
    /// is an error result (`isError`) whose text says what to do, never a thrown error, so the
    /// assistant sees it and the server keeps serving.
    public func callTool(_ name: String, arguments: [String: Value]?) -> CallTool.Result {
        do {
            guard let spec = ToolCatalog.byName[name] else {
                throw ToolFailure("there is no tool '\(name)'; the tools are \(ToolCatalog.all.map(\.name).joined(separator: ", "))")
            }
            let parsed = try ToolArguments(arguments, for: spec)
            let value = try answer { try spec.answer(parsed, $0) }
            // Typed as an optional, the non-throwing initialiser (not the `Codable` one) takes it.
            let structured: Value? = value
            // The text block is the structured value as compact JSON with sorted keys.
            return CallTool.Result(content: [.text(text: ValueWriter.text(value), annotations: nil, _meta: nil)],
                                   structuredContent: structured, isError: nil, _meta: nil)
        } catch {
            let message = ToolFailure.from(error).message
            return CallTool.Result(content: [.text(text: message, annotations: nil, _meta: nil)], isError: true)
        }
    }

    /// Answers `question` from an up-to-date index (see `KnowledgeBase.answerFresh`); when the
    /// index cannot be written, or when not `refreshing`, from the index as it is.
    func answer<Answer>(_ question: (KnowledgeBase) throws -> Answer) throws -> Answer {
        try lock.withLock {
            guard refreshing else { return try question(base) }
            return try base.answerFreshOrAsIs(stale: { reason in
                FileHandle.standardError.write(Data("kb mcp: answering from the index as it was: \(reason)\n".utf8))
            }, question)
        }
    }
}
