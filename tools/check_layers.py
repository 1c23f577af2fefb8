#!/usr/bin/env python3
"""Fails when a file in Sources/KnowledgeBase uses a type from a layer it must not depend on.

The library's folders are layers, and dependencies point one way (docs/ARCHITECTURE.md):

    Support < Model < Scan, Parse < Store < Query < App        Export uses Support and Model

Scan and Parse are siblings and must not use each other, and Query answers from the index
alone, so it uses neither. The check collects the names each folder declares at top level
(struct, class, enum, protocol, actor, typealias and func; not extensions, not private
ones), then reads every file with its comments and string literals blanked out and reports
each whole-word mention of a name that its layer may not use, as
`file:line: Layer uses Name from OtherLayer`. Module imports are checked the same way: only
Parse reads Markdown, HTML and YAML (cmark-gfm, libxml2, Yams), and SQLite stays in Store and
above. Exit status 0 when the rule holds, 1 when it does not.
"""
import os
import re
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Sources", "KnowledgeBase")

# What each layer may use besides itself.
ALLOWED = {
    "Support": set(),
    "Model": {"Support"},
    "Scan": {"Support", "Model"},
    "Parse": {"Support", "Model"},
    "Export": {"Support", "Model"},
    "Store": {"Support", "Model", "Scan", "Parse"},
    # Query answers from the index alone: it neither reads files nor parses them.
    "Query": {"Support", "Model", "Store"},
    "App": {"Support", "Model", "Scan", "Parse", "Store", "Query", "Export"},
}

# Modules that only some layers may import; a module not named here is open to every layer.
MODULES = {
    "CCmarkGFM": {"Parse"},
    "CLibXML2": {"Parse"},
    "Yams": {"Parse"},
    "CYaml": {"Parse"},
    "CTOMLBridge": {"Parse"},
    "GRDB": {"Store", "Query", "App"},
    "GRDBSQLite": {"Store", "Query", "App"},
    "CSQLiteSetup": {"Store", "Query", "App"},
}

DECLARATION = re.compile(
    r"^(?:@\w+(?:\([^)]*\))?\s+)*"
    r"((?:(?:public|package|internal|private|fileprivate|open|final|indirect|nonisolated)\s+)*)"
    r"(?:struct|class|enum|protocol|actor|typealias|func)\s+([A-Za-z_]\w*)"
)
IMPORT = re.compile(r"^\s*(?:@\w+\s+)*(?:(?:public|package|internal|private|fileprivate)\s+)?import\s+(?:(?:struct|class|enum|func|protocol|typealias)\s+)?(\w+)")
WORD = re.compile(r"[A-Za-z_]\w*")
STRING_OPEN = re.compile(r'(#*)("""|")')


def strip_code(text):
    """The source with comments and string literals replaced by spaces (newlines kept), so that
    line numbers stay right. Interpolations inside strings stay code."""
    out = []
    i, n = 0, len(text)
    # Stack of contexts: ("code", paren depth) or ("string", delimiter, hashes).
    stack = [["code", 0]]
    while i < n:
        top = stack[-1]
        c = text[i]
        if top[0] == "code":
            if text.startswith("//", i):
                end = text.find("\n", i)
                end = n if end < 0 else end
                out.append(" " * (end - i))
                i = end
                continue
            if text.startswith("/*", i):
                depth, j = 1, i + 2
                while j < n and depth:
                    if text.startswith("/*", j):
                        depth, j = depth + 1, j + 2
                    elif text.startswith("*/", j):
                        depth, j = depth - 1, j + 2
                    else:
                        j += 1
                out.append(re.sub(r"[^\n]", " ", text[i:j]))
                i = j
                continue
            m = STRING_OPEN.match(text, i) if c in "\"#" else None
            if m:
                hashes, delim = len(m.group(1)), m.group(2)
                out.append(" " * (m.end() - i))
                stack.append(["string", delim, hashes])
                i = m.end()
                continue
            if c == "(":
                top[1] += 1
            elif c == ")":
                if top[1] == 0 and len(stack) > 1:
                    # The end of an interpolation: back into its string.
                    stack.pop()
                    out.append(" ")
                    i += 1
                    continue
                top[1] -= 1
            out.append(c)
            i += 1
            continue
        # Inside a string literal.
        _, delim, hashes = top
        close = delim + "#" * hashes
        if text.startswith(close, i):
            out.append(" " * len(close))
            stack.pop()
            i += len(close)
            continue
        escape = "\\" + "#" * hashes
        if text.startswith(escape, i):
            j = i + len(escape)
            if j < n and text[j] == "(":
                out.append(" " * (j + 1 - i))
                stack.append(["code", 0])
                i = j + 1
                continue
            out.append(" " * (j + 1 - i) if j < n and text[j] != "\n" else " " * (j - i))
            i = j + 1 if j < n and text[j] != "\n" else j
            continue
        out.append("\n" if c == "\n" else " ")
        i += 1
    return "".join(out)


def swift_files():
    for folder, _, names in os.walk(ROOT):
        for name in sorted(names):
            if name.endswith(".swift"):
                path = os.path.join(folder, name)
                yield path, os.path.relpath(path, ROOT).split(os.sep)[0]


def main():
    problems = []
    files = []
    declared = {}  # top-level name -> (layer, file)
    for path, layer in sorted(swift_files()):
        display = os.path.relpath(path, os.getcwd())
        if layer not in ALLOWED:
            problems.append(f"{display}:1: file outside the layer folders ({', '.join(ALLOWED)})")
            continue
        with open(path, encoding="utf-8") as handle:
            code = strip_code(handle.read())
        files.append((display, layer, code))
        for line in code.splitlines():
            m = DECLARATION.match(line)
            if not m or re.search(r"\b(private|fileprivate)\b", m.group(1)):
                continue
            name = m.group(2)
            if name in declared and declared[name][0] != layer:
                problems.append(f"{display}:1: {name} is declared in both {declared[name][0]} and {layer}")
            declared.setdefault(name, (layer, display))
    for display, layer, code in files:
        allowed = ALLOWED[layer] | {layer}
        for number, line in enumerate(code.splitlines(), 1):
            m = IMPORT.match(line)
            if m and m.group(1) in MODULES and layer not in MODULES[m.group(1)]:
                problems.append(f"{display}:{number}: {layer} imports {m.group(1)}, "
                                f"which only {', '.join(sorted(MODULES[m.group(1)]))} may import")
                continue
            reported = set()
            for word in WORD.findall(line):
                owner = declared.get(word)
                if owner and owner[0] not in allowed and word not in reported:
                    reported.add(word)
                    problems.append(f"{display}:{number}: {layer} uses {word} from {owner[0]}")
    for problem in problems:
        print(problem)
    if problems:
        print(f"check_layers: {len(problems)} problem(s)")
        return 1
    print(f"check_layers: {len(files)} files, {len(declared)} declared names, every dependency points down")
    return 0


if __name__ == "__main__":
    sys.exit(main())
