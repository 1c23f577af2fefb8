"""kb lsp driven by pytest-lsp, a client kb's authors did not write, over a copy of corpus/."""
import asyncio
import json
import pathlib

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

from conftest import KB, kb

SEED = "aws/cloudfront/_index.md"


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[KB, "lsp"]))
async def client(lsp_client: LanguageClient):
    yield
    await lsp_client.shutdown_session()


def capabilities(encodings=None):
    return types.ClientCapabilities(
        general=types.GeneralClientCapabilities(position_encodings=encodings) if encodings else None,
        workspace=types.WorkspaceClientCapabilities(
            workspace_edit=types.WorkspaceEditClientCapabilities(
                document_changes=True,
                resource_operations=[types.ResourceOperationKind.Rename, types.ResourceOperationKind.Create],
            )
        ),
    )


async def start(client, corpus, encodings=None):
    result = await client.initialize_session(
        types.InitializeParams(capabilities=capabilities(encodings), root_uri=corpus.as_uri())
    )
    return result


def open_note(client, corpus, path):
    file = corpus / path
    uri = file.as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="markdown", version=1, text=file.read_text())
        )
    )
    return uri, file.read_text()


def append_line(client, uri, text, line_count, version=2):
    """Adds `line` after the document's last line, as an incremental change."""
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[
                types.TextDocumentContentChangePartial(
                    range=types.Range(start=types.Position(line=line_count, character=0), end=types.Position(line=line_count, character=0)),
                    text=text,
                )
            ],
        )
    )


async def diagnostics_with(client, uri, code):
    """The document's diagnostics once one with `code` has been published (the server also
    publishes on open, which may arrive first)."""
    # Polled: two notifications can arrive between one wait and the next.
    for _ in range(400):
        found = [d for d in client.diagnostics.get(uri, []) if d.code == code]
        if found:
            return found
        await asyncio.sleep(0.025)
    return []


def position_in(text, line_text, needle):
    """Line and UTF-16 column of `needle` on the line that is `line_text`."""
    lines = text.split("\n")
    line = lines.index(line_text)
    prefix = line_text[: line_text.index(needle)]
    return line, len(prefix.encode("utf-16-le")) // 2


@pytest.mark.asyncio
async def test_initialise_completion_and_hover(client: LanguageClient, corpus):
    result = await start(client, corpus)
    assert result.capabilities.position_encoding in (None, "utf-16")
    assert result.capabilities.rename_provider
    uri, text = open_note(client, corpus, SEED)
    lines = text.split("\n")
    count = len(lines)
    append_line(client, uri, "See [[Dynamo", count - 1 + 1 if text.endswith("\n") else count)
    line = count - 1 if text.endswith("\n") else count
    items = await client.text_document_completion_async(
        types.CompletionParams(text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=line, character=len("See [[Dynamo")))
    )
    labels = [item.label for item in (items.items if hasattr(items, "items") else items)]
    assert "DynamoDB" in labels

    # Hover on the glossary term "Edge Location" in the seed's text.
    line_text = next(l for l in lines if l.startswith("- **Edge Location:**"))
    line, column = position_in(text, line_text, "Edge")
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=line, character=column + 2))
    )
    assert hover is not None
    assert "The location where content is cached" in hover.contents.value

    # Hover on a link shows its note's title and description.
    line_text = next(l for l in lines if "[Amazon DynamoDB](../dynamodb)" in l)
    line, column = position_in(text, line_text, "../dynamodb")
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=line, character=column + 3))
    )
    assert "**DynamoDB**" in hover.contents.value and "NoSQL" in hover.contents.value


@pytest.mark.asyncio
async def test_definition_references_and_broken_link_diagnostic(client: LanguageClient, corpus):
    await start(client, corpus)
    uri, text = open_note(client, corpus, SEED)
    line_text = next(l for l in text.split("\n") if "[Amazon DynamoDB](../dynamodb)" in l)
    line, column = position_in(text, line_text, "../dynamodb")
    found = await client.text_document_definition_async(
        types.DefinitionParams(text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=line, character=column + 1))
    )
    found = found[0] if isinstance(found, list) else found
    assert found.uri == (corpus / "aws/dynamodb/_index.md").as_uri()

    # References from that link: every link to DynamoDB, one per occurrence, as the index counts them.
    references = await client.text_document_references_async(
        types.ReferenceParams(
            text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=line, character=column + 1),
            context=types.ReferenceContext(include_declaration=False),
        )
    )
    backlinks = json.loads(kb("backlinks", "aws/dynamodb/_index.md", "--json", "--limit", "1000", corpus=corpus).stdout)
    assert len(references) == len(backlinks)
    assert sum(1 for r in references if r.uri == uri) == sum(1 for b in backlinks if b["source"] == SEED)

    # A broken link typed into the buffer is reported before any save.
    count = len(text.split("\n")) - 1
    append_line(client, uri, "A [missing page](../no-such-service) here.\n", count)
    broken = await diagnostics_with(client, uri, "broken-link")
    assert len(broken) == 1
    assert broken[0].range.start.line == count
    assert broken[0].range.start.character == len("A [missing page](")
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(text_document=types.TextDocumentIdentifier(uri=uri), range=broken[0].range,
                               context=types.CodeActionContext(diagnostics=broken))
    )
    assert any("Create note" in action.title for action in actions)


@pytest.mark.asyncio
async def test_non_ascii_line_positions_in_utf16(client: LanguageClient, corpus):
    await start(client, corpus)
    uri, text = open_note(client, corpus, SEED)
    count = len(text.split("\n")) - 1
    line_text = "Schrödinger's 🐱 reads [gone](../vanished) and [Lambda](../lambda)."
    append_line(client, uri, line_text + "\n", count)
    broken = await diagnostics_with(client, uri, "broken-link")
    assert len(broken) == 1
    _, column = position_in(text + line_text, line_text, "../vanished")
    assert broken[0].range.start == types.Position(line=count, character=column)
    assert broken[0].range.end.character == column + len("../vanished")
    # Past the emoji (two UTF-16 units), the definition of the Lambda link is found.
    _, column = position_in(text + line_text, line_text, "../lambda")
    found = await client.text_document_definition_async(
        types.DefinitionParams(text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=count, character=column + 1))
    )
    found = found[0] if isinstance(found, list) else found
    assert found.uri == (corpus / "aws/lambda/_index.md").as_uri()


@pytest.mark.asyncio
async def test_utf8_positions_when_negotiated(client: LanguageClient, corpus):
    result = await start(client, corpus, encodings=[types.PositionEncodingKind.Utf8, types.PositionEncodingKind.Utf16])
    assert result.capabilities.position_encoding == "utf-8"
    uri, text = open_note(client, corpus, SEED)
    count = len(text.split("\n")) - 1
    line_text = "Schrödinger 🐱 [gone](../vanished)"
    append_line(client, uri, line_text + "\n", count)
    broken = await diagnostics_with(client, uri, "broken-link")
    assert broken[0].range.start.character == len(line_text[: line_text.index("../vanished")].encode("utf-8"))


def apply_workspace_edit(edit, corpus):
    """Applies a WorkspaceEdit to the files, as an editor would, and returns the renamed paths."""
    renamed = []
    for change in edit.document_changes:
        if isinstance(change, types.RenameFile):
            old = pathlib.Path(types_uri_path(change.old_uri))
            new = pathlib.Path(types_uri_path(change.new_uri))
            new.parent.mkdir(parents=True, exist_ok=True)
            old.rename(new)
            renamed.append((old, new))
            continue
        file = pathlib.Path(types_uri_path(change.text_document.uri))
        data = file.read_text().split("\n")
        for text_edit in sorted(change.edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
            start, end = text_edit.range.start, text_edit.range.end
            assert start.line == end.line
            line = data[start.line]
            units = line.encode("utf-16-le")
            before = units[: start.character * 2].decode("utf-16-le")
            after = units[end.character * 2 :].decode("utf-16-le")
            data[start.line] = before + text_edit.new_text + after
        file.write_text("\n".join(data))
    return renamed


def types_uri_path(uri):
    from urllib.parse import unquote, urlparse

    return unquote(urlparse(uri).path)


@pytest.mark.asyncio
async def test_rename_from_a_link_leaves_check_clean(client: LanguageClient, corpus):
    await start(client, corpus)
    uri, text = open_note(client, corpus, SEED)
    line_text = next(l for l in text.split("\n") if "[Amazon DynamoDB](../dynamodb)" in l)
    line, column = position_in(text, line_text, "../dynamodb")
    position = types.Position(line=line, character=column + 4)
    prepared = await client.text_document_prepare_rename_async(
        types.PrepareRenameParams(text_document=types.TextDocumentIdentifier(uri=uri), position=position)
    )
    assert prepared.placeholder == "dynamodb"
    edit = await client.text_document_rename_async(
        types.RenameParams(text_document=types.TextDocumentIdentifier(uri=uri), position=position, new_name="nosql-tables")
    )
    renamed = apply_workspace_edit(edit, corpus)
    assert renamed and renamed[0][1].name == "nosql-tables"
    assert "[Amazon DynamoDB](../nosql-tables)" in (corpus / SEED).read_text()
    check = kb("check", corpus=corpus)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "0 broken, 0 ambiguous" in check.stdout


@pytest.mark.asyncio
async def test_will_rename_files_rewrites_links(client: LanguageClient, corpus):
    await start(client, corpus)
    old = corpus / "aws/lambda"
    new = corpus / "aws/functions"
    edit = await client.workspace_will_rename_files_async(
        types.RenameFilesParams(files=[types.FileRename(old_uri=old.as_uri(), new_uri=new.as_uri())])
    )
    apply_workspace_edit(edit, corpus)
    old.rename(new)
    assert "[AWS Lambda](../functions)" in (corpus / SEED).read_text()
    check = kb("check", corpus=corpus)
    assert check.returncode == 0, check.stdout + check.stderr


@pytest.mark.asyncio
async def test_symbols(client: LanguageClient, corpus):
    await start(client, corpus)
    uri, _ = open_note(client, corpus, SEED)
    symbols = await client.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    names = [s.name for s in symbols]
    assert "About" in names and "Edge Location" in names
    found = await client.workspace_symbol_async(types.WorkspaceSymbolParams(query="dynamo"))
    assert any(s.name == "DynamoDB" for s in found)
