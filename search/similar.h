/*
 * similar.h - the documents most like a given one (`dossier similar`).
 *
 * More-like-this: the words that best characterise the document, by
 * tf-idf (their count in it times log(N / documents that have them)), are
 * OR-ed into a query ranked by BM25, and the document itself is left out.
 * Words that cannot find another document (in no other), words in every
 * document, stop words and numbers are passed over.
 */
#ifndef DOSSIER_SEARCH_SIMILAR_H
#define DOSSIER_SEARCH_SIMILAR_H

#include <stddef.h>

#include "lib/index.h"
#include "search/search.h"

typedef struct similar_result {
    search_hit_t *hits;        /* best first; records hold metadata only */
    size_t nhits;
    int matched;               /* some document is like it (even with a
                                * limit of 0) */
    char **terms;              /* the words used, best first */
    size_t nterms;
} similar_result_t;

typedef enum similar_status {
    SIMILAR_OK,
    SIMILAR_NOT_FOUND,         /* no such document in the index */
    SIMILAR_ERROR              /* the index could not be read (*err) */
} similar_status_t;

/*
 * The at most `limit` documents most like the one at `path` (a stored
 * path, or a path on disk that index_store_path() turns into one), using
 * at most `nterms` words.  On SIMILAR_ERROR *err is a malloc'd message.
 * Free the result with similar_result_free() whatever the status.
 */
similar_status_t similar_run(dindex_t *ix, const char *path, unsigned nterms,
                             unsigned limit, similar_result_t *r, char **err);
void similar_result_free(similar_result_t *r);

#endif
