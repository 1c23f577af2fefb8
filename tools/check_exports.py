#!/usr/bin/env python3
"""Cross-check kb's graph exports with independent readers.

Usage: check_exports.py DIR

DIR holds graph.json, graph.graphml, graph.gexf, graph.dot and graph.csv, exported from the
same snapshot (`kb export --format FORMAT -o DIR/graph.FORMAT`). The node-link JSON as written
is the reference: networkx must read every format back with the same number of nodes and
edges (and the same edge kinds), the CSV must have one row per edge, and Graphviz must render
the DOT file. One line per check, then an `N passed, M failed` summary; the exit status is 0
when everything passed, 1 when a check failed, 2 on a usage error.
"""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import networkx as nx

CSV_HEADER = ["source", "target", "kind", "weight"]


class CheckFailed(Exception):
    """A check found the export wrong; the message says how."""


def expect(condition: bool, message: str) -> None:
    if not condition:
        raise CheckFailed(message)


def edge_kinds(graph: nx.Graph) -> Counter:
    return Counter(data.get("kind") for _, _, data in graph.edges(data=True))


def compare(name: str, graph: nx.Graph, reference: dict) -> str:
    """Compares a graph read by networkx with the reference counts; returns the ok detail."""
    nodes, edges = graph.number_of_nodes(), graph.number_of_edges()
    expect(graph.is_directed(), f"{name} was read as undirected")
    expect(nodes == reference["nodes"], f"{name} has {nodes} nodes, the JSON {reference['nodes']}")
    expect(edges == reference["edges"], f"{name} has {edges} edges, the JSON {reference['edges']}")
    kinds = edge_kinds(graph)
    expect(kinds == reference["kinds"], f"{name} edge kinds {dict(kinds)} differ from the JSON's {dict(reference['kinds'])}")
    return f"nodes={nodes} edges={edges}"


def check_json(directory: Path, reference: dict) -> str:
    data = json.loads((directory / "graph.json").read_text(encoding="utf-8"))
    expect(data.get("directed") is True, "graph.json is not marked directed")
    expect(data.get("multigraph") is True, "graph.json is not marked multigraph")
    reference["nodes"] = len(data["nodes"])
    reference["edges"] = len(data["links"])
    reference["kinds"] = Counter(link.get("kind") for link in data["links"])
    try:
        graph = nx.node_link_graph(data, edges="links")
    except TypeError:  # networkx < 3.4 named the argument `link`
        graph = nx.node_link_graph(data, link="links")
    return compare("json", graph, reference)


def check_csv(directory: Path, reference: dict) -> str:
    with (directory / "graph.csv").open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    expect(bool(rows), "graph.csv is empty")
    expect(rows[0] == CSV_HEADER, f"graph.csv header is {rows[0]}, expected {CSV_HEADER}")
    body = rows[1:]
    bad = [number for number, row in enumerate(body, start=2) if len(row) != len(CSV_HEADER)]
    expect(not bad, f"graph.csv rows {bad[:5]} do not have {len(CSV_HEADER)} fields")
    expect(len(body) == reference["edges"], f"graph.csv has {len(body)} rows, the JSON {reference['edges']} edges")
    kinds = Counter(row[2] for row in body)
    expect(kinds == reference["kinds"], f"graph.csv edge kinds {dict(kinds)} differ from the JSON's")
    for number, row in enumerate(body, start=2):
        try:
            float(row[3])
        except ValueError:
            raise CheckFailed(f"graph.csv row {number} has weight {row[3]!r}") from None
    return f"rows={len(body)}"


def check_graphml(directory: Path, reference: dict) -> str:
    # force_multigraph keeps every edge even when no pair happens to be parallel.
    graph = nx.read_graphml(directory / "graph.graphml", force_multigraph=True)
    return compare("graphml", graph, reference)


def check_gexf(directory: Path, reference: dict) -> str:
    graph = nx.read_gexf(directory / "graph.gexf")
    return compare("gexf", graph, reference)


def check_dot(directory: Path, _reference: dict) -> str:
    dot = shutil.which("dot")
    expect(dot is not None, "Graphviz `dot` is not on PATH (apt-get install graphviz)")
    result = subprocess.run(
        [dot, "-Tsvg", str(directory / "graph.dot"), "-o", "/dev/null"],
        capture_output=True, text=True, timeout=600,
    )
    message = result.stderr.strip()
    expect(result.returncode == 0, f"dot exited with {result.returncode}: {message}")
    return "rendered" + (f" with warnings: {message}" if message else "")


CHECKS = [
    ("json", check_json),  # first: it sets the reference counts
    ("csv", check_csv),
    ("graphml", check_graphml),
    ("gexf", check_gexf),
    ("dot", check_dot),
]


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[1] in ("-h", "--help"):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    directory = Path(argv[1])
    if not directory.is_dir():
        print(f"check_exports.py: {directory} is not a directory", file=sys.stderr)
        return 2

    reference: dict = {}
    passed = failed = 0
    for name, check in CHECKS:
        if name != "json" and "edges" not in reference:
            print(f"FAIL {name}: skipped, graph.json could not be read")
            failed += 1
            continue
        try:
            detail = check(directory, reference)
        except Exception as error:  # any reader error is a failed check, not a crash
            print(f"FAIL {name}: {type(error).__name__}: {error}")
            failed += 1
        else:
            print(f"ok {name} {detail}")
            passed += 1
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
