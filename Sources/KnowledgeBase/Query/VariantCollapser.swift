/// Doc sites keep one page in several versions (`docs/v1/x.md`, `docs/v2/x.md`) and languages
/// (`fr/docs/x.md`, `x.fr.md`). A search should show the page once: the newest version in the
/// default language, even when an older copy happens to score higher.
enum VariantCollapser {
    /// Path segments that name a language.
    static let languages: Set<String> = [
        "ar", "bg", "ca", "cs", "da", "de", "el", "es", "et", "fa", "fi", "fr", "he", "hi", "hr", "hu", "id",
        "it", "ja", "ko", "lt", "lv", "nb", "nl", "no", "pl", "pt", "pt-br", "ro", "ru", "sk", "sl", "sr", "sv",
        "th", "tr", "uk", "vi", "zh", "zh-cn", "zh-tw", "en", "en-us", "en-gb",
    ]

    /// How long the names in `languages` are, to pass over other segments without a lookup.
    private static let languageNameLengths = Set(languages.map(\.utf8.count))

    struct Variant: Equatable {
        /// The path with version and language taken out: equal keys are one page.
        var key: String
        var language: String?
        var version: [Int]
    }

    static func variant(of path: String) -> Variant {
        // Substrings of one lowercased copy, split on its bytes: a search collapses a few
        // hundred candidates, and a String for every segment (or splitting by Character, which
        // looks for grapheme breaks) was most of the work.
        let lowered = path.lowercased()
        var parts = lowered.utf8.split(separator: UInt8(ascii: "/")).map { Substring($0) }
        var language: String?
        var version: [Int] = []
        var file = parts.popLast().map(String.init)
        // Hugo's `name.fr.md` translation files.
        if let name = file, name.utf8.lazy.filter({ $0 == UInt8(ascii: ".") }).count >= 2 {
            let pieces = name.split(separator: ".")
            if pieces.count >= 3, let marked = languageNamed(pieces[pieces.count - 2]) {
                language = marked
                file = (pieces[..<(pieces.count - 2)] + [pieces[pieces.count - 1]]).joined(separator: ".")
            }
        }
        var key = ""
        for part in parts {
            if let named = languageNamed(part) {
                // A `page.fr.md` inside `content/en/` is French: the folder's language is
                // still taken out of the key, so the file is one page with `content/en/page.md`.
                if language == nil { language = named }
            } else if let numbers = versionNumbers(part), version.isEmpty {
                version = numbers
            } else if part == "latest" || part == "current" || part == "stable" {
                version = [Int.max]
            } else {
                key += part
                key += "/"
            }
        }
        key += file ?? ""
        if language == "en" || language == "en-us" || language == "en-gb" { language = nil }
        return Variant(key: key, language: language, version: version)
    }

    /// The language a path segment names, if it is one.
    private static func languageNamed(_ segment: Substring) -> String? {
        guard languageNameLengths.contains(segment.utf8.count) else { return nil }
        let name = String(segment)
        return languages.contains(name) ? name : nil
    }

    /// `v2`, `v1.4`, `2.0` → their numbers.
    static func versionNumbers(_ part: Substring) -> [Int]? {
        // Most segments are words: only one starting as a number can (`Int` also reads a sign)
        // or with a `v` can be a version, and splitting every segment cost a search 1 ms.
        guard let first = part.utf8.first, first == UInt8(ascii: "v") || first == UInt8(ascii: "+") || first == UInt8(ascii: "-")
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) else { return nil }
        var text = part
        if text.first == "v" { text = text.dropFirst() }
        let numbers = text.split(separator: ".", omittingEmptySubsequences: false).map { Int($0) }
        guard !numbers.isEmpty, numbers.allSatisfy({ $0 != nil }), part.first == "v" || numbers.count > 1 else { return nil }
        return numbers.map { $0! }
    }

    /// Keeps one candidate per page, ranked where the best of its variants ranked.
    /// The major version a query asks for: `v1`, `1.x`, `1.4` or "version 1".
    static func requestedVersion(in words: [String]) -> Int? {
        for (index, word) in words.enumerated() {
            if let numbers = versionNumbers(word[...]) { return numbers.first }
            if word.hasSuffix(".x"), let major = Int(word.dropLast(2)) { return major }
            if word == "version" || word == "v", index + 1 < words.count, let major = Int(words[index + 1]) { return major }
        }
        return nil
    }

    /// - Parameter requested: a major version the query names; its variants win over newer ones.
    /// - Parameter language: the language whose copy wins (nil: the unmarked or English one).
    static func collapse(_ ranked: [SearchEngine.Candidate], requested: Int? = nil,
                         language: String? = nil) -> [SearchEngine.Candidate] {
        var groups: [String: Int] = [:]
        var out: [SearchEngine.Candidate] = []
        var chosen: [Variant] = []
        for candidate in ranked {
            let variant = variant(of: candidate.path)
            guard variant.language != nil || !variant.version.isEmpty || groups[variant.key] != nil else {
                groups[variant.key] = out.count
                out.append(candidate)
                chosen.append(variant)
                continue
            }
            if let index = groups[variant.key] {
                if preferred(variant, over: chosen[index], requested: requested, language: language) {
                    var replacement = candidate
                    replacement.score = max(candidate.score, out[index].score)
                    out[index] = replacement
                    chosen[index] = variant
                }
            } else {
                groups[variant.key] = out.count
                out.append(candidate)
                chosen.append(variant)
            }
        }
        return out
    }

    private static func preferred(_ a: Variant, over b: Variant, requested: Int?, language: String? = nil) -> Bool {
        // A path names English by no language (see `variant(of:)`).
        if let language, ((a.language ?? "en") == language) != ((b.language ?? "en") == language) {
            return (a.language ?? "en") == language
        }
        if (a.language == nil) != (b.language == nil) { return a.language == nil }
        if let requested, (a.version.first == requested) != (b.version.first == requested) {
            return a.version.first == requested
        }
        return a.version.lexicographicallyPrecedes(b.version) == false && a.version != b.version
    }
}
