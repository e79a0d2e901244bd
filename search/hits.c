/*
 * hits.c - reading a page of hits: their records and best passages
 * (see hits.h).
 */
#define _GNU_SOURCE   /* sched_getaffinity */
#include "search/hits.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

/* More threads than this gain nothing on a page of ten hits. */
#define HITS_MAX_THREADS 4

typedef struct hits_run {
    const dindex_t *ix;
    const hits_want_t *w;
    search_hit_t *hits;
    const char **data;         /* the stored records (owned by the mset) */
    size_t *len;
    unsigned n;
    atomic_uint next;
} hits_run_t;

/* Decode hit i and rank its passages.  Touches only hit i's slots, the
 * read-only query and the index's dictionaries (loaded beforehand). */
static void
decode_one(hits_run_t *r, unsigned i)
{
    search_hit_t *h = &r->hits[i];
    const hits_want_t *w = r->w;
    /* Passages skip the checksum of the text: a damaged record shows odd
     * words in a passage; 'show' still checks. */
    int what = w->pq ? REC_DECODE_TEXT | REC_DECODE_NOCHECK : REC_DECODE_META;
    record_init(&h->rec);
    if (record_decode(r->data[i], r->len[i], what, index_zdict_lookup, (void *)r->ix,
                      &h->rec) != 0) {
        /* A record we cannot read: show what we know. */
        record_init(&h->rec);
        h->rec.path = xasprintf("(document %u)", h->docid);
        h->rec.title = xstrdup("");
    }
    if (!w->pq)
        return;
    if (w->all) {
        /* A query of filters only (dates, fields) matches no words: each
         * document it finds stands by its first passage. */
        h->passages = pr_query_has_parts(w->pq) ? pr_all(w->pq, &h->rec, &h->npassages)
                                                : pr_best(w->pq, &h->rec, 1, &h->npassages);
    } else if (w->per_doc) {
        h->passages = pr_best(w->pq, &h->rec, w->per_doc, &h->npassages);
    }
}

static void *
worker(void *arg)
{
    hits_run_t *r = arg;
    unsigned i;
    while ((i = atomic_fetch_add(&r->next, 1)) < r->n)
        decode_one(r, i);
    return NULL;
}

/* Threads worth starting besides this one for n hits. */
static unsigned
helpers_for(unsigned n)
{
    cpu_set_t set;
    unsigned cpus = 1;
    if (sched_getaffinity(0, sizeof set, &set) == 0)
        cpus = (unsigned)CPU_COUNT(&set);
    if (cpus > HITS_MAX_THREADS)
        cpus = HITS_MAX_THREADS;
    if (cpus > n)
        cpus = n;
    return cpus ? cpus - 1 : 0;
}

int
hits_fetch(const dindex_t *ix, dx_mset_t *m, unsigned n, const hits_want_t *w,
           search_hit_t *hits, unsigned *nfilled, char **err)
{
    hits_run_t r;
    memset(&r, 0, sizeof r);
    r.ix = ix;
    r.w = w;
    r.hits = hits;
    r.data = xcalloc(n ? n : 1, sizeof *r.data);
    r.len = xcalloc(n ? n : 1, sizeof *r.len);
    int rc = 0;
    unsigned got = 0;
    for (; got < n; got++) {
        dx_status_t st = dx_mset_data(m, got, &r.data[got], &r.len[got]);
        if (st != DX_OK) {
            *err = xasprintf("cannot read a document: %s", dx_status_string(st));
            rc = -1;
            break;
        }
        if (r.len[got] == 0) {
            /* Every document has a record; Xapian reads a docdata table it
             * cannot open (permissions) as empty. */
            *err = xasprintf("cannot read the record of document %u (is the index's "
                             "docdata.glass readable?)", dx_mset_docid(m, got));
            rc = -1;
            break;
        }
        search_hit_t *h = &hits[got];
        h->docid = dx_mset_docid(m, got);
        h->score = dx_mset_weight(m, got);
    }
    r.n = got;
    /* The dictionaries are read on first use: here, before any thread. */
    if (w->pq)
        index_zdict_lookup((void *)ix, 0);
    unsigned nh = w->pq ? helpers_for(got) : 0;
    pthread_t tid[HITS_MAX_THREADS];
    unsigned started = 0;
    while (started < nh && pthread_create(&tid[started], NULL, worker, &r) == 0)
        started++;
    worker(&r);
    for (unsigned k = 0; k < started; k++)
        pthread_join(tid[k], NULL);
    free(r.data);
    free(r.len);
    *nfilled = got;
    return rc;
}
