import Foundation
import MCP

/// Answers a well-formed `tools/call` request straight from the service, as the line that
/// carries it is read. The SDK's dispatch encodes every result to JSON and decodes it back
/// into a `Value` before encoding it once more, and its `Value` decoder builds and compiles a
/// regular expression for every string (to spot data URLs): for a result of a few hundred
/// strings that took ten times as long as finding the answer. Everything else — initialize,
/// lists, resources, prompts, notifications, batches, and any request this does not read as
/// a tool call — goes to the SDK as before.
struct ToolCallShortcut: Sendable {
    let service: KnowledgeBaseService

    /// The reply to `line` as one JSON-RPC line, or nil when the SDK should answer it.
    func reply(to line: Data) -> Data? {
        guard let (id, name, arguments) = Self.toolCall(in: line) else { return nil }
        let result = service.callTool(name, arguments: arguments)
        if let message = Self.message(id: id, result: result), let bytes = try? ValueWriter.bytes(message) { return Data(bytes) }
        return try? ResultShape.encoded(CallTool.response(id: id, result: result))
    }

    /// The JSON-RPC response carrying `result`, as the SDK would encode it, for a result of text
    /// blocks only (what every tool answers); nil for any other, which the SDK's encoder writes.
    static func message(id: ID, result: CallTool.Result) -> Value? {
        var content: [Value] = []
        for block in result.content {
            guard case .text(let text, nil, nil) = block else { return nil }
            content.append(["type": "text", "text": .string(text)])
        }
        guard result._meta == nil else { return nil }
        var fields: [String: Value] = ["content": .array(content)]
        if let structured = result.structuredContent { fields["structuredContent"] = structured }
        if let isError = result.isError { fields["isError"] = .bool(isError) }
        let identifier: Value
        switch id {
        case .string(let text): identifier = .string(text)
        case .number(let number): identifier = .int(number)
        }
        return ["jsonrpc": "2.0", "id": identifier, "result": .object(fields)]
    }

    /// The id, tool name and arguments of a JSON-RPC 2.0 `tools/call` request; nil for
    /// anything else, including a call whose parameters are not the shape the method has.
    static func toolCall(in line: Data) -> (ID, String, [String: Value]?)? {
        // A request starts with `{`; a batch (`[`) or anything else is the SDK's to read.
        guard line.first(where: { ![0x20, 0x09, 0x0D].contains($0) }) == UInt8(ascii: "{"),
              case .object(let message)? = try? JSONValueReader.read(line),
              message["jsonrpc"] == .string("2.0"), message["method"] == .string(CallTool.name),
              case .object(let parameters)? = message["params"], case .string(let name)? = parameters["name"]
        else { return nil }
        let id: ID
        switch message["id"] {
        case .string(let text)?: id = .string(text)
        case .int(let number)?: id = .number(number)
        default: return nil
        }
        switch parameters["arguments"] {
        case nil, .null?: return (id, name, nil)
        case .object(let arguments)?: return (id, name, arguments)
        default: return nil
        }
    }
}
