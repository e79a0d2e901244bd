#!/bin/sh
# Install the baselines of the ranking evaluation (Debian or Ubuntu):
# omindex and quest (Xapian), sqlite3 (FTS5), a JDK and Lucene 4.10.
# Installs only what is missing; uses sudo when not run as root.
set -eu
exec sh "$(dirname "$0")/../../scripts/deps.sh" \
    xapian-omega xapian-tools sqlite3 default-jdk-headless liblucene4.10-java
