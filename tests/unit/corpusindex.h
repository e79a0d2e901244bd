/*
 * corpusindex.h - an index of the sample corpus for the search tests.
 *
 * ci_open() copies corpus/ (DOSSIER_CORPUS) into a fresh temporary folder,
 * gives every file the same fixed modification time (git does not keep
 * mtimes, and speeches/public-health-commencement.txt is dated by its
 * mtime: 2020-05-05), indexes the copy through the library exactly as
 * `dossier add` does, and opens the index for reading.  Documents are
 * stored as "corpus/<folder>/<file>".
 *
 * ci_search() runs a query with the CLI's defaults, relative dates
 * anchored at a fixed day unless the case gives one.
 */
#ifndef DOSSIER_CORPUSINDEX_H
#define DOSSIER_CORPUSINDEX_H

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "indexer/indexer.h"
#include "lib/index.h"
#include "lib/stems.h"
#include "search/search.h"
#include "testutil.h"
#include "util/xalloc.h"

#define CI_MTIME "2020-05-05T12:00:00"
#define CI_TODAY 20260101

typedef struct corpus_index {
    char *tmp;
    dindex_t *ix;
    stems_t *stems;
} corpus_index_t;

static int
ci_sh(const char *cmd)
{
    int rc = system(cmd);
    if (rc != 0)
        fprintf(stderr, "corpusindex: '%s' failed (%d)\n", cmd, rc);
    return rc;
}

/* Open (building it) the index of a copy of the corpus; aborts on failure. */
__attribute__((unused)) static void
ci_open(corpus_index_t *ci)
{
    const char *corpus = tu_corpus_dir();
    if (!corpus) {
        fprintf(stderr, "corpusindex: DOSSIER_CORPUS is not set\n");
        abort();
    }
    ci->tmp = tu_tmpdir("corpusindex");
    char *cmd = xasprintf("cp -R '%s' '%s/corpus' && find '%s/corpus' -type f -exec touch -d %s {} +",
                          corpus, ci->tmp, ci->tmp, CI_MTIME);
    if (ci_sh(cmd) != 0)
        abort();
    free(cmd);

    char *dir = xasprintf("%s/%s", ci->tmp, INDEX_DEFAULT_NAME);
    char *err = NULL;
    index_open_opts_t oo;
    memset(&oo, 0, sizeof oo);
    oo.lock_wait_ms = 3000;
    oo.remote_timeout_ms = 10000;
    oo.command = "test";
    dindex_t *ix = NULL;
    if (index_open(dir, INDEX_CREATE, &oo, &ix, &err) != 0) {
        fprintf(stderr, "corpusindex: %s\n", err);
        abort();
    }
    indexer_opts_t io;
    indexer_opts_init(&io);
    io.progress = 0;
    indexer_counts_t counts;
    char *root = xasprintf("%s/corpus", ci->tmp);
    char *paths[] = { root };
    if (indexer_sync(ix, paths, 1, &io, &counts) != 0 || counts.added != 28) {
        fprintf(stderr, "corpusindex: indexing the corpus failed\n");
        abort();
    }
    free(root);
    index_close(ix);
    if (index_open(dir, INDEX_READ, &oo, &ci->ix, &err) != 0) {
        fprintf(stderr, "corpusindex: %s\n", err);
        abort();
    }
    free(dir);
    ci->stems = stems_new();
}

__attribute__((unused)) static void
ci_close(corpus_index_t *ci)
{
    stems_free(ci->stems);
    index_close(ci->ix);
    tu_rmtree(ci->tmp);
    free(ci->tmp);
    memset(ci, 0, sizeof *ci);
}

/* Search options as the CLI sets them, with a fixed today. */
__attribute__((unused)) static void
ci_opts(search_opts_t *o)
{
    search_opts_init(o);
    o->today = CI_TODAY;
}

/* Run a query; fails the test if the index cannot be read. */
__attribute__((unused)) static void
ci_search(corpus_index_t *ci, const char *query, const search_opts_t *o, search_result_t *r)
{
    char *err = NULL;
    int rc = search_run(ci->ix, ci->stems, query, o, r, &err);
    ck_assert_msg(rc == 0, "search [%s] failed: %s", query, err ? err : "?");
}

/* The file name (last component) of a stored path. */
__attribute__((unused)) static const char *
ci_base(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

#endif
