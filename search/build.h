/*
 * build.h - from a parsed query to a Xapian query.
 *
 *   word           OR-as-one-term (OP_SYNONYM) of every indexed word with
 *                  the same English stem (lib/stems.h), so that BM25 sees
 *                  "sanction, sanctions, sanctioned" as one term
 *   =word          (quoted single word) the word itself
 *   phrase         OP_PHRASE of the words as written (not stemmed)
 *   NEAR/ADJ       OP_NEAR / OP_PHRASE with a window, over stemmed words
 *   prefix*        OP_WILDCARD
 *   date:          a value range on SLOT_DATE (weight 0)
 *   mentions:      OR of the XM terms in the span (weight 0)
 *   type: path:... boolean terms (weight 0)
 *   AND            the scored parts AND-ed, filtered (OP_FILTER) by the
 *                  filters and minus (OP_AND_NOT) the negated parts, so
 *                  filters and NOT never change a score
 */
#ifndef DOSSIER_SEARCH_BUILD_H
#define DOSSIER_SEARCH_BUILD_H

#include "binding/dx.h"
#include "lib/stems.h"
#include "search/query.h"

typedef struct build_opts {
    int or_mode;        /* combine the top-level words with OR, not AND */
    double title_weight;/* extra weight of title matches (0 = none): a
                         * body word becomes word OR title:word, the
                         * latter's weight scaled by this */
    /* OR mode only: */
    double prox_weight; /* each two consecutive words of the query, found
                         * within prox_window words of each other, add
                         * their weight again scaled by this (0 = none) */
    unsigned prox_window;
    /* AND mode: a short query of plain words ("Marshall Plan", "secretary
     * of state") ranks first the documents where each two consecutive
     * words stand in that order within adj_window words (stop words
     * between them count): their weight again, scaled by adj_weight (0 =
     * none). */
    double adj_weight;
    unsigned adj_window;
    int phrase_words;   /* a phrase (a hyphenated word) also matches its
                         * words on their own, stemmed */
    const char *base;   /* the index's folder: path: patterns that start
                         * with '/' are matched against stored paths made
                         * absolute against it (NULL: as stored) */
} build_opts_t;

/*
 * Build the Xapian query for a tree (NULL tree: matches nothing).
 * Returns a query owned by the caller, or NULL if the binding failed
 * (dx_error_last() says why).
 */
dx_query_t *build_query(const qnode_t *root, dx_db_t *db, stems_t *stems,
                        const build_opts_t *opts);

/*
 * Words with weights, for query expansion: the OR of each word widened to
 * its inflections (as a query word is), its weight scaled by weights[i].
 * NULL if n is 0 or the binding failed.
 */
dx_query_t *build_weighted_words(dx_db_t *db, stems_t *stems, const char *const *words,
                                 const double *weights, size_t n);

/* The date span as value-slot bounds: "yyyymmdd" strings (NULL = open). */
/* Does some document's path (its name, with name_only) match a path:
 * pattern (as resolved by search.c; base: the index's folder, for local
 * shards, else NULL)? */
int build_path_glob_any(dx_db_t *db, const char *pattern, int name_only, const char *base);

void build_span_bounds(date_span_t span, char lo[9], char hi[9], const char **plo,
                       const char **phi);

#endif
