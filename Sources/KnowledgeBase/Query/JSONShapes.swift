/// The CLI's JSON contract lists every key, so optional fields are written as `null` instead
/// of being left out.
extension SearchHit {
    /// Writes every key of the JSON contract, `null` for a missing value.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(kind, forKey: .kind)
        try c.encode(path, forKey: .path)
        try c.encode(title, forKey: .title)
        try c.encode(section, forKey: .section)
        try c.encode(score, forKey: .score)
        try c.encode(snippet, forKey: .snippet)
        try c.encode(line, forKey: .line)
        try c.encode(highlights, forKey: .highlights)
    }
}

extension Definition {
    /// Writes every key of the JSON contract, `null` for a missing value.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(term, forKey: .term)
        try c.encode(definition, forKey: .definition)
        try c.encode(path, forKey: .path)
        try c.encode(title, forKey: .title)
        try c.encode(parent, forKey: .parent)
        try c.encode(children, forKey: .children)
        try c.encode(aliases, forKey: .aliases)
    }
}

extension LinkInfo {
    /// Writes every key of the JSON contract, `null` for a missing value.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(source, forKey: .source)
        try c.encode(label, forKey: .label)
        try c.encode(target, forKey: .target)
        try c.encode(kind, forKey: .kind)
        try c.encode(section, forKey: .section)
        try c.encode(resolution, forKey: .resolution)
        try c.encode(targetPath, forKey: .targetPath)
        try c.encode(targetTitle, forKey: .targetTitle)
        try c.encode(candidates, forKey: .candidates)
    }
}
