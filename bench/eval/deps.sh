#!/bin/sh
# Install the baselines of the ranking evaluation (Debian or Ubuntu):
# omindex and quest (Xapian), sqlite3 (FTS5), a JDK and Lucene 4.10.
# Installs only what is missing; uses sudo when not run as root.
set -eu

packages="xapian-omega xapian-tools sqlite3 default-jdk-headless liblucene4.10-java"

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
