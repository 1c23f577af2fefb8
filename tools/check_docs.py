#!/usr/bin/env python3
"""Lists every public declaration in Sources/KnowledgeBase without a doc comment (`///` on
the line above, attributes aside). The library's public surface is what an embedding program
sees, so each of its symbols says what it is. Exits 1 when any is missing.
Usage: python3 tools/check_docs.py (from the repo root)."""
import glob
import re
import sys

PUBLIC = re.compile(r"\s*(@\w+(\(.*\))?\s+)*public\b")
# `description` implements CustomStringConvertible; the protocol documents it.
EXEMPT = re.compile(r"\s*public\s+var\s+description\b")

missing, total = [], 0
for path in sorted(glob.glob("Sources/KnowledgeBase/**/*.swift", recursive=True)):
    lines = open(path, encoding="utf-8").read().split("\n")
    for number, line in enumerate(lines):
        if not PUBLIC.match(line) or EXEMPT.match(line):
            continue
        total += 1
        above = number - 1
        while above >= 0 and re.match(r"\s*@\w+", lines[above]):
            above -= 1
        if above < 0 or not lines[above].strip().startswith("///"):
            missing.append(f"{path}:{number + 1}: {line.strip()}")
for entry in missing:
    print(entry)
print(f"check_docs: {total} public declarations, {len(missing)} without a doc comment")
sys.exit(1 if missing else 0)
