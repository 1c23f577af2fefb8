/// A JSON-shaped value read from front matter. Dates stay strings, exactly as written.
public indirect enum FrontMatterValue: Sendable, Equatable {
    case string(String), int(Int), double(Double), bool(Bool), array([FrontMatterValue])
    case object([String: FrontMatterValue]), null

    /// Scalars as text; arrays joined with ", ".
    public var text: String? {
        switch self {
        case .string(let s): return s
        case .int(let i): return String(i)
        case .double(let d): return String(d)
        case .bool(let b): return String(b)
        case .array(let items): return items.compactMap(\.text).joined(separator: ", ")
        case .object, .null: return nil
        }
    }

    /// A list of strings: an array's scalar items, or a single scalar (`tags: aws`).
    public var strings: [String] {
        switch self {
        case .array(let items): return items.compactMap(\.text)
        case .null, .object: return []
        default: return text.map { [$0] } ?? []
        }
    }
}

extension FrontMatterValue: Encodable {
    /// Writes the JSON value; a non-finite double (YAML's .inf, .nan) is written as text.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let s): try container.encode(s)
        case .int(let i): try container.encode(i)
        case .double(let d): if d.isFinite { try container.encode(d) } else { try container.encode(String(d)) }
        case .bool(let b): try container.encode(b)
        case .array(let items): try container.encode(items)
        case .object(let fields): try container.encode(fields)
        case .null: try container.encodeNil()
        }
    }
}

extension FrontMatterValue: Decodable {
    /// Reads any JSON value; booleans are tried first so `true` never becomes 1.
    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let b = try? container.decode(Bool.self) { self = .bool(b) }
        else if let i = try? container.decode(Int.self) { self = .int(i) }
        else if let d = try? container.decode(Double.self) { self = .double(d) }
        else if let s = try? container.decode(String.self) { self = .string(s) }
        else if let a = try? container.decode([FrontMatterValue].self) { self = .array(a) }
        else { self = .object(try container.decode([String: FrontMatterValue].self)) }
    }
}
