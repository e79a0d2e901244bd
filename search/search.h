/*
 * search.h - running a query: from the string a user typed to hits with
 * their best passages.
 *
 * How a query is run:
 *
 *   1. parse it (search/parse.c), repairing what cannot be read;
 *   2. build the Xapian query (search/build.c) and rank with BM25;
 *   3. a query of plain words is AND-ed; when no document has them all
 *      (decided on the matches, never on the page asked for, so that
 *      every view of a query, -c and --facet included, falls back alike),
 *      or the query is natural language (five plain words or more), the
 *      words are OR-ed instead and documents ranked by BM25, with a note
 *      saying so; a natural-language query is then expanded with the best
 *      words of its best documents (pseudo-relevance feedback), which
 *      reorders the documents it matches (when it matches more than the
 *      documents feedback reads);
 *   4. fetch each hit's record and choose its best passages
 *      (search/passrank.c).
 */
#ifndef DOSSIER_SEARCH_SEARCH_H
#define DOSSIER_SEARCH_SEARCH_H

#include <stddef.h>
#include <stdint.h>

#include "lib/index.h"
#include "lib/record.h"
#include "lib/stems.h"
#include "search/passrank.h"
#include "search/query.h"

typedef enum search_sort {
    SEARCH_SORT_RELEVANCE,
    SEARCH_SORT_DATE,          /* oldest first */
    SEARCH_SORT_DATE_DESC      /* newest first */
} search_sort_t;

typedef enum search_facet {
    SEARCH_FACET_NONE,
    SEARCH_FACET_YEAR,
    SEARCH_FACET_MONTH
} search_facet_t;

typedef struct search_opts {
    unsigned limit;            /* hits (or passages) to return */
    unsigned offset;
    search_sort_t sort;
    double k1, b;              /* BM25; negative = Dossier's defaults */
    unsigned per_doc;          /* passages per hit; 0 = none fetched */
    int passages_mode;         /* rank passages across the corpus ... */
    unsigned passages_per_doc; /* ... at most this many from one document
                                * (0: any number) */
    search_facet_t facet;
    int exact_count;           /* count every match (for -c) */
    unsigned count_at_least;   /* count exactly up to this many matches
                                * (--batch's "estimated"); 0: none */
    int32_t today;             /* anchor of relative dates */
    int no_fallback;           /* never switch AND to OR */
    /* Ranking (search_opts_init() sets Dossier's defaults, below): */
    double title_weight;       /* extra weight of a word found in the title */
    double prox_weight;        /* OR mode: bonus for consecutive query words */
    unsigned prox_window;      /* ... found within this many words */
    double adj_weight;         /* AND mode: bonus for a short query's words
                                * in order, side by side (see build.h) */
    unsigned adj_window;
    int phrase_words;          /* OR mode: a hyphenated word's parts count alone */
    unsigned fb_docs;          /* pseudo-relevance feedback: expand the query
                                * with the best words of the first fb_docs
                                * hits (0 = off) ... */
    unsigned fb_terms;         /* ... at most fb_terms of them ... */
    double fb_weight;          /* ... weighted at most this (the best one) */
    int fb_all;                /* feedback for every query, not only OR mode */
} search_opts_t;

void search_opts_init(search_opts_t *o);

/* Dossier's ranking defaults, chosen by cross-validation on judged
 * collections (bench/eval/README.md). */
#define SEARCH_DEFAULT_K1 2.0
#define SEARCH_DEFAULT_B 0.75
#define SEARCH_DEFAULT_TITLE_WEIGHT 0.0
#define SEARCH_DEFAULT_PROX_WEIGHT 0.0
#define SEARCH_DEFAULT_PROX_WINDOW 5
#define SEARCH_DEFAULT_ADJ_WEIGHT 1.0
#define SEARCH_DEFAULT_ADJ_WINDOW 3
#define SEARCH_DEFAULT_PHRASE_WORDS 0
#define SEARCH_DEFAULT_FB_DOCS 10
#define SEARCH_DEFAULT_FB_TERMS 10
#define SEARCH_DEFAULT_FB_WEIGHT 0.6

typedef struct search_hit {
    unsigned rank;             /* 1-based, after offset */
    double score;
    dx_docid_t docid;          /* which shard (index_display_doc_path()) */
    record_t rec;              /* metadata; text too when passages wanted */
    pr_passage_t *passages;    /* best first */
    size_t npassages;
} search_hit_t;

/* One passage in --passages mode. */
typedef struct search_passage {
    size_t hit;                /* index into hits[] (its document) */
    unsigned rank;             /* 1-based, after offset */
    pr_passage_t p;
} search_passage_t;

typedef struct search_facet_count {
    char *value;               /* "2017" or "2017-03" */
    unsigned count;
} search_facet_count_t;

typedef struct search_result {
    query_t *query;
    char *described;           /* the parsed query, for --explain */
    char *xapian;              /* Xapian's description of the query */
    int or_mode;               /* the words were OR-ed (see above) */
    char *note;                /* why, when or_mode; NULL otherwise */
    unsigned feedback_words;   /* words added by feedback (0: none) ... */
    unsigned feedback_docs;    /* ... from this many top hits */
    search_hit_t *hits;
    size_t nhits;
    search_passage_t *passages;  /* --passages mode */
    size_t npassages;
    unsigned estimated, lower, upper;
    int matched;               /* some document matches the query (the one
                                * run, after any fallback), whether or not
                                * the page asked for shows it (-n 0, -c,
                                * --facet, an offset past the matches) */
    search_facet_count_t *facets;
    size_t nfacets;
    char **suggestions;        /* "did you mean" words: pairs (typed, suggested) */
    size_t nsuggestions;
} search_result_t;

/*
 * Run a query.  Returns 0, or -1 with a malloc'd message in *err when the
 * index could not be read (a bad query is never an error: see warnings in
 * result->query).
 */
int search_run(dindex_t *ix, stems_t *stems, const char *text,
               const search_opts_t *opts, search_result_t *result, char **err);
void search_result_free(search_result_t *r);

/* A query with warnings reported, for the CLI. */

#endif
