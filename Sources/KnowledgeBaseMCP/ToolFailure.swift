import Foundation
import KnowledgeBase

/// A call the server cannot answer as asked. Its message goes back to the assistant as the
/// tool's error result, so it says what to do instead.
public struct ToolFailure: Error, CustomStringConvertible, Sendable {
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }

    /// The failure to report for `error`, thrown by an engine: kb's own errors reworded for an
    /// assistant, which calls tools rather than typing `kb` commands.
    static func from(_ error: Error) -> ToolFailure {
        if let failure = error as? ToolFailure { return failure }
        guard let error = error as? KBError else { return ToolFailure("kb could not answer: \(error)") }
        switch error {
        case .noteNotFound(let name):
            return ToolFailure("no note named '\(name)': call the search tool with query '\(name)' to find it by its words, then pass the path it shows as `note`")
        case .ambiguousNote(let name, let candidates):
            return ToolFailure("'\(name)' names several notes; call again with one of these paths as `note`: " + candidates.joined(separator: ", "))
        case .invalidArgument(let message):
            return ToolFailure(message)
        default:
            return ToolFailure(error.description)
        }
    }
}
