#!/bin/bash
# The man pages and the bash completion: a page for dossier and for every
# command, naming every option that the command's --help lists; pages that
# groff renders without warnings; `cmake --install` puts them and the
# completion in place; the completion offers every command and option.
. "$(dirname "$0")/lib.sh"

docs=$DOSSIER_SRC/docs
run "$D" --help
commands=$(printf '%s\n' "$out" | sed -n '/^Commands:/,/^$/s/^  \([a-z]*\) .*/\1/p')
check_contains "commands found in --help" "$commands" "search"

# Long options of a --help text.
long_options() { grep -o -- '--[a-z][a-z0-9-]*' | sort -u; }

for cmd in $commands; do
    page=$docs/dossier-$cmd.1
    checks=$((checks + 1))
    if [ ! -f "$page" ]; then
        fail "no man page for '$cmd'"
        continue
    fi
    if grep -q '^\.so ' "$page"; then
        target=$docs/$(basename "$(sed -n 's/^\.so //p' "$page")")
        checks=$((checks + 1))
        [ -f "$target" ] || fail "$page points to a missing page"
        page=$target
    fi
    # Options as the page spells them (groff escapes hyphens: \-).
    text=$(sed 's/\\-/-/g' "$page")
    for opt in $("$D" "$cmd" --help | long_options); do
        check_contains "dossier-$cmd.1 names $opt" "$text" "$opt"
    done
done
for opt in $("$D" --help | long_options); do
    check_contains "dossier.1 names $opt" "$(sed 's/\\-/-/g' "$docs/dossier.1")" "$opt"
done

# Every page renders without a warning (where groff is installed).
if command -v groff >/dev/null 2>&1; then
    for page in "$docs"/*.1; do
        grep -q '^\.so ' "$page" && continue
        warnings=$(groff -man -Tutf8 -ww -z "$page" 2>&1)
        check_eq "$(basename "$page") renders cleanly" "" "$warnings"
    done
    rendered=$(groff -man -Tutf8 "$docs/dossier-search.1" 2>/dev/null | sed 's/.\x08//g')
    check_contains "search page: query language" "$rendered" "NEAR(a b, 5)"
fi

# Installed by cmake --install.
build=$(dirname "$D")
if [ -f "$build/cmake_install.cmake" ] && command -v cmake >/dev/null 2>&1; then
    cmake --install "$build" --prefix "$work/prefix" >/dev/null 2>&1
    check_eq "install: exit" 0 "$?"
    for cmd in "" $commands; do
        name=dossier${cmd:+-$cmd}.1
        checks=$((checks + 1))
        [ -f "$work/prefix/share/man/man1/$name" ] || fail "install: $name missing"
    done
    checks=$((checks + 1))
    [ -f "$work/prefix/share/bash-completion/completions/dossier" ] || fail "install: completion missing"
    if command -v man >/dev/null 2>&1 && command -v groff >/dev/null 2>&1; then
        shown=$(MANPATH="$work/prefix/share/man" MANWIDTH=80 man dossier-search 2>/dev/null | sed 's/.\x08//g')
        check_contains "man dossier-search" "$shown" "dossier-search - search the index"
    fi
fi

# The completion.
complete_words() {
    bash -c '
        . "$1"; shift
        COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
        COMPREPLY=(); _dossier
        printf "%s\n" "${COMPREPLY[@]}"' _ "$docs/dossier.bash" "$@" 2>/dev/null
}
got=$(complete_words dossier "")
for cmd in $commands; do
    check_contains "completes the command $cmd" "$got" "$cmd"
done
for cmd in $commands; do
    got=$(complete_words dossier "$cmd" --)
    for opt in $("$D" "$cmd" --help | long_options); do
        check_contains "completes $cmd $opt" "$got" "$opt"
    done
done
check_eq "completes --sort values" "relevance
date
-date" "$(complete_words dossier search --sort "")"
check_eq "completes --facet values" "year
month" "$(complete_words dossier search --facet "")"
check_eq "completes fields" "date:" "$(complete_words dossier search dat)"
check_eq "completes after --index" "search" "$(complete_words dossier --index idx sea)"

finish
