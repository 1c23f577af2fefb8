#!/usr/bin/env python3
"""Latency of `kb mcp` tool calls over stdio: p50 and p95 per tool, at 10k files by default.

usage: python3 tools/bench_mcp.py [--kb PATH] [--corpus DIR | --notes N] [--helpers DIR]
                                  [--calls N] [--json FILE]

Without --corpus, gen_corpus.py (in --helpers, default $KB_BENCH_HELPERS, else ../shared/bench)
generates --notes notes (two files each; default 5000 = 10,000 files) into a temporary folder,
removed afterwards. The server is started once (`kb mcp --corpus DIR --db TMP`), its index is
built by a first call, and the names the calls use (note paths, terms, words) are taken from the
server's own answers. Each tool is then called --calls times (check: a tenth of that) with
varying arguments, and each call is timed from writing its request to reading its reply.

The client here is a few lines of raw JSON-RPC over the pipes, not an SDK, so the figures are
the server's round trip and not a client library's own work. Targets: p95 <= 10 ms for search,
define, related and read_note. Exit status 0 when they are met, 1 when not, 2 on usage errors.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TARGETED = ("search", "define", "related", "read_note")
TARGET_MS = 10.0


class Server:
    """`kb mcp` as a child process, spoken to one request at a time."""

    def __init__(self, kb: str, corpus: str, db: str):
        # Buffered pipes, flushed after each request: unbuffered, Python reads a reply one byte per
        # system call, which for a 10 kB reply costs more than the server's whole answer.
        self.process = subprocess.Popen([kb, "mcp", "--corpus", corpus, "--db", db], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.next_id = 0

    def request(self, method: str, params: dict) -> tuple[dict, float]:
        """Sends one request; returns its result and the round trip in milliseconds."""
        self.next_id += 1
        line = json.dumps({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params}) + "\n"
        start = time.perf_counter()
        self.process.stdin.write(line.encode())
        self.process.stdin.flush()
        while True:
            reply = self.process.stdout.readline()
            # The reply is read: what follows is the client's own work, not the server's.
            elapsed = (time.perf_counter() - start) * 1000
            if not reply:
                sys.exit("tools/bench_mcp.py: kb mcp ended early")
            message = json.loads(reply)
            if message.get("id") == self.next_id:
                if "error" in message:
                    sys.exit(f"tools/bench_mcp.py: {method} failed: {message['error']}")
                return message["result"], elapsed

    def call(self, tool: str, arguments: dict) -> tuple[dict, float]:
        result, elapsed = self.request("tools/call", {"name": tool, "arguments": arguments})
        if result.get("isError"):
            sys.exit(f"tools/bench_mcp.py: {tool} {arguments}: {result['content'][0]['text']}")
        return result["structuredContent"], elapsed

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=30)


def start(kb: str, corpus: str, db: str) -> Server:
    server = Server(kb, corpus, db)
    server.request("initialize", {"protocolVersion": "2025-06-18", "capabilities": {},
                                  "clientInfo": {"name": "bench_mcp", "version": "1"}})
    server.process.stdin.write(b'{"jsonrpc":"2.0","method":"notifications/initialized"}\n')
    server.process.stdin.flush()
    return server


def names(server: Server, rng: random.Random) -> dict:
    """Notes, terms and words to call the tools with, found through the server."""
    notes, cursor = [], None
    while True:
        page, _ = server.request("resources/list", {"cursor": cursor} if cursor else {})
        notes += [resource["name"] for resource in page["resources"]]
        cursor = page.get("nextCursor")
        if not cursor:
            break
    rng.shuffle(notes)
    terms, words = [], []
    for note in notes[:40]:
        card, _ = server.call("read_note", {"note": note})
        terms += [term["name"] for term in card["terms"]]
        words += [word.strip(".,:").lower() for word in (card["description"] or "").split() if len(word) > 4]
    tags, _ = server.call("tags", {"limit": 20})
    return {"notes": notes, "terms": terms or ["cdn"], "words": words or ["origin"],
            "tags": [tag["tag"] for tag in tags["tags"]] or ["aws"]}


def arguments_for(tool: str, pool: dict, index: int) -> dict:
    notes, words = pool["notes"], pool["words"]
    note = notes[index % len(notes)]
    return {
        "search": lambda: {"query": " ".join(words[(index + k) % len(words)] for k in range(1 + index % 2))},
        "define": lambda: {"term": pool["terms"][index % len(pool["terms"])]},
        "related": lambda: {"note": note},
        "read_note": lambda: {"note": note},
        "links": lambda: {"note": note},
        "backlinks": lambda: {"note": note},
        "path": lambda: {"from": note, "to": notes[(index * 7 + 3) % len(notes)]},
        "neighbours": lambda: {"note": note, "depth": 2},
        "tags": lambda: {"tag": pool["tags"][index % len(pool["tags"])]} if index % 2 else {},
        "questions": lambda: {"note": note},
        "check": lambda: {},
        "stats": lambda: {},
    }[tool]()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))]


def measure(kb: str, corpus: str, calls: int) -> dict:
    scratch = tempfile.mkdtemp(prefix="kb-bench-mcp-db-")
    try:
        server = start(kb, corpus, os.path.join(scratch, "index.sqlite"))
        begun = time.perf_counter()
        server.call("stats", {})
        print(f"[bench_mcp] index built by the first call in {time.perf_counter() - begun:.1f} s", file=sys.stderr)
        rng = random.Random(7)
        pool = names(server, rng)
        tools = ["search", "define", "related", "read_note", "links", "backlinks", "path", "neighbours",
                 "tags", "questions", "check", "stats"]
        figures = {}
        for tool in tools:
            count = max(5, calls // 10) if tool == "check" else calls
            for index in range(3):  # warm-up
                server.call(tool, arguments_for(tool, pool, index))
            times = [server.call(tool, arguments_for(tool, pool, index))[1] for index in range(count)]
            figures[tool] = {"calls": count, "p50_ms": round(statistics.median(times), 2),
                             "p95_ms": round(percentile(times, 0.95), 2), "max_ms": round(max(times), 2)}
        server.close()
        return figures
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def main() -> int:
    ap = argparse.ArgumentParser(prog="tools/bench_mcp.py", description=__doc__.split("\n\n")[0])
    ap.add_argument("--kb", default=os.path.join(REPO, ".build", "release", "kb"), help="kb binary (default .build/release/kb)")
    ap.add_argument("--corpus", help="a corpus folder to use instead of generating one")
    ap.add_argument("--notes", type=int, default=5000, help="notes to generate, two files each (default 5000)")
    ap.add_argument("--helpers", default=os.environ.get("KB_BENCH_HELPERS", os.path.join(REPO, "..", "shared", "bench")),
                    help="folder with gen_corpus.py (default $KB_BENCH_HELPERS, else ../shared/bench)")
    ap.add_argument("--calls", type=int, default=200, help="calls per tool (default 200)")
    ap.add_argument("--json", help="also write the figures to this file")
    a = ap.parse_args()
    if not os.access(a.kb, os.X_OK):
        print(f"tools/bench_mcp.py: no kb at {a.kb}: build it with swift build -c release, or pass --kb", file=sys.stderr)
        return 2
    if a.calls < 1 or a.notes < 1:
        ap.error("--calls and --notes want positive numbers")
    generated = None
    corpus = a.corpus
    if corpus is None:
        generator = os.path.join(a.helpers, "gen_corpus.py")
        if not os.path.exists(generator):
            print(f"tools/bench_mcp.py: no gen_corpus.py in {a.helpers}: pass --helpers DIR or --corpus DIR", file=sys.stderr)
            return 2
        generated = tempfile.mkdtemp(prefix="kb-bench-mcp-")
        corpus = os.path.join(generated, "corpus")
        print(f"[bench_mcp] generating {a.notes} notes ({2 * a.notes} files)", file=sys.stderr)
        subprocess.run([sys.executable, generator, corpus, "--notes", str(a.notes)], check=True, stdout=subprocess.DEVNULL)
    try:
        files = sum(len(found) for _, _, found in os.walk(corpus))
        figures = measure(os.path.abspath(a.kb), corpus, a.calls)
    finally:
        if generated:
            shutil.rmtree(generated, ignore_errors=True)
    if "/debug/" in a.kb:
        print("[bench_mcp] WARNING: a debug build; the figures only check the plumbing", file=sys.stderr)
    print(f"kb mcp over stdio, {files} files, {a.kb}")
    print(f"{'tool':<12}{'calls':>7}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}  target")
    met = True
    for tool, row in figures.items():
        target = ""
        if tool in TARGETED:
            ok = row["p95_ms"] <= TARGET_MS
            met &= ok
            target = f"p95 <= {TARGET_MS:g} ms: {'met' if ok else 'MISSED'}"
        print(f"{tool:<12}{row['calls']:>7}{row['p50_ms']:>9}{row['p95_ms']:>9}{row['max_ms']:>9}  {target}")
    if a.json:
        with open(a.json, "w") as out:
            json.dump({"files": files, "kb": a.kb, "tools": figures}, out, indent=2, sort_keys=True)
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
