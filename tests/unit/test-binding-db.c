/*
 * test-binding-db.c - the binding's database side (binding/dx.h):
 * writing and reading back, replacing and deleting, commit visibility and
 * the open transaction, the write lock, error mapping, spelling and
 * compaction.  Groups of shards are in test-binding-group.c, queries in
 * test-binding-query.c.
 */
#include <check.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "binding/dx.h"
#include "dxfixture.h"
#include "testutil.h"
#include "util/buf.h"
#include "util/xalloc.h"

static double
now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static char *
sub(const char *dir, const char *name)
{
    return xasprintf("%s/%s", dir, name);
}

/* The docid of an id term, or 0 if not found. */
static dx_docid_t
find(dx_db_t *db, const char *idterm)
{
    dx_docid_t id = 0;
    return dx_db_find(db, idterm, &id) == DX_OK ? id : 0;
}

static char *
get_meta(dx_db_t *db, const char *key)
{
    char *v = NULL;
    size_t len = 99;
    ck_assert_msg(dx_db_get_metadata(db, key, &v, &len) == DX_OK, "%s",
                  dx_db_error(db));
    ck_assert_uint_eq(len, strlen(v));
    return v;
}

/* ------------------------------------------------------------------ */
/* Writing and reading everything back                                  */
/* ------------------------------------------------------------------ */

static int
stop_after_one(const char *term, size_t len, unsigned n, void *ctx)
{
    (void)term;
    (void)len;
    (void)n;
    (*(int *)ctx)++;
    return 1;
}

START_TEST(test_roundtrip)
{
    char *dir = tu_tmpdir("dxdb");
    char *path = sub(dir, "db");
    dx_db_t *w = fx_open_rw(path);
    ck_assert_int_eq(dx_db_is_writable(w), 1);
    for (int i = 0; i < FX_NDOCS; i++)
        ck_assert_uint_eq(fx_add(w, i), (dx_docid_t)(i + 1));
    ck_assert_int_eq(dx_db_set_metadata(w, "dossier:schema", "1", 1), DX_OK);
    ck_assert_int_eq(dx_db_set_metadata(w, "stem:sanction", "sanctions", 9), DX_OK);
    ck_assert_int_eq(dx_db_set_metadata(w, "stem:polici", "policy", 6), DX_OK);
    /* A value with an embedded NUL survives. */
    ck_assert_int_eq(dx_db_set_metadata(w, "bin", "a\0b", 3), DX_OK);
    ck_assert_int_eq(dx_db_commit(w), DX_OK);
    dx_db_close(w);

    dx_db_t *db = fx_open_ro(path);
    ck_assert_int_eq(dx_db_is_writable(db), 0);
    ck_assert_uint_eq(dx_db_shard_count(db), 1);
    ck_assert_str_eq(dx_db_shard_spec(db, 0), path);
    ck_assert_str_eq(dx_db_shard_spec(db, 1), "");
    ck_assert_uint_eq(dx_db_doccount(db), 6);
    ck_assert_uint_eq(dx_db_lastdocid(db), 6);
    ck_assert_double_eq_tol(dx_db_avlength(db), 34.0 / 6.0, 1e-9);

    /* Find and fetch: data and values. */
    dx_docid_t id3 = find(db, "Q3");
    ck_assert_uint_eq(id3, 3);
    dx_doc_t *doc = NULL;
    ck_assert_int_eq(dx_db_get_doc(db, id3, &doc), DX_OK);
    char *s = NULL;
    size_t len = 0;
    ck_assert_int_eq(dx_doc_get_data(doc, &s, &len), DX_OK);
    ck_assert_str_eq(s, "record 3");
    ck_assert_uint_eq(len, 8);
    free(s);
    ck_assert_int_eq(dx_doc_get_value(doc, FX_SLOT_DATE, &s, &len), DX_OK);
    ck_assert_str_eq(s, "20210901");
    free(s);
    ck_assert_int_eq(dx_doc_get_value(doc, FX_SLOT_TYPE, &s, &len), DX_OK);
    ck_assert_str_eq(s, "report");
    free(s);
    ck_assert_int_eq(dx_doc_get_value(doc, 9, &s, &len), DX_OK);
    ck_assert_str_eq(s, "");
    ck_assert_uint_eq(len, 0);
    free(s);
    /* The fetched document's terms are the termlist. */
    buf_t b1 = BUF_INIT, b2 = BUF_INIT;
    ck_assert_int_eq(dx_doc_terms(doc, fx_collect_term, &b1), DX_OK);
    ck_assert_int_eq(dx_db_termlist(db, id3, fx_collect_term, &b2), DX_OK);
    ck_assert_str_eq(buf_cstr(&b1),
                     "Q3:0,XTreport:0,change:1,climate:1,for:1,policy:1,"
                     "regulation:1,trade:1,");
    ck_assert_str_eq(buf_cstr(&b1), buf_cstr(&b2));
    dx_doc_free(doc);

    /* wdf counts repeated postings. */
    buf_clear(&b1);
    ck_assert_int_eq(dx_db_termlist(db, 5, fx_collect_term, &b1), DX_OK);
    ck_assert_str_eq(buf_cstr(&b1), "Q5:0,XTmemo:0,carbon:1,sanctions:3,tax:1,");

    /* Positions. */
    unsigned *pos = NULL;
    size_t npos = 0;
    ck_assert_int_eq(dx_db_positions(db, 5, "sanctions", &pos, &npos), DX_OK);
    ck_assert_uint_eq(npos, 3);
    ck_assert_uint_eq(pos[0], 3);
    ck_assert_uint_eq(pos[1], 4);
    ck_assert_uint_eq(pos[2], 5);
    free(pos);
    ck_assert_int_eq(dx_db_positions(db, 1, "regime", &pos, &npos), DX_OK);
    ck_assert_uint_eq(npos, 1);
    ck_assert_uint_eq(pos[0], 5);
    free(pos);
    /* A boolean term and an absent term have no positions. */
    ck_assert_int_eq(dx_db_positions(db, 1, "Q1", &pos, &npos), DX_OK);
    ck_assert_uint_eq(npos, 0);
    free(pos);
    ck_assert_int_eq(dx_db_positions(db, 1, "carbon", &pos, &npos), DX_OK);
    ck_assert_uint_eq(npos, 0);
    free(pos);

    /* All terms with a prefix, in byte order, with termfreqs. */
    buf_clear(&b1);
    ck_assert_int_eq(dx_db_allterms(db, "Q", fx_collect_term, &b1), DX_OK);
    ck_assert_str_eq(buf_cstr(&b1), "Q1:1,Q2:1,Q3:1,Q4:1,Q5:1,Q6:1,");
    buf_clear(&b1);
    ck_assert_int_eq(dx_db_allterms(db, "XT", fx_collect_term, &b1), DX_OK);
    ck_assert_str_eq(buf_cstr(&b1), "XTbrief:1,XTmemo:2,XTreport:3,");
    buf_clear(&b1);
    ck_assert_int_eq(dx_db_allterms(db, "re", fx_collect_term, &b1), DX_OK);
    ck_assert_str_eq(buf_cstr(&b1), "regime:2,regulation:1,");
    buf_clear(&b1);
    ck_assert_int_eq(dx_db_allterms(db, "zzz", fx_collect_term, &b1), DX_OK);
    ck_assert_str_eq(buf_cstr(&b1), "");
    /* NULL prefix: every term; a callback's non-zero return stops. */
    int calls = 0;
    ck_assert_int_eq(dx_db_allterms(db, NULL, stop_after_one, &calls), DX_OK);
    ck_assert_int_eq(calls, 1);
    buf_clear(&b1);
    ck_assert_int_eq(dx_db_allterms(db, NULL, fx_collect_term, &b1), DX_OK);
    ck_assert_ptr_nonnull(strstr(buf_cstr(&b1), "Q1:1,"));
    ck_assert_ptr_nonnull(strstr(buf_cstr(&b1), ",undated:1,"));

    /* The value stream of a slot, in docid order (6 has no year). */
    buf_clear(&b1);
    ck_assert_int_eq(dx_db_values(db, FX_SLOT_YEAR, fx_collect_value, &b1), DX_OK);
    ck_assert_str_eq(buf_cstr(&b1), "1=2020,2=2021,3=2021,4=2019,5=2022,");
    buf_clear(&b1);
    ck_assert_int_eq(dx_db_values(db, 7, fx_collect_value, &b1), DX_OK);
    ck_assert_str_eq(buf_cstr(&b1), "");

    /* Value bounds. */
    char *lo = NULL, *hi = NULL;
    ck_assert_int_eq(dx_db_value_bounds(db, FX_SLOT_DATE, &lo, &hi), DX_OK);
    ck_assert_str_eq(lo, "20190520");
    ck_assert_str_eq(hi, "20220101");
    free(lo);
    free(hi);
    ck_assert_int_eq(dx_db_value_bounds(db, 7, &lo, &hi), DX_OK);
    ck_assert_str_eq(lo, "");
    ck_assert_str_eq(hi, "");
    free(lo);
    free(hi);

    /* Metadata and its keys. */
    s = get_meta(db, "dossier:schema");
    ck_assert_str_eq(s, "1");
    free(s);
    s = NULL;
    len = 99;
    ck_assert_int_eq(dx_db_get_metadata(db, "bin", &s, &len), DX_OK);
    ck_assert_uint_eq(len, 3);
    ck_assert_mem_eq(s, "a\0b", 3);
    free(s);
    len = 99;
    ck_assert_int_eq(dx_db_get_metadata(db, "absent", &s, &len), DX_OK);
    ck_assert_str_eq(s, "");
    ck_assert_uint_eq(len, 0);
    free(s);
    ck_assert_int_eq(dx_db_shard_metadata(db, 0, "stem:sanction", &s, &len), DX_OK);
    ck_assert_str_eq(s, "sanctions");
    free(s);
    ck_assert_int_eq(dx_db_shard_metadata(db, 1, "stem:sanction", &s, &len),
                     DX_ERR_INVALID);
    ck_assert_ptr_null(s);
    ck_assert_str_ne(dx_db_error(db), "");
    buf_clear(&b1);
    ck_assert_int_eq(dx_db_metadata_keys(db, "stem:", fx_collect_key, &b1), DX_OK);
    ck_assert_str_eq(buf_cstr(&b1), "stem:polici,stem:sanction,");
    buf_clear(&b1);
    ck_assert_int_eq(dx_db_metadata_keys(db, NULL, fx_collect_key, &b1), DX_OK);
    ck_assert_str_eq(buf_cstr(&b1), "bin,dossier:schema,stem:polici,stem:sanction,");

    /* Frequencies. */
    unsigned tf = 99;
    uint64_t cf = 99;
    ck_assert_int_eq(dx_db_termfreq(db, "sanctions", 9, &tf), DX_OK);
    ck_assert_uint_eq(tf, 3);
    ck_assert_int_eq(dx_db_collection_freq(db, "sanctions", 9, &cf), DX_OK);
    ck_assert_uint_eq(cf, 5);
    /* len counts: "sanctionsXXX" cut to 9 bytes is "sanctions". */
    ck_assert_int_eq(dx_db_termfreq(db, "sanctionsXXX", 9, &tf), DX_OK);
    ck_assert_uint_eq(tf, 3);
    ck_assert_int_eq(dx_db_termfreq(db, "trade", 5, &tf), DX_OK);
    ck_assert_uint_eq(tf, 3);
    ck_assert_int_eq(dx_db_collection_freq(db, "XTreport", 8, &cf), DX_OK);
    ck_assert_uint_eq(cf, 0); /* boolean terms have wdf 0 */
    ck_assert_int_eq(dx_db_termfreq(db, "absent", 6, &tf), DX_OK);
    ck_assert_uint_eq(tf, 0);
    ck_assert_int_eq(dx_db_collection_freq(db, "absent", 6, &cf), DX_OK);
    ck_assert_uint_eq(cf, 0);

    /* Reopening an unchanged database is harmless. */
    ck_assert_int_eq(dx_db_reopen(db), DX_OK);
    ck_assert_uint_eq(dx_db_doccount(db), 6);

    buf_free(&b1);
    buf_free(&b2);
    dx_db_close(db);
    tu_rmtree(dir);
    free(path);
    free(dir);
}
END_TEST

/* Documents built in memory, before any database. */
/* Hits carry their data whether their values are read with the search or
 * not, and their values read either way agree with the stored document. */
START_TEST(test_search_with_and_without_values)
{
    char *dir = tu_tmpdir("dxdb");
    char *path = sub(dir, "db");
    dx_db_t *w = fx_open_rw(path);
    for (int i = 0; i < FX_NDOCS; i++)
        fx_add(w, i);
    ck_assert_int_eq(dx_db_commit(w), DX_OK);
    dx_db_close(w);

    dx_db_t *db = fx_open_ro(path);
    dx_query_t *q = dx_query_term("policy", 6, 1, 0);
    for (int with = 0; with <= 1; with++) {
        dx_search_opts_t so;
        dx_search_opts_init(&so);
        ck_assert_int_eq(so.with_values, 1);
        so.with_values = with;
        dx_mset_t *m = NULL;
        ck_assert_int_eq(dx_db_search(db, q, &so, 0, 10, &m), DX_OK);
        ck_assert_uint_gt(dx_mset_size(m), 0);
        for (unsigned i = 0; i < dx_mset_size(m); i++) {
            dx_docid_t id = dx_mset_docid(m, i);
            dx_doc_t *hit = NULL, *stored = NULL;
            ck_assert_int_eq(dx_mset_doc(m, i, &hit), DX_OK);
            ck_assert_int_eq(dx_db_get_doc(db, id, &stored), DX_OK);
            char *a = NULL, *b = NULL;
            size_t alen = 0, blen = 0;
            ck_assert_int_eq(dx_doc_get_data(hit, &a, &alen), DX_OK);
            char want[32];
            snprintf(want, sizeof want, "record %u", id);
            ck_assert_str_eq(a, want);
            free(a);
            ck_assert_int_eq(dx_doc_get_value(hit, FX_SLOT_DATE, &a, &alen), DX_OK);
            ck_assert_int_eq(dx_doc_get_value(stored, FX_SLOT_DATE, &b, &blen), DX_OK);
            ck_assert_uint_eq(alen, blen);
            ck_assert_uint_gt(alen, 0);
            ck_assert_str_eq(a, b);
            free(a);
            free(b);
            dx_doc_free(hit);
            dx_doc_free(stored);
        }
        dx_mset_free(m);
    }
    dx_query_free(q);
    dx_db_close(db);
    tu_rmtree(dir);
    free(path);
    free(dir);
}
END_TEST

START_TEST(test_doc_in_memory)
{
    dx_doc_t *doc = dx_doc_new();
    ck_assert_int_eq(dx_doc_add_posting(doc, "alpha", 5, 1, 1), DX_OK);
    ck_assert_int_eq(dx_doc_add_posting(doc, "alpha", 5, 7, 2), DX_OK);
    ck_assert_int_eq(dx_doc_add_term(doc, "beta", 4, 4), DX_OK);
    ck_assert_int_eq(dx_doc_add_boolean(doc, "Qid", 3), DX_OK);
    ck_assert_int_eq(dx_doc_add_term(doc, "gamma", 5, 1), DX_OK);
    ck_assert_int_eq(dx_doc_remove_term(doc, "gamma", 5), DX_OK);
    /* Removing a term the document lacks is the caller's mistake. */
    ck_assert_int_eq(dx_doc_remove_term(doc, "gamma", 5), DX_ERR_INVALID);
    ck_assert_str_ne(dx_doc_error(doc), "");
    /* Terms can hold any bytes, NUL included. */
    ck_assert_int_eq(dx_doc_add_term(doc, "x\0y", 3, 1), DX_OK);
    buf_t b = BUF_INIT;
    ck_assert_int_eq(dx_doc_terms(doc, fx_collect_term, &b), DX_OK);
    ck_assert_uint_eq(b.len, strlen("Qid:0,alpha:3,beta:4,x") + strlen(":1,") + 2);
    ck_assert_mem_eq(b.data, "Qid:0,alpha:3,beta:4,x\0y:1,", b.len);
    buf_free(&b);

    char *s = NULL;
    size_t len = 99;
    ck_assert_int_eq(dx_doc_get_data(doc, &s, &len), DX_OK);
    ck_assert_str_eq(s, "");
    ck_assert_uint_eq(len, 0);
    free(s);
    ck_assert_int_eq(dx_doc_set_data(doc, "x\0z", 3), DX_OK);
    ck_assert_int_eq(dx_doc_get_data(doc, &s, &len), DX_OK);
    ck_assert_uint_eq(len, 3);
    ck_assert_mem_eq(s, "x\0z", 3);
    free(s);
    ck_assert_int_eq(dx_doc_set_value(doc, 3, "v3", 2), DX_OK);
    ck_assert_int_eq(dx_doc_get_value(doc, 3, &s, &len), DX_OK);
    ck_assert_str_eq(s, "v3");
    free(s);
    /* Setting an empty value removes it. */
    ck_assert_int_eq(dx_doc_set_value(doc, 3, "", 0), DX_OK);
    ck_assert_int_eq(dx_doc_get_value(doc, 3, &s, &len), DX_OK);
    ck_assert_str_eq(s, "");
    free(s);
    dx_doc_free(doc);
    dx_doc_free(NULL);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Replace, delete, find                                                */
/* ------------------------------------------------------------------ */

START_TEST(test_replace_delete)
{
    char *dir = tu_tmpdir("dxdb");
    char *path = sub(dir, "db");
    dx_db_t *w = fx_open_rw(path);
    for (int i = 0; i < FX_NDOCS; i++)
        fx_add(w, i);
    ck_assert_int_eq(dx_db_commit(w), DX_OK);
    ck_assert_uint_eq(dx_db_doccount(w), 6);

    /* Re-adding the same document changes nothing. */
    ck_assert_uint_eq(fx_add(w, 1), 2);
    ck_assert_uint_eq(dx_db_doccount(w), 6);
    unsigned tf = 0;
    ck_assert_int_eq(dx_db_termfreq(w, "sanctions", 9, &tf), DX_OK);
    ck_assert_uint_eq(tf, 3);

    /* Replacing Q2 with new content keeps its docid and the count. */
    dx_doc_t *doc = dx_doc_new();
    dx_doc_add_posting(doc, "tariffs", 7, 1, 1);
    dx_doc_add_posting(doc, "replaced", 8, 2, 1);
    dx_doc_add_boolean(doc, "Q2", 2);
    dx_doc_set_data(doc, "record 2 v2", 11);
    dx_doc_set_value(doc, FX_SLOT_YEAR, "2023", 4);
    dx_docid_t id = 0;
    ck_assert_int_eq(dx_db_replace(w, "Q2", doc, &id), DX_OK);
    ck_assert_uint_eq(id, 2);
    /* The document is not consumed: replacing again with NULL docid works. */
    ck_assert_int_eq(dx_db_replace(w, "Q2", doc, NULL), DX_OK);
    dx_doc_free(doc);
    ck_assert_uint_eq(dx_db_doccount(w), 6);
    ck_assert_uint_eq(find(w, "Q2"), 2);
    ck_assert_int_eq(dx_db_termfreq(w, "tariffs", 7, &tf), DX_OK);
    ck_assert_uint_eq(tf, 1);
    ck_assert_int_eq(dx_db_termfreq(w, "regime", 6, &tf), DX_OK);
    ck_assert_uint_eq(tf, 1); /* only document 1 now */
    ck_assert_int_eq(dx_db_termfreq(w, "sanctions", 9, &tf), DX_OK);
    ck_assert_uint_eq(tf, 2);

    /* Deleting by id term, and by an id term nobody has. */
    ck_assert_int_eq(dx_db_delete(w, "Q3"), DX_OK);
    ck_assert_uint_eq(dx_db_doccount(w), 5);
    dx_docid_t out = 77;
    ck_assert_int_eq(dx_db_find(w, "Q3", &out), DX_ERR_NOT_FOUND);
    ck_assert_str_ne(dx_db_error(w), "");
    ck_assert_int_eq(dx_db_delete(w, "Qnobody"), DX_OK);
    ck_assert_uint_eq(dx_db_doccount(w), 5);

    /* Deleting by docid; a second time is NOT_FOUND. */
    dx_docid_t id4 = find(w, "Q4");
    ck_assert_uint_eq(id4, 4);
    ck_assert_int_eq(dx_db_delete_docid(w, id4), DX_OK);
    ck_assert_uint_eq(dx_db_doccount(w), 4);
    ck_assert_int_eq(dx_db_delete_docid(w, id4), DX_ERR_NOT_FOUND);
    ck_assert_str_ne(dx_db_error(w), "");
    ck_assert_int_eq(dx_db_get_doc(w, id4, &doc), DX_ERR_NOT_FOUND);
    ck_assert_ptr_null(doc);
    ck_assert_uint_eq(find(w, "Q4"), 0);

    /* A new document gets the next docid, even after deletions. */
    ck_assert_uint_eq(dx_db_lastdocid(w), 6);
    doc = dx_doc_new();
    dx_doc_add_boolean(doc, "Q7", 2);
    dx_doc_set_data(doc, "record 7", 8);
    ck_assert_int_eq(dx_db_replace(w, "Q7", doc, &id), DX_OK);
    dx_doc_free(doc);
    ck_assert_uint_eq(id, 7);

    /* Replacing under a term several documents share keeps the first
     * and deletes the others. */
    doc = dx_doc_new();
    dx_doc_add_boolean(doc, "XTmemo", 6);
    dx_doc_add_boolean(doc, "Qmerged", 7);
    dx_doc_set_data(doc, "record 99", 9);
    ck_assert_int_eq(dx_db_termfreq(w, "XTmemo", 6, &tf), DX_OK);
    ck_assert_uint_eq(tf, 2); /* documents 5 and 6 */
    ck_assert_int_eq(dx_db_replace(w, "XTmemo", doc, &id), DX_OK);
    dx_doc_free(doc);
    ck_assert_uint_eq(id, 5);
    ck_assert_int_eq(dx_db_termfreq(w, "XTmemo", 6, &tf), DX_OK);
    ck_assert_uint_eq(tf, 1);
    ck_assert_uint_eq(dx_db_doccount(w), 4); /* 1 2 5 6 7, minus 6 */
    ck_assert_uint_eq(find(w, "Q6"), 0);
    ck_assert_uint_eq(find(w, "Qmerged"), 5);
    ck_assert_int_eq(dx_db_commit(w), DX_OK);
    dx_db_close(w);

    /* All of it is what a reader sees after the commit. */
    dx_db_t *db = fx_open_ro(path);
    ck_assert_uint_eq(dx_db_doccount(db), 4);
    ck_assert_uint_eq(find(db, "Q1"), 1);
    ck_assert_uint_eq(find(db, "Q2"), 2);
    ck_assert_uint_eq(find(db, "Q3"), 0);
    ck_assert_uint_eq(find(db, "Q7"), 7);
    ck_assert_int_eq(dx_db_get_doc(db, 2, &doc), DX_OK);
    char *s = NULL;
    size_t len;
    ck_assert_int_eq(dx_doc_get_data(doc, &s, &len), DX_OK);
    ck_assert_str_eq(s, "record 2 v2");
    free(s);
    ck_assert_int_eq(dx_doc_get_value(doc, FX_SLOT_YEAR, &s, &len), DX_OK);
    ck_assert_str_eq(s, "2023");
    free(s);
    /* The old document's values went with it. */
    ck_assert_int_eq(dx_doc_get_value(doc, FX_SLOT_DATE, &s, &len), DX_OK);
    ck_assert_str_eq(s, "");
    free(s);
    dx_doc_free(doc);
    buf_t b = BUF_INIT;
    ck_assert_int_eq(dx_db_termlist(db, 2, fx_collect_term, &b), DX_OK);
    ck_assert_str_eq(buf_cstr(&b), "Q2:0,replaced:1,tariffs:1,");
    buf_free(&b);
    dx_db_close(db);
    tu_rmtree(dir);
    free(path);
    free(dir);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Commit visibility and the open transaction                           */
/* ------------------------------------------------------------------ */

START_TEST(test_commit_visibility)
{
    char *dir = tu_tmpdir("dxdb");
    char *path = sub(dir, "db");
    dx_db_t *w = fx_open_rw(path);
    fx_add(w, 0);
    fx_add(w, 1);
    ck_assert_int_eq(dx_db_commit(w), DX_OK);

    dx_db_t *r1 = fx_open_ro(path);
    ck_assert_uint_eq(dx_db_doccount(r1), 2);

    /* A pending document: the writer sees it, readers do not, not even
     * one opened after it was added. */
    fx_add(w, 2);
    ck_assert_uint_eq(dx_db_doccount(w), 3);
    ck_assert_uint_eq(find(w, "Q3"), 3);
    dx_db_t *r2 = fx_open_ro(path);
    ck_assert_uint_eq(dx_db_doccount(r1), 2);
    ck_assert_uint_eq(dx_db_doccount(r2), 2);
    ck_assert_uint_eq(find(r2, "Q3"), 0);
    ck_assert_int_eq(dx_db_reopen(r1), DX_OK);
    ck_assert_uint_eq(dx_db_doccount(r1), 2);

    /* Reopening the writer keeps its pending changes. */
    ck_assert_int_eq(dx_db_reopen(w), DX_OK);
    ck_assert_uint_eq(dx_db_doccount(w), 3);

    /* After the commit: a reader keeps its snapshot until it reopens. */
    ck_assert_int_eq(dx_db_commit(w), DX_OK);
    ck_assert_uint_eq(dx_db_doccount(r1), 2);
    ck_assert_int_eq(dx_db_reopen(r1), DX_OK);
    ck_assert_uint_eq(dx_db_doccount(r1), 3);
    ck_assert_uint_eq(find(r1, "Q3"), 3);

    /* Rollback discards documents, deletions and metadata since the last
     * commit, and the handle goes on working. */
    fx_add(w, 3);
    ck_assert_int_eq(dx_db_delete(w, "Q1"), DX_OK);
    ck_assert_int_eq(dx_db_set_metadata(w, "k", "v", 1), DX_OK);
    ck_assert_int_eq(dx_db_add_spelling(w, "tarrif", 1), DX_OK);
    ck_assert_uint_eq(dx_db_doccount(w), 3);
    ck_assert_uint_eq(find(w, "Q4"), 4);
    ck_assert_uint_eq(find(w, "Q1"), 0);
    char *s = get_meta(w, "k");
    ck_assert_str_eq(s, "v");
    free(s);
    ck_assert_int_eq(dx_db_rollback(w), DX_OK);
    ck_assert_uint_eq(dx_db_doccount(w), 3);
    ck_assert_uint_eq(find(w, "Q4"), 0);
    ck_assert_uint_eq(find(w, "Q1"), 1);
    s = get_meta(w, "k");
    ck_assert_str_eq(s, "");
    free(s);
    /* A rollback with nothing pending, twice, is fine. */
    ck_assert_int_eq(dx_db_rollback(w), DX_OK);
    ck_assert_int_eq(dx_db_rollback(w), DX_OK);
    ck_assert_int_eq(dx_db_commit(w), DX_OK);
    ck_assert_int_eq(dx_db_reopen(r1), DX_OK);
    ck_assert_uint_eq(dx_db_doccount(r1), 3);
    ck_assert_uint_eq(find(r1, "Q4"), 0);
    s = get_meta(r1, "k");
    ck_assert_str_eq(s, "");
    free(s);
    ck_assert_int_eq(dx_db_spelling_suggestion(r1, "tarrif", &s), DX_OK);
    ck_assert_str_eq(s, "");
    free(s);

    /* After a rollback, new work commits normally. */
    fx_add(w, 4);
    ck_assert_int_eq(dx_db_commit(w), DX_OK);
    ck_assert_int_eq(dx_db_reopen(r1), DX_OK);
    ck_assert_uint_eq(dx_db_doccount(r1), 4);
    ck_assert_uint_eq(find(r1, "Q5"), 4);

    /* Closing a writer without a commit discards its pending changes. */
    fx_add(w, 5);
    ck_assert_int_eq(dx_db_delete(w, "Q2"), DX_OK);
    ck_assert_int_eq(dx_db_set_metadata(w, "k", "lost", 4), DX_OK);
    dx_db_close(w);
    ck_assert_int_eq(dx_db_reopen(r1), DX_OK);
    ck_assert_uint_eq(dx_db_doccount(r1), 4);
    ck_assert_uint_eq(find(r1, "Q6"), 0);
    ck_assert_uint_eq(find(r1, "Q2"), 2);
    s = get_meta(r1, "k");
    ck_assert_str_eq(s, "");
    free(s);
    w = fx_open_rw(path);
    ck_assert_uint_eq(dx_db_doccount(w), 4);
    ck_assert_uint_eq(find(w, "Q6"), 0);
    dx_db_close(w);

    dx_db_close(r1);
    dx_db_close(r2);
    tu_rmtree(dir);
    free(path);
    free(dir);
}
END_TEST

/*
 * Xapian flushes a writer on its own every 10000 documents; the binding's
 * open transaction must prevent that, so a large uncommitted batch stays
 * invisible and is lost on close.
 */
START_TEST(test_no_autoflush)
{
    char *dir = tu_tmpdir("dxdb");
    char *path = sub(dir, "db");
    dx_db_t *w = fx_open_rw(path);
    fx_add(w, 0);
    ck_assert_int_eq(dx_db_commit(w), DX_OK);
    dx_db_t *r = fx_open_ro(path);

    enum { N = 10500 };
    for (int i = 0; i < N; i++) {
        char id[32];
        int n = snprintf(id, sizeof id, "Qbulk%d", i);
        dx_doc_t *doc = dx_doc_new();
        dx_doc_add_boolean(doc, id, (size_t)n);
        dx_doc_add_posting(doc, "bulk", 4, 1, 1);
        ck_assert_int_eq(dx_db_replace(w, id, doc, NULL), DX_OK);
        dx_doc_free(doc);
    }
    ck_assert_uint_eq(dx_db_doccount(w), N + 1);
    ck_assert_int_eq(dx_db_reopen(r), DX_OK);
    ck_assert_uint_eq(dx_db_doccount(r), 1);
    dx_db_close(w);
    ck_assert_int_eq(dx_db_reopen(r), DX_OK);
    ck_assert_uint_eq(dx_db_doccount(r), 1);
    unsigned tf = 9;
    ck_assert_int_eq(dx_db_termfreq(r, "bulk", 4, &tf), DX_OK);
    ck_assert_uint_eq(tf, 0);
    dx_db_close(r);
    tu_rmtree(dir);
    free(path);
    free(dir);
}
END_TEST

/* ------------------------------------------------------------------ */
/* The write lock                                                        */
/* ------------------------------------------------------------------ */

START_TEST(test_lock_same_process)
{
    char *dir = tu_tmpdir("dxdb");
    char *path = sub(dir, "db");
    dx_db_t *w1 = fx_open_rw(path);
    fx_add(w1, 0);

    /* Xapian's lock is an fcntl lock held by a child process, so a second
     * writer in the same process is refused like any other. */
    dx_db_t *w2 = (dx_db_t *)1;
    char *err = NULL;
    double t0 = now_ms();
    dx_status_t st = dx_db_open(path, DX_DB_WRITE, 300, &w2, &err);
    double waited = now_ms() - t0;
    ck_assert_int_eq(st, DX_ERR_LOCKED);
    ck_assert_ptr_null(w2);
    ck_assert_ptr_nonnull(err);
    ck_assert_str_ne(err, "");
    free(err);
    ck_assert_msg(waited >= 280 && waited < 3000, "waited %.0f ms", waited);

    /* No wait at all: refused at once. */
    t0 = now_ms();
    st = dx_db_open(path, DX_DB_CREATE, 0, &w2, &err);
    waited = now_ms() - t0;
    ck_assert_int_eq(st, DX_ERR_LOCKED);
    ck_assert_ptr_null(w2);
    ck_assert_str_ne(err, "");
    free(err);
    ck_assert_msg(waited < 1000, "waited %.0f ms", waited);
    /* The errmsg pointer is optional. */
    ck_assert_int_eq(dx_db_open(path, DX_DB_WRITE, 0, &w2, NULL), DX_ERR_LOCKED);

    /* Readers are not blocked by a writer. */
    dx_db_t *r = fx_open_ro(path);
    dx_db_close(r);

    /* The first writer still works, and once it is closed the lock is
     * free. */
    ck_assert_int_eq(dx_db_commit(w1), DX_OK);
    dx_db_close(w1);
    st = dx_db_open(path, DX_DB_WRITE, 0, &w2, &err);
    ck_assert_msg(st == DX_OK, "%s", err ? err : "");
    ck_assert_uint_eq(dx_db_doccount(w2), 1);
    dx_db_close(w2);
    tu_rmtree(dir);
    free(path);
    free(dir);
}
END_TEST

struct closer {
    dx_db_t *db;
    unsigned delay_ms;
};

static void *
close_later(void *arg)
{
    struct closer *c = arg;
    struct timespec ts = {c->delay_ms / 1000, (long)(c->delay_ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
    dx_db_commit(c->db);
    dx_db_close(c->db);
    return NULL;
}

/* A writer waiting for the lock gets it when the holder lets go. */
START_TEST(test_lock_wait_succeeds)
{
    char *dir = tu_tmpdir("dxdb");
    char *path = sub(dir, "db");
    dx_db_t *w1 = fx_open_rw(path);
    fx_add(w1, 0);
    struct closer c = {w1, 250};
    pthread_t th;
    ck_assert_int_eq(pthread_create(&th, NULL, close_later, &c), 0);
    dx_db_t *w2 = NULL;
    char *err = NULL;
    double t0 = now_ms();
    dx_status_t st = dx_db_open(path, DX_DB_WRITE, 10000, &w2, &err);
    double waited = now_ms() - t0;
    pthread_join(th, NULL);
    ck_assert_msg(st == DX_OK, "%s", err ? err : "");
    ck_assert_msg(waited >= 150 && waited < 5000, "waited %.0f ms", waited);
    /* It sees what the first writer committed on its way out. */
    ck_assert_uint_eq(dx_db_doccount(w2), 1);
    dx_db_close(w2);
    tu_rmtree(dir);
    free(path);
    free(dir);
}
END_TEST

/* The lock held by another process. */
START_TEST(test_lock_other_process)
{
    char *dir = tu_tmpdir("dxdb");
    char *path = sub(dir, "db");
    fx_build(path, NULL, 0, NULL);
    int ready[2], release[2];
    ck_assert_int_eq(pipe(ready), 0);
    ck_assert_int_eq(pipe(release), 0);
    pid_t pid = fork();
    ck_assert_int_ne(pid, -1);
    if (pid == 0) {
        dx_db_t *w = NULL;
        char c = dx_db_open(path, DX_DB_WRITE, 0, &w, NULL) == DX_OK ? 'y' : 'n';
        if (write(ready[1], &c, 1) != 1)
            _exit(2);
        if (read(release[0], &c, 1) < 0)
            _exit(2);
        dx_db_close(w);
        _exit(0);
    }
    char c = 0;
    ck_assert_int_eq(read(ready[0], &c, 1), 1);
    ck_assert_int_eq(c, 'y');

    dx_db_t *w = NULL;
    char *err = NULL;
    double t0 = now_ms();
    dx_status_t st = dx_db_open(path, DX_DB_WRITE, 200, &w, &err);
    double waited = now_ms() - t0;
    ck_assert_int_eq(st, DX_ERR_LOCKED);
    ck_assert_ptr_null(w);
    ck_assert_str_ne(err, "");
    free(err);
    ck_assert_msg(waited >= 180 && waited < 3000, "waited %.0f ms", waited);

    /* Let the child go while we wait for the lock. */
    ck_assert_int_eq(write(release[1], "x", 1), 1);
    st = dx_db_open(path, DX_DB_WRITE, 10000, &w, &err);
    ck_assert_msg(st == DX_OK, "%s", err ? err : "");
    int status = 0;
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    ck_assert_uint_eq(dx_db_doccount(w), FX_NDOCS);
    dx_db_close(w);
    close(ready[0]);
    close(ready[1]);
    close(release[0]);
    close(release[1]);
    tu_rmtree(dir);
    free(path);
    free(dir);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Threads                                                               */
/* ------------------------------------------------------------------ */

enum { NTHREADS = 4, PER_THREAD = 100 };

struct worker {
    int n;
    dx_doc_t *docs[PER_THREAD];
    char error[200];
    int ok;
};

/* Build documents in a worker thread, as the indexer does, and check that
 * the per-thread error text is this thread's own. */
static void *
build_docs(void *arg)
{
    struct worker *wk = arg;
    dx_stemmer_t *st = NULL;
    wk->ok = dx_stemmer_new("english", &st) == DX_OK;
    char lang[32];
    snprintf(lang, sizeof lang, "nolanguage%d", wk->n);
    dx_stemmer_t *bad = NULL;
    wk->ok = wk->ok && dx_stemmer_new(lang, &bad) == DX_ERR_INVALID;
    for (int i = 0; i < PER_THREAD; i++) {
        dx_doc_t *doc = dx_doc_new();
        char id[32], text[96], stem[32];
        int n = snprintf(id, sizeof id, "Qt%d-%d", wk->n, i);
        dx_doc_add_boolean(doc, id, (size_t)n);
        n = snprintf(text, sizeof text, "thread %d wrote sanctions number %d", wk->n, i);
        unsigned pos = 0;
        wk->ok = wk->ok && dx_doc_index_text(doc, text, (size_t)n, NULL, &pos) == DX_OK;
        size_t sl = dx_stem(st, "sanctions", 9, stem, sizeof stem);
        dx_doc_add_term(doc, stem, sl, 1);
        wk->docs[i] = doc;
    }
    snprintf(wk->error, sizeof wk->error, "%s", dx_error_last());
    dx_stemmer_free(st);
    return NULL;
}

START_TEST(test_threads)
{
    char *dir = tu_tmpdir("dxdb");
    char *path = sub(dir, "db");
    dx_db_t *w = fx_open_rw(path);
    struct worker wk[NTHREADS];
    pthread_t th[NTHREADS];
    for (int t = 0; t < NTHREADS; t++) {
        memset(&wk[t], 0, sizeof wk[t]);
        wk[t].n = t;
        ck_assert_int_eq(pthread_create(&th[t], NULL, build_docs, &wk[t]), 0);
    }
    /* The owning thread writes while the workers build. */
    for (int i = 0; i < FX_NDOCS; i++)
        fx_add(w, i);
    for (int t = 0; t < NTHREADS; t++) {
        pthread_join(th[t], NULL);
        ck_assert(wk[t].ok);
        char lang[32];
        snprintf(lang, sizeof lang, "nolanguage%d", t);
        ck_assert_msg(strstr(wk[t].error, lang) != NULL, "thread %d: %s", t,
                      wk[t].error);
        for (int i = 0; i < PER_THREAD; i++) {
            char id[32];
            snprintf(id, sizeof id, "Qt%d-%d", t, i);
            ck_assert_int_eq(dx_db_replace(w, id, wk[t].docs[i], NULL), DX_OK);
            dx_doc_free(wk[t].docs[i]);
        }
    }
    ck_assert_int_eq(dx_db_commit(w), DX_OK);
    ck_assert_uint_eq(dx_db_doccount(w), FX_NDOCS + NTHREADS * PER_THREAD);
    unsigned tf = 0;
    ck_assert_int_eq(dx_db_termfreq(w, "sanction", 8, &tf), DX_OK);
    ck_assert_uint_eq(tf, NTHREADS * PER_THREAD);
    ck_assert_int_eq(dx_db_termfreq(w, "Zsanction", 9, &tf), DX_OK);
    ck_assert_uint_eq(tf, NTHREADS * PER_THREAD);
    ck_assert_int_eq(dx_db_termfreq(w, "sanctions", 9, &tf), DX_OK);
    ck_assert_uint_eq(tf, NTHREADS * PER_THREAD + 3);
    dx_db_close(w);
    tu_rmtree(dir);
    free(path);
    free(dir);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Errors                                                                */
/* ------------------------------------------------------------------ */

START_TEST(test_status_strings)
{
    for (int i = 0; i < DX_STATUS_LAST; i++) {
        const char *s = dx_status_string((dx_status_t)i);
        ck_assert_ptr_nonnull(s);
        ck_assert_msg(*s, "status %d has no description", i);
        for (int j = 0; j < i; j++)
            ck_assert_str_ne(s, dx_status_string((dx_status_t)j));
    }
    ck_assert_str_eq(dx_status_string(DX_OK), "success");
    ck_assert_str_eq(dx_status_string(DX_STATUS_LAST), "unknown status");
    ck_assert_str_eq(dx_status_string((dx_status_t)1000), "unknown status");
    const char *v = dx_xapian_version();
    ck_assert_msg(strncmp(v, "1.", 2) == 0 || strncmp(v, "2.", 2) == 0, "%s", v);
}
END_TEST

START_TEST(test_open_errors)
{
    char *dir = tu_tmpdir("dxdb");
    char *missing = sub(dir, "missing");
    dx_db_t *db = (dx_db_t *)1;
    char *err = NULL;

    /* Missing database: read-only and writable without create. */
    ck_assert_int_eq(dx_db_open(missing, DX_DB_READ, 0, &db, &err), DX_ERR_NOT_FOUND);
    ck_assert_ptr_null(db);
    ck_assert_ptr_nonnull(err);
    ck_assert_str_ne(err, "");
    free(err);
    ck_assert_int_eq(dx_db_open(missing, DX_DB_WRITE, 0, &db, &err), DX_ERR_NOT_FOUND);
    ck_assert_ptr_null(db);
    ck_assert_str_ne(err, "");
    free(err);
    /* NO_SYNC alone is still a read-only open. */
    ck_assert_int_eq(dx_db_open(missing, DX_DB_NO_SYNC, 0, &db, &err), DX_ERR_NOT_FOUND);
    free(err);

    /* A directory that holds no database. */
    ck_assert_int_eq(dx_db_open(dir, DX_DB_READ, 0, &db, &err), DX_ERR_NOT_FOUND);
    ck_assert_str_ne(err, "");
    free(err);

    /* Creating under a regular file fails as an I/O problem. */
    char *file = sub(dir, "plain");
    tu_write_file(file, "x", 1);
    char *under = sub(file, "db");
    dx_status_t st = dx_db_open(under, DX_DB_CREATE, 0, &db, &err);
    ck_assert_msg(st == DX_ERR_IO, "status %d: %s", st, err ? err : "");
    ck_assert_ptr_null(db);
    ck_assert_str_ne(err, "");
    free(err);
    /* Xapian reads a plain file as a stub database (a list of shards):
     * junk in it is a failure to read, not a missing database... */
    st = dx_db_open(file, DX_DB_READ, 0, &db, &err);
    ck_assert_msg(st == DX_ERR_IO, "status %d: %s", st, err ? err : "");
    ck_assert_str_ne(err, "");
    free(err);
    /* ...and an empty file is a valid, empty stub database. */
    char *empty = sub(dir, "empty");
    tu_write_file(empty, "", 0);
    st = dx_db_open(empty, DX_DB_READ, 0, &db, &err);
    ck_assert_msg(st == DX_OK, "status %d: %s", st, err ? err : "");
    ck_assert_uint_eq(dx_db_doccount(db), 0);
    dx_db_close(db);
    free(empty);

    free(under);
    free(file);
    free(missing);
    tu_rmtree(dir);
    free(dir);
}
END_TEST

START_TEST(test_readonly_errors)
{
    char *dir = tu_tmpdir("dxdb");
    char *path = sub(dir, "db");
    fx_build(path, NULL, 0, NULL);
    dx_db_t *db = fx_open_ro(path);
    dx_doc_t *doc = fx_make_doc(0);
    dx_docid_t id = 0;

#define EXPECT_INVALID(call)                                       \
    do {                                                           \
        ck_assert_int_eq((call), DX_ERR_INVALID);                  \
        ck_assert_str_ne(dx_db_error(db), "");                     \
    } while (0)
    EXPECT_INVALID(dx_db_replace(db, "Q1", doc, &id));
    EXPECT_INVALID(dx_db_delete(db, "Q1"));
    EXPECT_INVALID(dx_db_delete_docid(db, 1));
    EXPECT_INVALID(dx_db_set_metadata(db, "k", "v", 1));
    EXPECT_INVALID(dx_db_add_spelling(db, "word", 1));
    EXPECT_INVALID(dx_db_commit(db));
    EXPECT_INVALID(dx_db_rollback(db));
#undef EXPECT_INVALID
    dx_doc_free(doc);
    ck_assert_uint_eq(dx_db_doccount(db), FX_NDOCS);
    ck_assert_uint_eq(find(db, "Q1"), 1);

    /* Fetching: docid 0 is invalid, an unused docid is not found. */
    ck_assert_int_eq(dx_db_get_doc(db, 0, &doc), DX_ERR_INVALID);
    ck_assert_ptr_null(doc);
    ck_assert_int_eq(dx_db_get_doc(db, 99, &doc), DX_ERR_NOT_FOUND);
    ck_assert_ptr_null(doc);
    ck_assert_str_ne(dx_db_error(db), "");
    buf_t b = BUF_INIT;
    ck_assert_int_eq(dx_db_termlist(db, 99, fx_collect_term, &b), DX_ERR_NOT_FOUND);
    buf_free(&b);
    /* An empty metadata key is invalid. */
    char *s = NULL;
    size_t len;
    ck_assert_int_eq(dx_db_get_metadata(db, "", &s, &len), DX_ERR_INVALID);
    ck_assert_ptr_null(s);

    /* Adding a shard to a writable handle is refused. */
    dx_db_t *w = fx_open_rw(path);
    ck_assert_int_eq(dx_db_group_add(w, path, 0), DX_ERR_INVALID);
    ck_assert_str_ne(dx_db_error(w), "");
    ck_assert_uint_eq(dx_db_shard_count(w), 1);
    /* So is a term longer than Xapian's limit, at the call that adds it,
     * and the batch is not lost. */
    fx_add(w, 0);
    char longterm[300];
    memset(longterm, 'a', sizeof longterm);
    longterm[0] = 'Q';
    doc = dx_doc_new();
    ck_assert_int_eq(dx_doc_add_boolean(doc, longterm, sizeof longterm), DX_OK);
    dx_status_t st = dx_db_replace(w, "Qlong", doc, NULL);
    dx_doc_free(doc);
    ck_assert_msg(st == DX_ERR_INVALID, "status %d: %s", st, dx_db_error(w));
    ck_assert_ptr_nonnull(strstr(dx_db_error(w), "too long"));
    ck_assert_int_eq(dx_db_commit(w), DX_OK);
    ck_assert_uint_eq(dx_db_doccount(w), FX_NDOCS);
    dx_db_close(w);

    dx_db_close(db);
    dx_db_close(NULL);
    tu_rmtree(dir);
    free(path);
    free(dir);
}
END_TEST

/* Overwrite a table of a committed database with garbage. */
static void
smash(const char *dbpath, const char *table)
{
    char *file = sub(dbpath, table);
    size_t len = 0;
    char *old = tu_read_file(file, &len);
    ck_assert_ptr_nonnull(old);
    ck_assert_uint_gt(len, 0);
    for (size_t i = 0; i < len; i++)
        old[i] = (char)(0xA5 ^ (i * 31));
    tu_write_file(file, old, len);
    free(old);
    free(file);
}

START_TEST(test_corrupt)
{
    char *dir = tu_tmpdir("dxdb");
    char *path = sub(dir, "db");
    /* Enough documents for the posting table to need more than its root
     * block. */
    dx_db_t *w = fx_open_rw(path);
    for (int i = 0; i < 3000; i++) {
        char id[32], word[32];
        int n = snprintf(id, sizeof id, "Qdoc%d", i);
        dx_doc_t *doc = dx_doc_new();
        dx_doc_add_boolean(doc, id, (size_t)n);
        n = snprintf(word, sizeof word, "word%d", i % 700);
        dx_doc_add_posting(doc, word, (size_t)n, 1, 1);
        dx_doc_add_posting(doc, "common", 6, 2, 1);
        ck_assert_int_eq(dx_db_replace(w, id, doc, NULL), DX_OK);
        dx_doc_free(doc);
    }
    ck_assert_int_eq(dx_db_commit(w), DX_OK);
    dx_db_close(w);

    /* A reader opened before the damage has the root block already; it
     * finds the damage when it reads further. */
    dx_db_t *db = fx_open_ro(path);
    smash(path, "postlist.glass");
    unsigned tf = 0;
    dx_status_t st = dx_db_termfreq(db, "word123", 7, &tf);
    ck_assert_msg(st == DX_ERR_CORRUPT, "status %d: %s", st, dx_db_error(db));
    ck_assert_str_ne(dx_db_error(db), "");
    dx_query_t *q = dx_query_term("common", 6, 1, 0);
    dx_mset_t *m = (dx_mset_t *)1;
    st = dx_db_search(db, q, NULL, 0, 10, &m);
    ck_assert_msg(st == DX_ERR_CORRUPT, "status %d: %s", st, dx_db_error(db));
    ck_assert_ptr_null(m);
    dx_query_free(q);
    dx_db_close(db);

    /* Opening it, read-only or for writing, reads the root block. */
    char *err = NULL;
    st = dx_db_open(path, DX_DB_READ, 0, &db, &err);
    ck_assert_msg(st == DX_ERR_CORRUPT, "status %d: %s", st, err ? err : "");
    ck_assert_ptr_null(db);
    ck_assert_str_ne(err, "");
    free(err);
    st = dx_db_open(path, DX_DB_WRITE, 0, &db, &err);
    ck_assert_msg(st == DX_ERR_CORRUPT, "status %d: %s", st, err ? err : "");
    ck_assert_ptr_null(db);
    ck_assert_str_ne(err, "");
    free(err);

    /* A smashed version file. */
    smash(path, "iamglass");
    st = dx_db_open(path, DX_DB_READ, 0, &db, &err);
    ck_assert_msg(st == DX_ERR_CORRUPT, "status %d: %s", st, err ? err : "");
    ck_assert_ptr_null(db);
    ck_assert_str_ne(err, "");
    free(err);

    tu_rmtree(dir);
    free(path);
    free(dir);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Spelling and compaction                                               */
/* ------------------------------------------------------------------ */

START_TEST(test_spelling)
{
    char *dir = tu_tmpdir("dxdb");
    char *path = sub(dir, "db");
    dx_db_t *w = fx_open_rw(path);
    ck_assert_int_eq(dx_db_add_spelling(w, "sanction", 5), DX_OK);
    ck_assert_int_eq(dx_db_add_spelling(w, "regime", 2), DX_OK);
    ck_assert_int_eq(dx_db_add_spelling(w, "regimen", 1), DX_OK);
    ck_assert_int_eq(dx_db_add_spelling(w, "tariff", 1), DX_OK);
    ck_assert_int_eq(dx_db_commit(w), DX_OK);
    dx_db_close(w);

    dx_db_t *db = fx_open_ro(path);
    char *s = NULL;
    ck_assert_int_eq(dx_db_spelling_suggestion(db, "sanctoin", &s), DX_OK);
    ck_assert_str_eq(s, "sanction");
    free(s);
    ck_assert_int_eq(dx_db_spelling_suggestion(db, "tarif", &s), DX_OK);
    ck_assert_str_eq(s, "tariff");
    free(s);
    /* Equally close candidates: the more frequent wins. */
    ck_assert_int_eq(dx_db_spelling_suggestion(db, "regimex", &s), DX_OK);
    ck_assert_str_eq(s, "regime");
    free(s);
    /* A word already in the dictionary needs no correction. */
    ck_assert_int_eq(dx_db_spelling_suggestion(db, "sanction", &s), DX_OK);
    ck_assert_str_eq(s, "");
    free(s);
    /* Beyond edit distance 2: nothing. */
    ck_assert_int_eq(dx_db_spelling_suggestion(db, "sxnxtixn", &s), DX_OK);
    ck_assert_str_eq(s, "");
    free(s);
    dx_db_close(db);
    tu_rmtree(dir);
    free(path);
    free(dir);
}
END_TEST

START_TEST(test_compact)
{
    char *dir = tu_tmpdir("dxdb");
    char *a = sub(dir, "a"), *b = sub(dir, "b"), *dest = sub(dir, "merged");
    static const int in_a[] = {0, 2, 4}, in_b[] = {1, 3, 5};
    fx_build(a, in_a, 3, "A");
    fx_build(b, in_b, 3, "B");
    const char *srcs[] = {a, b};
    dx_status_t st = dx_db_compact(srcs, 2, dest);
    ck_assert_msg(st == DX_OK, "%s", dx_error_last());

    dx_db_t *db = fx_open_ro(dest);
    ck_assert_uint_eq(dx_db_doccount(db), FX_NDOCS);
    ck_assert_double_eq_tol(dx_db_avlength(db), 34.0 / 6.0, 1e-9);
    unsigned tf = 0;
    ck_assert_int_eq(dx_db_termfreq(db, "sanctions", 9, &tf), DX_OK);
    ck_assert_uint_eq(tf, 3);
    buf_t terms = BUF_INIT;
    ck_assert_int_eq(dx_db_allterms(db, "Q", fx_collect_term, &terms), DX_OK);
    ck_assert_str_eq(buf_cstr(&terms), "Q1:1,Q2:1,Q3:1,Q4:1,Q5:1,Q6:1,");
    buf_free(&terms);
    /* The documents keep their content; docids are renumbered one source
     * after the other. */
    for (int i = 0; i < FX_NDOCS; i++) {
        dx_docid_t id = find(db, FX_DOCS[i].id);
        ck_assert_uint_ne(id, 0);
        dx_doc_t *doc = NULL;
        ck_assert_int_eq(dx_db_get_doc(db, id, &doc), DX_OK);
        ck_assert_int_eq(fx_doc_number(doc), i + 1);
        dx_doc_free(doc);
    }
    ck_assert_uint_eq(find(db, "Q1"), 1);
    ck_assert_uint_eq(find(db, "Q2"), 4);
    /* Positions survive. */
    unsigned *pos = NULL;
    size_t n = 0;
    ck_assert_int_eq(dx_db_positions(db, find(db, "Q5"), "sanctions", &pos, &n),
                     DX_OK);
    ck_assert_uint_eq(n, 3);
    free(pos);
    /* A metadata key both sources hold: the compactor keeps one value. */
    char *s = get_meta(db, "shard");
    ck_assert_msg(strcmp(s, "A") == 0 || strcmp(s, "B") == 0, "%s", s);
    free(s);
    dx_db_close(db);

    /* The destination must not be an existing database; sources must
     * exist. */
    ck_assert_int_eq(dx_db_compact(srcs, 2, dest), DX_ERR_INVALID);
    ck_assert_ptr_nonnull(strstr(dx_error_last(), "exists"));
    const char *onto_source[] = {a};
    ck_assert_int_eq(dx_db_compact(onto_source, 1, b), DX_ERR_INVALID);
    ck_assert_int_eq(dx_db_compact(onto_source, 1, a), DX_ERR_INVALID);
    db = fx_open_ro(dest);
    ck_assert_uint_eq(dx_db_doccount(db), FX_NDOCS);
    dx_db_close(db);
    db = fx_open_ro(b);
    ck_assert_uint_eq(dx_db_doccount(db), 3);
    ck_assert_uint_eq(find(db, "Q2"), 1);
    dx_db_close(db);
    char *missing = sub(dir, "missing"), *dest2 = sub(dir, "merged2");
    const char *bad[] = {a, missing};
    ck_assert_int_eq(dx_db_compact(bad, 2, dest2), DX_ERR_NOT_FOUND);
    ck_assert_str_ne(dx_error_last(), "");

    /* Compacting one database gives a copy. */
    const char *one[] = {a};
    ck_assert_int_eq(dx_db_compact(one, 1, dest2), DX_OK);
    db = fx_open_ro(dest2);
    ck_assert_uint_eq(dx_db_doccount(db), 3);
    ck_assert_uint_eq(find(db, "Q5"), 3);
    dx_db_close(db);

    free(missing);
    free(dest2);
    tu_rmtree(dir);
    free(a);
    free(b);
    free(dest);
    free(dir);
}
END_TEST

/* Do two lists of space-separated words hold the same words? */
static int
cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *
sorted_words(const char *list)
{
    char *copy = xstrdup(list), *save = NULL;
    char *v[64];
    size_t n = 0;
    for (char *t = strtok_r(copy, " ", &save); t && n < 64; t = strtok_r(NULL, " ", &save))
        v[n++] = t;
    qsort(v, n, sizeof *v, cmp_str);
    buf_t b = BUF_INIT;
    for (size_t i = 0; i < n; i++)
        buf_printf(&b, "%s%s", i ? " " : "", v[i]);
    free(copy);
    return buf_detach(&b, NULL);
}

static int
same_words(const char *got, const char *want)
{
    char *g = sorted_words(got), *w = sorted_words(want);
    int same = strcmp(g, w) == 0;
    free(g);
    free(w);
    return same;
}

/* Merging with set metadata: the stem map of each source is kept whole. */
START_TEST(test_compact_union)
{
    char *dir = tu_tmpdir("dxdb");
    char *a = sub(dir, "a"), *b = sub(dir, "b"), *c = sub(dir, "c");
    char *dest = sub(dir, "merged"), *plain = sub(dir, "plain");
    static const int in_a[] = {0, 1}, in_b[] = {2, 3}, in_c[] = {4, 5};
    fx_build(a, in_a, 2, "A");
    fx_build(b, in_b, 2, "B");
    fx_build(c, in_c, 2, "C");
    dx_db_t *w = fx_open_rw(a);
    ck_assert_int_eq(dx_db_set_metadata(w, "stem:custom", "customs custom", 14), DX_OK);
    ck_assert_int_eq(dx_db_set_metadata(w, "only:a", "x", 1), DX_OK);
    ck_assert_int_eq(dx_db_commit(w), DX_OK);
    dx_db_close(w);
    w = fx_open_rw(b);
    ck_assert_int_eq(dx_db_set_metadata(w, "stem:custom", "customers customs", 17), DX_OK);
    ck_assert_int_eq(dx_db_set_metadata(w, "stem:korea", "korean", 6), DX_OK);
    ck_assert_int_eq(dx_db_commit(w), DX_OK);
    dx_db_close(w);
    w = fx_open_rw(c);
    ck_assert_int_eq(dx_db_set_metadata(w, "stem:custom", "customary", 9), DX_OK);
    ck_assert_int_eq(dx_db_commit(w), DX_OK);
    dx_db_close(w);

    const char *srcs[] = {a, b, c};
    ck_assert_msg(dx_db_compact_union(srcs, 3, dest, "stem:") == DX_OK, "%s", dx_error_last());
    dx_db_t *db = fx_open_ro(dest);
    ck_assert_uint_eq(dx_db_doccount(db), 6);
    char *v = get_meta(db, "stem:custom");
    ck_assert_msg(same_words(v, "customs custom customers customary"), "%s", v);
    free(v);
    v = get_meta(db, "stem:korea");   /* in one source: as it was */
    ck_assert_str_eq(v, "korean");
    free(v);
    v = get_meta(db, "only:a");
    ck_assert_str_eq(v, "x");
    free(v);
    /* Other keys held by several sources keep one of their values. */
    v = get_meta(db, "shard");
    ck_assert_msg(strcmp(v, "A") == 0 || strcmp(v, "B") == 0 || strcmp(v, "C") == 0, "%s", v);
    free(v);
    dx_db_close(db);

    /* Without a set prefix, a duplicated key keeps one value only. */
    ck_assert_int_eq(dx_db_compact_union(srcs, 3, plain, NULL), DX_OK);
    db = fx_open_ro(plain);
    v = get_meta(db, "stem:custom");
    ck_assert_msg(strcmp(v, "customs custom") == 0 || strcmp(v, "customers customs") == 0 ||
                  strcmp(v, "customary") == 0, "%s", v);
    free(v);
    dx_db_close(db);

    tu_rmtree(dir);
    free(a);
    free(b);
    free(c);
    free(dest);
    free(plain);
    free(dir);
}
END_TEST

static Suite *
binding_db_suite(void)
{
    Suite *s = suite_create("binding-db");
    TCase *tc = tcase_create("db");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_roundtrip);
    tcase_add_test(tc, test_search_with_and_without_values);
    tcase_add_test(tc, test_doc_in_memory);
    tcase_add_test(tc, test_replace_delete);
    tcase_add_test(tc, test_commit_visibility);
    tcase_add_test(tc, test_no_autoflush);
    tcase_add_test(tc, test_lock_same_process);
    tcase_add_test(tc, test_lock_wait_succeeds);
    tcase_add_test(tc, test_lock_other_process);
    tcase_add_test(tc, test_threads);
    tcase_add_test(tc, test_status_strings);
    tcase_add_test(tc, test_open_errors);
    tcase_add_test(tc, test_readonly_errors);
    tcase_add_test(tc, test_corrupt);
    tcase_add_test(tc, test_spelling);
    tcase_add_test(tc, test_compact);
    tcase_add_test(tc, test_compact_union);
    suite_add_tcase(s, tc);
    return s;
}

TEST_MAIN(binding_db_suite)
