#!/bin/sh
# Install what is missing, build Dossier, index the sample corpus and run
# a sample search.  Run from anywhere; the build goes to build/.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
sh scripts/deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j "$(nproc)" >/dev/null
echo "== dossier add corpus/"
./build/dossier add corpus/
echo
echo "== dossier search 'sanctions \"North Korea\"'"
./build/dossier search 'sanctions "North Korea"' -n 3
echo
echo "The program is build/dossier: run 'cmake --install build' (as root, or with"
echo "--prefix ~/.local) to put dossier and its man pages on your PATH."
