#!/bin/bash
# t-eval.sh - the ranking evaluation end to end (bench/eval/run.sh) on a
# tiny judged collection made here, whose measures are known by hand:
#
#   query 1, a question (OR mode): the only documents with its words are
#     1 (grade 2) and 4 (grade 1), ranked in that order: AP 1, nDCG@10 1,
#     P@10 0.2, R@100 1;
#   query 2, two words (AND): only document 2 has both; document 4 is
#     judged relevant but has neither word: AP 0.5, nDCG@10
#     1 / (1 + 1/log2 3) = 0.6131, P@10 0.1, R@100 0.5.
#   Means: MAP 0.75, nDCG@10 0.8066, P@10 0.15, R@100 0.75.
. "$(dirname "$0")/lib.sh"

src=${DOSSIER_SRC:?DOSSIER_SRC must point to the source tree}
build=$(dirname "$D")

mkdir -p data/tiny data/notacollection
cat > data/tiny/docs.all <<'DOCS'
.I 1
.T
Apple orchards in autumn
.W
Harvesting apples from the orchards when the autumn leaves fall.
.I 2
.T
Pear trees
.W
Pear trees need pruning in winter.
.I 3
.T
Fishing boats
.W
Boats leave the harbour at dawn to catch fish.
.I 4
.T
Orchard pests
.W
Insects damage the apple crop and pear trees alike.
.I 5
.T
Harbour life
.W
The harbour is busy with boats and nets.
DOCS
cat > data/tiny/queries.qry <<'QRY'
.I 1
.W
How do farmers harvest apples in the orchards during
autumn?
.I 2
.W
pruning winter
QRY
printf '1 0 1 2\n1 0 4 1\n2 0 2 1\n2 0 4 1\n1 0 3 0\n' > data/tiny/qrels.txt
cat > data/tiny/collection.conf <<'CONF'
docs = smart:docs.all
queries = smart:queries.qry
qrels = trec:qrels.txt
CONF

run bash "$src/bench/eval/run.sh" --build "$build" --systems dossier --keep --work "$work/w" data
check_eq "run.sh exit status" 0 "$rc"
check_contains "table header" "$out" "collection       system           MAP nDCG@10    P@10   R@100"
check_contains "dossier's measures" "$out" "tiny (2)         dossier       0.7500  0.8066  0.1500  0.7500"
check_contains "collection read" "$err" "tiny: 5 documents, 2 queries (2 judged)"
check_contains "unknown folder skipped" "$err" "skipping notacollection"

# The run is a TREC run of the hits of `dossier search`.
check_eq "run of query 1" "1 Q0 1 1 99999 dossier
1 Q0 4 2 99998 dossier" "$(grep '^1 ' "$work/w/tiny/run.dossier")"
check_eq "run of query 2" "2 Q0 2 1 99999 dossier" "$(grep '^2 ' "$work/w/tiny/run.dossier")"

# Per-query measures.
run "$build/dossier-eval" score "$work/w/tiny/qrels.txt" "$work/w/tiny/run.dossier" -q
check_eq "per query" "1 1.0000 1.0000 0.2000 1.0000
2 0.5000 0.6131 0.1000 0.5000
0.7500 0.8066 0.1500 0.7500 2" "$out"

# Tuning over the same index: a grid of two settings.
run "$build/dossier-eval" tune --param k1=1.2,2 "$work/w/tiny"
check_eq "tune exit status" 0 "$rc"
check_contains "tune cross-validation" "$out" "leave-one-collection-out"
check_contains "tune best settings" "$out" "k1=1.2"
check_contains "tune progress" "$err" "2/2 settings"

# No data: a clear message.
run bash "$src/bench/eval/run.sh" --build "$build" --systems dossier "$work/nothing-here"
check_eq "missing data exit status" 2 "$rc"
check_contains "missing data message" "$err" "no judged collections at"

finish
