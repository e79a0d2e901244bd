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
    double title_weight;/* extra weight of title matches (0 = none) */
} build_opts_t;

/*
 * Build the Xapian query for a tree (NULL tree: matches nothing).
 * Returns a query owned by the caller, or NULL if the binding failed
 * (dx_error_last() says why).
 */
dx_query_t *build_query(const qnode_t *root, dx_db_t *db, stems_t *stems,
                        const build_opts_t *opts);

/* The date span as value-slot bounds: "yyyymmdd" strings (NULL = open). */
void build_span_bounds(date_span_t span, char lo[9], char hi[9], const char **plo,
                       const char **phi);

#endif
