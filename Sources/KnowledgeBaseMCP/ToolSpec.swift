import Foundation
import KnowledgeBase
import MCP

/// One tool the server offers: what an assistant reads about it, the arguments it takes, and
/// how it answers from the knowledge base.
struct ToolSpec: Sendable {
    /// One argument, with what its JSON Schema says about it.
    struct Parameter: Sendable {
        enum Kind: String, Sendable { case string, integer, boolean }
        var name: String
        var kind: Kind
        var description: String
        var required = false
        /// A value for error messages to show.
        var example: String
        var choices: [String] = []
        var minimum: Int? = nil
        var maximum: Int? = nil
        var fallback: Int? = nil
    }

    var name: String
    var title: String
    var description: String
    var parameters: [Parameter]
    /// Answers a call with the arguments read; the value is the structured result (an object).
    var answer: @Sendable (ToolArguments, KnowledgeBase) throws -> Value

    /// The tool as `tools/list` shows it: read-only, idempotent and closed-world, since kb only
    /// reads the notes folder and its own index.
    var tool: Tool {
        Tool(name: name, title: title, description: description, inputSchema: inputSchema,
             annotations: .init(title: title, readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false))
    }

    private var inputSchema: Value {
        var properties: [String: Value] = [:]
        for parameter in parameters {
            var schema: [String: Value] = ["type": .string(parameter.kind.rawValue), "description": .string(parameter.description)]
            if !parameter.choices.isEmpty { schema["enum"] = .array(parameter.choices.map(Value.string)) }
            if let minimum = parameter.minimum { schema["minimum"] = .int(minimum) }
            if let maximum = parameter.maximum { schema["maximum"] = .int(maximum) }
            if let fallback = parameter.fallback { schema["default"] = .int(fallback) }
            properties[parameter.name] = .object(schema)
        }
        return .object([
            "type": "object",
            "properties": .object(properties),
            "required": .array(parameters.filter(\.required).map { .string($0.name) }),
            "additionalProperties": false,
        ])
    }
}

extension ToolSpec.Parameter {
    /// `note`: one note by path, title or alias, the same for every tool.
    static func note(_ purpose: String, required: Bool = true) -> Self {
        .init(name: "note", kind: .string,
              description: "\(purpose): its path relative to the corpus (aws/cloudfront/_index.md or aws/cloudfront), its title, or an alias. A name several notes share is refused with their paths listed.",
              required: required, example: "aws/cloudfront")
    }

    /// `limit`: how many results at most.
    static func limit(_ fallback: Int = 10) -> Self {
        .init(name: "limit", kind: .integer,
              description: "At most this many results (default \(fallback); above \(KnowledgeBase.maximumResults) is read as \(KnowledgeBase.maximumResults)).",
              example: String(fallback), minimum: 1, fallback: fallback)
    }
}
