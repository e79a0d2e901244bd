/*
 * similar.c - the documents most like a given one (see similar.h).
 */
#include "search/similar.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lib/record.h"
#include "lib/schema.h"
#include "search/query.h"
#include "util/buf.h"
#include "util/path.h"
#include "util/xalloc.h"

/* A word of the document with its weight there. */
typedef struct cand {
    char *term;
    double weight;
} cand_t;

typedef struct pick {
    dx_db_t *db;
    double ndocs;
    cand_t *v;
    size_t n, cap;
} pick_t;

static int
all_digits(const char *t, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (t[i] < '0' || t[i] > '9')
            return 0;
    return 1;
}

/* Every word of the document that can find another one: tf-idf. */
static int
take_term(const char *term, size_t len, unsigned wdf, void *ctx)
{
    pick_t *p = ctx;
    unsigned df = 0;
    if (len == 0 || (term[0] >= 'A' && term[0] <= 'Z') || wdf == 0)
        return 0;  /* prefixed (fields, filters) */
    /* Stop words, numbers and one- or two-letter scraps ("r" of "(R-TX)")
     * say nothing about a document's subject. */
    if (len < 3 || query_is_stopword(term, len) || all_digits(term, len) ||
        dx_db_termfreq(p->db, term, len, &df) != DX_OK || df < 2 || df >= p->ndocs)
        return 0;
    p->v = xgrow(p->v, &p->cap, p->n + 1, sizeof *p->v);
    p->v[p->n].term = xstrndup(term, len);
    p->v[p->n].weight = (double)wdf * log(p->ndocs / df);
    p->n++;
    return 0;
}

static int
cmp_cand(const void *a, const void *b)
{
    const cand_t *x = a, *y = b;
    if (x->weight != y->weight)
        return x->weight < y->weight ? 1 : -1;
    return strcmp(x->term, y->term);
}

/* The document's id: the stored form of path, or path as stored. */
static dx_docid_t
find_doc(dindex_t *ix, const char *path, buf_t *idterm)
{
    dx_docid_t id = 0;
    char *abs = path_absolute(path);
    char *stored = index_store_path(ix, abs);
    index_key_term(PREFIX_ID, stored, strlen(stored), idterm);
    if (dx_db_find(ix->db, buf_cstr(idterm), &id) != DX_OK) {
        index_key_term(PREFIX_ID, path, strlen(path), idterm);
        if (dx_db_find(ix->db, buf_cstr(idterm), &id) != DX_OK)
            id = 0;
    }
    free(abs);
    free(stored);
    return id;
}

similar_status_t
similar_run(dindex_t *ix, const char *path, unsigned nterms, unsigned limit,
            similar_result_t *r, char **err)
{
    memset(r, 0, sizeof *r);
    *err = NULL;
    buf_t idterm = BUF_INIT;
    dx_docid_t self = find_doc(ix, path, &idterm);
    if (!self) {
        buf_free(&idterm);
        return SIMILAR_NOT_FOUND;
    }
    pick_t p = { ix->db, (double)dx_db_doccount(ix->db), NULL, 0, 0 };
    dx_status_t st = dx_db_termlist(ix->db, self, take_term, &p);
    qsort(p.v, p.n, sizeof *p.v, cmp_cand);
    r->terms = xcalloc(p.n ? p.n : 1, sizeof *r->terms);
    for (size_t i = 0; i < p.n; i++) {
        if (r->nterms < nterms)
            r->terms[r->nterms++] = p.v[i].term;
        else
            free(p.v[i].term);
    }
    free(p.v);
    if (st != DX_OK) {
        *err = xasprintf("cannot read the document's terms: %s", dx_status_string(st));
        buf_free(&idterm);
        return SIMILAR_ERROR;
    }
    if (r->nterms == 0) {
        buf_free(&idterm);
        return SIMILAR_OK;
    }

    size_t nq = r->nterms;
    dx_query_t **q = xcalloc(nq, sizeof *q);
    for (size_t i = 0; i < nq; i++)
        q[i] = dx_query_term(r->terms[i], strlen(r->terms[i]), 1, 0);
    dx_query_t *any = dx_query_combine(DX_OP_OR, q, nq, 0);
    dx_query_t *me = dx_query_term(idterm.data, idterm.len, 1, 0);
    dx_query_t *pair[2] = { any, me };
    dx_query_t *query = dx_query_combine(DX_OP_AND_NOT, pair, 2, 0);
    for (size_t i = 0; i < nq; i++)
        dx_query_free(q[i]);
    free(q);
    dx_query_free(any);
    dx_query_free(me);
    buf_free(&idterm);

    dx_search_opts_t so;
    dx_search_opts_init(&so);
    so.with_values = 0;   /* a hit's date and path are in its record */
    so.check_at_least = 1;  /* whether one matches, even for -n 0 */
    dx_mset_t *m = NULL;
    st = dx_db_search(ix->db, query, &so, 0, limit, &m);
    dx_query_free(query);
    if (st != DX_OK) {
        *err = xasprintf("search failed: %s", dx_status_string(st));
        dx_mset_free(m);
        return SIMILAR_ERROR;
    }
    unsigned n = dx_mset_size(m);
    r->matched = dx_mset_matches_lower(m) > 0;
    r->hits = xcalloc(n ? n : 1, sizeof *r->hits);
    for (unsigned i = 0; i < n; i++) {
        search_hit_t *h = &r->hits[r->nhits++];
        dx_doc_t *doc = NULL;
        char *data = NULL;
        size_t len = 0;
        record_init(&h->rec);
        if (dx_mset_doc(m, i, &doc) != DX_OK || dx_doc_get_data(doc, &data, &len) != DX_OK ||
            record_decode(data, len, REC_DECODE_META, NULL, NULL, &h->rec) != 0) {
            record_free(&h->rec);
            record_init(&h->rec);
            h->rec.path = xasprintf("(document %u)", dx_mset_docid(m, i));
            h->rec.title = xstrdup("");
        }
        free(data);
        dx_doc_free(doc);
        h->rank = i + 1;
        h->score = dx_mset_weight(m, i);
        h->docid = dx_mset_docid(m, i);
    }
    dx_mset_free(m);
    return SIMILAR_OK;
}

void
similar_result_free(similar_result_t *r)
{
    for (size_t i = 0; i < r->nhits; i++)
        record_free(&r->hits[i].rec);
    free(r->hits);
    for (size_t i = 0; i < r->nterms; i++)
        free(r->terms[i]);
    free(r->terms);
    memset(r, 0, sizeof *r);
}
