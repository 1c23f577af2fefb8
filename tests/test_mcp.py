"""End-to-end test of `kb mcp` through the official MCP Python SDK (`mcp` on PyPI).

Each test starts the built kb (KB_BIN, default .build/debug/kb) as an MCP server over stdio (or
Streamable HTTP on loopback) on a fresh copy of the bundled corpus, and talks to it only through
the SDK's client (plain HTTP requests only where a client would never send them).
"""
import json
import os
import re
import shutil
import socket
import subprocess
import urllib.error
import urllib.request
from pathlib import Path

import anyio
import pytest
from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client
from mcp.client.streamable_http import streamable_http_client
from mcp import MCPError

REPO = Path(__file__).resolve().parent.parent
KB = str(REPO / os.environ.get("KB_BIN", ".build/debug/kb"))
CLOUDFRONT = "aws/cloudfront/_index.md"
TOOLS = {"search", "read_note", "define", "related", "links", "backlinks", "path", "neighbours",
         "tags", "questions", "check", "stats"}


@pytest.fixture
def corpus(tmp_path):
    """A copy of the bundled corpus without any index, which the test may change."""
    copy = tmp_path / "corpus"
    shutil.copytree(REPO / "corpus", copy, ignore=shutil.ignore_patterns(".kb"))
    return copy


def serve(corpus, scenario):
    """Runs `scenario(session)` against `kb mcp --corpus corpus`; returns what it returns."""
    async def main():
        params = StdioServerParameters(command=KB, args=["mcp", "--corpus", str(corpus)])
        async with stdio_client(params) as (read, write):
            async with ClientSession(read, write) as session:
                await session.initialize()
                return await scenario(session)
    return anyio.run(main)


async def call(session, tool, **arguments):
    """Calls a tool that must answer, and returns its structured result."""
    result = await session.call_tool(tool, arguments)
    assert not result.is_error, f"{tool} {arguments}: {result.content[0].text}"
    # The text block is the same answer as JSON, for clients that read only text.
    assert json.loads(result.content[0].text) == result.structured_content
    return result.structured_content


async def failure(session, tool, **arguments):
    """Calls a tool that must refuse, and returns its message."""
    result = await session.call_tool(tool, arguments)
    assert result.is_error, f"{tool} {arguments} answered: {result.structured_content}"
    return result.content[0].text


def notes_in(value):
    """Every object with a `path` string, at any depth."""
    if isinstance(value, dict):
        if isinstance(value.get("path"), str):
            yield value
        for item in value.values():
            yield from notes_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from notes_in(item)


def test_lists_tools_resources_templates_and_prompts(corpus):
    async def scenario(session):
        tools = (await session.list_tools()).tools
        assert {tool.name for tool in tools} == TOOLS
        for tool in tools:
            assert tool.annotations.read_only_hint is True
            assert tool.description and len(tool.description) > 40
            assert tool.input_schema["type"] == "object"
            assert tool.input_schema["additionalProperties"] is False
        schemas = {tool.name: tool.input_schema for tool in tools}
        # The argument names are one contract across the tools.
        assert schemas["search"]["required"] == ["query"]
        assert set(schemas["search"]["properties"]) == {"query", "kind", "tag", "limit"}
        assert schemas["define"]["required"] == ["term"]
        assert schemas["path"]["required"] == ["from", "to"]
        for name in ("read_note", "related", "links", "backlinks", "neighbours"):
            assert "note" in schemas[name]["required"]
        assert "depth" in schemas["neighbours"]["properties"]

        resources = (await session.list_resources()).resources
        assert len(resources) == 15
        assert all(str(resource.uri).startswith("kb://note/") for resource in resources)
        text = (await session.read_resource(f"kb://note/{CLOUDFRONT}")).contents[0].text
        assert text == (corpus / CLOUDFRONT).read_text()
        term = (await session.read_resource("kb://term/cdn")).contents[0].text
        assert "Edge Locations" in term

        templates = (await session.list_resource_templates()).resource_templates
        assert {template.uri_template for template in templates} == {"kb://note/{path}", "kb://term/{term}"}

        prompts = (await session.list_prompts()).prompts
        assert {prompt.name for prompt in prompts} == {"quiz", "explain_term"}
        quiz = await session.get_prompt("quiz", {"note": "cloudfront"})
        assert "CloudFront" in quiz.messages[0].content.text
        explain = await session.get_prompt("explain_term", {"term": "cdn"})
        assert "DynamoDB" in explain.messages[0].content.text
    serve(corpus, scenario)


def test_resources_are_listed_a_page_at_a_time(corpus):
    for number in range(230):
        (corpus / f"extra-{number:03}.md").write_text(f"# Extra {number}\n\nFiller note {number}.\n")

    async def scenario(session):
        seen, cursor, pages = [], None, 0
        while True:
            page = await session.list_resources(params={"cursor": cursor} if cursor else None)
            seen += [str(resource.uri) for resource in page.resources]
            pages += 1
            cursor = page.next_cursor
            if not cursor:
                return seen, pages
    seen, pages = serve(corpus, scenario)
    assert pages == 2
    assert len(seen) == len(set(seen)) == 245


def test_every_tool_answers_from_the_bundled_corpus(corpus):
    async def scenario(session):
        answers = {}
        answers["search"] = await call(session, "search", query="origin")
        answers["search_terms"] = await call(session, "search", query="edge", kind="term", limit=3)
        answers["search_tag"] = await call(session, "search", query="cache", tag="cloudfront")
        answers["define"] = await call(session, "define", term="cdn")
        answers["related"] = await call(session, "related", note="cloudfront", limit=20)
        answers["read_note"] = await call(session, "read_note", note="CloudFront")
        answers["read_section"] = await call(session, "read_note", note=CLOUDFRONT, section="terminology")
        answers["links"] = await call(session, "links", note="cloudfront")
        answers["backlinks"] = await call(session, "backlinks", note="dynamodb")
        answers["path"] = await call(session, "path", **{"from": "s3", "to": "appsync"})
        answers["neighbours"] = await call(session, "neighbours", note="s3", depth=2)
        answers["tags"] = await call(session, "tags")
        answers["tagged"] = await call(session, "tags", tag="serverless")
        answers["questions"] = await call(session, "questions", note="cloudfront")
        answers["check"] = await call(session, "check")
        answers["stats"] = await call(session, "stats")
        return answers
    answers = serve(corpus, scenario)

    assert answers["search"]["results"][0]["path"] == CLOUDFRONT
    assert all(hit["kind"] == "term" for hit in answers["search_terms"]["results"])
    assert 0 < len(answers["search_terms"]["results"]) <= 3
    assert all(hit["path"].startswith("aws/cloudfront/") for hit in answers["search_tag"]["results"])

    definition = answers["define"]["definitions"][0]
    assert definition["term"] == "CDN" and definition["path"] == CLOUDFRONT

    related = answers["related"]["related"]
    assert "aws/dynamodb/_index.md" in [item["path"] for item in related]
    for item in related:
        assert item["explanation"], item
        assert {entry["signal"] for entry in item["explanation"]} == set(item["signals"])
        assert all(entry["meaning"] for entry in item["explanation"])

    card = answers["read_note"]
    assert card["title"] == "CloudFront" and card["path"] == CLOUDFRONT
    assert card["sections"] and card["terms"] and card["links"] and card["backlinks"] and card["questions"]
    assert [section["heading"] for section in answers["read_section"]["sections"]] == ["Terminology"]

    assert any(link["targetPath"] == "aws/dynamodb/_index.md" for link in answers["links"]["links"])
    assert CLOUDFRONT in {link["source"] for link in answers["backlinks"]["backlinks"]}
    assert [note["title"] for note in answers["path"]["notes"]] == ["S3", "CloudFront", "API Gateway", "AppSync"]

    neighbours = answers["neighbours"]["neighbours"]
    assert {item["distance"] for item in neighbours} == {1, 2}
    assert [item["distance"] for item in neighbours] == sorted(item["distance"] for item in neighbours)
    assert CLOUDFRONT in [item["path"] for item in neighbours if item["distance"] == 1]

    assert answers["tags"]["tags"][0] == {"tag": "aws", "notes": 15}
    assert "aws/lambda/_index.md" in [note["path"] for note in answers["tagged"]["notes"]]
    assert len(answers["questions"]["questions"]) == 2
    assert answers["check"]["problems"] is False and answers["check"]["counts"]["broken"] == 0
    assert answers["stats"]["notes"] == 15

    # Every note anywhere in any answer carries its kb:// address.
    for answer in answers.values():
        for note in notes_in(answer):
            assert note["uri"] == "kb://note/" + note["path"], note


def test_bad_input_is_an_error_result_and_the_server_keeps_serving(corpus):
    (corpus / "twin-a.md").write_text("---\ntitle: Twin\n---\nOne of two.\n")
    (corpus / "twin-b.md").write_text("---\ntitle: Twin\n---\nThe other.\n")
    (corpus.parent / "secret.md").write_text("# Secret\n\nOutside the corpus.\n")

    async def scenario(session):
        messages = {
            "unknown": await failure(session, "read_note", note="no-such-note"),
            "ambiguous": await failure(session, "related", note="Twin"),
            "syntax": await failure(session, "search", query="tag:"),
            "outside": await failure(session, "read_note", note="../secret.md"),
            "absolute": await failure(session, "links", note=str(corpus.parent / "secret.md")),
            "missing": await failure(session, "define"),
            "type": await failure(session, "search", query="origin", limit="many"),
            "zero": await failure(session, "search", query="origin", limit=0),
            "argument": await failure(session, "search", query="origin", colour="red"),
            "kind": await failure(session, "search", query="origin", kind="page"),
            "tool": await failure(session, "summarise"),
            "section": await failure(session, "read_note", note="cloudfront", section="No Such Heading"),
        }
        huge = await call(session, "search", query="aws", limit=10**15)
        with pytest.raises(MCPError):
            await session.read_resource("kb://note/../secret.md")
        with pytest.raises(MCPError):
            await session.get_prompt("quiz", {"note": "no-such-note"})
        stats = await call(session, "stats")
        return messages, huge, stats
    messages, huge, stats = serve(corpus, scenario)

    assert "search tool" in messages["unknown"]
    assert "twin-a.md" in messages["ambiguous"] and "twin-b.md" in messages["ambiguous"]
    assert "query" in messages["syntax"]
    assert "outside the corpus" in messages["outside"] and "outside the corpus" in messages["absolute"]
    assert "Secret" not in messages["outside"]
    assert "term" in messages["missing"]
    assert "whole number" in messages["type"]
    assert "at least 1" in messages["zero"]
    assert "colour" in messages["argument"] and "query" in messages["argument"]
    assert "kind must be one of" in messages["kind"]
    assert "summarise" in messages["tool"] and "search" in messages["tool"]
    assert "Terminology" in messages["section"]
    assert 0 < len(huge["results"]) <= 10_000
    assert stats["notes"] == 17


def test_invalid_json_rpc_gets_an_error_and_the_server_keeps_serving(corpus):
    initialize = {"jsonrpc": "2.0", "id": 1, "method": "initialize",
                  "params": {"protocolVersion": "2025-06-18", "capabilities": {},
                             "clientInfo": {"name": "raw", "version": "1"}}}
    lines = ["this is not json", json.dumps({"jsonrpc": "2.0", "id": 7, "method": 42}), json.dumps(initialize)]
    done = subprocess.run([KB, "mcp", "--corpus", str(corpus)], input="\n".join(lines) + "\n",
                          capture_output=True, text=True, timeout=60)
    replies = [json.loads(line) for line in done.stdout.splitlines() if line.strip()]
    errors = [reply for reply in replies if "error" in reply]
    assert errors and all(reply["error"]["code"] in (-32700, -32600) for reply in errors)
    assert any(reply.get("id") == 1 and reply["result"]["serverInfo"]["name"] == "kb" for reply in replies)


def test_an_edit_is_seen_by_the_next_search(corpus):
    note = corpus / "aws" / "s3" / "_index.md"

    async def scenario(session):
        before = await call(session, "search", query="zanzibarquokka")
        note.write_text(note.read_text() + "\n\nA zanzibarquokka guards the bucket.\n")
        after = await call(session, "search", query="zanzibarquokka")
        (corpus / "aws" / "fresh.md").write_text("# Fresh Note\n\nJust saved, about the zanzibarquokka too.\n")
        added = await call(session, "search", query="zanzibarquokka")
        return before, after, added
    before, after, added = serve(corpus, scenario)
    assert before["results"] == []
    assert [hit["path"] for hit in after["results"]] == ["aws/s3/_index.md"]
    assert {hit["path"] for hit in added["results"]} == {"aws/s3/_index.md", "aws/fresh.md"}


def serve_http(corpus, *scenarios):
    """Starts `kb mcp --http 127.0.0.1:0` and runs each scenario(session) in a session of its
    own, all at once; returns their results in order."""
    server = subprocess.Popen([KB, "mcp", "--http", "127.0.0.1:0", "--corpus", str(corpus)],
                              stderr=subprocess.PIPE, text=True)
    try:
        url = None
        for line in server.stderr:
            found = re.search(r"serving MCP at (http://\S+)", line)
            if found:
                url = found.group(1)
                break
        assert url and url.startswith("http://127.0.0.1:") and url.endswith("/mcp"), url

        async def one(scenario, results, index):
            async with streamable_http_client(url) as streams:
                async with ClientSession(streams[0], streams[1]) as session:
                    await session.initialize()
                    results[index] = await scenario(session)

        async def main():
            results = [None] * len(scenarios)
            async with anyio.create_task_group() as group:
                for index, scenario in enumerate(scenarios):
                    group.start_soon(one, scenario, results, index)
            return results
        return url, anyio.run(main)
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_streamable_http_serves_several_sessions_on_one_index(corpus):
    async def searcher(session):
        return await call(session, "search", query="origin")

    async def definer(session):
        listed = await session.list_tools()
        return {tool.name for tool in listed.tools}, await call(session, "define", term="cdn")

    async def editor(session):
        note = corpus / "aws" / "s3" / "_index.md"
        note.write_text(note.read_text() + "\n\nA zanzibarquokka guards the bucket.\n")
        return await call(session, "search", query="zanzibarquokka")

    url, (found, (tools, defined), edited) = serve_http(corpus, searcher, definer, editor)
    assert found["results"][0]["path"] == CLOUDFRONT
    assert tools == TOOLS
    assert defined["definitions"][0]["term"] == "CDN"
    assert [hit["path"] for hit in edited["results"]] == ["aws/s3/_index.md"]


def test_streamable_http_refuses_what_it_should(corpus):
    server = subprocess.Popen([KB, "mcp", "--http", "127.0.0.1:0", "--corpus", str(corpus)],
                              stderr=subprocess.PIPE, text=True)
    try:
        url = next(m.group(1) for m in (re.search(r"serving MCP at (http://\S+)", line) for line in server.stderr) if m)
        ping = json.dumps({"jsonrpc": "2.0", "id": 1, "method": "ping"}).encode()
        headers = {"Content-Type": "application/json", "Accept": "application/json, text/event-stream"}
        for target, status in [(url.replace("/mcp", "/elsewhere"), 404), (url, 400)]:
            request = urllib.request.Request(target, data=ping, headers=headers, method="POST")
            with pytest.raises(urllib.error.HTTPError) as refused:
                urllib.request.urlopen(request, timeout=30)
            assert refused.value.code == status
        # An unknown session, as after a restart.
        request = urllib.request.Request(url, data=ping, headers={**headers, "Mcp-Session-Id": "gone"}, method="POST")
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=30)
        assert refused.value.code == 404 and b"initialize a new one" in refused.value.read()
    finally:
        server.terminate()
        server.wait(timeout=30)
    # Nothing but loopback is served: nothing authenticates callers.
    for address in ["0.0.0.0:0", "192.168.1.20:8080", "example.org:80", "127.0.0.1", "127.0.0.1:99999"]:
        done = subprocess.run([KB, "mcp", "--http", address, "--corpus", str(corpus)],
                              capture_output=True, text=True, timeout=60)
        assert done.returncode == 2, address
        assert "--http 127.0.0.1:PORT" in done.stderr, done.stderr
    # A port another program holds.
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        done = subprocess.run([KB, "mcp", "--http", f"127.0.0.1:{taken.getsockname()[1]}", "--corpus", str(corpus)],
                              capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "pick another port" in done.stderr, done.stderr
