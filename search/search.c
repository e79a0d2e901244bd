/*
 * search.c - running a query (see search.h).
 */
#include "search/search.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "lib/schema.h"
#include "lib/token.h"
#include "search/build.h"
#include "search/hits.h"
#include "util/buf.h"
#include "util/path.h"
#include "util/xalloc.h"

/* --passages ranks the passages of this many best documents. */
#define PASSAGES_POOL 200

void
search_opts_init(search_opts_t *o)
{
    memset(o, 0, sizeof *o);
    o->limit = 10;
    o->k1 = -1;
    o->b = -1;
    o->per_doc = 3;
    o->today = date_from_time(time(NULL));
    o->title_weight = SEARCH_DEFAULT_TITLE_WEIGHT;
    o->prox_weight = SEARCH_DEFAULT_PROX_WEIGHT;
    o->prox_window = SEARCH_DEFAULT_PROX_WINDOW;
    o->adj_weight = SEARCH_DEFAULT_ADJ_WEIGHT;
    o->adj_window = SEARCH_DEFAULT_ADJ_WINDOW;
    o->phrase_words = SEARCH_DEFAULT_PHRASE_WORDS;
    o->fb_docs = SEARCH_DEFAULT_FB_DOCS;
    o->fb_terms = SEARCH_DEFAULT_FB_TERMS;
    o->fb_weight = SEARCH_DEFAULT_FB_WEIGHT;
}

/* Plain words AND-ed at the top: the parts OR mode can loosen. */
static size_t
scored_parts(const qnode_t *root)
{
    if (!root)
        return 0;
    /* NOT x beside filters only: every document it keeps scores 0. */
    if (root->kind == Q_NOT && root->nkids &&
        (root->kids[0]->kind == Q_ALL || qnode_is_filter(root->kids[0])))
        return 0;
    if (root->kind != Q_AND)
        return qnode_is_filter(root) ? 0 : 1;
    size_t n = 0;
    for (size_t i = 0; i < root->nkids; i++)
        if (!qnode_is_filter(root->kids[i]))
            n++;
    return n;
}

static dx_status_t
run_mset(dindex_t *ix, const dx_query_t *q, const search_opts_t *o, unsigned first,
         unsigned max, int facets, unsigned at_least, dx_mset_t **mset)
{
    dx_search_opts_t so;
    dx_search_opts_init(&so);
    so.k1 = o->k1 >= 0 ? o->k1 : SEARCH_DEFAULT_K1;
    so.b = o->b >= 0 ? o->b : SEARCH_DEFAULT_B;
    so.with_values = 0;   /* a hit's date and path are in its record */
    if (o->sort != SEARCH_SORT_RELEVANCE) {
        so.sort_slot = SLOT_DATE;
        so.sort_descending = o->sort == SEARCH_SORT_DATE_DESC;
    }
    if (facets && o->facet != SEARCH_FACET_NONE)
        so.facet_slot = o->facet == SEARCH_FACET_YEAR ? SLOT_YEAR : SLOT_MONTH;
    if ((facets && o->facet != SEARCH_FACET_NONE) || o->exact_count)
        so.check_at_least = dx_db_doccount(ix->db);
    /* Look at one match at least, even for an empty page (-n 0, -c,
     * --facet): asked for none, Xapian only estimates from the terms'
     * frequencies, and mset_matched() could not tell an AND that matches
     * nothing from one that does. */
    if (so.check_at_least < 1)
        so.check_at_least = 1;
    if (so.check_at_least < at_least)
        so.check_at_least = at_least;
    if (so.check_at_least < o->count_at_least)
        so.check_at_least = o->count_at_least;
    return dx_db_search(ix->db, q, &so, first, max, mset);
}

/* Does any document match the query m was run for, whatever page m holds?
 * run_mset() has the matcher look at one match at least, so the lower
 * bound is 0 only when there is none. */
static int
mset_matched(const dx_mset_t *m)
{
    return dx_mset_size(m) > 0 || dx_mset_matches_lower(m) > 0;
}

/* How many documents have word w in a field (prefix; "" the text), in
 * any inflection unless exact. */
static unsigned
word_docs(dindex_t *ix, stems_t *stems, const char *prefix, const char *w, int exact)
{
    size_t nv = 0;
    char **vars = exact ? NULL : stems_variants(stems, ix->db, w, strlen(w), &nv);
    unsigned total = 0;
    for (size_t i = 0; i < (exact ? 1 : nv); i++) {
        char *t = xasprintf("%s%s", prefix, exact ? w : vars[i]);
        unsigned tf = 0;
        dx_db_termfreq(ix->db, t, strlen(t), &tf);
        total += tf;
        free(t);
    }
    for (size_t i = 0; i < nv; i++)
        free(vars[i]);
    free(vars);
    return total;
}

/* If no document has word w in the field (in any inflection, unless
 * exact), offer the closest word that one has there (from the spelling
 * data, which holds the text's words). */
static void
suggest_word(dindex_t *ix, stems_t *stems, const char *prefix, const char *w, int exact,
             search_result_t *r)
{
    for (size_t i = 0; i < r->nsuggestions; i += 2)
        if (strcmp(r->suggestions[i], w) == 0)
            return;   /* said once */
    if (word_docs(ix, stems, prefix, w, exact) > 0)
        return;
    char *s = NULL;
    if (dx_db_spelling_suggestion(ix->db, w, &s) == DX_OK && s && *s &&
        (!*prefix || word_docs(ix, stems, prefix, s, 1) > 0)) {
        r->suggestions = xrealloc(r->suggestions, (r->nsuggestions + 2) * sizeof *r->suggestions);
        r->suggestions[r->nsuggestions++] = xstrdup(w);
        r->suggestions[r->nsuggestions++] = s;
    } else {
        free(s);
    }
}

/* Words of the query that the index does not hold, with a close word
 * that it does: plain words, words of phrases, and of title: and author:
 * (there, a close word of that field). */
static void
suggest(dindex_t *ix, stems_t *stems, const qnode_t *n, search_result_t *r)
{
    if (!n)
        return;
    int text = n->prefix[0] == '\0' || strcmp(n->prefix, PREFIX_TITLE) == 0 ||
               strcmp(n->prefix, PREFIX_AUTHOR) == 0;
    if ((n->kind == Q_TERM || n->kind == Q_PHRASE) && text) {
        for (size_t i = 0; i < n->nwords; i++)
            suggest_word(ix, stems, n->prefix, n->words[i].term, n->exact && !n->words[i].exact,
                         r);
        return;
    }
    if (n->kind == Q_NOT) {
        suggest(ix, stems, n->kids[0], r);
        return;
    }
    for (size_t i = 0; i < n->nkids; i++)
        suggest(ix, stems, n->kids[i], r);
}

/* ---- Pseudo-relevance feedback ------------------------------------- */

#define FB_MATCHES_PER_DOC 4   /* feedback reads at most a quarter of the matches */
#define FB_MIN_DOCS 2          /* and at least two documents */

typedef struct fb_terms {
    char **words;
    double *weights;
    size_t n, cap, capw, want;
    hashmap_t stems;       /* stems already used (the query's, then chosen) */
    stems_t *st;
} fb_terms_t;

static void
note_query_stems(const qnode_t *n, fb_terms_t *f)
{
    if (!n || n->kind == Q_NOT) {
        if (n && n->nkids)
            note_query_stems(n->kids[0], f);
        return;
    }
    for (size_t i = 0; i < n->nwords; i++) {
        char stem[STEM_MAX];
        const char *w = n->words[i].term;
        size_t sl = stems_stem(f->st, w, strlen(w), stem);
        hashmap_put(&f->stems, stem, sl, NULL);
    }
    for (size_t i = 0; i < n->nkids; i++)
        note_query_stems(n->kids[i], f);
}

static int
take_fb_term(const char *term, size_t len, unsigned weight, void *ctx)
{
    fb_terms_t *f = ctx;
    if (weight == 0 || len < 2 || !tok_is_plain_word(term, len) ||
        query_is_stopword(term, len))
        return 0;
    char stem[STEM_MAX];
    size_t sl = stems_stem(f->st, term, len, stem);
    int created = 0;
    hashmap_put(&f->stems, stem, sl, &created);
    if (!created)
        return 0;   /* a query word, or an inflection already taken */
    f->words = xgrow(f->words, &f->cap, f->n + 1, sizeof *f->words);
    f->weights = xgrow(f->weights, &f->capw, f->n + 1, sizeof *f->weights);
    f->words[f->n] = xstrndup(term, len);
    f->weights[f->n] = weight;
    f->n++;
    return f->n >= f->want;
}

/*
 * The query with feedback: the best words of the top documents (Xapian's
 * ESet over them, the query's own words and stop words left out), each
 * widened to its inflections and weighted in proportion to its ESet
 * weight, the best fb_weight.  They only add weight (OP_AND_MAYBE): the
 * documents that match are still those the query matches.  NULL when
 * there is nothing to add.
 */
static dx_query_t *
feedback_query(dindex_t *ix, stems_t *stems, const qnode_t *root, const dx_query_t *q,
               dx_mset_t *top, unsigned fb_docs, const search_opts_t *o, search_result_t *r)
{
    size_t n = dx_mset_size(top);
    if (n > fb_docs)
        n = fb_docs;
    if (n == 0 || o->fb_terms == 0)
        return NULL;
    dx_docid_t *docs = xmalloc(n * sizeof *docs);
    for (size_t i = 0; i < n; i++)
        docs[i] = dx_mset_docid(top, (unsigned)i);
    fb_terms_t f;
    memset(&f, 0, sizeof f);
    f.want = o->fb_terms;
    f.st = stems;
    hashmap_init(&f.stems);
    note_query_stems(root, &f);
    dx_db_expand(ix->db, docs, n, o->fb_terms * 3 + 10, take_fb_term, &f);
    free(docs);
    dx_query_t *res = NULL;
    if (f.n) {
        double best = f.weights[0];
        for (size_t i = 1; i < f.n; i++)
            if (f.weights[i] > best)
                best = f.weights[i];
        for (size_t i = 0; i < f.n; i++)
            f.weights[i] = o->fb_weight * f.weights[i] / best;
        dx_query_t *exp = build_weighted_words(ix->db, stems, (const char *const *)f.words,
                                               f.weights, f.n);
        if (exp) {
            dx_query_t *pair[2] = { (dx_query_t *)q, exp };
            res = dx_query_combine(DX_OP_AND_MAYBE, pair, 2, 0);
            dx_query_free(exp);
            r->feedback_words = (unsigned)f.n;
            r->feedback_docs = (unsigned)n;
        }
    }
    for (size_t i = 0; i < f.n; i++)
        free(f.words[i]);
    free(f.words);
    free(f.weights);
    hashmap_free(&f.stems);
    return res;
}

static int
cmp_passage(const void *a, const void *b)
{
    const search_passage_t *x = a, *y = b;
    if (x->p.score != y->p.score)
        return x->p.score < y->p.score ? 1 : -1;
    if (x->hit != y->hit)
        return (x->hit > y->hit) - (x->hit < y->hit);
    return (x->p.start > y->p.start) - (x->p.start < y->p.start);
}

/* --sort date / -date with --passages: by their document's date (kept in
 * rank for the sort), then as cmp_passage() orders them. */
static int
cmp_passage_newest(const void *a, const void *b)
{
    const search_passage_t *x = a, *y = b;
    if (x->rank != y->rank)
        return x->rank < y->rank ? 1 : -1;
    return cmp_passage(a, b);
}

static int
cmp_passage_oldest(const void *a, const void *b)
{
    const search_passage_t *x = a, *y = b;
    if (x->rank != y->rank)
        return x->rank > y->rank ? 1 : -1;
    return cmp_passage(a, b);
}

/* Order the passages of a --passages search as the options ask, and keep
 * at most o->passages_per_doc of each document. */
static void
order_passages(search_result_t *r, const search_opts_t *o)
{
    if (o->sort == SEARCH_SORT_RELEVANCE) {
        qsort(r->passages, r->npassages, sizeof *r->passages, cmp_passage);
    } else {
        /* Undated documents sort as the oldest. */
        for (size_t i = 0; i < r->npassages; i++)
            r->passages[i].rank = (unsigned)r->hits[r->passages[i].hit].rec.date;
        qsort(r->passages, r->npassages, sizeof *r->passages,
              o->sort == SEARCH_SORT_DATE_DESC ? cmp_passage_newest : cmp_passage_oldest);
    }
    if (!o->passages_per_doc)
        return;
    unsigned *taken = xcalloc(r->nhits ? r->nhits : 1, sizeof *taken);
    size_t kept = 0;
    for (size_t i = 0; i < r->npassages; i++) {
        search_passage_t *sp = &r->passages[i];
        if (taken[sp->hit]++ < o->passages_per_doc)
            r->passages[kept++] = *sp;
        else
            free(sp->p.hl);
    }
    r->npassages = kept;
    free(taken);
}

/* The stored form of a path a user typed in path: or dir:, read as the
 * results print paths: relative to the current folder.  From outside the
 * index's folder, a relative path that names nothing there is read as
 * stored, relative to the index's folder (remote shards' paths are only
 * known in that form).  "." is the index's folder itself.  A prefix
 * (path:letters/sanc*) names what its folder holds. */
static char *
typed_path(const dindex_t *ix, const char *typed, int prefix)
{
    if (ix->nlocal == 0 && typed[0] != '/')
        return path_normalize(typed);  /* remote shards only: as stored */
    char *abs = path_absolute(typed);
    const char *rel = path_under(abs, ix->base);
    char *out;
    struct stat st;
    char *named = prefix ? path_dirname(abs) : xstrdup(abs);
    if (rel && *rel == '\0') {
        out = xstrdup(".");
    } else if (typed[0] != '/' && !rel && stat(named, &st) != 0) {
        out = path_normalize(typed);
    } else {
        out = index_store_path(ix, abs);
    }
    free(named);
    free(abs);
    return out;
}

/* A folder as the start of an fnmatch pattern: its own '*', '?', '[' and
 * '\\' taken literally. */
static void
glob_escape(buf_t *b, const char *s)
{
    for (; *s; s++) {
        if (*s == '*' || *s == '?' || *s == '[' || *s == '\\')
            buf_putc(b, '\\');
        buf_putc(b, *s);
    }
}

/* The pattern of the paths under an absolute folder that match rest. */
static char *
folder_pattern(const char *abs_folder, const char *rest)
{
    buf_t b = BUF_INIT;
    glob_escape(&b, abs_folder);
    if (b.len == 0 || b.data[b.len - 1] != '/')
        buf_putc(&b, '/');
    buf_puts(&b, rest);
    return buf_detach(&b, NULL);
}

/* Turn n into the pattern of every path under an absolute folder: for a
 * folder above the index's own, where documents are stored relative to
 * the index's folder and no term names the folder. */
static void
to_folder_glob(qnode_t *n, const char *abs_folder)
{
    char *pattern = folder_pattern(abs_folder, "*");
    free(n->term);
    n->term = NULL;
    if (n->words) {
        for (size_t i = 0; i < n->nwords; i++) {
            free(n->words[i].term);
            free(n->words[i].exact);
        }
        free(n->words);
    }
    n->kind = Q_WILDCARD;
    n->prefix = PREFIX_PATH;
    n->glob = 1;
    n->words = xcalloc(1, sizeof *n->words);
    n->words[0].term = pattern;
    n->nwords = 1;
}

/* Is the stored path an absolute folder that holds the index's folder? */
static int
holds_base(const dindex_t *ix, const char *stored)
{
    return ix->nlocal > 0 && stored[0] == '/' && path_under(ix->base, stored) != NULL;
}

/* A path: pattern: its folder part (before the first '*' or '?') is read
 * as a typed path, the rest matched as it is; with no folder part, the
 * pattern is a file name under any folder. */
static void
resolve_glob(const dindex_t *ix, qnode_t *n)
{
    char *pat = n->words[0].term;
    if (!strchr(pat, '/')) {
        /* As .gitignore and find -name read such a pattern: the name of
         * the file, wherever it is. */
        n->glob = QUERY_GLOB_NAME;
        return;
    }
    size_t wild = strcspn(pat, "*?");
    const char *slash = NULL;
    for (size_t i = 0; i < wild; i++)
        if (pat[i] == '/')
            slash = pat + i;
    char *dir = !slash ? xstrdup(".") : slash == pat ? xstrdup("/")
                                                   : xstrndup(pat, (size_t)(slash - pat));
    const char *rest = slash ? slash + 1 : pat;
    char *stored = typed_path(ix, dir, 0);
    char *full;
    if (ix->nlocal > 0) {
        /* Matched against absolute paths (build.c makes the stored
         * ones absolute), whatever folder the pattern starts from. */
        char *abs = index_abs_path(ix, stored);
        full = folder_pattern(abs, rest);
        free(abs);
    } else {
        full = strcmp(stored, ".") == 0 ? xstrdup(rest)
               : strcmp(stored, "/") == 0 ? xasprintf("/%s", rest)
                                          : xasprintf("%s/%s", stored, rest);
    }
    free(stored);
    free(dir);
    free(n->words[0].term);
    n->words[0].term = full;
}

static void
resolve_paths(const dindex_t *ix, qnode_t *n)
{
    if (!n)
        return;
    size_t pl = strlen(PREFIX_PATH), dl = strlen(PREFIX_DIR);
    if (n->kind == Q_BOOLEAN && n->term &&
        (strncmp(n->term, PREFIX_PATH, pl) == 0 || strncmp(n->term, PREFIX_DIR, dl) == 0)) {
        const char *prefix = strncmp(n->term, PREFIX_PATH, pl) == 0 ? PREFIX_PATH : PREFIX_DIR;
        char *stored = typed_path(ix, n->term + strlen(prefix), 0);
        buf_t t = BUF_INIT;
        if (strcmp(stored, ".") == 0) {
            /* The index's own folder: every document under it. */
            free(n->term);
            n->kind = Q_ALL;
            n->term = NULL;
        } else if (strcmp(prefix, PREFIX_DIR) == 0 && holds_base(ix, stored)) {
            to_folder_glob(n, stored);
        } else {
            index_key_term(prefix, stored, strlen(stored), &t);
            free(n->term);
            n->term = buf_detach(&t, NULL);
        }
        free(stored);
        buf_free(&t);
    } else if (n->kind == Q_WILDCARD && strcmp(n->prefix, PREFIX_PATH) == 0 && n->glob) {
        resolve_glob(ix, n);
    } else if (n->kind == Q_WILDCARD && strcmp(n->prefix, PREFIX_PATH) == 0 &&
               !strchr(n->words[0].term, '/') && strcmp(n->words[0].term, ".") != 0 &&
               strcmp(n->words[0].term, "..") != 0) {
        /* path:1993_* names no folder: file names that start so, under
         * any folder, as the pattern path:1993_*.txt does. */
        buf_t b = BUF_INIT;
        glob_escape(&b, n->words[0].term);
        buf_putc(&b, '*');
        free(n->words[0].term);
        n->words[0].term = buf_detach(&b, NULL);
        n->glob = QUERY_GLOB_NAME;
    } else if (n->kind == Q_WILDCARD && strcmp(n->prefix, PREFIX_PATH) == 0) {
        size_t len = strlen(n->words[0].term);
        int slash = len && n->words[0].term[len - 1] == '/';
        char *stored = typed_path(ix, n->words[0].term, !slash);
        if (slash && holds_base(ix, stored)) {
            to_folder_glob(n, stored);   /* a prefix above the index's folder */
        } else {
            free(n->words[0].term);
            n->words[0].term = slash && strcmp(stored, ".") != 0 ? xasprintf("%s/", stored)
                               : strcmp(stored, ".") == 0 ? xstrdup("")
                                                          : xstrdup(stored);
        }
        free(stored);
    }
    for (size_t i = 0; i < n->nkids; i++)
        resolve_paths(ix, n->kids[i]);
}

static int
stop_at_first(const char *term, size_t len, unsigned tf, void *ctx)
{
    (void)term;
    (void)len;
    (void)tf;
    *(int *)ctx = 1;
    return 1;
}

/* A query that matched nothing: name the path: and dir: filters that no
 * document passes at all, as the likely reason (most often a relative
 * path typed from another folder than the results print from). */
static void
warn_empty_paths(const dindex_t *ix, const qnode_t *n, query_t *q)
{
    if (!n)
        return;
    size_t pl = strlen(PREFIX_PATH), dl = strlen(PREFIX_DIR);
    int empty = 0;
    if (n->kind == Q_BOOLEAN && n->term &&
        (strncmp(n->term, PREFIX_PATH, pl) == 0 || strncmp(n->term, PREFIX_DIR, dl) == 0)) {
        unsigned tf = 0;
        empty = dx_db_termfreq(ix->db, n->term, strlen(n->term), &tf) == DX_OK && tf == 0;
    } else if (n->kind == Q_WILDCARD && strcmp(n->prefix, PREFIX_PATH) == 0 && n->glob) {
        empty = !build_path_glob_any(ix->db, n->words[0].term, n->glob == QUERY_GLOB_NAME,
                                     ix->nlocal > 0 ? ix->base : NULL);
    } else if (n->kind == Q_WILDCARD && strcmp(n->prefix, PREFIX_PATH) == 0) {
        char *prefix = xasprintf("%s%s", PREFIX_PATH, n->words[0].term);
        int found = 0;
        empty = dx_db_allterms(ix->db, prefix, stop_at_first, &found) == DX_OK && !found;
        free(prefix);
    }
    if (empty && n->label) {
        const char *colon = strchr(n->label, ':');
        int relative = colon && colon[1] != '/';
        query_warn(q, "'%s' finds nothing: no document's path is there%s", n->label,
                   relative ? " (a relative path is read from the current folder)" : "");
    }
    /* What NOT leaves out cannot be why nothing matched. */
    size_t kids = n->kind == Q_NOT && n->nkids ? 1 : n->nkids;
    for (size_t i = 0; i < kids; i++)
        warn_empty_paths(ix, n->kids[i], q);
}

int
search_run(dindex_t *ix, stems_t *stems, const char *text, const search_opts_t *opts,
           search_result_t *r, char **err)
{
    memset(r, 0, sizeof *r);
    *err = NULL;
    search_opts_t eff = *opts;
    const search_opts_t *o = &eff;
    query_opts_t qo = { o->today, ix->date_order };
    r->query = query_parse(text, &qo);
    resolve_paths(ix, r->query->root);
    buf_t b = BUF_INIT;
    query_describe(r->query->root, &b);
    r->described = buf_detach(&b, NULL);

    build_opts_t bo;
    memset(&bo, 0, sizeof bo);
    bo.title_weight = o->title_weight;
    bo.prox_weight = o->prox_weight;
    bo.prox_window = o->prox_window;
    bo.adj_weight = o->adj_weight;
    bo.adj_window = o->adj_window;
    bo.phrase_words = o->phrase_words;
    bo.base = ix->nlocal > 0 ? ix->base : NULL;
    size_t parts = scored_parts(r->query->root);
    /* Filters alone give every document the same score of 0: show the
     * newest first rather than in the order they were indexed. */
    if (parts == 0 && eff.sort == SEARCH_SORT_RELEVANCE)
        eff.sort = SEARCH_SORT_DATE_DESC;
    if (r->query->natural && parts >= 2 && !o->no_fallback) {
        bo.or_mode = 1;
        r->or_mode = 1;
        r->note = xasprintf("a question of %zu search words: ranking documents by how well "
                            "they match any of them (+word or AND for words that must be there)",
                            parts);
    }
    dx_query_t *q = build_query(r->query->root, ix->db, stems, &bo);
    if (!q) {
        *err = xasprintf("cannot build the query: %s", dx_error_last());
        return -1;
    }

    unsigned first = o->offset, max = o->limit;
    if (o->passages_mode) {
        /* Rank the passages of the best PASSAGES_POOL documents, however
         * many are shown, so that -n 10 shows the first ten of -n 300 and
         * pages fit together, however deep. */
        first = 0;
        max = PASSAGES_POOL;
    }
    /* Feedback depends on how many documents match, up to
     * FB_MATCHES_PER_DOC * fb_docs: counted exactly that far, whatever the
     * page, so that the ranking does not depend on it. */
    int fb_wanted = o->fb_docs && o->sort == SEARCH_SORT_RELEVANCE &&
                    (r->query->natural || o->fb_all);
    unsigned fb_count = fb_wanted ? FB_MATCHES_PER_DOC * o->fb_docs : 0;
    dx_mset_t *m = NULL;
    dx_status_t st = run_mset(ix, q, o, first, max, 1, fb_count, &m);
    /* The fallback is decided on whether the query matches at all, never
     * on the page: an empty page (-c, --facet, -n 0, an offset past the
     * last match) must neither hide it nor bring it on. */
    if (st == DX_OK && !mset_matched(m) && !r->or_mode && parts >= 2 &&
        !o->no_fallback && !r->query->all_asked && r->query->root->kind == Q_AND) {
        /* No document has every word: rank those with any. */
        dx_mset_t *m2 = NULL;
        bo.or_mode = 1;
        dx_query_t *q2 = build_query(r->query->root, ix->db, stems, &bo);
        if (q2 && run_mset(ix, q2, o, first, max, 1, fb_count, &m2) == DX_OK &&
            mset_matched(m2)) {
            dx_mset_free(m);
            m = m2;
            dx_query_free(q);
            q = q2;
            r->or_mode = 1;
            r->note = xstrdup("no document has all the words: showing documents that have "
                              "some of them");
        } else {
            dx_mset_free(m2);
            dx_query_free(q2);
        }
    }
    /* Feedback reads the best fb_docs documents, or a quarter of the
     * matches when that is fewer: words drawn from most of the matches
     * (10 of 13 in a small corpus) describe all of them rather than the
     * best, and drift from the question, reordering the matches by their
     * own words.  Under two documents, none. */
    unsigned fb_docs = o->fb_docs;
    if (st == DX_OK) {
        unsigned lower = dx_mset_matches_lower(m);
        if (fb_docs > lower / FB_MATCHES_PER_DOC)
            fb_docs = lower / FB_MATCHES_PER_DOC;
    }
    if (st == DX_OK && fb_wanted && fb_docs >= FB_MIN_DOCS && dx_mset_size(m) > 0) {
        /* Feedback from the best fb_docs documents, whatever the page
         * asked for: this page when it holds them, else a search for them. */
        dx_mset_t *top = NULL;
        unsigned got = dx_mset_size(m);
        int page_has_them = first == 0 && (got >= fb_docs || got < max);
        if (page_has_them || run_mset(ix, q, o, 0, fb_docs, 0, 0, &top) == DX_OK) {
            dx_query_t *qx = feedback_query(ix, stems, r->query->root, q, top ? top : m,
                                            fb_docs, o, r);
            dx_mset_t *m2 = NULL;
            if (qx && run_mset(ix, qx, o, first, max, 1, 0, &m2) == DX_OK) {
                dx_mset_free(m);
                m = m2;
                dx_query_free(q);
                q = qx;
            } else {
                dx_mset_free(m2);
                dx_query_free(qx);
                r->feedback_words = r->feedback_docs = 0;
            }
        }
        dx_mset_free(top);
    }
    r->xapian = dx_query_describe(q);
    dx_query_free(q);
    if (st != DX_OK) {
        *err = xasprintf("search failed: %s (%s)", dx_status_string(st), dx_db_error(ix->db));
        return -1;
    }
    r->estimated = dx_mset_matches_estimated(m);
    r->lower = dx_mset_matches_lower(m);
    r->upper = dx_mset_matches_upper(m);
    r->matched = mset_matched(m);
    if (!r->matched)
        warn_empty_paths(ix, r->query->root, r->query);
    r->nfacets = dx_mset_facet_count(m);
    if (r->nfacets) {
        r->facets = xcalloc(r->nfacets, sizeof *r->facets);
        for (size_t i = 0; i < r->nfacets; i++) {
            unsigned c;
            const char *v = dx_mset_facet(m, i, &c);
            r->facets[i].value = xstrdup(v);
            r->facets[i].count = c;
        }
    }

    unsigned n = dx_mset_size(m);
    int want_text = o->per_doc > 0 || o->passages_mode;
    pr_query_t *pq = want_text ? pr_query_new(r->query->root, ix->db, stems, ix->date_order) : NULL;
    r->hits = xcalloc(n ? n : 1, sizeof *r->hits);
    hits_want_t hw = { pq, o->per_doc, o->passages_mode };
    unsigned filled = 0;
    int rc = hits_fetch(ix, m, n, &hw, r->hits, &filled, err);
    r->nhits = filled;
    for (unsigned i = 0; i < filled; i++) {
        search_hit_t *h = &r->hits[i];
        h->rank = (o->passages_mode ? 0 : o->offset) + i + 1;
        if (!o->passages_mode)
            continue;
        /* Every matching passage of every hit, ranked together below. */
        r->passages = xrealloc(r->passages,
                               (r->npassages + h->npassages + 1) * sizeof *r->passages);
        for (size_t k = 0; k < h->npassages; k++) {
            r->passages[r->npassages].hit = i;
            r->passages[r->npassages].p = h->passages[k];
            r->npassages++;
        }
        free(h->passages);  /* the passages' highlights moved above */
        h->passages = NULL;
        h->npassages = 0;
    }
    if (rc == 0 && o->passages_mode && r->npassages) {
        order_passages(r, o);
        /* Keep [offset, offset + limit). */
        size_t from = o->offset < r->npassages ? o->offset : r->npassages;
        size_t to = from + o->limit < r->npassages ? from + o->limit : r->npassages;
        for (size_t i = 0; i < from; i++)
            free(r->passages[i].p.hl);
        for (size_t i = to; i < r->npassages; i++)
            free(r->passages[i].p.hl);
        memmove(r->passages, r->passages + from, (to - from) * sizeof *r->passages);
        r->npassages = to - from;
        for (size_t i = 0; i < r->npassages; i++)
            r->passages[i].rank = o->offset + (unsigned)i + 1;
    }
    /* A word no document has: when nothing matches, or when the words
     * were OR-ed (the others may have found something), offer the closest
     * one. */
    if (rc == 0 && (!r->matched || r->or_mode) && !r->query->natural)
        suggest(ix, stems, r->query->root, r);
    pr_query_free(pq);
    dx_mset_free(m);
    return rc;
}

void
search_result_free(search_result_t *r)
{
    query_free(r->query);
    free(r->described);
    free(r->xapian);
    free(r->note);
    for (size_t i = 0; i < r->nhits; i++) {
        record_free(&r->hits[i].rec);
        pr_passages_free(r->hits[i].passages, r->hits[i].npassages);
    }
    free(r->hits);
    for (size_t i = 0; i < r->npassages; i++)
        free(r->passages[i].p.hl);
    free(r->passages);
    for (size_t i = 0; i < r->nfacets; i++)
        free(r->facets[i].value);
    free(r->facets);
    for (size_t i = 0; i < r->nsuggestions; i++)
        free(r->suggestions[i]);
    free(r->suggestions);
    memset(r, 0, sizeof *r);
}
