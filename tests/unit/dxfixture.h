/*
 * dxfixture.h - a small database of policy snippets shared by the binding
 * tests (test-binding-*.c), and helpers to collect what the binding's
 * callbacks report.
 *
 * Every function is static inline so that each test program can include
 * this header and use only what it needs.
 *
 * The six documents, their terms and the statistics the tests rely on:
 *
 *   #  id  type    date      text
 *   1  Q1  report  20200115  economic sanctions against the regime were extended
 *   2  Q2  brief   20210310  the sanctions regime and trade policy
 *   3  Q3  report  20210901  trade policy for climate change regulation
 *   4  Q4  report  20190520  climate change policy and carbon tax
 *   5  Q5  memo    20220101  carbon tax sanctions sanctions sanctions
 *   6  Q6  memo    (none)    undated note on trade
 *
 * Each word is a posting at positions 1, 2, ...  "Q<n>" and "XT<type>" are
 * boolean terms.  Values: slot 0 the date, slot 1 the year, slot 2 the
 * type (absent for document 6's date and year).  Data: "record <n>".
 * Document lengths 7 6 6 6 5 4: total 34, average 34/6.
 */
#ifndef DOSSIER_TESTS_DXFIXTURE_H
#define DOSSIER_TESTS_DXFIXTURE_H

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "binding/dx.h"
#include "util/buf.h"
#include "util/xalloc.h"

#define FX_NDOCS 6
#define FX_SLOT_DATE 0
#define FX_SLOT_YEAR 1
#define FX_SLOT_TYPE 2

struct fx_doc {
    const char *id;
    const char *type;
    const char *date;
    const char *text;
};

static const struct fx_doc FX_DOCS[FX_NDOCS] = {
    {"Q1", "report", "20200115", "economic sanctions against the regime were extended"},
    {"Q2", "brief", "20210310", "the sanctions regime and trade policy"},
    {"Q3", "report", "20210901", "trade policy for climate change regulation"},
    {"Q4", "report", "20190520", "climate change policy and carbon tax"},
    {"Q5", "memo", "20220101", "carbon tax sanctions sanctions sanctions"},
    {"Q6", "memo", NULL, "undated note on trade"},
};

/* Build the dx document for fixture document i (0-based). */
static inline dx_doc_t *
fx_make_doc(int i)
{
    const struct fx_doc *d = &FX_DOCS[i];
    dx_doc_t *doc = dx_doc_new();
    char *text = xstrdup(d->text);
    unsigned pos = 1;
    char *save = NULL;
    for (char *w = strtok_r(text, " ", &save); w; w = strtok_r(NULL, " ", &save))
        ck_assert_int_eq(dx_doc_add_posting(doc, w, strlen(w), pos++, 1), DX_OK);
    free(text);
    ck_assert_int_eq(dx_doc_add_boolean(doc, d->id, strlen(d->id)), DX_OK);
    char *type = xasprintf("XT%s", d->type);
    ck_assert_int_eq(dx_doc_add_boolean(doc, type, strlen(type)), DX_OK);
    free(type);
    if (d->date) {
        ck_assert_int_eq(dx_doc_set_value(doc, FX_SLOT_DATE, d->date, 8), DX_OK);
        ck_assert_int_eq(dx_doc_set_value(doc, FX_SLOT_YEAR, d->date, 4), DX_OK);
    }
    ck_assert_int_eq(dx_doc_set_value(doc, FX_SLOT_TYPE, d->type, strlen(d->type)),
                     DX_OK);
    char *data = xasprintf("record %d", i + 1);
    ck_assert_int_eq(dx_doc_set_data(doc, data, strlen(data)), DX_OK);
    free(data);
    return doc;
}

/* Add fixture document i to a writable database under its id term. */
static inline dx_docid_t
fx_add(dx_db_t *db, int i)
{
    dx_doc_t *doc = fx_make_doc(i);
    dx_docid_t id = 0;
    ck_assert_msg(dx_db_replace(db, FX_DOCS[i].id, doc, &id) == DX_OK, "%s",
                  dx_db_error(db));
    dx_doc_free(doc);
    return id;
}

/*
 * Create a database at path holding the fixture documents listed in
 * which[0..n) (0-based; all of them if which is NULL), with metadata
 * "shard" = name (if not NULL), committed and closed.
 */
static inline void
fx_build(const char *path, const int *which, size_t n, const char *name)
{
    dx_db_t *db = NULL;
    char *err = NULL;
    dx_status_t st = dx_db_open(path, DX_DB_CREATE | DX_DB_NO_SYNC, 0, &db, &err);
    ck_assert_msg(st == DX_OK, "open %s: %s", path, err ? err : "");
    if (!which)
        n = FX_NDOCS;
    for (size_t k = 0; k < n; k++)
        fx_add(db, which ? which[k] : (int)k);
    if (name)
        ck_assert_int_eq(dx_db_set_metadata(db, "shard", name, strlen(name)), DX_OK);
    ck_assert_msg(dx_db_commit(db) == DX_OK, "%s", dx_db_error(db));
    dx_db_close(db);
}

/* Open a database read-only, failing the test if that fails. */
static inline dx_db_t *
fx_open_ro(const char *path)
{
    dx_db_t *db = NULL;
    char *err = NULL;
    dx_status_t st = dx_db_open(path, DX_DB_READ, 0, &db, &err);
    ck_assert_msg(st == DX_OK, "open %s: %s", path, err ? err : "");
    ck_assert_ptr_null(err);
    return db;
}

/* Open a database for writing (no wait for the lock). */
static inline dx_db_t *
fx_open_rw(const char *path)
{
    dx_db_t *db = NULL;
    char *err = NULL;
    dx_status_t st = dx_db_open(path, DX_DB_CREATE | DX_DB_NO_SYNC, 0, &db, &err);
    ck_assert_msg(st == DX_OK, "open %s: %s", path, err ? err : "");
    return db;
}

/* Callbacks that append "term:number," to a buf_t. */
static inline int
fx_collect_term(const char *term, size_t len, unsigned n, void *ctx)
{
    buf_append((buf_t *)ctx, term, len);
    buf_printf((buf_t *)ctx, ":%u,", n);
    return 0;
}

static inline int
fx_collect_key(const char *key, size_t len, void *ctx)
{
    buf_append((buf_t *)ctx, key, len);
    buf_putc((buf_t *)ctx, ',');
    return 0;
}

static inline int
fx_collect_value(dx_docid_t docid, const char *value, size_t len, void *ctx)
{
    buf_printf((buf_t *)ctx, "%u=", docid);
    buf_append((buf_t *)ctx, value, len);
    buf_putc((buf_t *)ctx, ',');
    return 0;
}

/* The data ("record N") of a stored document, as N; 0 on failure. */
static inline int
fx_doc_number(dx_doc_t *doc)
{
    char *data = NULL;
    size_t len = 0;
    if (dx_doc_get_data(doc, &data, &len) != DX_OK)
        return 0;
    int n = 0;
    if (sscanf(data, "record %d", &n) != 1)
        n = 0;
    free(data);
    return n;
}

/* The fixture numbers of the hits of an MSet, in rank order, as "1,2,"
 * (caller frees). */
static inline char *
fx_hits(dx_mset_t *mset)
{
    buf_t b = BUF_INIT;
    for (unsigned i = 0; i < dx_mset_size(mset); i++) {
        dx_doc_t *doc = NULL;
        ck_assert_int_eq(dx_mset_doc(mset, i, &doc), DX_OK);
        buf_printf(&b, "%d,", fx_doc_number(doc));
        dx_doc_free(doc);
    }
    return buf_detach(&b, NULL);
}

#endif
