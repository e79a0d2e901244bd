#!/bin/bash
# valgrind.sh - add, update, search and the other commands under valgrind.
#
# Every command of an index's life runs under memcheck on the sample
# corpus and a generated one: no memory error (invalid read or write, use
# of uninitialised values, bad free) and no definite leak is allowed.
# A sanitizer build cannot run under valgrind: the test is skipped there
# (exit status 77).

here=$(cd "$(dirname "$0")" && pwd)
. "$here/rlib.sh"
export DOSSIER_NO_SYNC=1

if ! command -v valgrind >/dev/null; then
    echo "valgrind: not installed (scripts/deps.sh installs it)" >&2
    exit 1
fi
if nm -D "$D" 2>/dev/null | grep -q '__asan_init\|__ubsan_handle' ||
    ldd "$D" 2>/dev/null | grep -q 'libasan\|libubsan'; then
    echo "valgrind: $D is built with sanitizers: skipped"
    exit 77
fi

nruns=0
# vg CMD...: run dossier under memcheck; any error fails the check.
vg() {
    nruns=$((nruns + 1))
    local log=$work/vg.$nruns.log
    valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
        --show-leak-kinds=definite --num-callers=30 --log-file="$log" "$D" "$@" \
        >"$work/vg.out" 2>"$work/vg.err"
    local st=$?
    checks=$((checks + 1))
    if [ "$st" = 99 ] || [ -s "$log" ]; then
        fail "valgrind: dossier $*: exit $st"
        head -40 "$log" >&2
    elif [ "$st" -gt 1 ]; then
        fail "dossier $*: exit $st: $(head -3 "$work/vg.err")"
    fi
    return "$st"
}

mkdir w
cd w || exit 2
cp -R "${DOSSIER_CORPUS:?}" corpus
"$GENCORPUS" corpus/generated 300 11 || exit 2
vg add --no-progress -j 2 --batch-mb 1 corpus
vg add --no-progress corpus
printf '\nA new paragraph about sanctions enforcement.\n' >>corpus/letters/seasonal-visa-letter.txt
mv corpus/news/korus-revision.txt corpus/news/korus-revision-moved.txt
rm corpus/speeches/trade-forum-keynote.txt
vg update --no-progress
for q in 'sanctions "North Korea"' 'sanction*' 'a NEAR/5 b' 'title:korea OR author:markey' \
    'date:2017-Q1' 'mentions:2017-02-14' 'date:"last 6 months"' \
    'What problems and concerns are there in making up descriptive titles?' \
    '((unbalanced "quote' 'zan NOT kol'; do
    vg search --now 2020-01-01 "$q"
    vg search --now 2020-01-01 --json --passages "$q"
done
vg search --facet year sanctions
vg search --sort -date -n 50 zan
vg search -c zan
printf '%s\n' sanctions 'date:2017' 'zan OR kol' | vg search --batch
vg show corpus/letters/seasonal-visa-letter.txt
vg show --json corpus/news/budget-deal.md.gz
vg stats
vg stats --json
vg similar corpus/letters/seasonal-visa-letter.txt
vg remove corpus/generated/set-001
vg compact
vg add --dry-run --no-progress corpus
echo "valgrind: $nruns commands run under memcheck"
finish
