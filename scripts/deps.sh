#!/bin/sh
# Install what Dossier needs to build and test, on Debian or Ubuntu, or
# the Debian packages named as arguments instead (bench/eval/deps.sh).
# Installs only what is missing; uses sudo when not run as root.
set -eu

if [ $# -gt 0 ]; then
    packages="$*"
else
    packages="build-essential cmake pkg-config libxapian-dev xapian-tools zlib1g-dev check libsubunit-dev"
    # Tests: clang and its runtime for the libFuzzer targets, valgrind,
    # setpriv (util-linux) to run as another user when root.
    packages="$packages clang libclang-rt-dev valgrind util-linux"
fi

missing=""
for p in $packages; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
        missing="$missing $p"
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
    sudo=""
elif command -v sudo >/dev/null 2>&1; then
    sudo="sudo"
else
    echo "deps.sh: need root (or sudo) to install:$missing" >&2
    exit 1
fi
echo "deps.sh: installing:$missing" >&2
$sudo apt-get update -qq
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
