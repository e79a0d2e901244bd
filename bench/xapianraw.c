/*
 * xapianraw.c - the yardstick: Xapian's own TermGenerator plus
 * add_document over the same files, with nothing of Dossier around it.
 *
 *   dossier-xapianraw DBDIR TREE [COMMIT_EVERY]
 *
 * Walks TREE, reads every regular file, indexes its text with Xapian's
 * TermGenerator (English stemmer, STEM_SOME, positions) through the
 * binding's dx_doc_index_text(), adds a unique id term and replaces the
 * document by it; commits every COMMIT_EVERY documents (default 10000,
 * omindex's default flush).  One thread, as libxapian writes one
 * database from one thread.
 */
#define _XOPEN_SOURCE 700
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "binding/dx.h"
#include "util/buf.h"
#include "util/xalloc.h"

static dx_db_t *db;
static unsigned every, pending;
static unsigned long long docs, bytes;
static int failed;

static int
visit(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
    (void)st;
    (void)ftw;
    if (type != FTW_F)
        return 0;
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    buf_t b = BUF_INIT;
    char chunk[65536];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
        buf_append(&b, chunk, got);
    fclose(f);
    dx_doc_t *doc = dx_doc_new();
    unsigned pos = 0;
    dx_doc_index_text(doc, buf_cstr(&b), b.len, NULL, &pos);
    buf_t id = BUF_INIT;
    buf_printf(&id, "Q%s", path);
    if (id.len > 200)
        buf_truncate(&id, 200);
    dx_doc_add_boolean(doc, id.data, id.len);
    dx_doc_set_data(doc, path, strlen(path));
    if (dx_db_replace(db, buf_cstr(&id), doc, NULL) != DX_OK) {
        fprintf(stderr, "dossier-xapianraw: %s: %s\n", path, dx_db_error(db));
        failed = 1;
    }
    dx_doc_free(doc);
    docs++;
    bytes += b.len;
    buf_free(&b);
    buf_free(&id);
    if (++pending >= every) {
        dx_db_commit(db);
        pending = 0;
    }
    return failed;
}

int
main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: dossier-xapianraw DBDIR TREE [COMMIT_EVERY]\n");
        return 2;
    }
    every = argc > 3 ? (unsigned)atoi(argv[3]) : 10000;
    if (every == 0)
        every = 10000;
    char *err = NULL;
    if (dx_db_open(argv[1], DX_DB_CREATE, 0, &db, &err) != DX_OK) {
        fprintf(stderr, "dossier-xapianraw: %s: %s\n", argv[1], err ? err : "cannot open");
        return 1;
    }
    nftw(argv[2], visit, 32, FTW_PHYS);
    if (dx_db_commit(db) != DX_OK) {
        fprintf(stderr, "dossier-xapianraw: commit: %s\n", dx_db_error(db));
        failed = 1;
    }
    dx_db_close(db);
    fprintf(stderr, "%llu documents, %llu bytes\n", docs, bytes);
    return failed;
}
