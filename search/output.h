/*
 * output.h - showing search results: text for people, JSON Lines for
 * programs.
 *
 * Text (one block per hit, ripgrep-like):
 *
 *   1. 2017-03-03  Senators Weigh in on the North Korea Policy Review  [8.41]
 *   corpus/news/senate-letters-north-korea.txt:5: ...the North Korean
 *   Sanctions and Policy Enhancement Act...
 *
 * JSON Lines: one object per hit (or per passage with --passages); with
 * -l one {"path":...} per hit, with -c one {"count":N}; the schema is in
 * the README ("Output for programs").
 */
#ifndef DOSSIER_SEARCH_OUTPUT_H
#define DOSSIER_SEARCH_OUTPUT_H

#include <stdio.h>

#include "lib/index.h"
#include "search/search.h"
#include "util/buf.h"

typedef struct output_opts {
    int color;            /* ANSI highlights */
    int json;
    int paths_only;       /* -l */
    int null;             /* -l --null: paths end with NUL */
    int escape_paths;     /* -l to a terminal: control characters as '?' */
    int count_only;       /* -c */
    int passages_mode;    /* --passages */
    unsigned width;       /* longest passage text shown (text view) */
} output_opts_t;

/* Print a whole result to f.  dindex_t gives display paths. */
void output_result(FILE *f, const dindex_t *ix, const search_result_t *r,
                   const output_opts_t *o);

/* The facet histogram (text bars, or one JSON object). */
void output_facets(FILE *f, const search_result_t *r, const output_opts_t *o,
                   const char *facet_name);

/* One hit as a JSON object (no newline): exposed for tests and batch mode. */
void output_hit_json(buf_t *b, const dindex_t *ix, const search_hit_t *h);

/* One hit's two header lines in the text view ("1. date  title  [score]",
 * then its path), control characters escaped: also used by `similar`. */
void output_hit_header(buf_t *b, const dindex_t *ix, const search_hit_t *h, int color);

/* s with its control characters shown as '?', for a terminal (malloc'd). */
char *output_printable(const char *s);

/* "YYYY-MM-DD" or "" */
void output_date(int32_t d, char out[11]);

#endif
