import CCmarkGFM
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Turns GitHub-flavoured Markdown into HTML with cmark-gfm. Raw HTML is kept (`UNSAFE`) because
/// study notes hide quiz answers in `<details>` / `<mark>` blocks.
enum MarkdownRenderer {
    private static let extensionNames = ["table", "autolink", "strikethrough", "tasklist"]

    /// Registering the core extensions touches global state, so it happens exactly once.
    private static let registered: Bool = {
        cmark_gfm_core_extensions_ensure_registered()
        return true
    }()

    /// Held while cmark parses. cmark-gfm keeps one process-wide table of the characters at
    /// which its inline parser stops for an extension (`~` for strikethrough, `:` and `w` for
    /// autolinks): each parser adds its extensions' characters when it parses inlines and
    /// removes them when done, so a parser finishing on one thread would take them away from
    /// one still parsing on another, and strikethrough and links would be missed, differently
    /// from run to run. The extensions
    /// also find themselves by those characters, so the table cannot simply be set once.
    /// Parses are short and the threads have other work, so they seldom wait here.
    private static let parseLock = NSLock()

    /// GFM's autolink extension links only `…://…` and `www.` at a `:` or `w`, and e-mail
    /// addresses around an `@`. Without any of them it would change nothing, yet it stops the
    /// inline parser at every `w` and copies every text node: a fifth of cmark's time.
    static func mayHoldAutolink(_ markdown: String) -> Bool {
        markdown.containsBytes("://") || markdown.containsBytes("www.") || markdown.containsByte(UInt8(ascii: "@"))
    }

    /// Renders `markdown` to an HTML fragment.
    static func html(from markdown: String) -> String {
        render(markdown).html
    }

    /// Renders `markdown` to an HTML fragment, and tells whether libxml2's XML parser may read
    /// it (`RawHTMLCheck`): always when the Markdown holds no `<`, so no raw HTML.
    static func render(_ markdown: String) -> (html: String, readableAsXML: Bool) {
        _ = registered
        // No CMARK_OPT_VALIDATE_UTF8: a Swift String's bytes are valid UTF-8 already. Footnotes
        // are turned on only where one can be (`[^`): with them, every parse walked its whole
        // tree twice more, looking for them.
        let options = CMARK_OPT_UNSAFE | (markdown.containsBytes("[^") ? CMARK_OPT_FOOTNOTES : 0)
        guard let parser = cmark_parser_new(options) else { return ("", false) }
        defer { cmark_parser_free(parser) }
        for name in extensionNames where name != "autolink" || mayHoldAutolink(markdown) {
            if let ext = cmark_find_syntax_extension(name) {
                cmark_parser_attach_syntax_extension(parser, ext)
            }
        }
        // Table rows are parsed for inlines as they are fed, the rest when the parse finishes.
        guard let document = parseLock.withLock({ parse(markdown, with: parser) }) else { return ("", false) }
        defer { cmark_node_free(document) }
        guard let rendered = cmark_render_html(document, options, cmark_parser_get_syntax_extensions(parser)) else {
            return ("", false)
        }
        let readableAsXML = !markdown.containsByte(UInt8(ascii: "<")) || RawHTMLCheck.allowsXML(document)
        defer { free(rendered) }
        return (String(cString: rendered), readableAsXML)
    }

    private static func parse(_ markdown: String, with parser: OpaquePointer) -> OpaquePointer? {
        var text = markdown
        text.withUTF8 { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                cmark_parser_feed(parser, chars.baseAddress, chars.count)
            }
        }
        return cmark_parser_finish(parser)
    }
}
