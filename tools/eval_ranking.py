#!/usr/bin/env python3
"""Ranking evaluation for `kb search`.

Each corpus under tools/eval/corpora/ is indexed once into a temporary database;
each query in tools/eval/queries.tsv goes through `kb search QUERY --json
--limit 10`, and the rank of the expected note is scored. The same queries run
against a baseline -- plain BM25 over note bodies in an in-memory FTS5 table --
so kb's numbers are always read next to what "no cleverness" achieves.

  s@1  the expected path is the first distinct path returned
  MRR  mean of 1/rank of the expected path (0 when not in the top 10)

Standard library only. Exits 0 whatever the scores (a report, not a gate) and
2 when no kb binary is found.
"""
import argparse
import json
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
from collections import OrderedDict, defaultdict

TOOLS = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(TOOLS)
EVAL_DIR = os.path.join(TOOLS, "eval")
LIMIT = 10
MAX_WARNINGS = 5  # a broken kb fails every query; show a few failures, then just count them
warnings = {"shown": 0, "suppressed": 0}


def warn(msg):
    if warnings["shown"] < MAX_WARNINGS:
        print(f"warning: {msg}", file=sys.stderr)
        warnings["shown"] += 1
    else:
        warnings["suppressed"] += 1


def load_queries(path):
    """Read corpus<TAB>kind<TAB>query<TAB>expected_path rows; skip header and # comments."""
    rows = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#") or line.startswith("corpus\t"):
                continue
            parts = line.split("\t")
            if len(parts) != 4:
                print(f"queries.tsv:{n}: expected 4 tab-separated columns, skipped", file=sys.stderr)
                continue
            corpus, kind, query, expected = parts
            rows.append({"corpus": corpus, "kind": kind, "query": query, "expected": norm(expected)})
    return rows


def first_line(text):
    return (text.strip().splitlines() or [""])[0][:200]


def norm(path):
    """Normalise a corpus-relative path so kb output and the TSV compare equal."""
    return re.sub(r"^(\./)+", "", path.replace("\\", "/")).lstrip("/")


def find_kb(explicit):
    """--kb wins; otherwise the release build, then the debug build, of this repo."""
    candidates = [explicit] if explicit else [os.path.join(REPO, ".build", b, "kb")
                                              for b in ("release", "debug")]
    return next((c for c in candidates if os.path.isfile(c) and os.access(c, os.X_OK)), None)


# ---------------------------------------------------------------- kb runner

def run_kb(args, timeout):
    """Run kb; a crash, hang or missing binary is a warning, never an abort of the whole run."""
    try:
        return subprocess.run(args, capture_output=True, text=True, timeout=timeout)
    except (subprocess.TimeoutExpired, OSError) as e:
        warn(f"{' '.join(args[:3])}: {e}")
        return None


def kb_index(kb, corpus_dir, db):
    """Index once per corpus, so each search only pays for a no-op refresh."""
    p = run_kb([kb, "index", corpus_dir, "--db", db, "--json"], timeout=600)
    if p and p.returncode != 0:
        warn(f"kb index {corpus_dir} exited {p.returncode}: {first_line(p.stderr)}")


def kb_search(kb, corpus_dir, db, query):
    """Distinct result paths in rank order; [] when kb finds nothing or fails."""
    p = run_kb([kb, "search", query, "--json", "--limit", str(LIMIT),
                "--corpus", corpus_dir, "--db", db], timeout=60)
    if p is None:
        return []
    out = p.stdout.strip()
    if p.returncode not in (0, 1) or (p.returncode == 0 and not out):
        warn(f"kb search {query!r} exited {p.returncode}: {first_line(p.stderr)}")
    if not out:
        return []  # exit 1 with empty output (or []) means "no results"
    try:
        hits = json.loads(out)
    except json.JSONDecodeError:
        warn(f"kb search {query!r} printed invalid JSON")
        return []
    # A note can appear several times (note, section and term hits): keep its best rank.
    paths = (norm(h.get("path") or "") for h in hits if isinstance(h, dict))
    return list(OrderedDict.fromkeys(p for p in paths if p))[:LIMIT]


# ---------------------------------------------------------------- BM25 baseline

FRONT_MATTER = re.compile(r"\A(---|\+\+\+)[ \t]*\n(?:.*?\n)?\1[ \t]*(?:\n|\Z)", re.S)


def strip_front_matter(text):
    """Drop YAML (---), TOML (+++) or JSON ({...}) front matter: the baseline sees the body only."""
    text = text.lstrip("\ufeff")
    m = FRONT_MATTER.match(text)
    if m:
        return text[m.end():]
    try:  # JSON front matter is a leading object
        _, end = json.JSONDecoder().raw_decode(text) if text.startswith("{") else (None, 0)
        return text[end:]
    except json.JSONDecodeError:
        return text


class Bm25Baseline:
    """One FTS5 row per .md file (body text), queried with the query's tokens OR'ed."""

    def __init__(self, corpus_dir):
        self.db = sqlite3.connect(":memory:")
        self.db.execute("CREATE VIRTUAL TABLE notes USING fts5(path UNINDEXED, body, "
                        "tokenize='porter unicode61 remove_diacritics 2')")
        for root, dirs, files in os.walk(corpus_dir):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))  # skip .kb/ and friends
            for name in sorted(files):
                if name.endswith(".md"):
                    full = os.path.join(root, name)
                    with open(full, encoding="utf-8", errors="replace") as f:
                        body = strip_front_matter(f.read())
                    self.db.execute("INSERT INTO notes VALUES (?, ?)",
                                    (norm(os.path.relpath(full, corpus_dir)), body))

    def search(self, query):
        # Word characters only, each token double-quoted: no FTS5 syntax can leak through.
        tokens = list(OrderedDict.fromkeys(t.lower() for t in re.findall(r"\w+", query)))
        if not tokens:
            return []
        expr = " OR ".join(f'"{t}"' for t in tokens)
        rows = self.db.execute("SELECT path FROM notes WHERE notes MATCH ? ORDER BY bm25(notes) "
                               "LIMIT ?", (expr, LIMIT)).fetchall()
        return [r[0] for r in rows]


# ---------------------------------------------------------------- scoring

def rank_of(expected, paths):
    return paths.index(expected) + 1 if expected in paths else None


class Score:
    """Accumulates success@1 and reciprocal rank over a group of queries."""

    def __init__(self):
        self.n, self.hits1, self.rr = 0, 0, 0.0

    def add(self, rank):
        self.n += 1
        self.hits1 += rank == 1
        self.rr += 1.0 / rank if rank else 0.0

    def s1(self):
        return self.hits1 / max(self.n, 1)

    def mrr(self):
        return self.rr / max(self.n, 1)


def print_table(title, groups, overall):
    groups = OrderedDict(sorted(groups.items()), overall=overall)
    print(f"\n{title:<16} {'n':>4}  {'kb s@1':>7} {'kb MRR':>7}  {'bm25 s@1':>8} {'bm25 MRR':>8}")
    print("-" * 58)
    for name, (kb, bm) in groups.items():
        if name == "overall":
            print("-" * 58)
        print(f"{name:<16} {kb.n:>4}  {kb.s1():>7.3f} {kb.mrr():>7.3f}  {bm.s1():>8.3f} {bm.mrr():>8.3f}")


def main():
    ap = argparse.ArgumentParser(description="Evaluate kb search ranking against a BM25 baseline.")
    ap.add_argument("--kb", help="path to the kb binary (default: .build/release/kb, then .build/debug/kb)")
    ap.add_argument("--queries", default=os.path.join(EVAL_DIR, "queries.tsv"), help="query file")
    ap.add_argument("--corpora", default=os.path.join(EVAL_DIR, "corpora"), help="directory of corpora")
    ap.add_argument("--corpus", action="append", help="only this corpus (repeatable)")
    ap.add_argument("--kind", action="append", help="only this query kind (repeatable)")
    ap.add_argument("-v", "--verbose", action="store_true", help="list kb's misses (expected not at rank 1)")
    args = ap.parse_args()

    kb = find_kb(args.kb)
    if not kb:
        print("error: kb binary not found; build it (swift build -c release) or pass --kb PATH",
              file=sys.stderr)
        return 2

    queries = [q for q in load_queries(args.queries)
               if (not args.corpus or q["corpus"] in args.corpus)
               and (not args.kind or q["kind"] in args.kind)]
    by_corpus = defaultdict(list)
    for q in queries:
        by_corpus[q["corpus"]].append(q)
        # Data errors are always reported (not throttled): they make a query unwinnable.
        if not os.path.isfile(os.path.join(args.corpora, q["corpus"], q["expected"])):
            print(f"warning: expected path missing: {q['corpus']}/{q['expected']}", file=sys.stderr)

    by_kind = defaultdict(lambda: (Score(), Score()))
    by_corp = defaultdict(lambda: (Score(), Score()))
    overall = (Score(), Score())
    misses = []
    for corpus, qs in sorted(by_corpus.items()):
        corpus_dir = os.path.abspath(os.path.join(args.corpora, corpus))
        if not os.path.isdir(corpus_dir):
            print(f"warning: corpus {corpus} not found at {corpus_dir}; {len(qs)} queries skipped",
                  file=sys.stderr)
            continue
        baseline = Bm25Baseline(corpus_dir)
        with tempfile.TemporaryDirectory(prefix="kb-eval-") as tmp:
            db = os.path.join(tmp, "index.sqlite")  # fresh index: never touches corpus/.kb
            kb_index(kb, corpus_dir, db)
            for q in qs:
                got = kb_search(kb, corpus_dir, db, q["query"])
                kb_rank = rank_of(q["expected"], got)
                bm_rank = rank_of(q["expected"], baseline.search(q["query"]))
                for kb_s, bm_s in (by_kind[q["kind"]], by_corp[corpus], overall):
                    kb_s.add(kb_rank)
                    bm_s.add(bm_rank)
                if kb_rank != 1:
                    misses.append((q, kb_rank, got[:3]))

    if warnings["suppressed"]:
        print(f"warning: ...and {warnings['suppressed']} more", file=sys.stderr)
    print_table("kind", by_kind, overall)
    print_table("corpus", by_corp, overall)

    if args.verbose and misses:
        print(f"\nkb misses ({len(misses)}): expected not at rank 1")
        for q, rank, got in misses:
            where = f"rank {rank}" if rank else "not in top 10"
            print(f"- [{q['corpus']}/{q['kind']}] {q['query']!r}\n"
                  f"    expected {q['expected']} ({where})\n"
                  f"    got      {', '.join(got) if got else '(no results)'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
