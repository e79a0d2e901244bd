#!/bin/sh
# tune.sh - choose Dossier's ranking defaults by cross-validation over the
# judged collections (see README.md).
#
#   bench/eval/tune.sh [--build DIR] [DATA_DIR] [-- dossier-eval tune options]
#
# Indexes every collection with Dossier (run.sh --systems dossier), then
# runs `dossier-eval tune` over the grid below (or the --param options
# given after --), which prints the leave-one-collection-out estimate and
# the settings that do best over all the collections.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
build=$root/build
data=""
while [ $# -gt 0 ]; do
    case $1 in
    --build) build=$(cd "$2" && pwd); shift 2 ;;
    --) shift; break ;;
    -*) echo "tune.sh: unknown option $1" >&2; exit 2 ;;
    *) data=$1; shift ;;
    esac
done
if [ $# -eq 0 ]; then
    set -- --param k1=1.2,1.6,2,2.5 --param b=0.6,0.75,0.9 \
        --param fbdocs=0,10,20 --param fbweight=0.3,0.6,1
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/dossier-tune.XXXXXX")
trap 'rm -rf "$work"' EXIT
bash "$root/bench/eval/run.sh" --build "$build" --systems dossier --keep --work "$work" \
    ${data:+"$data"} >/dev/null
dirs=""
for d in "$work"/*/; do
    [ -d "$d/.dossier" ] && dirs="$dirs ${d%/}"
done
# shellcheck disable=SC2086
"$build/dossier-eval" tune "$@" $dirs
