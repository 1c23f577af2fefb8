# Sourced by the tools/*_check.sh scripts: counts checks and prints the tally.
passed=0
failed=0

# check NAME COMMAND...: runs COMMAND as one check. On failure, a script that defines
# show_failure gets to print what it saw.
check() {
    local name=$1
    shift
    if "$@"; then
        passed=$((passed + 1))
        echo "ok    $name"
    else
        failed=$((failed + 1))
        echo "FAIL  $name"
        if declare -F show_failure >/dev/null; then show_failure; fi
    fi
}

# finish: the tally line; the exit status says whether every check passed.
finish() {
    echo "$passed passed, $failed failed"
    [ "$failed" -eq 0 ]
}
