/*
 * testutil.h - helpers shared by the Check unit tests.
 *
 * Every tests/unit/test-*.c is its own program: it defines the function
 * that builds its suite and ends with TEST_MAIN(that_function).
 */
#ifndef DOSSIER_TESTUTIL_H
#define DOSSIER_TESTUTIL_H

#include <check.h>
#include <stddef.h>

/* A fresh empty directory under the system's temporary directory; removed
 * with everything in it by tu_rmtree().  Returns a malloc'd path. */
char *tu_tmpdir(const char *tag);
/* Remove a directory tree (for test clean-up only). */
void tu_rmtree(const char *path);
/* Write a file with the given bytes; creates parent directories. */
void tu_write_file(const char *path, const void *data, size_t len);
/* The sample corpus (DOSSIER_CORPUS, set by ctest), or NULL. */
const char *tu_corpus_dir(void);
/* Read a whole file into a malloc'd NUL-terminated buffer, or NULL. */
char *tu_read_file(const char *path, size_t *len);

int tu_run_suite(Suite *s);

#define TEST_MAIN(suite_fn)             \
    int main(void)                      \
    {                                   \
        return tu_run_suite(suite_fn()); \
    }

#endif
