# crashcheck.awk - does an index killed during `dossier add` hold exactly
# the documents of the batches it committed?
#
#   awk -f crashcheck.awk -v out=NEWSET PRIOR LOG PRESENT REFERENCE
#
# PRIOR      "SHARD PATH" lines: documents committed by earlier runs.
# LOG        the run's DOSSIER_COMMIT_LOG: "doc S.B PATH", "move S.B PATH",
#            "commit-begin S.B", "commit-end S.B".
# PRESENT    `ixdump docs` of the killed index: "SHARD HASH PATH".
# REFERENCE  `ixdump docs` of a clean build of the same files.
#
# Rules: a batch whose commit-end is logged must be in the index; a batch
# whose commit-begin is logged without its commit-end is all there or all
# missing; a later batch is missing; nothing else is there; every document
# present is byte-for-byte the document of the clean build (no half
# documents).  Prints one line per violation, then a summary line
# "inflight N present|absent|none"; writes the verified set of documents
# to `out`.  Exit status 1 if anything was wrong.

function rest(line, n,    i, p) {
    # The text after the first n space-separated fields.
    p = 0
    for (i = 0; i < n; i++)
        p = index(substr(line, p + 1), " ") + p
    return substr(line, p + 1)
}

FILENAME == ARGV[1] { prior[$0] = 1; next }
FILENAME == ARGV[2] {
    if ($1 == "doc" || $1 == "move") {
        split($2, sb, ".")
        key = sb[1] " " rest($0, 2)
        batch_of[key] = $2
        ndocs[$2]++
        docs[$2, ndocs[$2]] = key
    } else if ($1 == "commit-begin") {
        began[$2] = 1
    } else if ($1 == "commit-end") {
        ended[$2] = 1
    }
    next
}
FILENAME == ARGV[3] { present[$1 " " rest($0, 2)] = $2; next }
FILENAME == ARGV[4] { ref[$1 " " rest($0, 2)] = $2; next }

END {
    bad = 0
    printf "" > out
    inflight = "none"
    for (b in ndocs) {
        n = 0
        for (i = 1; i <= ndocs[b]; i++)
            if (docs[b, i] in present)
                n++
        if (b in ended) {
            if (n != ndocs[b]) {
                printf "batch %s committed but only %d of its %d documents are in the index\n",
                       b, n, ndocs[b]
                bad = 1
            }
            for (i = 1; i <= ndocs[b]; i++)
                ok[docs[b, i]] = 1
        } else if (b in began) {
            if (n != 0 && n != ndocs[b]) {
                printf "batch %s killed during its commit holds %d of its %d documents\n",
                       b, n, ndocs[b]
                bad = 1
            }
            inflight = n ? "present" : "absent"
            if (n)
                for (i = 1; i <= ndocs[b]; i++)
                    ok[docs[b, i]] = 1
        } else if (n != 0) {
            # An uncommitted batch: its documents may only be there from
            # an earlier run.
            for (i = 1; i <= ndocs[b]; i++)
                if ((docs[b, i] in present) && !(docs[b, i] in prior)) {
                    printf "uncommitted batch %s: %s is in the index\n", b, docs[b, i]
                    bad = 1
                }
        }
    }
    for (b in began)
        if (!(b in ended) && !(b in ndocs))
            inflight = inflight == "none" ? "metadata" : inflight
    for (k in present) {
        if (!(k in prior) && !(k in ok)) {
            printf "unexpected document %s\n", k
            bad = 1
        }
        if (!(k in ref)) {
            printf "document %s is not in the clean build\n", k
            bad = 1
        } else if (present[k] != ref[k]) {
            printf "document %s differs from the clean build (half written?)\n", k
            bad = 1
        }
        print k > out
    }
    for (k in prior)
        if (!(k in present)) {
            printf "document %s committed by an earlier run is gone\n", k
            bad = 1
        }
    close(out)
    printf "inflight %s\n", inflight
    exit bad
}
