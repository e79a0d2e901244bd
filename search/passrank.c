/*
 * passrank.c - ranking and highlighting the passages of a hit.
 *
 * A passage's score is BM25 over the query's parts ("leaves"):
 *
 *   score = sum over parts  idf(part) * tf * (k1 + 1) /
 *                           (tf + k1 * (1 - b + b * len / avglen))
 *
 * with tf the number of places where the part is satisfied in the
 * passage, len the passage's length in words, k1 = 1.2, b = 0.75 and
 * avglen a fixed typical passage length, so that scores of passages of
 * different documents compare (--passages ranks them across the corpus).
 * idf = log(1 + (N - df + 0.5) / (df + 0.5)) from the index's statistics;
 * a phrase or NEAR part takes the sum of its words' idf.  A mentions:
 * part is satisfied where the passage writes a date in its span (found
 * as the indexer finds mentions) and weighs 1.
 */
#define _GNU_SOURCE  /* memmem */
#include "search/passrank.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "indexer/parse.h"
#include "lib/date.h"
#include "lib/token.h"
#include "util/hashmap.h"
#include "util/xalloc.h"

#define PR_K1 1.2
#define PR_B 0.75
#define PR_AVGLEN 90.0
/* Length normalisation counts a passage as PR_MINLEN tokens at least, and
 * one of fewer than PR_SHORT tokens scores less (see score_passage()). */
#define PR_MINLEN 30.0
#define PR_SHORT 8

typedef enum leaf_kind {
    LF_TERM,
    LF_WILD,
    LF_PHRASE,
    LF_NEAR,
    LF_MENTION
} leaf_kind_t;

typedef struct leaf {
    leaf_kind_t kind;
    hashmap_t terms;         /* LF_TERM: accepted normalised forms */
    uint32_t first[8];       /* LF_TERM: bit set for each first byte of
                              * terms, to turn most tokens away without
                              * hashing them */
    char *exact;             /* LF_TERM: accented form to match exactly */
    char *prefix;            /* LF_WILD */
    char **words;            /* LF_PHRASE; a phrase that is not exact (a
                              * hyphenated word) also takes the words in
                              * terms for its last one */
    size_t nwords;
    struct leaf **kids;      /* LF_NEAR */
    size_t nkids;
    unsigned dist;
    size_t span_words;       /* LF_NEAR: words in all its parts */
    int ordered;
    date_span_t span;        /* LF_MENTION: 0 for an open end */
    double idf;
} leaf_t;

struct pr_query {
    leaf_t **leaves;
    size_t n, cap;
    date_order_t order;      /* how the index reads numeric dates */
};

/* A token of a passage. */
typedef struct ptok {
    uint32_t start, end;
    size_t len;                    /* of term */
    char term[TOKEN_MAX + 1];
    char exact[2 * TOKEN_MAX + 8];
} ptok_t;

/* An occurrence of a part: tokens [first, last]. */
typedef struct occ {
    size_t first, last;
} occ_t;

typedef struct occs {
    occ_t *v;
    size_t n, cap;
} occs_t;

static void
occ_push(occs_t *o, size_t first, size_t last)
{
    o->v = xgrow(o->v, &o->cap, o->n + 1, sizeof *o->v);
    o->v[o->n].first = first;
    o->v[o->n].last = last;
    o->n++;
}

/* ---- Preparing the parts ----------------------------------------------- */

static void
leaf_add_term(leaf_t *l, const char *term)
{
    unsigned char c = (unsigned char)term[0];
    hashmap_put(&l->terms, term, strlen(term), NULL);
    l->first[c >> 5] |= (uint32_t)1 << (c & 31);
}

static double
idf_of(dx_db_t *db, const char *term, unsigned N)
{
    unsigned df = 0;
    dx_db_termfreq(db, term, strlen(term), &df);
    return log(1.0 + ((double)N - df + 0.5) / ((double)df + 0.5));
}

static leaf_t *
leaf_from(const qnode_t *n, dx_db_t *db, stems_t *stems, unsigned N)
{
    if (n->prefix[0] != '\0')
        return NULL;  /* title:, author:, path: match fields, not passages */
    leaf_t *l = xcalloc(1, sizeof *l);
    hashmap_init(&l->terms);
    switch (n->kind) {
    case Q_TERM: {
        l->kind = LF_TERM;
        const qword_t *w = &n->words[0];
        if (n->exact) {
            if (w->exact)
                l->exact = xstrdup(w->exact);
            else
                leaf_add_term(l, w->term);
            l->idf = idf_of(db, w->exact ? w->exact : w->term, N);
        } else {
            size_t nv = 0;
            char **vars = stems_variants(stems, db, w->term, strlen(w->term), &nv);
            double best = 0;
            for (size_t i = 0; i < nv; i++) {
                leaf_add_term(l, vars[i]);
                unsigned df = 0;
                dx_db_termfreq(db, vars[i], strlen(vars[i]), &df);
                if (df > best)
                    best = df;
                free(vars[i]);
            }
            free(vars);
            l->idf = log(1.0 + ((double)N - best + 0.5) / (best + 0.5));
        }
        break;
    }
    case Q_WILDCARD:
        l->kind = LF_WILD;
        l->prefix = xstrdup(n->words[0].term);
        l->idf = 1.0;
        break;
    case Q_PHRASE:
        l->kind = LF_PHRASE;
        l->words = xcalloc(n->nwords, sizeof *l->words);
        l->nwords = n->nwords;
        for (size_t i = 0; i < n->nwords; i++) {
            l->words[i] = xstrdup(n->words[i].term);
            l->idf += idf_of(db, n->words[i].term, N);
        }
        if (!n->exact) {
            /* As build.c: the last word's inflections. */
            const char *last = n->words[n->nwords - 1].term;
            size_t nv = 0;
            char **vars = stems_variants(stems, db, last, strlen(last), &nv);
            for (size_t i = 0; i < nv; i++) {
                leaf_add_term(l, vars[i]);
                free(vars[i]);
            }
            free(vars);
        }
        break;
    case Q_NEAR:
    case Q_ADJ:
        l->kind = LF_NEAR;
        l->ordered = n->kind == Q_ADJ;
        l->dist = n->window;
        for (size_t i = 0; i < n->nkids; i++) {
            leaf_t *k = leaf_from(n->kids[i], db, stems, N);
            if (!k)
                continue;
            l->kids = xrealloc(l->kids, (l->nkids + 1) * sizeof *l->kids);
            l->kids[l->nkids++] = k;
            l->idf += k->idf;
            l->span_words += k->kind == LF_PHRASE ? k->nwords : 1;
        }
        break;
    default:
        hashmap_free(&l->terms);
        free(l);
        return NULL;
    }
    return l;
}

static void
leaf_free(leaf_t *l)
{
    if (!l)
        return;
    hashmap_free(&l->terms);
    free(l->exact);
    free(l->prefix);
    for (size_t i = 0; i < l->nwords; i++)
        free(l->words[i]);
    free(l->words);
    for (size_t i = 0; i < l->nkids; i++)
        leaf_free(l->kids[i]);
    free(l->kids);
    free(l);
}

static void
collect(pr_query_t *q, const qnode_t *n, dx_db_t *db, stems_t *stems, unsigned N)
{
    if (!n)
        return;
    if (n->kind == Q_MENTIONS) {
        /* A filter for the search, but a passage can show the date. */
        leaf_t *l = xcalloc(1, sizeof *l);
        hashmap_init(&l->terms);
        l->kind = LF_MENTION;
        l->span = n->span;
        l->idf = 1.0;
        q->leaves = xgrow(q->leaves, &q->cap, q->n + 1, sizeof *q->leaves);
        q->leaves[q->n++] = l;
        return;
    }
    switch (n->kind) {
    case Q_AND:
    case Q_OR:
    case Q_XOR:
        for (size_t i = 0; i < n->nkids; i++)
            collect(q, n->kids[i], db, stems, N);
        return;
    case Q_NOT:
        collect(q, n->kids[0], db, stems, N);  /* never the excluded parts */
        return;
    case Q_ALL:
    case Q_DATE:
    case Q_MENTIONS:
    case Q_BOOLEAN:
        return;
    default: {
        leaf_t *l = leaf_from(n, db, stems, N);
        if (l) {
            q->leaves = xgrow(q->leaves, &q->cap, q->n + 1, sizeof *q->leaves);
            q->leaves[q->n++] = l;
        }
    }
    }
}

pr_query_t *
pr_query_new(const qnode_t *root, dx_db_t *db, stems_t *stems, date_order_t order)
{
    pr_query_t *q = xcalloc(1, sizeof *q);
    q->order = order;
    unsigned N = dx_db_doccount(db);
    collect(q, root, db, stems, N ? N : 1);
    return q;
}

void
pr_query_free(pr_query_t *q)
{
    if (!q)
        return;
    for (size_t i = 0; i < q->n; i++)
        leaf_free(q->leaves[i]);
    free(q->leaves);
    free(q);
}

int
pr_query_has_parts(const pr_query_t *q)
{
    return q->n > 0;
}

/* ---- Matching --------------------------------------------------------------- */

static int
token_matches(const leaf_t *l, const ptok_t *t)
{
    switch (l->kind) {
    case LF_TERM:
        if (l->exact)
            return strcmp(t->exact[0] ? t->exact : t->term, l->exact) == 0;
    {
        unsigned char c = (unsigned char)t->term[0];
        if (!(l->first[c >> 5] >> (c & 31) & 1))
            return 0;
        return hashmap_get(&l->terms, t->term, t->len) != NULL;
    }
    case LF_WILD:
        return strncmp(t->term, l->prefix, strlen(l->prefix)) == 0;
    default:
        return 0;
    }
}

static void
leaf_occurrences(const leaf_t *l, const ptok_t *toks, size_t ntok, occs_t *out)
{
    switch (l->kind) {
    case LF_TERM:
    case LF_WILD:
        for (size_t i = 0; i < ntok; i++)
            if (token_matches(l, &toks[i]))
                occ_push(out, i, i);
        break;
    case LF_PHRASE:
        for (size_t i = 0; i + l->nwords <= ntok; i++) {
            size_t k = 0;
            while (k + 1 < l->nwords && strcmp(toks[i + k].term, l->words[k]) == 0)
                k++;
            if (k + 1 == l->nwords &&
                (strcmp(toks[i + k].term, l->words[k]) == 0 ||
                 hashmap_get(&l->terms, toks[i + k].term, toks[i + k].len)))
                k++;
            if (k == l->nwords)
                occ_push(out, i, i + k - 1);
        }
        break;
    case LF_MENTION:   /* dates, not tokens: mention_occurrences() */
        break;
    case LF_NEAR: {
        size_t k = l->nkids;
        if (k == 0)
            break;
        occs_t *kid = xcalloc(k, sizeof *kid);
        for (size_t c = 0; c < k; c++)
            leaf_occurrences(l->kids[c], toks, ntok, &kid[c]);
        /* As Xapian's NEAR (build.c), which counts every word of the
         * parts: all of them lie within dist + words - 2 positions (for two
         * words: at most dist apart), from the first of the first part to
         * the last of the last. */
        size_t words = l->span_words > k ? l->span_words : k;
        size_t span = l->dist + (words >= 2 ? words - 2 : 0);
        size_t *pick = xcalloc(k, sizeof *pick);
        for (size_t a = 0; a < (l->ordered ? kid[0].n : ntok); a++) {
            size_t s;
            if (l->ordered) {
                s = kid[0].v[a].first;
            } else {
                /* Anchor at every token that starts some part. */
                int starts = 0;
                for (size_t c = 0; c < k && !starts; c++)
                    for (size_t i = 0; i < kid[c].n; i++)
                        if (kid[c].v[i].first == a) {
                            starts = 1;
                            break;
                        }
                if (!starts)
                    continue;
                s = a;
            }
            int ok = 1;
            size_t prev = s;
            for (size_t c = 0; c < k && ok; c++) {
                ok = 0;
                for (size_t i = 0; i < kid[c].n; i++) {
                    size_t f = kid[c].v[i].first;
                    if (f < s || kid[c].v[i].last > s + span)
                        continue;
                    if (l->ordered && c > 0 && f <= prev)
                        continue;
                    pick[c] = i;
                    prev = f;
                    ok = 1;
                    break;
                }
            }
            if (!ok)
                continue;
            /* Record the parts themselves, so that only they are lit;
             * the caller counts one occurrence per k parts. */
            for (size_t c = 0; c < k; c++)
                occ_push(out, kid[c].v[pick[c]].first, kid[c].v[pick[c]].last);
        }
        free(pick);
        for (size_t c = 0; c < k; c++)
            free(kid[c].v);
        free(kid);
        break;
    }
    }
}

static size_t
tokenize(const char *text, size_t len, ptok_t **out, size_t *cap)
{
    tokenizer_t t;
    token_t tok;
    size_t n = 0;
    tok_init(&t, text, len);
    while (tok_next(&t, &tok)) {
        *out = xgrow(*out, cap, n + 1, sizeof **out);
        ptok_t *p = &(*out)[n++];
        p->start = (uint32_t)tok.start;
        p->end = (uint32_t)tok.end;
        p->len = tok.len;
        memcpy(p->term, tok.term, tok.len + 1);
        if (tok.exact_len)
            memcpy(p->exact, tok.exact, tok.exact_len + 1);
        else
            p->exact[0] = '\0';
    }
    return n;
}

static int
cmp_hl(const void *a, const void *b)
{
    const pr_highlight_t *x = a, *y = b;
    return (x->start > y->start) - (x->start < y->start);
}

/* For squeezing, a table lookup and no branch a byte: each byte lowered
 * (ASCII letters; the rest as they are) and whether it is kept ('.' and
 * ',' are not). */
static char squeeze_lower[256];
static unsigned char squeeze_keep[256];

static void
init_squeeze(void)
{
    for (int c = 0; c < 256; c++) {
        squeeze_lower[c] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
        squeeze_keep[c] = c != '.' && c != ',';
    }
}

/*
 * A cheap test before tokenizing a passage, which is most of the cost of
 * ranking passages (a document's every passage is scored).  On ASCII
 * text the tokenizer only lowers case, splits, drops a possessive 's,
 * and joins acronyms (U.S. -> us) and digit groups (1,000 -> 1000); so
 * every term it makes is a substring of the passage lowered and stripped
 * of '.' and ','.  A part none of whose words is such a substring cannot
 * match; a passage where no part can match scores 0 without tokenizing.
 * Passages with other bytes are always tokenized.
 */
static int
ascii_squeeze(const char *s, size_t n, char **out, size_t *cap, size_t *outlen)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, init_squeeze);
    if (*cap < n + 1) {
        *out = xrealloc(*out, n + 1);
        *cap = n + 1;
    }
    const unsigned char *u = (const unsigned char *)s;
    char *o = *out;
    size_t k = 0;
    unsigned char high = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = u[i];
        high |= c;              /* bytes >= 0x80 are noticed at the end */
        o[k] = squeeze_lower[c];
        k += squeeze_keep[c];
    }
    if (high & 0x80)
        return 0;
    *outlen = k;
    return 1;
}

/* Does the squeezed text hold word[0..wl), itself squeezed (terms keep
 * the '.' of 3.5 and 04.24.2019)? */
static int
has_n(const char *hay, size_t n, const char *word, size_t wl)
{
    char w[2 * TOKEN_MAX + 8];
    size_t k = 0;
    for (size_t i = 0; i < wl && k < sizeof w; i++)
        if (word[i] != '.' && word[i] != ',')
            w[k++] = word[i];
    return k == 0 || memmem(hay, n, w, k) != NULL;
}

static int
has(const char *hay, size_t n, const char *word)
{
    return has_n(hay, n, word, strlen(word));
}

/* Does the squeezed text hold one of the words of a leaf's terms? */
static int
has_any(const char *sq, size_t n, const hashmap_t *terms)
{
    size_t i = 0;
    hashmap_entry_t *e;
    while ((e = hashmap_next(terms, &i)))
        if (has_n(sq, n, e->key, e->keylen))
            return 1;
    return 0;
}

static int
leaf_may_match(const leaf_t *l, const char *sq, size_t n)
{
    switch (l->kind) {
    case LF_TERM: {
        if (l->exact)
            return has(sq, n, l->exact);
        return has_any(sq, n, &l->terms);
    }
    case LF_WILD:
        return has(sq, n, l->prefix);
    case LF_PHRASE: {
        for (size_t i = 0; i + 1 < l->nwords; i++)
            if (!has(sq, n, l->words[i]))
                return 0;
        return has(sq, n, l->words[l->nwords - 1]) || has_any(sq, n, &l->terms);
    }
    case LF_NEAR:
        for (size_t i = 0; i < l->nkids; i++)
            if (!leaf_may_match(l->kids[i], sq, n))
                return 0;
        return 1;
    case LF_MENTION:   /* every date written has digits */
        for (size_t i = 0; i < n; i++)
            if (sq[i] >= '0' && sq[i] <= '9')
                return 1;
        return 0;
    }
    return 1;
}

/* The dates written in a passage that a mentions: part's span holds, as
 * search/build.c matches the indexer's mention terms: a day inside the
 * span, a month (written without a day) wholly inside it. */
typedef struct mention_scan {
    const leaf_t *l;
    const ptok_t *toks;
    size_t ntok;
    occs_t *out;
} mention_scan_t;

static int
take_passage_mention(const date_match_t *m, void *ctx)
{
    mention_scan_t *ms = ctx;
    int32_t first, last;
    if (m->precision == DATE_PREC_DAY)
        first = last = m->span.first;
    else if (m->precision == DATE_PREC_MONTH)
        first = m->span.first, last = m->span.last;
    else
        return 0;
    if (!date_span_holds(ms->l->span, first, last))
        return 0;
    /* The tokens the date is written with. */
    size_t a = 0;
    while (a < ms->ntok && ms->toks[a].start < m->start)
        a++;
    size_t b = a;
    while (b < ms->ntok && ms->toks[b].end <= m->end)
        b++;
    if (b > a) {
        /* A range written once ("Feb 27-28, 2019") is one occurrence. */
        occs_t *o = ms->out;
        if (o->n == 0 || o->v[o->n - 1].first != a)
            occ_push(o, a, b - 1);
    }
    return 0;
}

static void
mention_occurrences(const pr_query_t *q, const leaf_t *l, const char *text, size_t len,
                    const ptok_t *toks, size_t ntok, occs_t *out)
{
    mention_scan_t ms = { l, toks, ntok, out };
    date_find_mentions(text, len, q->order, take_passage_mention, &ms);
}

/* Score one passage and fill its highlights.  sq is scratch space.  The
 * text up to ext_end (the start of the next window of the same paragraph)
 * is read too, so that a phrase or NEAR that starts in the passage and
 * runs on across the window cut counts, as the index counts it. */
static void
score_passage(const pr_query_t *q, const char *text, pr_passage_t *p, size_t ext_end,
              ptok_t **toks, size_t *tokcap, char **sq, size_t *sqcap)
{
    size_t sqlen;
    if (ascii_squeeze(text + p->start, ext_end - p->start, sq, sqcap, &sqlen)) {
        size_t i = 0;
        while (i < q->n && !leaf_may_match(q->leaves[i], *sq, sqlen))
            i++;
        if (i == q->n) {
            p->score = 0;
            p->hl = NULL;
            p->nhl = 0;
            return;
        }
    }
    size_t nall = tokenize(text + p->start, ext_end - p->start, toks, tokcap);
    size_t ntok = 0;   /* the passage's own tokens; the rest only complete */
    while (ntok < nall && (*toks)[ntok].start < p->end - p->start)
        ntok++;
    unsigned char *lit = xcalloc(ntok ? ntok : 1, 1);
    double score = 0;
    occs_t o = { NULL, 0, 0 };
    for (size_t i = 0; i < q->n; i++) {
        const leaf_t *l = q->leaves[i];
        o.n = 0;
        if (l->kind == LF_MENTION)
            mention_occurrences(q, l, text + p->start, ext_end - p->start, *toks, nall, &o);
        else
            leaf_occurrences(l, *toks, nall, &o);
        /* Only what starts in the passage is its. */
        size_t kept = 0;
        for (size_t k = 0; k < o.n; k++)
            if (o.v[k].first < ntok)
                o.v[kept++] = o.v[k];
        o.n = kept;
        size_t tf = o.n;
        if (l->kind == LF_NEAR && l->nkids)
            tf = o.n / l->nkids;
        if (tf == 0)
            continue;
        for (size_t k = 0; k < o.n; k++)
            for (size_t t = o.v[k].first; t <= o.v[k].last && t < ntok; t++)
                lit[t] = 1;
        double len = ntok < PR_MINLEN ? PR_MINLEN : (double)ntok;
        double norm = PR_K1 * (1 - PR_B + PR_B * len / PR_AVGLEN);
        score += l->idf * (double)tf * (PR_K1 + 1) / ((double)tf + norm);
    }
    /* A line of a few words (a speaker's label, a signature, "Governor
     * Carter.") says little about the document: it stands back for a
     * paragraph with the same words, and is still chosen when it is all
     * there is. */
    if (ntok < PR_SHORT)
        score *= (double)(ntok + 2) / (PR_SHORT + 2);
    free(o.v);
    p->score = score;
    p->hl = NULL;
    p->nhl = 0;
    size_t cap = 0;
    for (size_t t = 0; t < ntok; t++) {
        if (!lit[t])
            continue;
        p->hl = xgrow(p->hl, &cap, p->nhl + 1, sizeof *p->hl);
        p->hl[p->nhl].start = (*toks)[t].start;
        p->hl[p->nhl].end = (*toks)[t].end;
        p->nhl++;
    }
    free(lit);
}

/* Where the words that may complete a phrase of passage i end: into the
 * next passage when that is the next window of the same paragraph (no
 * blank line between them), at most RUN_ON_BYTES into it. */
#define RUN_ON_BYTES 200

static size_t
run_on_end(const record_t *rec, size_t i)
{
    const rec_passage_t *p = &rec->passages[i];
    if (i + 1 >= rec->npassages)
        return p->end;
    const rec_passage_t *n = &rec->passages[i + 1];
    if (n->start < p->end)
        return p->end;
    int newlines = 0;
    for (size_t k = p->end; k < n->start; k++) {
        char c = rec->text[k];
        if (c == '\n' && ++newlines == 2)
            return p->end;   /* a blank line: another paragraph */
        if (c != '\n' && c != ' ' && c != '\t' && c != '\r')
            return p->end;
    }
    size_t end = n->start + RUN_ON_BYTES;
    if (end > n->end)
        end = n->end;
    /* Not inside a UTF-8 sequence. */
    while (end > n->start && end < n->end && ((unsigned char)rec->text[end] & 0xC0) == 0x80)
        end--;
    return end;
}

/* Is a passage the "Key: value" lines that open a plain text (its
 * metadata, shown in the hit's header), every line a known key? */
static int
is_header(const record_t *rec, const pr_passage_t *p)
{
    const char *s = rec->text + p->start, *e = rec->text + p->end;
    while (s < e) {
        const char *nl = memchr(s, '\n', (size_t)(e - s));
        const char *le = nl ? nl : e;
        const char *colon = memchr(s, ':', (size_t)(le - s));
        if (!colon || colon + 1 >= le || (colon[1] != ' ' && colon[1] != '\t') ||
            !parse_header_key(s, (size_t)(colon - s)))
            return 0;
        s = nl ? nl + 1 : e;
    }
    return 1;
}

/* Is a passage just the document's title (shown in the hit's header)? */
static int
is_title(const record_t *rec, const pr_passage_t *p)
{
    const char *t = rec->title;
    if (!t || !*t)
        return 0;
    const char *s = rec->text + p->start, *e = rec->text + p->end;
    while (s < e && (*s == '#' || *s == ' ' || *s == '\t'))
        s++;
    /* Compare ignoring runs of white space. */
    while (*t && s < e) {
        if (*t == ' ') {
            if (*s != ' ' && *s != '\n' && *s != '\t' && *s != '\r')
                return 0;
            while (s < e && (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r'))
                s++;
            t++;
            continue;
        }
        if (*t != *s)
            return 0;
        t++;
        s++;
    }
    while (s < e && (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r'))
        s++;
    return *t == '\0' && s == e;
}

static pr_passage_t *
score_all(const pr_query_t *q, const record_t *rec, size_t *n)
{
    *n = rec->passages ? rec->npassages : 0;
    pr_passage_t *v = xcalloc(*n ? *n : 1, sizeof *v);
    ptok_t *toks = NULL;
    size_t tokcap = 0;
    char *sq = NULL;
    size_t sqcap = 0;
    for (size_t i = 0; i < *n; i++) {
        v[i].start = rec->passages[i].start;
        v[i].end = rec->passages[i].end;
        v[i].line = rec->passages[i].line;
        if (q->n)
            score_passage(q, rec->text, &v[i], run_on_end(rec, i), &toks, &tokcap, &sq,
                          &sqcap);
        /* The title is in the hit's header already: it stands in only
         * for a document where nothing else matches. */
        v[i].title = is_title(rec, &v[i]) || (i == 0 && is_header(rec, &v[i]));
    }
    free(toks);
    free(sq);
    return v;
}

/* Does a passage other than the title match? */
static int
body_matches(const pr_passage_t *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (v[i].score > 0 && !v[i].title)
            return 1;
    return 0;
}

pr_passage_t *
pr_all(const pr_query_t *q, const record_t *rec, size_t *n)
{
    size_t total;
    pr_passage_t *v = score_all(q, rec, &total);
    if (body_matches(v, total))
        for (size_t i = 0; i < total; i++)
            if (v[i].title)
                v[i].score = 0;
    size_t k = 0;
    for (size_t i = 0; i < total; i++) {
        if (v[i].score > 0)
            v[k++] = v[i];
        else
            free(v[i].hl);
    }
    *n = k;
    return v;
}

static int
cmp_score_desc(const void *a, const void *b)
{
    const pr_passage_t *x = a, *y = b;
    if (x->score != y->score)
        return x->score < y->score ? 1 : -1;
    return (x->start > y->start) - (x->start < y->start);
}

/* Two chosen passages that are neighbouring windows of one paragraph:
 * nothing but white space between them. */
static int
adjacent(const char *text, const pr_passage_t *a, const pr_passage_t *b)
{
    if (a->end > b->start)
        return 0;
    for (uint32_t i = a->end; i < b->start; i++)
        if (text[i] != ' ' && text[i] != '\t')
            return 0;
    return 1;
}

static void
merge_into(pr_passage_t *a, pr_passage_t *b)
{
    /* a and b are neighbours, a first in the text; a absorbs b. */
    size_t cap = a->nhl;
    for (size_t i = 0; i < b->nhl; i++) {
        a->hl = xgrow(a->hl, &cap, a->nhl + 1, sizeof *a->hl);
        a->hl[a->nhl].start = b->hl[i].start + (b->start - a->start);
        a->hl[a->nhl].end = b->hl[i].end + (b->start - a->start);
        a->nhl++;
    }
    a->end = b->end;
    a->score = a->score > b->score ? a->score : b->score;
    free(b->hl);
    b->hl = NULL;
    b->nhl = 0;
}

pr_passage_t *
pr_best(const pr_query_t *q, const record_t *rec, size_t k, size_t *n)
{
    size_t total;
    pr_passage_t *v = score_all(q, rec, &total);
    *n = 0;
    if (total == 0 || k == 0) {
        pr_passages_free(v, total);
        return xcalloc(1, sizeof(pr_passage_t));
    }
    /* The title line counts only if nothing else matched. */
    if (body_matches(v, total))
        for (size_t i = 0; i < total; i++)
            if (v[i].title && v[i].score > 0) {
                v[i].score = 0;
                free(v[i].hl);
                v[i].hl = NULL;
                v[i].nhl = 0;
            }
    /* Rank by score; pick the top k that matched (or the first passage). */
    size_t matched = 0;
    for (size_t i = 0; i < total; i++)
        if (v[i].score > 0)
            matched++;
    pr_passage_t *sorted = xcalloc(total, sizeof *sorted);
    memcpy(sorted, v, total * sizeof *v);
    qsort(sorted, total, sizeof *sorted, cmp_score_desc);
    size_t take = matched ? (matched < k ? matched : k) : 1;
    if (!matched) {
        /* Nothing matched in the text: the first passage that is not the
         * title stands for the document. */
        for (size_t i = 0; i < total; i++) {
            if (!is_title(rec, &v[i])) {
                pr_passage_t t = sorted[0];
                for (size_t j = 0; j < total; j++)
                    if (sorted[j].start == v[i].start) {
                        sorted[0] = sorted[j];
                        sorted[j] = t;
                        break;
                    }
                break;
            }
        }
    }
    pr_passage_t *out = xcalloc(take, sizeof *out);
    for (size_t i = 0; i < take; i++) {
        out[i] = sorted[i];
        /* Ownership of hl moves to out; clear it in v. */
        for (size_t j = 0; j < total; j++)
            if (v[j].start == out[i].start)
                v[j].hl = NULL;
    }
    free(sorted);
    pr_passages_free(v, total);

    /* Merge chosen neighbours (text order), keep score order after. */
    unsigned char *gone = xcalloc(take, 1);
    for (int again = 1; again;) {
        again = 0;
        for (size_t i = 0; i < take; i++) {
            for (size_t j = 0; j < take; j++) {
                if (i == j || gone[i] || gone[j])
                    continue;
                if (out[i].start < out[j].start && adjacent(rec->text, &out[i], &out[j])) {
                    merge_into(&out[i], &out[j]);
                    gone[j] = 1;
                    again = 1;
                }
            }
        }
    }
    size_t m = 0;
    for (size_t i = 0; i < take; i++)
        if (!gone[i])
            out[m++] = out[i];
    free(gone);
    for (size_t i = 0; i < m; i++)
        if (out[i].nhl > 1)  /* hl is NULL when there is none */
            qsort(out[i].hl, out[i].nhl, sizeof *out[i].hl, cmp_hl);
    qsort(out, m, sizeof *out, cmp_score_desc);
    *n = m;
    return out;
}

void
pr_passages_free(pr_passage_t *v, size_t n)
{
    if (!v)
        return;
    for (size_t i = 0; i < n; i++)
        free(v[i].hl);
    free(v);
}
