import CYaml

/// Reads the usual shape of YAML front matter straight from libyaml's events, through the
/// CYaml module Yams is built on: one document whose root maps scalar keys to untagged
/// scalars, sequences and mappings, with no anchor, alias or repeated key.
///
/// Composing with Yams built a `Node` tree, hashed every mapping's keys to look for duplicates
/// and copied nodes as it went: about 20 µs for a seven-key front matter, three times what
/// libyaml itself takes. Whatever falls outside that shape, a syntax error included, gives
/// nil and is composed by Yams as before, so the values and messages stay Yams's own.
enum YAMLEventReader {
    /// Deeper nesting is left to Yams, which the caller cuts off at its own depth limit.
    static let depthLimit = 32

    /// The root mapping's fields, or nil when the text needs Yams.
    static func fields(_ raw: String) -> [String: FrontMatterValue]? {
        // Yams reads an empty text as no document; libyaml wants an input buffer.
        guard !raw.isEmpty else { return [:] }
        var raw = raw
        return raw.withUTF8 { bytes in EventStream(bytes).document() }
    }
}

/// One pass over libyaml's events. A class, because libyaml keeps the parser's and the
/// event's memory until they are deleted, which `deinit` does.
private final class EventStream {
    private var parser = yaml_parser_t()
    private var event = yaml_event_t()

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        yaml_parser_initialize(&parser)
        yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
        yaml_parser_set_input_string(&parser, bytes.baseAddress, bytes.count)
    }

    deinit {
        yaml_event_delete(&event)
        yaml_parser_delete(&parser)
    }

    /// Moves to the next event; false at a syntax error.
    private func advance() -> Bool {
        yaml_event_delete(&event)
        return yaml_parser_parse(&parser, &event) == 1
    }

    private func advance(expecting type: yaml_event_type_t) -> Bool {
        advance() && event.type == type
    }

    func document() -> [String: FrontMatterValue]? {
        guard advance(expecting: YAML_STREAM_START_EVENT), advance() else { return nil }
        if event.type == YAML_STREAM_END_EVENT { return [:] }
        guard event.type == YAML_DOCUMENT_START_EVENT, advance(expecting: YAML_MAPPING_START_EVENT),
              case .object(let fields)? = value(depth: 0),
              advance(expecting: YAML_DOCUMENT_END_EVENT), advance(expecting: YAML_STREAM_END_EVENT) else { return nil }
        return fields
    }

    /// The value that starts at the current event, typed as `FrontMatterParser` types Yams's
    /// nodes; nil when it is not of the plain shape.
    private func value(depth: Int) -> FrontMatterValue? {
        guard depth < YAMLEventReader.depthLimit else { return nil }
        switch event.type {
        case YAML_SCALAR_EVENT:
            guard let text = plainText() else { return nil }
            // Only a plain scalar is typed; a quoted or block one is always a string.
            return event.data.scalar.style == YAML_PLAIN_SCALAR_STYLE ? PlainScalarTyper.value(of: text) : .string(text)
        case YAML_SEQUENCE_START_EVENT:
            guard event.data.sequence_start.anchor == nil, event.data.sequence_start.tag == nil else { return nil }
            var items: [FrontMatterValue] = []
            while advance(), event.type != YAML_SEQUENCE_END_EVENT {
                guard let item = value(depth: depth + 1) else { return nil }
                items.append(item)
            }
            return event.type == YAML_SEQUENCE_END_EVENT ? .array(items) : nil
        case YAML_MAPPING_START_EVENT:
            guard event.data.mapping_start.anchor == nil, event.data.mapping_start.tag == nil else { return nil }
            var fields: [String: FrontMatterValue] = [:]
            while advance(), event.type != YAML_MAPPING_END_EVENT {
                // A repeated key is an error Yams words; a non-scalar key is Yams's to name.
                guard event.type == YAML_SCALAR_EVENT, let key = plainText(), fields[key] == nil,
                      advance(), let item = value(depth: depth + 1) else { return nil }
                fields[key] = item
            }
            return event.type == YAML_MAPPING_END_EVENT ? .object(fields) : nil
        default:
            return nil  // an alias
        }
    }

    /// The current scalar's text, unless it carries an anchor or a tag.
    private func plainText() -> String? {
        let scalar = event.data.scalar
        guard scalar.anchor == nil, scalar.tag == nil else { return nil }
        return String(decoding: UnsafeBufferPointer(start: scalar.value, count: scalar.length), as: UTF8.self)
    }
}
