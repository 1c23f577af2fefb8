#!/usr/bin/env bash
# A real editor: Debian's Neovim, headless, attaches `kb lsp` to a small vault, renames a note
# from a link to it (vim.lsp.buf.rename), writes every changed buffer, and quits; `kb check`
# must then find no broken links, and the links must name the new note.
set -euo pipefail
cd "$(dirname "$0")/.."
kb_bin=${KB_BIN:-$PWD/.build/debug/kb}
case $kb_bin in /*) ;; *) kb_bin=$PWD/$kb_bin ;; esac
command -v nvim >/dev/null || { echo "test_nvim: nvim is missing; run tools/setup" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
vault=$work/vault
mkdir -p "$vault/.obsidian" "$vault/Notes" "$vault/Deep"
echo '{}' > "$vault/.obsidian/app.json"
printf 'Edge text.\n\n## Caching\n\nCache text.\n' > "$vault/Notes/Edge Location.md"
printf '# Index\n\n[[Edge Location]] and [[Notes/Edge Location#Caching|cache]].\nA file link [md](Notes/Edge%%20Location.md).\n' > "$vault/Index.md"
printf 'See [[Edge Location#Caching]] and [up](../Notes/Edge%%20Location.md).\n' > "$vault/Deep/Other.md"
"$kb_bin" check --corpus "$vault" >/dev/null

cat > "$work/rename.lua" <<'LUA'
local function fail(message)
  io.stderr:write(message .. "\n")
  vim.cmd("cquit 1")
end
local root = vim.fn.getcwd()
local id = vim.lsp.start_client({ name = "kb", cmd = { os.getenv("KB_BIN"), "lsp" }, root_dir = root })
if not id then fail("kb lsp did not start") end
vim.lsp.buf_attach_client(0, id)
local client = vim.lsp.get_client_by_id(id)
local ready = vim.wait(20000, function()
  return client.server_capabilities ~= nil and client.server_capabilities.renameProvider ~= nil
end, 50)
if not ready then fail("kb lsp did not finish initialising") end
if vim.fn.search("\\[\\[Edge Location\\]\\]") == 0 then fail("the link is not in Index.md") end
local row, col = unpack(vim.api.nvim_win_get_cursor(0))
vim.api.nvim_win_set_cursor(0, { row, col + 4 })
vim.lsp.buf.rename("Edge Node")
local moved = vim.wait(20000, function() return vim.loop.fs_stat(root .. "/Notes/Edge Node.md") ~= nil end, 50)
if not moved then fail("the rename did not move the note") end
vim.cmd("silent wall")
vim.cmd("qall!")
LUA

(cd "$vault" && KB_BIN="$kb_bin" timeout 90 nvim --headless --clean -S "$work/rename.lua" Index.md)
test -f "$vault/Notes/Edge Node.md" || { echo "test_nvim: the note was not renamed" >&2; exit 1; }
test ! -e "$vault/Notes/Edge Location.md" || { echo "test_nvim: the old note is still there" >&2; exit 1; }
grep -qF '[[Edge Node]] and [[Notes/Edge Node#Caching|cache]]' "$vault/Index.md" || { cat "$vault/Index.md"; echo "test_nvim: Index.md links not rewritten" >&2; exit 1; }
grep -qF '[md](Notes/Edge%20Node.md)' "$vault/Index.md" || { echo "test_nvim: the file link was not rewritten" >&2; exit 1; }
grep -qF '[[Edge Node#Caching]]' "$vault/Deep/Other.md" || { cat "$vault/Deep/Other.md"; echo "test_nvim: Deep/Other.md (not open in the editor) was not rewritten" >&2; exit 1; }
"$kb_bin" check --corpus "$vault"
echo "test_nvim: ok"
