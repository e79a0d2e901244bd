/*
 * passrank.h - ranking and highlighting the passages of a hit.
 *
 * The stored text of a document is split into passages at index time
 * (indexer/passage.h).  For a hit, every passage is re-tokenised with the
 * indexer's tokenizer and scored with BM25 against the query's positive
 * parts, each counted only where it is satisfied inside the passage:
 *
 *   word          any inflection of it (the same expansion as the search)
 *   phrase        the words adjacent and in order
 *   NEAR/ADJ      the parts within the distance (in order for ADJ)
 *   prefix*       any word with the prefix
 *   mentions:     a date written in the span (lib/date.h's mentions)
 *
 * Only tokens that take part in a satisfied part are highlighted, so a
 * phrase query never lights up its words where they stand apart, and
 * words under NOT are never highlighted.  Highlights are byte ranges of
 * the original text (original quotes, case and accents).
 */
#ifndef DOSSIER_SEARCH_PASSRANK_H
#define DOSSIER_SEARCH_PASSRANK_H

#include <stddef.h>
#include <stdint.h>

#include "binding/dx.h"
#include "lib/record.h"
#include "lib/stems.h"
#include "search/query.h"

typedef struct pr_query pr_query_t;

typedef struct pr_highlight {
    uint32_t start, end;       /* bytes, relative to the passage start */
} pr_highlight_t;

typedef struct pr_passage {
    uint32_t start, end;       /* bytes of the record's text */
    uint32_t line;             /* line of the source file */
    double score;              /* BM25 of the passage (0: no match) */
    pr_highlight_t *hl;
    size_t nhl;
    int title;                 /* the document's title line: shown only
                                * when no other passage matches */
} pr_passage_t;

/* Prepare the query's positive parts (term statistics are read from db
 * once).  Free with pr_query_free(). */
pr_query_t *pr_query_new(const qnode_t *root, dx_db_t *db, stems_t *stems,
                         date_order_t order);
void pr_query_free(pr_query_t *q);

/* 1 if the query has parts that passages can match (not only filters). */
int pr_query_has_parts(const pr_query_t *q);

/*
 * The best k passages of a record decoded with its text, best first;
 * neighbouring windows of one paragraph that are both chosen are merged.
 * With no matching passage, the first passage is returned with score 0.
 * Returns a malloc'd array (free with pr_passages_free), *n entries.
 */
pr_passage_t *pr_best(const pr_query_t *q, const record_t *rec, size_t k, size_t *n);

/* Every passage of the record with a score above 0, in text order. */
pr_passage_t *pr_all(const pr_query_t *q, const record_t *rec, size_t *n);

void pr_passages_free(pr_passage_t *v, size_t n);

#endif
