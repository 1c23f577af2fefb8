#!/usr/bin/env python3
"""Latency of `kb lsp` completion and hover on a generated corpus (target: p95 <= 20 ms).

usage: tools/bench_lsp.py [--notes 5000] [--kb PATH] [--out DIR] [--helpers DIR] [--runs 200]

Generates OUT/corpus-<notes>/ with gen_corpus.py (each note is two files, so 5000 notes are
10,000 files) unless it is there already, starts `kb lsp` on it (the first index build is not
timed), opens one note and times, from the client's side (request written to response read):
  completion after `[[` with a few letters typed, completion after `](`,
  hover on a link, hover on a glossary term.
Prints p50/p95 per request kind; exits 1 when a p95 is over the target, 2 on a usage error.
"""
import argparse
import json
import os
import pathlib
import re
import statistics
import subprocess
import sys
import time

TARGET_MS = 20.0


class Client:
    """A bare JSON-RPC client over the server's stdin and stdout."""

    def __init__(self, command):
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.next_id = 1

    def send(self, message):
        message["jsonrpc"] = "2.0"
        body = json.dumps(message).encode()
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def read(self):
        length = None
        while True:
            line = self.process.stdout.readline()
            if not line:
                raise EOFError("kb lsp closed its output")
            if line in (b"\r\n", b"\n"):
                break
            name, _, value = line.decode().partition(":")
            if name.lower() == "content-length":
                length = int(value)
        return json.loads(self.process.stdout.read(length))

    def request(self, method, params):
        request_id = self.next_id
        self.next_id += 1
        self.send({"id": request_id, "method": method, "params": params})
        while True:
            message = self.read()
            if message.get("id") == request_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result")

    def notify(self, method, params):
        self.send({"method": method, "params": params})

    def close(self):
        try:
            self.request("shutdown", None)
            self.notify("exit", None)
            self.process.wait(timeout=10)
        except Exception:
            self.process.kill()


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--notes", type=int, default=5000)
    parser.add_argument("--kb", default=None, help="the kb binary (default: .build/release/kb, else .build/debug/kb)")
    parser.add_argument("--out", default="tools/out/bench-lsp")
    parser.add_argument("--helpers", default=os.environ.get("KB_BENCH_HELPERS", "../shared/bench"),
                        help="folder with gen_corpus.py (default ../shared/bench or $KB_BENCH_HELPERS)")
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    kb = args.kb or next((p for p in (".build/release/kb", ".build/debug/kb") if os.path.exists(p)), None)
    if not kb or not os.path.exists(kb):
        sys.exit("bench_lsp: no kb binary: run `swift build -c release` or pass --kb")
    generator = pathlib.Path(args.helpers) / "gen_corpus.py"
    corpus = pathlib.Path(args.out).resolve() / f"corpus-{args.notes}"
    if not corpus.exists():
        if not generator.exists():
            print(f"bench_lsp: {generator} not found: pass --helpers DIR", file=sys.stderr)
            sys.exit(2)
        corpus.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, str(generator), str(corpus), "--notes", str(args.notes)], check=True, stdout=subprocess.DEVNULL)
    files = sum(1 for p in corpus.rglob("*.md"))

    client = Client([os.path.abspath(kb), "lsp"])
    started = time.perf_counter()
    client.request("initialize", {"processId": os.getpid(), "rootUri": corpus.as_uri(), "capabilities": {}})
    client.notify("initialized", {})
    opened_after = time.perf_counter() - started

    note = next(p for p in sorted(corpus.rglob("_index.md")) if re.search(r"\]\(\.\./", p.read_text()) and "**" in p.read_text())
    text = note.read_text()
    lines = text.split("\n")
    uri = note.as_uri()
    client.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}})
    last = len(lines) - 1
    extra = ["See [[ka", "See [x](../"]
    client.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 2}, "contentChanges": [
        {"range": {"start": {"line": last, "character": 0}, "end": {"line": last, "character": 0}}, "text": "\n".join(extra) + "\n"}]})
    link_line = next(i for i, l in enumerate(lines) if "](../" in l)
    link_column = lines[link_line].index("](../") + 4
    term_line = next(i for i, l in enumerate(lines) if re.match(r"\s*- \*\*[^*]+:\*\*", l))
    term_column = lines[term_line].index("**") + 3

    def position(line, character):
        return {"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}

    kinds = {
        "completion [[": ("textDocument/completion", position(last, len(extra[0]))),
        "completion ](": ("textDocument/completion", position(last + 1, len(extra[1]))),
        "hover link": ("textDocument/hover", position(link_line, link_column)),
        "hover term": ("textDocument/hover", position(term_line, term_column)),
    }
    results = {}
    for name, (method, params) in kinds.items():
        answer = client.request(method, params)
        if not answer:
            print(f"bench_lsp: {name} gave no answer", file=sys.stderr)
        times = []
        for _ in range(args.runs):
            begin = time.perf_counter()
            client.request(method, params)
            times.append((time.perf_counter() - begin) * 1000)
        results[name] = (statistics.median(times), percentile(times, 0.95))
    client.close()

    print(f"kb lsp on {files} files ({kb}); initialise and first index: {opened_after:.1f} s; {args.runs} runs each")
    print(f"{'request':<16} {'p50 ms':>8} {'p95 ms':>8}  target p95 <= {TARGET_MS:.0f} ms")
    failed = False
    for name, (p50, p95) in results.items():
        ok = p95 <= TARGET_MS
        failed |= not ok
        print(f"{name:<16} {p50:8.2f} {p95:8.2f}  {'ok' if ok else 'over'}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
