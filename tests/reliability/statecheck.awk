# statecheck.awk - does every search result match a state the index was in?
#
#   awk -v nstates=N -f statecheck.awk DIR/state.0 ... DIR/state.N RESULTS...
#
# state.I    "K V SHARD" lines: document K at version V, in shard SHARD, as
#            the index held it after writer step I.  (The file name gives I.)
# RESULTS    blocks of "result ID FRESH", "K V" lines (the documents a
#            search returned), "end".  FRESH is the last step completed
#            before the search started.
#
# A writer step commits each shard separately (and a run that prunes
# commits twice), so between two recorded states a shard may hold any
# mixture of them.  A result is accepted when, shard by shard, some step
# I >= FRESH has every document of the shard at its version in state I-1
# or in state I (absent counts as a version), or the shard is exactly as
# in state FRESH.  Prints one line per rejected result and shard, then
# "results N bad M".
FILENAME ~ /state\./ {
    split(FILENAME, fn, "state."); i = fn[2] + 0
    st[i, $1] = $2; shard[$1] = $3; keys[$1] = 1; next
}
/^result/ { id = $2; fresh = $3 + 0; delete R; next }
/^TORN/ { next }
/^end/ {
    nres++
    # Shard by shard: is there a step i >= fresh with every document
    # at its version of state i-1 or state i (or exactly state fresh)?
    for (k in R) if (!(k in shard)) { print "result " id ": unknown document " k; bad++; next }
        for (k in keys) sh[shard[k]] = 1
    for (s in sh) {
        found = 0
        for (i = fresh; i <= nstates && !found; i++) {
            good = 1
            for (k in keys) {
                if (shard[k] != s) continue
                v = (k in R) ? R[k] : "-"
                cur = ((i, k) in st) ? st[i, k] : "-"
                prev = (i > fresh && ((i - 1, k) in st)) ? st[i - 1, k] : (i > fresh ? "-" : cur)
                if (v != cur && v != prev) { good = 0; break }
            }
            if (good) found = 1
        }
        if (!found) { print "result " id ": shard " s " matches no committed state at or after state " fresh; bad++ }
    }
    next
}
{ R[$1] = $2 }
END { print "results " nres " bad " bad + 0 }