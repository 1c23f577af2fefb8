import Foundation
import KnowledgeBase
import MCP

/// The arguments of one tool call, read by name with the checks every tool shares: the right
/// JSON type, no argument the tool does not take, limits capped at `KnowledgeBase.maximumResults`.
struct ToolArguments {
    let values: [String: Value]
    let tool: ToolSpec

    /// Refuses arguments the tool does not take, naming those it does.
    init(_ values: [String: Value]?, for tool: ToolSpec) throws {
        self.values = values ?? [:]
        self.tool = tool
        let known = Set(tool.parameters.map(\.name))
        if let unknown = self.values.keys.sorted().first(where: { !known.contains($0) }) {
            let takes = known.isEmpty ? "no arguments" : "only " + known.sorted().joined(separator: ", ")
            throw ToolFailure("\(tool.name) has no argument '\(unknown)'; it takes \(takes)")
        }
    }

    /// A text argument, nil when left out (or null).
    func string(_ name: String) throws -> String? {
        switch values[name] {
        case nil, .null?: return nil
        case .string(let text)?: return text
        case .int(let number)?: return String(number)
        case .double(let number)?: return String(number)
        default: throw ToolFailure("\(name) must be a string, e.g. \(example(name))")
        }
    }

    /// A text argument that must be given and not blank.
    func required(_ name: String) throws -> String {
        guard let text = try string(name), !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw ToolFailure("\(tool.name) needs `\(name)`, e.g. {\"\(name)\": \"\(example(name))\"}")
        }
        return text
    }

    /// A whole-number argument of at least `minimum`; `fallback` when left out.
    func integer(_ name: String, fallback: Int, minimum: Int = 1) throws -> Int {
        let number: Int
        switch values[name] {
        case nil, .null?: return fallback
        case .int(let value)?: number = value
        case .double(let value)? where value.rounded() == value && abs(value) < 1e15: number = Int(value)
        case .string(let text)? where Int(text) != nil: number = Int(text)!
        default: throw ToolFailure("\(name) must be a whole number, e.g. {\"\(name)\": \(max(minimum, fallback))}")
        }
        guard number >= minimum else { throw ToolFailure("\(name) must be at least \(minimum)") }
        return number
    }

    /// `limit`, capped at `KnowledgeBase.maximumResults` (a larger one is read as the maximum).
    func limit(fallback: Int = 10) throws -> Int {
        KnowledgeBase.clampedLimit(try integer("limit", fallback: fallback))
    }

    private func example(_ name: String) -> String {
        tool.parameters.first { $0.name == name }?.example ?? "…"
    }
}
