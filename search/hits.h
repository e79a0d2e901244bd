/*
 * hits.h - reading a page of hits: their records and best passages.
 *
 * The records are read from the index one after the other (a Xapian
 * database handle is not shared between threads); decoding them and,
 * when passages are wanted, inflating their text and ranking its
 * passages, which is most of what a search with passages costs, runs on
 * every CPU the process may use, one hit at a time each.
 */
#ifndef DOSSIER_SEARCH_HITS_H
#define DOSSIER_SEARCH_HITS_H

#include "lib/index.h"
#include "search/passrank.h"
#include "search/search.h"

typedef struct hits_want {
    const pr_query_t *pq;      /* the query's parts; NULL: metadata only */
    size_t per_doc;            /* best passages of each hit (with pq) */
    int all;                   /* instead, every matching passage of each
                                * hit (search --passages) */
} hits_want_t;

/*
 * Fill hits[0..n) from the first n documents of m: each hit's record
 * (its text too when w->pq is set), docid and score, and in
 * hits[i].passages its best w->per_doc passages, or with w->all every
 * one that matches.  A record that cannot be decoded shows as
 * "(document N)".  Returns 0, or -1 with *err set when a document cannot
 * be read (the hits before it are filled; *nfilled says how many).
 */
int hits_fetch(const dindex_t *ix, dx_mset_t *m, unsigned n, const hits_want_t *w,
               search_hit_t *hits, unsigned *nfilled, char **err);

#endif
