#!/usr/bin/env bash
# Checks `kb repl` in a real terminal: runs it in a detached tmux session (its own server
# socket, so no other tmux is touched), types keys, and reads the screen back.
# Covers Tab completion (commands, notes, quoted terms, the listing on a second Tab), Up-arrow
# recall, Ctrl-C cancelling a line without leaving and a running command without leaving, Ctrl-D leaving with exit 0 on a new line,
# history kept in $XDG_STATE_HOME/kb/history across sessions, and piped input on a terminal
# printing no prompt and no colour.
# Usage: tools/repl_tty_check.sh            (after `swift build`; needs tmux; KB=path overrides)
# Prints one line per check, then "N passed, N failed"; exits 1 if any check failed.
set -u
cd "$(dirname "$0")/.."
KB=${KB:-$PWD/.build/debug/kb}
CORPUS=${CORPUS:-$PWD/corpus}
[ -x "$KB" ] || { echo "no kb binary at $KB: run swift build first" >&2; exit 2; }
command -v tmux >/dev/null || { echo "tmux is not installed" >&2; exit 2; }

work=$(mktemp -d)
socket="kb-repl-check-$$"
T() { tmux -L "$socket" "$@"; }
trap 'T kill-server 2>/dev/null; rm -rf "$work"' EXIT
source tools/lib/checks.sh

# start [PIPE]: a fresh pane running the REPL (optionally with PIPE's output as stdin); after it
# exits the pane prints EXITED=<code> and stays, so the exit code can be read off the screen.
start() {
    T kill-session -t repl 2>/dev/null
    local feed=${1:+"$1 | "}
    T new-session -d -s repl -x 150 -y 50 \
        "cd '$work' && ${feed}env XDG_STATE_HOME='$work/state' '$KB' repl --corpus '$CORPUS' --db '${DB:-$work/index.sqlite}' 2>'$work/stderr'; echo EXITED=\$?; sleep 120"
    # Otherwise the next start's kill-session ends the server along with its last session,
    # and its new-session can reach the server as it exits ("server exited unexpectedly").
    T set-option -s exit-empty off
}
screen() { T capture-pane -p -t repl -S -500 "$@"; }
# The line the cursor is on: the last prompt line, trailing spaces dropped.
prompt_line() { screen | grep -E '^kb(:[^>]*)?>( |$)' | tail -1 | sed 's/ *$//'; }
keys() { T send-keys -t repl "$@"; }
# wait_for TENTHS COMMAND...: polls for up to TENTHS tenths of a second, because the REPL
# answers asynchronously; wait_until waits 5 s, wait_long 90 s (a first index of a larger corpus).
wait_for() {
    local i tenths=$1
    shift
    for i in $(seq 1 "$tenths"); do
        "$@" && return 0
        sleep 0.1
    done
    return 1
}
wait_until() { wait_for 50 "$@"; }
wait_long() { wait_for 900 "$@"; }
on_screen() { screen | grep -qF -- "$1"; }
prompt_is() { [ "$(prompt_line)" = "$1" ]; }
count_on_screen() { screen | grep -cF -- "$1"; }

show_failure() { screen | grep -v '^$' | tail -15 | sed 's/^/      | /'; }

start
check "the REPL starts with a kb> prompt" wait_until prompt_is "kb>"

keys 'def' Tab
check "Tab completes def to define" wait_until prompt_is "kb> define"
keys 'cdn' Enter
check "the completed command runs" wait_until on_screen "A collection of Edge Locations"

wait_until prompt_is "kb>"
keys Up
check "Up recalls the previous line" wait_until prompt_is "kb> define cdn"

keys C-c
check "Ctrl-C cancels the line and shows a fresh prompt" wait_until prompt_is "kb>"
keys 'stats' Enter
check "the REPL is still running after Ctrl-C" wait_until on_screen "internal links"
check "the cancelled line did not run" [ "$(count_on_screen "A collection of Edge Locations")" -eq 1 ]
check "Ctrl-C did not end the process" bash -c "! tmux -L '$socket' capture-pane -p -t repl | grep -q EXITED"

# Keys typed before the line editor reads again would meet the terminal in its line mode.
wait_until prompt_is "kb>"
keys 'open cloudfr' Tab
check "Tab completes a note slug" wait_until prompt_is "kb> open cloudfront"
keys Enter
check "open shows the current note in the prompt" wait_until prompt_is "kb:cloudfront>"

keys 'show cloud' Tab Tab
check "a second Tab lists the candidates" wait_until on_screen "cloudformation  cloudfront"
keys C-u 'define "edge lo' Tab
check "Tab completes a quoted multi-word term and closes the quote" wait_until prompt_is 'kb:cloudfront> define "edge location"'
keys Enter
check "the completed term is defined" wait_until on_screen "The location where content is cached"

wait_until prompt_is "kb:cloudfront>"
keys C-d
check "Ctrl-D exits with status 0" wait_until on_screen "EXITED=0"
check "Ctrl-D leaves the prompt line with a newline" bash -c "! tmux -L '$socket' capture-pane -p -t repl | grep -q '> *EXITED'"
check "nothing unexpected on stderr" [ ! -s "$work/stderr" ]

history_file="$work/state/kb/history"
check "history is saved under \$XDG_STATE_HOME/kb/history" [ -s "$history_file" ]
check "the history file holds the lines typed" grep -q "cdn" "$history_file"

start
wait_until prompt_is "kb>" >/dev/null
keys Up
check "a new session recalls the last session's line" wait_until prompt_is 'kb> define "edge location"'
keys C-u ':quit' Enter
check ":quit exits with status 0" wait_until on_screen "EXITED=0"

start "printf 'define cdn\\nopen cloudfront\\n'"
check "piped input on a terminal runs to the end" wait_until on_screen "EXITED=0"
check "piped input prints no prompt" bash -c "! tmux -L '$socket' capture-pane -p -t repl | grep -q 'kb>'"
check "piped input prints no colour" bash -c "! tmux -L '$socket' capture-pane -p -e -t repl | grep -q $'\\e\\['"
check "piped input still runs the commands" on_screen "A collection of Edge Locations"

# Ctrl-C while a command runs, over a thousand generated notes: Ctrl-C stops it and the prompt
# comes back at once.
generator="$(dirname "$PWD")/shared/bench/gen_corpus.py"
if [ -f "$generator" ]; then
    python3 "$generator" "$work/generated" --notes 1000 >/dev/null
    CORPUS="$work/generated" DB="$work/generated.sqlite" start
    check "the REPL indexes a generated corpus" wait_long prompt_is "kb>"
    # Five prefixes over every note: more than a second of queries and thousands of lines.
    # Ctrl-C stops the query, or the listing if it lands there.
    keys 'search a* OR e* OR i* OR o* OR u* --limit 10000' Enter
    sleep 0.5
    keys C-c
    check "Ctrl-C stops a running command" wait_until grep -q "interrupted" "$work/stderr"
    check "the prompt comes back after the interrupted command" wait_until prompt_is "kb>"
    keys 'stats' Enter
    check "the REPL answers after an interrupted command" wait_until on_screen "internal links"
    check "Ctrl-C during a command did not end the process" bash -c "! tmux -L '$socket' capture-pane -p -t repl | grep -q EXITED"
fi

finish
