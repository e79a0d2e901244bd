/*
 * search.c - running a query (see search.h).
 */
#include "search/search.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/schema.h"
#include "search/build.h"
#include "util/buf.h"
#include "util/xalloc.h"

void
search_opts_init(search_opts_t *o)
{
    memset(o, 0, sizeof *o);
    o->limit = 10;
    o->k1 = -1;
    o->b = -1;
    o->per_doc = 3;
    o->today = date_from_time(time(NULL));
}

/* Plain words AND-ed at the top: the parts OR mode can loosen. */
static size_t
scored_parts(const qnode_t *root)
{
    if (!root)
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
         unsigned max, int facets, dx_mset_t **mset)
{
    dx_search_opts_t so;
    dx_search_opts_init(&so);
    so.k1 = o->k1 >= 0 ? o->k1 : SEARCH_DEFAULT_K1;
    so.b = o->b >= 0 ? o->b : SEARCH_DEFAULT_B;
    if (o->sort != SEARCH_SORT_RELEVANCE) {
        so.sort_slot = SLOT_DATE;
        so.sort_descending = o->sort == SEARCH_SORT_DATE_DESC;
    }
    if (facets && o->facet != SEARCH_FACET_NONE)
        so.facet_slot = o->facet == SEARCH_FACET_YEAR ? SLOT_YEAR : SLOT_MONTH;
    if ((facets && o->facet != SEARCH_FACET_NONE) || o->exact_count)
        so.check_at_least = dx_db_doccount(ix->db);
    return dx_db_search(ix->db, q, &so, first, max, mset);
}

/* Words of the query that the index does not hold, with a close word
 * that it does (from the spelling data). */
static void
suggest(dindex_t *ix, stems_t *stems, const qnode_t *n, search_result_t *r)
{
    if (!n)
        return;
    if (n->kind == Q_TERM && n->prefix[0] == '\0' && !n->exact) {
        const char *w = n->words[0].term;
        size_t nv = 0;
        char **vars = stems_variants(stems, ix->db, w, strlen(w), &nv);
        unsigned total = 0;
        for (size_t i = 0; i < nv; i++) {
            unsigned tf = 0;
            dx_db_termfreq(ix->db, vars[i], strlen(vars[i]), &tf);
            total += tf;
            free(vars[i]);
        }
        free(vars);
        if (total == 0) {
            char *s = NULL;
            if (dx_db_spelling_suggestion(ix->db, w, &s) == DX_OK && s && *s) {
                r->suggestions = xrealloc(r->suggestions,
                                          (r->nsuggestions + 2) * sizeof *r->suggestions);
                r->suggestions[r->nsuggestions++] = xstrdup(w);
                r->suggestions[r->nsuggestions++] = s;
            } else {
                free(s);
            }
        }
        return;
    }
    if (n->kind == Q_NOT) {
        suggest(ix, stems, n->kids[0], r);
        return;
    }
    for (size_t i = 0; i < n->nkids; i++)
        suggest(ix, stems, n->kids[i], r);
}

static int
fetch_hit(const dindex_t *ix, dx_mset_t *m, unsigned i, int want_text, search_hit_t *h,
          char **err)
{
    dx_doc_t *doc = NULL;
    char *data = NULL;
    size_t len = 0;
    dx_status_t st = dx_mset_doc(m, i, &doc);
    if (st == DX_OK)
        st = dx_doc_get_data(doc, &data, &len);
    dx_doc_free(doc);
    if (st != DX_OK) {
        *err = xasprintf("cannot read a document: %s (%s)", dx_status_string(st),
                         dx_mset_error(m));
        free(data);
        return -1;
    }
    record_init(&h->rec);
    if (record_decode(data, len, want_text ? REC_DECODE_TEXT : REC_DECODE_META, &h->rec) != 0) {
        /* A record we cannot read: show what we know. */
        record_init(&h->rec);
        h->rec.path = xasprintf("(document %u)", dx_mset_docid(m, i));
        h->rec.title = xstrdup("");
    }
    free(data);
    h->docid = dx_mset_docid(m, i);
    h->score = dx_mset_weight(m, i);
    /* Xapian numbers the documents of a group round-robin over shards. */
    size_t nshards = dx_db_shard_count(ix->db);
    h->remote = nshards && (size_t)((h->docid - 1) % nshards) >= ix->nlocal;
    return 0;
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

int
search_run(dindex_t *ix, stems_t *stems, const char *text, const search_opts_t *o,
           search_result_t *r, char **err)
{
    memset(r, 0, sizeof *r);
    *err = NULL;
    query_opts_t qo = { o->today, ix->date_order };
    r->query = query_parse(text, &qo);
    buf_t b = BUF_INIT;
    query_describe(r->query->root, &b);
    r->described = buf_detach(&b, NULL);

    build_opts_t bo = { 0, 0.0 };
    size_t parts = scored_parts(r->query->root);
    if (r->query->natural && parts >= 2 && !o->no_fallback) {
        bo.or_mode = 1;
        r->or_mode = 1;
        r->note = xasprintf("a question of %zu words: ranking documents by how well they "
                            "match any of them (put words in quotes or use AND for all)",
                            parts);
    }
    dx_query_t *q = build_query(r->query->root, ix->db, stems, &bo);
    if (!q) {
        *err = xasprintf("cannot build the query: %s", dx_error_last());
        return -1;
    }

    unsigned first = o->offset, max = o->limit;
    if (o->passages_mode) {
        /* Rank the passages of the best documents. */
        first = 0;
        max = (o->offset + o->limit) * 5;
        if (max < 50)
            max = 50;
    }
    dx_mset_t *m = NULL;
    dx_status_t st = run_mset(ix, q, o, first, max, 1, &m);
    if (st == DX_OK && dx_mset_size(m) == 0 && !r->or_mode && parts >= 2 &&
        !o->no_fallback && r->query->root->kind == Q_AND) {
        /* No document has every word: rank those with any. */
        dx_mset_t *m2 = NULL;
        bo.or_mode = 1;
        dx_query_t *q2 = build_query(r->query->root, ix->db, stems, &bo);
        if (q2 && run_mset(ix, q2, o, first, max, 1, &m2) == DX_OK && dx_mset_size(m2) > 0) {
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
    r->xapian = dx_query_describe(q);
    dx_query_free(q);
    if (st != DX_OK) {
        *err = xasprintf("search failed: %s (%s)", dx_status_string(st), dx_db_error(ix->db));
        return -1;
    }
    r->estimated = dx_mset_matches_estimated(m);
    r->lower = dx_mset_matches_lower(m);
    r->upper = dx_mset_matches_upper(m);
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
    pr_query_t *pq = want_text ? pr_query_new(r->query->root, ix->db, stems) : NULL;
    r->hits = xcalloc(n ? n : 1, sizeof *r->hits);
    int rc = 0;
    for (unsigned i = 0; i < n && rc == 0; i++) {
        search_hit_t *h = &r->hits[r->nhits];
        if (fetch_hit(ix, m, i, want_text, h, err) != 0) {
            rc = -1;
            break;
        }
        h->rank = (o->passages_mode ? 0 : o->offset) + (unsigned)r->nhits + 1;
        r->nhits++;
        if (o->passages_mode) {
            size_t np = 0;
            pr_passage_t *all = pr_all(pq, &h->rec, &np);
            r->passages = xrealloc(r->passages, (r->npassages + np + 1) * sizeof *r->passages);
            for (size_t k = 0; k < np; k++) {
                r->passages[r->npassages].hit = r->nhits - 1;
                r->passages[r->npassages].p = all[k];
                r->npassages++;
            }
            free(all);  /* the passages' highlights moved above */
        } else if (o->per_doc) {
            h->passages = pr_best(pq, &h->rec, o->per_doc, &h->npassages);
        }
    }
    if (rc == 0 && o->passages_mode && r->npassages) {
        qsort(r->passages, r->npassages, sizeof *r->passages, cmp_passage);
        /* Keep [offset, offset + limit). */
        size_t from = o->offset < r->npassages ? o->offset : r->npassages;
        size_t to = from + o->limit < r->npassages ? from + o->limit : r->npassages;
        for (size_t i = 0; i < from; i++)
            free(r->passages[i].p.hl);
        for (size_t i = to; i < r->npassages; i++)
            free(r->passages[i].p.hl);
        memmove(r->passages, r->passages + from, (to - from) * sizeof *r->passages);
        r->npassages = to - from;
    }
    if (rc == 0 && r->nhits == 0)
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
