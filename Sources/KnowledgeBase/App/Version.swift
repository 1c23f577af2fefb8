extension KnowledgeBase {
    /// The version of kb, as `kb --version` prints it. Bump it with a release; it names the
    /// code, not the index: the index records its own versions (`IndexSchema.version`, `IndexDatabase.parserVersion`).
    public static let version = "0.4.0"
}
