#!/usr/bin/env bash
# Checks `kb repl` as a script runner: commands piped on stdin, one per line, no prompt, no
# colour, exit 0 at the end, and errors reported on stderr without stopping the session.
# Usage: tools/repl_pipe_check.sh            (after `swift build`; KB=path overrides the binary)
# Prints one line per check, then "N passed, N failed"; exits 1 if any check failed.
set -u
cd "$(dirname "$0")/.."
KB=${KB:-.build/debug/kb}
CORPUS=${CORPUS:-corpus}
[ -x "$KB" ] || { echo "no kb binary at $KB: run swift build first" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
source tools/lib/checks.sh

# run NAME SCRIPT: pipes SCRIPT (printf format) into a fresh REPL with its own index, so the
# first refresh happens inside the REPL, as it would for a new user.
run() {
    printf "$2" | "$KB" repl --corpus "$CORPUS" --db "$work/$1.sqlite" >"$work/$1.out" 2>"$work/$1.err"
    echo $? >"$work/$1.rc"
}

has() { grep -qF -- "$2" "$work/$1"; }
lacks() { ! grep -qF -- "$2" "$work/$1"; }
count_is() { [ "$(grep -cF -- "$2" "$work/$1")" -eq "$3" ]; }
# The lines of $1 between the first line containing $2 and the next line containing $3.
between() { awk -v a="$2" -v b="$3" 'index($0, a) { on = 1; next } on && index($0, b) { exit } on' "$work/$1"; }

# 1. The script from the issue.
run main 'search origin\ndefine cdn\nopen cloudfront\nrelated\nback\n:help\n:quit\n'
check "the issue's script exits 0" [ "$(cat "$work/main.rc")" = 0 ]
check "search origin prints the CloudFront result" has main.out "CloudFront › Origin"
check "define cdn prints the CDN definition" has main.out "A collection of Edge Locations that can distribute content around the world."
check "open cloudfront confirms the note" has main.out "CloudFront  aws/cloudfront/_index.md"
related=$(between main.out "CloudFront  aws/cloudfront/_index.md" "Commands (as on")
check "related (on the open note) lists DynamoDB" grep -qF "DynamoDB  aws/dynamodb/_index.md" <<<"$related"
check ":help lists the commands" has main.out "quiz [NOTE]"
check "no prompt is printed" lacks main.out "kb>"
check "no colour is printed" bash -c "! grep -q $'\e' '$work/main.out'"
check "nothing on stderr" [ ! -s "$work/main.err" ]

# 2. Output matches the CLI byte for byte (shared renderers, same engine).
"$KB" define cdn --corpus "$CORPUS" --db "$work/main.sqlite" --no-refresh >"$work/cli-define.out" 2>/dev/null
"$KB" related cloudfront --corpus "$CORPUS" --db "$work/main.sqlite" --no-refresh >"$work/cli-related.out" 2>/dev/null
run same 'define cdn\n'
check "define renders as kb define" cmp -s "$work/cli-define.out" "$work/same.out"
run same 'related cloudfront\n'
check "related renders as kb related" cmp -s "$work/cli-related.out" "$work/same.out"

# 3. Mistakes are reported and the session goes on; the end of input exits 0.
run errors 'frobnicate\nopen no-such-note\nrelated\nsearch cdn --limit nope\ndefine "edge location"\nsearch\ndefine cdn\n'
check "errors still exit 0" [ "$(cat "$work/errors.rc")" = 0 ]
check "unknown command goes to stderr with a hint" has errors.err "unknown command 'frobnicate'"
check "unknown note prints the KBError message" has errors.err "no note named 'no-such-note'"
check "related without a note says what to do" has errors.err "related which note?"
check "a bad option prints the CLI parser's message" has errors.err "The value 'nope' is invalid for '--limit <limit>'"
check "quoted phrase is one argument" has errors.out "The location where content is cached"
check "the session continued to the last line" has errors.out "A collection of Edge Locations"
check "errors are not on stdout" lacks errors.out "unknown command"

# 4. State: open, back, and commands defaulting to the current note.
run state 'open cloudfront\nopen dynamodb\nback\nlinks --internal\nback\nback\n'
check "back returns to the previous note (links are CloudFront's)" has state.out "→ Amazon DynamoDB  aws/dynamodb/_index.md"
check "back from the first note leaves no note open" has state.out "no note is open"
check "back with nothing left says so" has state.err "no note is open: open NOTE first"

# 5. quiz: answers in any order and spacing, wrong answers, typos asked again.
run quiz 'quiz cloudfront\nd\n 2 ,1\nquiz cloudfront\na\nz\n1\n'
check "quiz grades D and '2 ,1' right" has quiz.out "Score: 2 of 2 right"
check "a wrong answer names the right one" has quiz.out "✗ wrong — the answer is D"
check "an unknown label is asked again" has quiz.err "no option Z: pick from 1, 2, 3, 4, 5"
check "a partial Select TWO answer is wrong" has quiz.out "✗ wrong — the answer is 1, 2"
check "the explanation is shown" has quiz.out "AWS AppSync simplifies application development"
check "options are shown without the answer marks" lacks quiz.out "✓ D)"
check "plain quiz is a practice run: it saves no review" lacks quiz.out "rated "

# 5b. quiz with a kb quiz option is scheduled study; its review lands beside the index.
run study 'quiz cloudfront --questions --new 1\nD\n\nquiz --stats --json\n'
check "quiz --new schedules the answer" has study.out "rated good; next in 10 minutes"
check "quiz --stats counts the saved review" has study.out '"reviewed" : 1'

# 6. The CLI commands without a shared renderer run too.
run others 'path s3 appsync\ntags serverless\nstats\ncheck\nquestions cloudfront\nterms cloudfront\nhelp path\n'
check "path" has others.out "S3 → CloudFront → API Gateway → AppSync"
check "tags TAG" has others.out "AppSync  aws/appsync/_index.md"
check "stats" has others.out "notes           15"
check "check (problems do not end the session)" has others.out "0 broken, 0 ambiguous"
check "questions NOTE" has others.out "✓ D) CreateCachePolicy with CloudFront"
check "terms NOTE shows kinds under their parent" has others.out "  Web Distribution"
check "help COMMAND prints the CLI help" has others.out "USAGE: path <from> <to>"

# 7. The index is refreshed once, when the REPL starts: a note added while it runs is not seen
#    (no folder walk per command), while a new `kb` process does see it.
cp -R "$CORPUS" "$work/corpus" && rm -rf "$work/corpus/.kb"
{
    echo "stats"
    sleep 1  # the first command's answer comes after the start-up refresh; this is well past it
    printf '# Extra\n\n- **Zzzterm:** a word made up for this check.\n' >"$work/corpus/extra.md"
    echo "define zzzterm"
} | "$KB" repl --corpus "$work/corpus" --db "$work/fresh.sqlite" >"$work/fresh.out" 2>"$work/fresh.err"
check "the REPL indexed the corpus when it started" has fresh.out "notes           15"
check "the REPL does not refresh per command" has fresh.err "no term 'zzzterm'"
"$KB" define zzzterm --corpus "$work/corpus" --db "$work/fresh.sqlite" >"$work/fresh-cli.out" 2>&1
check "a new kb process refreshes and sees the new note" has fresh-cli.out "a word made up for this check"

finish
