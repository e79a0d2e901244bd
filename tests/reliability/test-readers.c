/*
 * test-readers.c - a reader must never fail because a writer committed.
 *
 * Xapian keeps only the last two revisions of a database: a reader whose
 * revision a writer has since overwritten gets DatabaseModifiedError (or,
 * when the block it meets is a table's root, DatabaseCorruptError) and
 * must reopen and retry.  These tests commit under a reader at the worst
 * moments and require the reader's calls to succeed, with data from one
 * revision.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "binding/dx.h"
#include "testutil.h"
#include "util/xalloc.h"

#define NDOCS 300

/* Add or replace NDOCS documents "doc I version V", all with the term
 * "common", and commit. */
static void
write_version(dx_db_t *w, int version)
{
    for (int i = 0; i < NDOCS; i++) {
        dx_doc_t *d = dx_doc_new();
        char id[32], data[200];
        snprintf(id, sizeof id, "Qdoc%d", i);
        /* Long data, so that each version rewrites many blocks. */
        int n = snprintf(data, sizeof data, "doc %d version %d ", i, version);
        memset(data + n, 'a' + version % 26, sizeof data - (size_t)n - 1);
        data[sizeof data - 1] = '\0';
        ck_assert_int_eq(dx_doc_add_boolean(d, id, strlen(id)), DX_OK);
        ck_assert_int_eq(dx_doc_add_posting(d, "common", 6, 1, 1), DX_OK);
        ck_assert_int_eq(dx_doc_set_data(d, data, strlen(data)), DX_OK);
        ck_assert_int_eq(dx_doc_set_value(d, 0, data, 12), DX_OK);
        ck_assert_int_eq(dx_db_replace(w, id, d, NULL), DX_OK);
        dx_doc_free(d);
    }
    ck_assert_int_eq(dx_db_commit(w), DX_OK);
}

static int
version_of(const char *data)
{
    int i, v;
    ck_assert_int_eq(sscanf(data, "doc %d version %d", &i, &v), 2);
    return v;
}

/* The data of a fetched document, which must be readable. */
static void
st_data(dx_doc_t *d, char **data, size_t *len)
{
    dx_status_t st = dx_doc_get_data(d, data, len);
    ck_assert_msg(st == DX_OK, "data: %s (%s)", dx_status_string(st), dx_doc_error(d));
}

/* Search the reader, then let the writer commit twice before the hits
 * are read: every hit must still be read, all from the searched revision. */
START_TEST(test_hits_survive_two_commits)
{
    char *dir = tu_tmpdir("readers");
    char *path = xasprintf("%s/db", dir);
    dx_db_t *w = NULL;
    char *err = NULL;
    ck_assert_int_eq(dx_db_open(path, DX_DB_CREATE | DX_DB_NO_SYNC, 0, &w, &err), DX_OK);
    write_version(w, 1);

    dx_db_t *r = dx_db_group_new();
    ck_assert_int_eq(dx_db_group_add(r, path, 0), DX_OK);
    dx_query_t *q = dx_query_term("common", 6, 1, 0);
    dx_mset_t *m = NULL;
    ck_assert_int_eq(dx_db_search(r, q, NULL, 0, NDOCS, &m), DX_OK);
    ck_assert_uint_eq(dx_mset_size(m), NDOCS);

    write_version(w, 2);
    write_version(w, 3);

    for (unsigned i = 0; i < dx_mset_size(m); i++) {
        dx_doc_t *d = NULL;
        dx_status_t st = dx_mset_doc(m, i, &d);
        ck_assert_msg(st == DX_OK, "hit %u: %s (%s)", i, dx_status_string(st), dx_mset_error(m));
        char *data = NULL, *v = NULL;
        size_t len = 0, vl = 0;
        st = dx_doc_get_data(d, &data, &len);
        ck_assert_msg(st == DX_OK, "hit %u data: %s (%s)", i, dx_status_string(st), dx_doc_error(d));
        ck_assert_int_eq(version_of(data), 1);
        st = dx_doc_get_value(d, 0, &v, &vl);
        ck_assert_msg(st == DX_OK, "hit %u value: %s (%s)", i, dx_status_string(st), dx_doc_error(d));
        ck_assert_int_eq(memcmp(v, data, 12), 0);
        free(v);
        free(data);
        dx_doc_free(d);
    }
    dx_mset_free(m);

    /* The same reader searches again: it must reopen and see version 3. */
    ck_assert_int_eq(dx_db_search(r, q, NULL, 0, 1, &m), DX_OK);
    dx_doc_t *d = NULL;
    ck_assert_int_eq(dx_mset_doc(m, 0, &d), DX_OK);
    char *data = NULL;
    size_t len = 0;
    ck_assert_int_eq(dx_doc_get_data(d, &data, &len), DX_OK);
    ck_assert_int_eq(version_of(data), 3);
    free(data);
    dx_doc_free(d);
    dx_mset_free(m);

    /* Reading documents by id while the writer commits: each read gives
     * the version of the reader's revision or of a later one, never an
     * error. */
    int seen = 3, version = 3;
    for (int round = 0; round < 6; round++) {
        write_version(w, ++version);
        for (dx_docid_t id = 1; id <= NDOCS; id += 37) {
            ck_assert_int_eq(dx_db_get_doc(r, id, &d), DX_OK);
            write_version(w, ++version);
            st_data(d, &data, &len);
            int got = version_of(data);
            ck_assert_msg(got >= seen, "document %u: version %d after %d", id, got, seen);
            seen = got;
            free(data);
            dx_doc_free(d);
        }
    }
    /* Reads by id did go on to later revisions. */
    ck_assert_int_gt(seen, 3);

    dx_query_free(q);
    dx_db_close(r);
    dx_db_close(w);
    tu_rmtree(dir);
    free(path);
    free(dir);
}
END_TEST

/* A shard replaced by a compacted copy under a reader (what
 * index_compact() does): the reader's next reopen must see the new
 * database, whole, not go on with the old files or mix the two. */
START_TEST(test_reopen_follows_a_replaced_shard)
{
    char *dir = tu_tmpdir("readers");
    char *path = xasprintf("%s/db", dir);
    char *fresh = xasprintf("%s/db.new", dir);
    char *old = xasprintf("%s/db.old", dir);
    dx_db_t *w = NULL;
    char *err = NULL;
    ck_assert_int_eq(dx_db_open(path, DX_DB_CREATE | DX_DB_NO_SYNC, 0, &w, &err), DX_OK);
    write_version(w, 1);

    dx_db_t *r = dx_db_group_new();
    ck_assert_int_eq(dx_db_group_add(r, path, 0), DX_OK);
    ck_assert_uint_eq(dx_db_doccount(r), NDOCS);

    /* Twice as many documents, then compact into a copy and swap it in. */
    for (int i = 0; i < NDOCS; i++) {
        dx_doc_t *d = dx_doc_new();
        char id[32];
        snprintf(id, sizeof id, "Qmore%d", i);
        ck_assert_int_eq(dx_doc_add_boolean(d, id, strlen(id)), DX_OK);
        ck_assert_int_eq(dx_doc_add_posting(d, "common", 6, 1, 1), DX_OK);
        ck_assert_int_eq(dx_doc_set_data(d, "doc 0 version 9", 15), DX_OK);
        ck_assert_int_eq(dx_db_replace(w, id, d, NULL), DX_OK);
        dx_doc_free(d);
    }
    ck_assert_int_eq(dx_db_commit(w), DX_OK);
    dx_db_close(w);
    const char *src = path;
    ck_assert_int_eq(dx_db_compact(&src, 1, fresh), DX_OK);
    ck_assert_int_eq(rename(path, old), 0);
    ck_assert_int_eq(rename(fresh, path), 0);
    tu_rmtree(old);

    ck_assert_int_eq(dx_db_reopen(r), DX_OK);
    ck_assert_uint_eq(dx_db_doccount(r), 2 * NDOCS);
    dx_query_t *q = dx_query_term("common", 6, 1, 0);
    dx_mset_t *m = NULL;
    ck_assert_int_eq(dx_db_search(r, q, NULL, 0, 3 * NDOCS, &m), DX_OK);
    ck_assert_uint_eq(dx_mset_size(m), 2 * NDOCS);
    for (unsigned i = 0; i < dx_mset_size(m); i++) {
        dx_doc_t *d = NULL;
        ck_assert_int_eq(dx_mset_doc(m, i, &d), DX_OK);
        char *data = NULL;
        size_t len = 0;
        st_data(d, &data, &len);
        int v = version_of(data);
        ck_assert(v == 1 || v == 9);
        free(data);
        dx_doc_free(d);
    }
    dx_mset_free(m);
    dx_query_free(q);
    dx_db_close(r);
    tu_rmtree(dir);
    free(old);
    free(fresh);
    free(path);
    free(dir);
}
END_TEST

static Suite *
readers_suite(void)
{
    Suite *s = suite_create("readers");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_hits_survive_two_commits);
    tcase_add_test(tc, test_reopen_follows_a_replaced_shard);
    suite_add_tcase(s, tc);
    return s;
}

TEST_MAIN(readers_suite)
