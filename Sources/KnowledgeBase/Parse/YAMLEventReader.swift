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

    /// Aliases may copy at most this many nodes into a front matter of `byteCount` bytes.
    static func aliasBudget(forBytes byteCount: Int) -> Int { max(10_000, 8 * byteCount) }

    /// How many nodes the document holds once every alias is replaced by a copy of what its
    /// anchor names, counted from the events without making a copy: 320 bytes of nested
    /// aliases (a "billion laughs") come to billions, which composing in full would take
    /// tens of seconds and gigabytes to build. Saturates rather than overflows; at a syntax error, the count of
    /// what comes before it (Yams too would build that much before it stops).
    static func expandedNodeCount(_ raw: String) -> Int {
        guard !raw.isEmpty else { return 0 }
        var raw = raw
        return raw.withUTF8 { bytes in EventStream(bytes).expandedNodeCount() }
    }

    /// The root mapping's fields, reading anchors and aliases too, with aliases copying at most
    /// `aliasBudget` nodes in all: an alias whose copy would go past it becomes null and
    /// `cutShort` is set. Nodes written out in the text always count as themselves, so the
    /// fields before, after and beside the aliases are kept. Nil when the text needs Yams
    /// for another reason (a tag, a repeated or non-scalar key, an error).
    static func fields(_ raw: String, aliasBudget: Int) -> (fields: [String: FrontMatterValue], cutShort: Bool)? {
        guard !raw.isEmpty else { return ([:], false) }
        var raw = raw
        return raw.withUTF8 { bytes in
            let stream = EventStream(bytes, aliasBudget: aliasBudget)
            return stream.document().map { ($0, stream.cutShort) }
        }
    }
}

/// One pass over libyaml's events. A class, because libyaml keeps the parser's and the
/// event's memory until they are deleted, which `deinit` does.
private final class EventStream {
    private var parser = yaml_parser_t()
    private var event = yaml_event_t()
    /// Set when anchors and aliases are read: how many nodes aliases may still copy.
    private var aliasBudget: Int?
    /// Each anchor's value and its size in nodes.
    private var anchors: [String: (value: FrontMatterValue, nodes: Int)] = [:]
    /// Nodes made so far, copies included: an anchored node's size is the difference.
    private var nodesMade = 0
    /// An alias was left out because its copy would go past the budget.
    private(set) var cutShort = false

    init(_ bytes: UnsafeBufferPointer<UInt8>, aliasBudget: Int? = nil) {
        self.aliasBudget = aliasBudget
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

    /// See `YAMLEventReader.expandedNodeCount`. Each collection's running count is kept on a
    /// stack; an anchor's count is recorded when its node ends.
    func expandedNodeCount() -> Int {
        var sizes: [String: Int] = [:]
        var open: [(anchor: String?, nodes: Int)] = [(nil, 0)]
        func add(_ nodes: Int) { open[open.count - 1].nodes = open[open.count - 1].nodes.addingSaturated(nodes) }
        while advance() {
            switch event.type {
            case YAML_STREAM_END_EVENT:
                return open[0].nodes
            case YAML_SCALAR_EVENT:
                if let anchor = name(event.data.scalar.anchor) { sizes[anchor] = 1 }
                add(1)
            case YAML_SEQUENCE_START_EVENT:
                open.append((name(event.data.sequence_start.anchor), 1))
            case YAML_MAPPING_START_EVENT:
                open.append((name(event.data.mapping_start.anchor), 1))
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                guard open.count > 1 else { break }
                let closed = open.removeLast()
                if let anchor = closed.anchor { sizes[anchor] = closed.nodes }
                add(closed.nodes)
            case YAML_ALIAS_EVENT:
                add(name(event.data.alias.anchor).flatMap { sizes[$0] } ?? 1)
            default:
                break
            }
        }
        return open.reduce(0) { $0.addingSaturated($1.nodes) }
    }

    private func name(_ bytes: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        bytes.map { String(cString: $0) }
    }

    /// The value that starts at the current event, typed as `FrontMatterParser` types Yams's
    /// nodes; nil when it is not of the plain shape. With an alias budget, an anchored value
    /// is kept for the aliases to it.
    private func value(depth: Int) -> FrontMatterValue? {
        let start = nodesMade
        let anchor: String?
        switch event.type {
        case YAML_SCALAR_EVENT: anchor = name(event.data.scalar.anchor)
        case YAML_SEQUENCE_START_EVENT: anchor = name(event.data.sequence_start.anchor)
        case YAML_MAPPING_START_EVENT: anchor = name(event.data.mapping_start.anchor)
        default: anchor = nil
        }
        guard anchor == nil || aliasBudget != nil, let value = unanchoredValue(depth: depth) else { return nil }
        if let anchor { anchors[anchor] = (value, nodesMade - start) }
        return value
    }

    private func unanchoredValue(depth: Int) -> FrontMatterValue? {
        guard depth < YAMLEventReader.depthLimit else { return nil }
        switch event.type {
        case YAML_SCALAR_EVENT:
            guard let text = plainText() else { return nil }
            nodesMade += 1
            // Only a plain scalar is typed; a quoted or block one is always a string.
            return event.data.scalar.style == YAML_PLAIN_SCALAR_STYLE ? PlainScalarTyper.value(of: text) : .string(text)
        case YAML_SEQUENCE_START_EVENT:
            guard event.data.sequence_start.tag == nil else { return nil }
            nodesMade += 1
            var items: [FrontMatterValue] = []
            while advance(), event.type != YAML_SEQUENCE_END_EVENT {
                guard let item = value(depth: depth + 1) else { return nil }
                items.append(item)
            }
            return event.type == YAML_SEQUENCE_END_EVENT ? .array(items) : nil
        case YAML_MAPPING_START_EVENT:
            guard event.data.mapping_start.tag == nil else { return nil }
            nodesMade += 1
            var fields: [String: FrontMatterValue] = [:]
            while advance(), event.type != YAML_MAPPING_END_EVENT {
                // A repeated key is an error Yams words; a non-scalar key is Yams's to name.
                guard event.type == YAML_SCALAR_EVENT, let key = plainText(), fields[key] == nil,
                      advance(), let item = value(depth: depth + 1) else { return nil }
                fields[key] = item
            }
            return event.type == YAML_MAPPING_END_EVENT ? .object(fields) : nil
        case YAML_ALIAS_EVENT:
            // An alias to an unknown anchor is an error, which Yams words.
            guard let budget = aliasBudget, let anchor = name(event.data.alias.anchor),
                  let (value, nodes) = anchors[anchor] else { return nil }
            guard nodes <= budget else {
                cutShort = true
                return .null
            }
            aliasBudget = budget - nodes
            nodesMade += nodes
            return value
        default:
            return nil
        }
    }

    /// The current scalar's text, unless it carries a tag (or an anchor, when they are not read).
    private func plainText() -> String? {
        let scalar = event.data.scalar
        guard scalar.anchor == nil || aliasBudget != nil, scalar.tag == nil else { return nil }
        return String(decoding: UnsafeBufferPointer(start: scalar.value, count: scalar.length), as: UTF8.self)
    }
}

extension Int {
    /// The sum, or `Int.max` when it would overflow.
    func addingSaturated(_ other: Int) -> Int {
        let (sum, overflow) = addingReportingOverflow(other)
        return overflow ? .max : sum
    }
}
