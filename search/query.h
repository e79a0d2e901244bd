/*
 * query.h - a parsed query: the tree between the query string and Xapian.
 *
 * search/parse.c builds it from what the user typed (repairing what it
 * cannot read and saying so); search/build.c turns it into a Xapian query;
 * search/passrank.c uses its positive leaves to find and highlight the
 * passages that satisfy it.
 */
#ifndef DOSSIER_SEARCH_QUERY_H
#define DOSSIER_SEARCH_QUERY_H

#include <stddef.h>
#include <stdint.h>

#include "lib/date.h"
#include "util/buf.h"

typedef enum qkind {
    Q_TERM,        /* one word; stemmed unless exact */
    Q_PHRASE,      /* words in order, adjacent */
    Q_NEAR,        /* children within `window` words, any order */
    Q_ADJ,         /* children within `window` words, in order */
    Q_WILDCARD,    /* words starting with a prefix */
    Q_AND,
    Q_OR,
    Q_XOR,
    Q_NOT,         /* kids[0] AND NOT kids[1..]; kids[0] may be Q_ALL */
    Q_DATE,        /* the document's date in span (a filter) */
    Q_MENTIONS,    /* a date mentioned in span (a filter) */
    Q_BOOLEAN,     /* a boolean term: type:, path:, dir:, ext: (a filter) */
    Q_ALL          /* every document (weight 0) */
} qkind_t;

/* One word of a query, normalised as the indexer normalises text. */
typedef struct qword {
    char *term;            /* normalised (lib/token.h) */
    char *exact;           /* accented form, or NULL */
} qword_t;

#define QUERY_GLOB_NAME 2

typedef struct qnode {
    qkind_t kind;
    const char *prefix;    /* field prefix of words: "" body, "S" title,
                            * "A" author (static storage) */
    int exact;             /* Q_TERM: quoted, do not stem */
    int glob;              /* Q_WILDCARD of path:: words[0] is a pattern
                            * ('*' and '?' anywhere), not a prefix;
                            * QUERY_GLOB_NAME: of the file's name alone */
    qword_t *words;        /* Q_TERM (1), Q_PHRASE (n), Q_WILDCARD (1) */
    size_t nwords;
    unsigned window;       /* Q_NEAR, Q_ADJ: max distance in positions */
    double boost;          /* word^N, "a b"^N: its weight times N (0: 1) */
    date_span_t span;      /* Q_DATE, Q_MENTIONS */
    char *term;            /* Q_BOOLEAN: the full term */
    char *label;           /* Q_BOOLEAN/Q_DATE/Q_MENTIONS: as typed, for
                            * --explain */
    struct qnode **kids;
    size_t nkids, capkids;
} qnode_t;

/* Default NEAR distance when none is given, and the largest (a larger one
 * is lowered to it, with a warning; lib/schema.h's passage gap is wider,
 * so proximity never reaches across passages). */
#define QUERY_NEAR_DEFAULT 10
#define QUERY_NEAR_MAX 200

typedef struct query_opts {
    int32_t today;         /* yyyymmdd: anchor of relative dates */
    date_order_t order;    /* how to read numeric dates */
} query_opts_t;

typedef struct query {
    qnode_t *root;         /* NULL if nothing searchable was left */
    char **warnings;       /* what was repaired or ignored, one line each */
    size_t nwarnings;
    int natural;           /* a long plain-words query (see parse.c) */
    int all_asked;         /* an explicit AND or quoted words: every
                            * word is wanted, no fallback to any of them */
    size_t nplain;         /* plain words in a natural query */
} query_t;

/* Parse a query string (never fails: what cannot be read is dropped or
 * repaired, with a warning).  Free with query_free(). */
query_t *query_parse(const char *text, const query_opts_t *opts);
void query_free(query_t *q);

/* Add a warning to q (one line; the same one twice is kept once). */
void query_warn(query_t *q, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A readable description of the tree, for --explain. */
void query_describe(const qnode_t *n, buf_t *out);

/* Tree helpers (also used by tests). */
qnode_t *qnode_new(qkind_t kind);
void qnode_add(qnode_t *parent, qnode_t *kid);
void qnode_free(qnode_t *n);

/* 1 if the node only filters (dates, booleans): it never adds weight. */
int qnode_is_filter(const qnode_t *n);

/* Is word a stop word (English function word)? */
int query_is_stopword(const char *term, size_t len);

#endif
