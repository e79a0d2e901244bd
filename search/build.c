/*
 * build.c - from a parsed query to a Xapian query (see build.h).
 */
#include "search/build.h"

#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/date.h"
#include "lib/schema.h"
#include "util/buf.h"
#include "util/xalloc.h"

typedef struct qlist {
    dx_query_t **v;
    size_t n, cap;
} qlist_t;

static void
ql_push(qlist_t *l, dx_query_t *q)
{
    if (!q)
        return;
    l->v = xgrow(l->v, &l->cap, l->n + 1, sizeof *l->v);
    l->v[l->n++] = q;
}

static void
ql_free(qlist_t *l)
{
    for (size_t i = 0; i < l->n; i++)
        dx_query_free(l->v[i]);
    free(l->v);
    l->v = NULL;
    l->n = l->cap = 0;
}

/* Combine and free the parts; a single part is returned as it is. */
static dx_query_t *
ql_combine(qlist_t *l, dx_op_t op, unsigned window)
{
    dx_query_t *q;
    if (l->n == 0)
        q = dx_query_match_nothing();
    else if (l->n == 1) {
        q = l->v[0];
        l->n = 0;
    } else
        q = dx_query_combine(op, l->v, l->n, window);
    ql_free(l);
    return q;
}

/* q as a filter: it matches the same documents and adds nothing to
 * their scores.  Takes q (NULL stays NULL). */
static dx_query_t *
unscored(dx_query_t *q)
{
    dx_query_t *s = q ? dx_query_scale(q, 0.0) : NULL;
    dx_query_free(q);
    return s;
}

typedef struct ctx {
    dx_db_t *db;
    stems_t *stems;
    const build_opts_t *opts;
    unsigned qpos;      /* query position, for Xapian's query term order */
    int date_terms;     /* every shard has PREFIX_DATE terms: 1 yes, 0 no,
                         * -1 not asked yet */
} ctx_t;

static dx_query_t *
prefixed_term(const char *prefix, const char *word, unsigned pos)
{
    buf_t b = BUF_INIT;
    buf_puts(&b, prefix);
    buf_puts(&b, word);
    dx_query_t *q = dx_query_term(b.data, b.len, 1, pos);
    buf_free(&b);
    return q;
}

/* A word widened to its inflections, as one synonym term. */
static dx_query_t *
stemmed_word(ctx_t *c, const char *prefix, const char *word)
{
    size_t n = 0;
    char **vars = stems_variants(c->stems, c->db, word, strlen(word), &n);
    unsigned pos = ++c->qpos;
    qlist_t l = { NULL, 0, 0 };
    for (size_t i = 0; i < n; i++) {
        ql_push(&l, prefixed_term(prefix, vars[i], pos));
        free(vars[i]);
    }
    free(vars);
    return ql_combine(&l, DX_OP_SYNONYM, 0);
}

static dx_query_t *
exact_word(ctx_t *c, const char *prefix, const qword_t *w)
{
    return prefixed_term(prefix, w->exact ? w->exact : w->term, ++c->qpos);
}

static dx_query_t *build_node(ctx_t *c, const qnode_t *n);

/* Wildcards are expanded here, over the whole group of shards, rather than
 * by Xapian's OP_WILDCARD, which expands per shard and so weighs the same
 * query differently on a sharded index.  The most frequent
 * WILDCARD_MAX_TERMS words are kept, as one synonym term. */
#define WILDCARD_MAX_TERMS 1000

typedef struct wild {
    char **terms;
    unsigned *tf;
    size_t n, cap, captf;
} wild_t;

static int
take_wild(const char *term, size_t len, unsigned tf, void *ctx)
{
    wild_t *w = ctx;
    w->terms = xgrow(w->terms, &w->cap, w->n + 1, sizeof *w->terms);
    w->tf = xgrow(w->tf, &w->captf, w->n + 1, sizeof *w->tf);
    w->terms[w->n] = xstrndup(term, len);
    w->tf[w->n] = tf;
    w->n++;
    return 0;
}

static int
cmp_uint_desc(const void *x, const void *y)
{
    unsigned a = *(const unsigned *)x, b = *(const unsigned *)y;
    return (a < b) - (a > b);
}

static dx_query_t *
wildcard(ctx_t *c, const char *prefix)
{
    wild_t w = { NULL, NULL, 0, 0, 0 };
    dx_db_allterms(c->db, prefix, take_wild, &w);
    /* Keep the most frequent: find the frequency of the last one kept. */
    unsigned floor = 0;
    if (w.n > WILDCARD_MAX_TERMS) {
        unsigned *sorted = xmalloc(w.n * sizeof *sorted);
        memcpy(sorted, w.tf, w.n * sizeof *sorted);
        qsort(sorted, w.n, sizeof *sorted, cmp_uint_desc);
        floor = sorted[WILDCARD_MAX_TERMS - 1];
        free(sorted);
    }
    qlist_t l = { NULL, 0, 0 };
    unsigned pos = ++c->qpos;
    for (size_t i = 0; i < w.n; i++) {
        if (w.tf[i] >= floor && l.n < WILDCARD_MAX_TERMS)
            ql_push(&l, dx_query_term(w.terms[i], strlen(w.terms[i]), 1, pos));
        free(w.terms[i]);
    }
    free(w.terms);
    free(w.tf);
    return ql_combine(&l, DX_OP_SYNONYM, 0);
}

/* The alternatives of one NEAR/ADJ part: leaf terms only, since Xapian's
 * positional operators take nothing else.  A stemmed word gives its most
 * common inflections (at most max of them). */
typedef struct alts {
    char **terms;      /* a word's inflections; a phrase part's words */
    size_t n;
    int phrase;
    char **last;       /* a phrase part: its last word's inflections */
    size_t nlast;
} alts_t;

#define NEAR_MAX_VARIANTS 6
#define NEAR_MAX_COMBINATIONS 64

typedef struct near_build {
    ctx_t *c;
    const qnode_t *n;
    alts_t *a;
    size_t *pick;
    qlist_t out;
    unsigned window;
} near_build_t;

static void
near_combine(near_build_t *nb, size_t part)
{
    if (part < nb->n->nkids) {
        const alts_t *a = &nb->a[part];
        for (size_t i = 0; i < (a->phrase ? a->nlast : a->n); i++) {
            nb->pick[part] = i;
            near_combine(nb, part + 1);
        }
        return;
    }
    qlist_t l = { NULL, 0, 0 };
    for (size_t k = 0; k < nb->n->nkids; k++) {
        const alts_t *a = &nb->a[k];
        const char *prefix = nb->n->kids[k]->prefix;
        if (a->phrase) {
            for (size_t w = 0; w + 1 < a->n; w++)
                ql_push(&l, prefixed_term(prefix, a->terms[w], k + 1));
            ql_push(&l, prefixed_term(prefix, a->last[nb->pick[k]], k + 1));
        } else {
            ql_push(&l, prefixed_term(prefix, a->terms[nb->pick[k]], k + 1));
        }
    }
    ql_push(&nb->out, ql_combine(&l, nb->n->kind == Q_NEAR ? DX_OP_NEAR : DX_OP_PHRASE,
                                 nb->window));
}

static int
cmp_df_desc(const void *x, const void *y)
{
    const uint64_t *a = x, *b = y;
    return (a[0] < b[0]) - (a[0] > b[0]);
}

/* A word's inflections for a positional query, which takes terms only:
 * the word as typed first, then the most frequent, at most max. */
static char **
inflections(ctx_t *c, const char *word, size_t max, size_t *count)
{
    size_t nv = 0;
    char **vars = stems_variants(c->stems, c->db, word, strlen(word), &nv);
    uint64_t (*order)[2] = xcalloc(nv ? nv : 1, sizeof *order);
    for (size_t i = 0; i < nv; i++) {
        unsigned tf = 0;
        dx_db_termfreq(c->db, vars[i], strlen(vars[i]), &tf);
        order[i][0] = strcmp(vars[i], word) == 0 ? UINT64_MAX : tf;
        order[i][1] = i;
    }
    qsort(order, nv, sizeof *order, cmp_df_desc);
    char **out = xcalloc(nv + 1, sizeof *out);
    size_t n = 0;
    for (size_t i = 0; i < nv; i++) {
        size_t idx = (size_t)order[i][1];
        if (n < max && (order[i][0] > 0 || i == 0))
            out[n++] = vars[idx];
        else
            free(vars[idx]);
    }
    if (n == 0)
        out[n++] = xstrdup(word);
    free(order);
    free(vars);
    *count = n;
    return out;
}

static dx_query_t *
near_node(ctx_t *c, const qnode_t *n)
{
    near_build_t nb = { c, n, xcalloc(n->nkids ? n->nkids : 1, sizeof(alts_t)),
                        xcalloc(n->nkids ? n->nkids : 1, sizeof(size_t)),
                        { NULL, 0, 0 }, 0 };
    size_t nterms = 0, combos = 1;
    for (size_t k = 0; k < n->nkids; k++) {
        const qnode_t *kid = n->kids[k];
        alts_t *a = &nb.a[k];
        if (kid->kind == Q_PHRASE) {
            a->phrase = 1;
            a->n = kid->nwords;
            a->terms = xcalloc(a->n, sizeof *a->terms);
            for (size_t w = 0; w < a->n; w++)
                a->terms[w] = xstrdup(kid->words[w].term);
            nterms += a->n;
            /* A hyphenated word: its last word's inflections, as outside
             * NEAR; a quoted phrase is exact. */
            const char *last = kid->words[kid->nwords - 1].term;
            size_t room = NEAR_MAX_COMBINATIONS / combos;
            if (kid->exact || room < 2) {
                a->last = xcalloc(1, sizeof *a->last);
                a->last[0] = xstrdup(last);
                a->nlast = 1;
            } else {
                a->last = inflections(c, last, room < NEAR_MAX_VARIANTS ? room : NEAR_MAX_VARIANTS,
                                      &a->nlast);
            }
            combos *= a->nlast;
            continue;
        }
        nterms++;
        const qword_t *w = &kid->words[0];
        if (kid->kind == Q_WILDCARD) {
            /* Xapian's NEAR takes terms only: the prefix's most frequent
             * words, as many as the combinations allow. */
            buf_t pb = BUF_INIT;
            buf_puts(&pb, kid->prefix);
            buf_puts(&pb, w->term);
            wild_t wl = { NULL, NULL, 0, 0, 0 };
            dx_db_allterms(c->db, buf_cstr(&pb), take_wild, &wl);
            buf_free(&pb);
            size_t room = NEAR_MAX_COMBINATIONS / combos;
            size_t keep = wl.n < NEAR_MAX_VARIANTS ? wl.n : NEAR_MAX_VARIANTS;
            if (keep > room)
                keep = room ? room : 1;
            a->terms = xcalloc(keep ? keep : 1, sizeof *a->terms);
            a->n = 0;
            size_t plen = strlen(kid->prefix);
            while (a->n < keep) {
                size_t best = 0;
                for (size_t j = 1; j < wl.n; j++)
                    if (wl.tf[j] > wl.tf[best])
                        best = j;
                a->terms[a->n++] = xstrdup(wl.terms[best] + plen);
                wl.tf[best] = 0;
            }
            if (a->n == 0)  /* no word has the prefix: matches nothing */
                a->terms[a->n++] = xstrdup(w->term);
            for (size_t j = 0; j < wl.n; j++)
                free(wl.terms[j]);
            free(wl.terms);
            free(wl.tf);
            combos *= a->n;
            continue;
        }
        if (kid->kind != Q_TERM || kid->exact) {
            a->n = 1;
            a->terms = xcalloc(1, sizeof *a->terms);
            a->terms[0] = xstrdup(w->exact && kid->exact ? w->exact : w->term);
            continue;
        }
        a->terms = inflections(c, w->term, NEAR_MAX_VARIANTS, &a->n);
        if (combos * a->n > NEAR_MAX_COMBINATIONS) {
            /* Too many combinations: the word as typed. */
            for (size_t i = 1; i < a->n; i++)
                free(a->terms[i]);
            a->n = 1;
        }
        combos *= a->n;
    }
    /* Xapian's window spans all the terms: distance + count - 1, kept
     * inside the gap between passages (a NEAR of dozens of words). */
    nb.window = n->window + (unsigned)nterms - 1;
    if (nb.window >= SCHEMA_PASSAGE_GAP)
        nb.window = SCHEMA_PASSAGE_GAP - 1;
    near_combine(&nb, 0);
    for (size_t k = 0; k < n->nkids; k++) {
        for (size_t i = 0; i < nb.a[k].n; i++)
            free(nb.a[k].terms[i]);
        free(nb.a[k].terms);
        for (size_t i = 0; i < nb.a[k].nlast; i++)
            free(nb.a[k].last[i]);
        free(nb.a[k].last);
    }
    free(nb.a);
    free(nb.pick);
    return ql_combine(&nb.out, DX_OP_OR, 0);
}

static dx_query_t *
phrase(ctx_t *c, const qnode_t *n)
{
    qlist_t l = { NULL, 0, 0 };
    unsigned base = c->qpos;
    c->qpos += (unsigned)n->nwords;
    /* A quoted phrase is exact.  A hyphenated word (e-mail, US-ROK) takes
     * the inflections of its last word, as a word does: Xapian's phrases
     * take terms only, so an OR of phrases, the typed form first. */
    size_t nv = 0;
    char **vars = NULL;
    const char *last = n->words[n->nwords - 1].term;
    if (!n->exact)
        vars = inflections(c, last, NEAR_MAX_VARIANTS, &nv);
    if (nv < 2) {
        for (size_t i = 0; i < nv; i++)
            free(vars[i]);
        free(vars);
        for (size_t i = 0; i < n->nwords; i++)
            ql_push(&l, prefixed_term(n->prefix, n->words[i].term, base + (unsigned)i + 1));
        return ql_combine(&l, DX_OP_PHRASE, (unsigned)n->nwords);
    }
    qlist_t alts = { NULL, 0, 0 };
    for (size_t v = 0; v < nv; v++) {
        for (size_t i = 0; i + 1 < n->nwords; i++)
            ql_push(&l, prefixed_term(n->prefix, n->words[i].term, base + (unsigned)i + 1));
        ql_push(&l, prefixed_term(n->prefix, vars[v], base + (unsigned)n->nwords));
        ql_push(&alts, ql_combine(&l, DX_OP_PHRASE, (unsigned)n->nwords));
    }
    for (size_t i = 0; i < nv; i++)
        free(vars[i]);
    free(vars);
    return ql_combine(&alts, DX_OP_OR, 0);
}

static dx_query_t *
term_node(ctx_t *c, const qnode_t *n)
{
    dx_query_t *body;
    if (n->exact)
        body = exact_word(c, n->prefix, &n->words[0]);
    else
        body = stemmed_word(c, n->prefix, n->words[0].term);
    if (c->opts && c->opts->title_weight > 0 && n->prefix[0] == '\0' && !n->exact) {
        /* A title match adds weight: word OR title:word (scaled). */
        dx_query_t *t = stemmed_word(c, PREFIX_TITLE, n->words[0].term);
        dx_query_t *ts = dx_query_scale(t, c->opts->title_weight);
        dx_query_free(t);
        dx_query_t *pair[2] = { body, ts };
        dx_query_t *q = dx_query_combine(DX_OP_OR, pair, 2, 0);
        dx_query_free(body);
        dx_query_free(ts);
        return q;
    }
    return body;
}

void
build_span_bounds(date_span_t span, char lo[9], char hi[9], const char **plo,
                  const char **phi)
{
    *plo = *phi = NULL;
    if (span.first) {
        snprintf(lo, 9, "%08d", (int)span.first);
        *plo = lo;
    }
    if (span.last) {
        snprintf(hi, 9, "%08d", (int)span.last);
        *phi = hi;
    }
}

typedef struct mention_scan {
    qlist_t *l;
    date_span_t span;
} mention_scan_t;

static int
take_mention(const char *term, size_t len, unsigned tf, void *ctx)
{
    (void)tf;
    mention_scan_t *m = ctx;
    size_t pl = strlen(PREFIX_MENTION);
    if (len != pl + 8 && len != pl + 6)
        return 0;
    char digits[9] = { 0 };
    memcpy(digits, term + pl, len - pl);
    long v = strtol(digits, NULL, 10);
    int32_t first, last;
    if (len == pl + 8) {
        first = last = (int32_t)v;
    } else {
        /* A month mentioned without a day: inside the span only if the
         * whole month is. */
        first = (int32_t)(v * 100 + 1);
        last = (int32_t)(v * 100 + date_days_in_month((int)(v / 100), (int)(v % 100)));
    }
    if (!date_span_holds(m->span, first, last))
        return 0;
    dx_query_t *q = dx_query_term(term, len, 1, 0);
    ql_push(m->l, q);
    return m->l->n > 100000;
}

typedef struct glob_scan {
    qlist_t *l;            /* the matching terms, or NULL to count them */
    size_t n;
    const char *pattern;
    const char *base;      /* make relative stored paths absolute, or NULL */
    int name_only;         /* match the file's name, not its path */
} glob_scan_t;

static int
take_path(const char *term, size_t len, unsigned tf, void *ctx)
{
    (void)tf;
    glob_scan_t *g = ctx;
    size_t pl = strlen(PREFIX_PATH);
    char *path = len > pl && term[pl] != '/' && g->base
                     ? xasprintf("%s/%.*s", g->base, (int)(len - pl), term + pl)
                     : xstrndup(term + pl, len - pl);
    const char *name = g->name_only && strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    if (fnmatch(g->pattern, name, 0) == 0) {
        g->n++;
        if (g->l)
            ql_push(g->l, dx_query_term(term, len, 1, 0));
    }
    free(path);
    return g->l ? g->l->n > 100000 : g->n > 0;
}

/* Scan the path terms that may match a pattern ('*' and '?' match any
 * characters, '/' too), under its literal start.  An absolute pattern
 * (search.c makes them so for local shards) is matched against absolute
 * paths: base makes the stored relative ones so. */
static void
scan_path_glob(dx_db_t *db, const char *pat, int name_only, const char *base, glob_scan_t *g)
{
    if (pat[0] != '/' || name_only)
        base = NULL;
    size_t lit = strcspn(pat, "*?[\\");
    buf_t prefix = BUF_INIT;
    buf_puts(&prefix, PREFIX_PATH);
    if (name_only) {
        /* every path: the name is at its end */
    } else if (!base) {
        buf_append(&prefix, pat, lit);
    } else {
        /* Stored paths are relative to base when under it, else absolute. */
        size_t bl = strlen(base);
        if (lit > bl && strncmp(pat, base, bl) == 0 && pat[bl] == '/')
            buf_append(&prefix, pat + bl + 1, lit - bl - 1);
        /* else every path: the pattern starts above or beside base */
    }
    g->pattern = pat;
    g->base = base;
    g->name_only = name_only;
    dx_db_allterms(db, buf_cstr(&prefix), take_path, g);
    buf_free(&prefix);
}

static int
take_every(const char *term, size_t len, unsigned tf, void *ctx)
{
    (void)tf;
    qlist_t *l = ctx;
    ql_push(l, dx_query_term(term, len, 1, 0));
    return l->n > 1000000;
}

/* path: with a pattern: the paths that match it.  A filter. */
static dx_query_t *
path_glob_node(ctx_t *c, const qnode_t *n)
{
    qlist_t l = { NULL, 0, 0 };
    glob_scan_t g = { &l, 0, NULL, NULL, 0 };
    scan_path_glob(c->db, n->words[0].term, n->glob == QUERY_GLOB_NAME,
                   c->opts ? c->opts->base : NULL, &g);
    return unscored(ql_combine(&l, DX_OP_OR, 0));
}

int
build_path_glob_any(dx_db_t *db, const char *pattern, int name_only, const char *base)
{
    glob_scan_t g = { NULL, 0, NULL, NULL, 0 };
    scan_path_glob(db, pattern, name_only, base, &g);
    return g.n > 0;
}

static dx_query_t *
mentions_node(ctx_t *c, const qnode_t *n)
{
    qlist_t l = { NULL, 0, 0 };
    /* Scan the mention terms under the longest common prefix. */
    char a[9] = "", b[9] = "";
    if (n->span.first)
        snprintf(a, sizeof a, "%08d", (int)n->span.first);
    if (n->span.last)
        snprintf(b, sizeof b, "%08d", (int)n->span.last);
    size_t common = 0;
    if (a[0] && b[0])
        while (common < 8 && a[common] == b[common])
            common++;
    char prefix[16];
    snprintf(prefix, sizeof prefix, "%s%.*s", PREFIX_MENTION, (int)(common > 6 ? 6 : common), a);
    mention_scan_t m = { &l, n->span };
    dx_db_allterms(c->db, prefix, take_mention, &m);
    return unscored(ql_combine(&l, DX_OP_OR, 0));
}

/* Whether every shard's documents carry the PREFIX_DATE terms. */
static int
has_date_terms(ctx_t *c)
{
    if (c->date_terms < 0) {
        size_t n = dx_db_shard_count(c->db);
        c->date_terms = n > 0;
        for (size_t i = 0; i < n && c->date_terms; i++) {
            char *v = NULL;
            size_t len = 0;
            if (dx_db_shard_metadata(c->db, i, META_SCHEMA, &v, &len) != DX_OK || !v ||
                atoi(v) < SCHEMA_DATE_TERMS)
                c->date_terms = 0;
            free(v);
        }
    }
    return c->date_terms;
}

/* At most this many year and month terms stand for one date range. */
#define DATE_TERMS_MAX 240

/* The documents dated only by year y (lib/schema.h): a date filter that
 * holds part of their year matches them, as it may hold their day. */
static dx_query_t *
year_only_docs(int y)
{
    char digits[16];
    snprintf(digits, sizeof digits, "%04d", y);
    qlist_t l = { NULL, 0, 0 };
    ql_push(&l, prefixed_term(PREFIX_DATE, digits, 0));
    ql_push(&l, prefixed_term(PREFIX_DATE, DATE_TERM_YEAR_ONLY, 0));
    return ql_combine(&l, DX_OP_AND, 0);
}

/*
 * The document dates [first, last] as an OR of year and month terms, when
 * the span is closed and made of whole months (NULL otherwise, or when it
 * would take more than DATE_TERMS_MAX terms): Xapian intersects those
 * postings far faster than it checks a range over SLOT_DATE document by
 * document.
 */
static dx_query_t *
date_terms(date_span_t span)
{
    if (!span.first || !span.last || span.first > span.last)
        return NULL;
    int y = date_year(span.first), m = date_month(span.first);
    int ly = date_year(span.last), lm = date_month(span.last);
    if (span.first != date_make(y, m, 1) ||
        span.last != date_make(ly, lm, date_days_in_month(ly, lm)))
        return NULL;
    qlist_t l = { NULL, 0, 0 };
    char digits[16];
    int partial = 0;   /* the last year whose months were listed */
    while ((y < ly || (y == ly && m <= lm)) && l.n <= DATE_TERMS_MAX) {
        if (m == 1 && (y < ly || lm == 12)) {
            snprintf(digits, sizeof digits, "%04d", y);
            y++;
        } else {
            if (partial != y) {
                partial = y;
                ql_push(&l, year_only_docs(y));
            }
            snprintf(digits, sizeof digits, "%04d%02d", y, m);
            if (++m > 12) {
                m = 1;
                y++;
            }
        }
        ql_push(&l, prefixed_term(PREFIX_DATE, digits, 0));
    }
    if (l.n > DATE_TERMS_MAX) {
        ql_free(&l);
        return NULL;
    }
    return unscored(ql_combine(&l, DX_OP_OR, 0));
}

static dx_query_t *
boolean_term(const char *term)
{
    return unscored(dx_query_term(term, strlen(term), 1, 0));
}

/* AND: scored parts AND-ed, then filtered, then minus the negatives. */
static dx_query_t *
and_node(ctx_t *c, qnode_t *const *kids, size_t nkids, dx_op_t op)
{
    qlist_t pos = { NULL, 0, 0 }, filt = { NULL, 0, 0 };
    for (size_t i = 0; i < nkids; i++) {
        dx_query_t *q = build_node(c, kids[i]);
        if (qnode_is_filter(kids[i]))
            ql_push(&filt, q);
        else
            ql_push(&pos, q);
    }
    dx_query_t *scored = pos.n ? ql_combine(&pos, op, 0) : dx_query_match_all();
    ql_free(&pos);
    if (filt.n == 0)
        return scored;
    dx_query_t *f = ql_combine(&filt, DX_OP_AND, 0);
    dx_query_t *pair[2] = { scored, f };
    dx_query_t *q = dx_query_combine(DX_OP_FILTER, pair, 2, 0);
    dx_query_free(scored);
    dx_query_free(f);
    return q;
}

static dx_query_t *
build_kind(ctx_t *c, const qnode_t *n)
{
    qlist_t l = { NULL, 0, 0 };
    switch (n->kind) {
    case Q_TERM:
        return term_node(c, n);
    case Q_PHRASE:
        return phrase(c, n);
    case Q_WILDCARD: {
        if (n->glob)
            return path_glob_node(c, n);
        buf_t b = BUF_INIT;
        buf_puts(&b, n->prefix);
        buf_puts(&b, n->words[0].term);
        dx_query_t *q;
        if (strcmp(n->prefix, PREFIX_PATH) == 0) {
            /* A path prefix: every path under it (a filter), not the
             * most frequent words as for a word's prefix. */
            qlist_t pl = { NULL, 0, 0 };
            dx_db_allterms(c->db, buf_cstr(&b), take_every, &pl);
            q = unscored(ql_combine(&pl, DX_OP_OR, 0));
        } else {
            q = wildcard(c, buf_cstr(&b));
        }
        buf_free(&b);
        return q;
    }
    case Q_NEAR:
    case Q_ADJ:
        return near_node(c, n);
    case Q_AND:
        return and_node(c, n->kids, n->nkids, DX_OP_AND);
    case Q_OR:
    case Q_XOR:
        for (size_t i = 0; i < n->nkids; i++)
            ql_push(&l, build_node(c, n->kids[i]));
        return ql_combine(&l, n->kind == Q_OR ? DX_OP_OR : DX_OP_XOR, 0);
    case Q_NOT: {
        dx_query_t *base = build_node(c, n->kids[0]);
        if (qnode_is_filter(n->kids[0])) {
            /* "date:2017 NOT x": all documents of 2017 but x. */
            dx_query_t *all = dx_query_match_all();
            dx_query_t *pair[2] = { all, base };
            dx_query_t *f = dx_query_combine(DX_OP_FILTER, pair, 2, 0);
            dx_query_free(all);
            dx_query_free(base);
            base = f;
        }
        ql_push(&l, base);
        for (size_t i = 1; i < n->nkids; i++)
            ql_push(&l, build_node(c, n->kids[i]));
        return ql_combine(&l, DX_OP_AND_NOT, 0);
    }
    case Q_DATE: {
        dx_query_t *q = has_date_terms(c) ? date_terms(n->span) : NULL;
        if (q)
            return q;
        char lo[9], hi[9];
        const char *plo, *phi;
        build_span_bounds(n->span, lo, hi, &plo, &phi);
        q = dx_query_value_range(SLOT_DATE, plo, phi);
        int y = date_year(n->span.first);
        if (has_date_terms(c) && n->span.first && n->span.first != date_make(y, 1, 1) &&
            !(n->span.last && n->span.last < n->span.first)) {
            /* The range starts after January 1: the documents dated only
             * by that year (stored as its January 1) may be in it. */
            ql_push(&l, q);
            ql_push(&l, unscored(year_only_docs(y)));
            q = ql_combine(&l, DX_OP_OR, 0);
        }
        return q;
    }
    case Q_MENTIONS:
        return mentions_node(c, n);
    case Q_BOOLEAN:
        return boolean_term(n->term);
    case Q_ALL:
        return dx_query_match_all();
    }
    return dx_query_match_nothing();
}

/* A node's query, with its weight scaled by word^N. */
static dx_query_t *
build_node(ctx_t *c, const qnode_t *n)
{
    dx_query_t *q = build_kind(c, n);
    if (q && n->boost > 0 && n->boost != 1) {
        dx_query_t *s = dx_query_scale(q, n->boost);
        dx_query_free(q);
        q = s;
    }
    return q;
}

/* OR mode: a phrase also matches its words on their own. */
static dx_query_t *
phrase_or_words(ctx_t *c, const qnode_t *n)
{
    qlist_t l = { NULL, 0, 0 };
    ql_push(&l, phrase(c, n));
    for (size_t i = 0; i < n->nwords; i++)
        if (!query_is_stopword(n->words[i].term, strlen(n->words[i].term)))
            ql_push(&l, stemmed_word(c, n->prefix, n->words[i].term));
    return ql_combine(&l, DX_OP_OR, 0);
}

/* Can this part take part in a proximity bonus? */
static int
prox_part(const qnode_t *n)
{
    return n->kind == Q_TERM && n->prefix[0] == '\0';
}

/* OR mode: the proximity bonus of consecutive words (see build.h). */
static void
prox_bonus(ctx_t *c, const qnode_t *root, qlist_t *out)
{
    const qnode_t *prev = NULL;
    for (size_t i = 0; i < root->nkids; i++) {
        const qnode_t *k = root->kids[i];
        if (qnode_is_filter(k))
            continue;
        if (!prox_part(k)) {
            prev = NULL;
            continue;
        }
        if (prev && strcmp(prev->words[0].term, k->words[0].term) != 0) {
            qnode_t pair;
            memset(&pair, 0, sizeof pair);
            qnode_t *kids[2] = { (qnode_t *)prev, (qnode_t *)k };
            pair.kind = Q_NEAR;
            pair.prefix = "";
            pair.window = c->opts->prox_window ? c->opts->prox_window : 1;
            pair.kids = kids;
            pair.nkids = 2;
            dx_query_t *near = near_node(c, &pair);
            if (near) {
                ql_push(out, dx_query_scale(near, c->opts->prox_weight));
                dx_query_free(near);
            }
        }
        prev = k;
    }
}

/* AND mode: the adjacency bonus of a short query of plain words (see
 * build.h): NULL when it does not apply. */
#define ADJ_MAX_WORDS 6
static dx_query_t *
adj_bonus(ctx_t *c, const qnode_t *root)
{
    size_t words = 0;
    for (size_t i = 0; i < root->nkids; i++) {
        const qnode_t *k = root->kids[i];
        if (qnode_is_filter(k))
            continue;
        if (!prox_part(k) || k->exact || k->boost > 0)
            return NULL;   /* fields, phrases, operators: said as meant */
        words++;
    }
    if (words < 2 || words > ADJ_MAX_WORDS)
        return NULL;
    qlist_t l = { NULL, 0, 0 };
    const qnode_t *prev = NULL;
    for (size_t i = 0; i < root->nkids; i++) {
        const qnode_t *k = root->kids[i];
        if (qnode_is_filter(k))
            continue;
        if (prev && strcmp(prev->words[0].term, k->words[0].term) != 0) {
            /* The words as typed, not their inflections: "nations" must
             * not bring "United States nationals" (and one phrase per
             * pair of inflections would add their weights many times). */
            qlist_t two = { NULL, 0, 0 };
            ql_push(&two, prefixed_term("", prev->words[0].term, ++c->qpos));
            ql_push(&two, prefixed_term("", k->words[0].term, ++c->qpos));
            dx_query_t *adj = ql_combine(&two, DX_OP_PHRASE,
                                         c->opts->adj_window ? c->opts->adj_window : 2);
            if (adj) {
                ql_push(&l, dx_query_scale(adj, c->opts->adj_weight));
                dx_query_free(adj);
            }
        }
        prev = k;
    }
    return l.n ? ql_combine(&l, DX_OP_OR, 0) : NULL;
}

dx_query_t *
build_weighted_words(dx_db_t *db, stems_t *stems, const char *const *words,
                     const double *weights, size_t n)
{
    ctx_t c = { db, stems, NULL, 0, -1 };
    qlist_t l = { NULL, 0, 0 };
    for (size_t i = 0; i < n; i++) {
        dx_query_t *w = stemmed_word(&c, "", words[i]);
        if (w) {
            ql_push(&l, dx_query_scale(w, weights[i]));
            dx_query_free(w);
        }
    }
    return l.n ? ql_combine(&l, DX_OP_OR, 0) : NULL;
}

dx_query_t *
build_query(const qnode_t *root, dx_db_t *db, stems_t *stems, const build_opts_t *opts)
{
    ctx_t c = { db, stems, opts, 0, -1 };
    if (!root)
        return dx_query_match_nothing();
    if (opts && opts->or_mode && root->kind == Q_AND) {
        /* Ranked OR of the scored parts; filters still filter. */
        qlist_t pos = { NULL, 0, 0 }, filt = { NULL, 0, 0 };
        for (size_t i = 0; i < root->nkids; i++) {
            const qnode_t *k = root->kids[i];
            dx_query_t *q = opts->phrase_words && k->kind == Q_PHRASE ? phrase_or_words(&c, k)
                                                                       : build_node(&c, k);
            if (qnode_is_filter(k))
                ql_push(&filt, q);
            else
                ql_push(&pos, q);
        }
        if (opts->prox_weight > 0)
            prox_bonus(&c, root, &pos);
        dx_query_t *scored = ql_combine(&pos, DX_OP_OR, 0);
        if (filt.n == 0)
            return scored;
        dx_query_t *f = ql_combine(&filt, DX_OP_AND, 0);
        dx_query_t *pair[2] = { scored, f };
        dx_query_t *q = dx_query_combine(DX_OP_FILTER, pair, 2, 0);
        dx_query_free(scored);
        dx_query_free(f);
        return q;
    }
    dx_query_t *q = build_node(&c, root);
    if (q && opts && opts->adj_weight > 0 && root->kind == Q_AND) {
        dx_query_t *bonus = adj_bonus(&c, root);
        if (bonus) {
            dx_query_t *pair[2] = { q, bonus };
            dx_query_t *both = dx_query_combine(DX_OP_AND_MAYBE, pair, 2, 0);
            dx_query_free(q);
            dx_query_free(bonus);
            q = both;
        }
    }
    return q;
}
