/*
 * test-walk.c - indexer/walk.h: what a walk lists and reports, above all
 * for symbolic links: links inside the tree are not followed (their
 * targets are listed once, under their own paths), links out of it are
 * skipped unless followed, broken links and loops are listed with their
 * problem, a link to a hidden folder is followed, and a path given is
 * followed whatever it is.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "indexer/walk.h"
#include "testutil.h"
#include "util/buf.h"
#include "util/path.h"
#include "util/xalloc.h"

/* Reports, one line each: "KIND PATH: REASON [-> TARGET]", paths relative
 * to the tree's folder. */
typedef struct seen {
    const char *top;
    buf_t lines;
} seen_t;

static const char *
rel(const seen_t *s, const char *p)
{
    const char *r = path_under(p, s->top);
    return r ? r : p;
}

static void
on_report(const char *path, const char *reason, walk_report_kind_t kind, const char *target,
          void *ctx)
{
    seen_t *s = ctx;
    static const char *const kinds[] = { "failed", "skipped", "note" };
    buf_printf(&s->lines, "%s %s: %s", kinds[kind], rel(s, path), reason);
    if (target)
        buf_printf(&s->lines, " -> %s", rel(s, target));
    buf_putc(&s->lines, '\n');
}

static char *top;

static void
link_to(const char *target, const char *name)
{
    char *p = path_join(top, name);
    ck_assert_int_eq(symlink(target, p), 0);
    free(p);
}

static void
file(const char *name, const char *text)
{
    char *p = path_join(top, name);
    tu_write_file(p, text, strlen(text));
    free(p);
}

/*
 *   tree/zdir/a.txt          tree/alink -> zdir
 *   tree/zdir/up -> ..       tree/real.txt, tree/flink.txt -> real.txt
 *   tree/broken.txt -> missing.txt
 *   tree/loop1.txt <-> tree/loop2.txt
 *   tree/.hid/h.txt          tree/hlink -> .hid
 *   outside/o.txt            tree/out -> ../outside, tree/ofile.txt -> ../outside/o.txt
 */
static void
setup(void)
{
    top = tu_tmpdir("walk");
    file("tree/zdir/a.txt", "a");
    file("tree/real.txt", "r");
    file("tree/.hid/h.txt", "h");
    file("outside/o.txt", "o");
    link_to("zdir", "tree/alink");
    link_to("..", "tree/zdir/up");
    link_to("real.txt", "tree/flink.txt");
    link_to("missing.txt", "tree/broken.txt");
    link_to("loop2.txt", "tree/loop1.txt");
    link_to("loop1.txt", "tree/loop2.txt");
    link_to(".hid", "tree/hlink");
    link_to("../outside", "tree/out");
    link_to("../outside/o.txt", "tree/ofile.txt");
}

static void
teardown(void)
{
    tu_rmtree(top);
    free(top);
    top = NULL;
}

/* Walk path (relative to top); the files listed, one line each:
 * "PATH" or "PATH (problem)" or "PATH [explicit]". */
static int
walk(const char *path, int follow, seen_t *s, char **files)
{
    char *abs = path_join(top, path);
    s->top = top;
    s->lines = (buf_t)BUF_INIT;
    walk_opts_t o = { NULL, follow, NULL, 0, on_report, s };
    walk_list_t l = { NULL, 0, 0 };
    int rc = walk_path(abs, &o, &l);
    buf_t b = BUF_INIT;
    for (size_t i = 0; i < l.n; i++) {
        buf_puts(&b, rel(s, l.files[i].path));
        if (l.files[i].problem)
            buf_printf(&b, " (%s)", l.files[i].problem);
        if (l.files[i].explicit_arg)
            buf_puts(&b, " [explicit]");
        buf_putc(&b, '\n');
    }
    *files = buf_detach(&b, NULL);
    walk_list_free(&l);
    free(abs);
    return rc;
}

START_TEST(test_links_inside_not_followed)
{
    seen_t s;
    char *files;
    ck_assert_int_eq(walk("tree", 0, &s, &files), 0);
    /* Each file once, under its real path; the hidden folder through
     * the link to it (the walk does not reach it otherwise). */
    ck_assert_str_eq(files, "tree/broken.txt (broken symbolic link)\n"
                            "tree/hlink/h.txt\n"
                            "tree/loop1.txt (symbolic link loop)\n"
                            "tree/loop2.txt (symbolic link loop)\n"
                            "tree/real.txt\n"
                            "tree/zdir/a.txt\n");
    ck_assert_str_eq(buf_cstr(&s.lines),
                     "note tree/alink: symbolic link inside the folder walked: not followed"
                     " -> tree/zdir\n"
                     "note tree/flink.txt: symbolic link inside the folder walked: not followed"
                     " -> tree/real.txt\n"
                     "skipped tree/ofile.txt: symbolic link leads outside the corpus"
                     " (use --follow to index it)\n"
                     "skipped tree/out: symbolic link leads outside the corpus"
                     " (use --follow to index it)\n"
                     "note tree/zdir/up: symbolic link inside the folder walked: not followed"
                     " -> tree\n");
    free(files);
    buf_free(&s.lines);
}
END_TEST

START_TEST(test_follow_outside)
{
    seen_t s;
    char *files;
    ck_assert_int_eq(walk("tree", 1, &s, &files), 0);
    /* Links out of the tree are followed; those inside still are not. */
    ck_assert_str_eq(files, "tree/broken.txt (broken symbolic link)\n"
                            "tree/hlink/h.txt\n"
                            "tree/loop1.txt (symbolic link loop)\n"
                            "tree/loop2.txt (symbolic link loop)\n"
                            "tree/ofile.txt\n"
                            "tree/out/o.txt\n"
                            "tree/real.txt\n"
                            "tree/zdir/a.txt\n");
    ck_assert_ptr_null(strstr(buf_cstr(&s.lines), "skipped"));
    ck_assert_ptr_nonnull(strstr(buf_cstr(&s.lines), "note tree/alink:"));
    free(files);
    buf_free(&s.lines);
}
END_TEST

START_TEST(test_paths_given_are_followed)
{
    seen_t s;
    char *files;
    /* A folder link given: walked under its own name. */
    ck_assert_int_eq(walk("tree/alink", 0, &s, &files), 0);
    ck_assert_str_eq(files, "tree/alink/a.txt\n");
    free(files);
    buf_free(&s.lines);
    /* A file link given: listed under its own name. */
    ck_assert_int_eq(walk("tree/flink.txt", 0, &s, &files), 0);
    ck_assert_str_eq(files, "tree/flink.txt [explicit]\n");
    ck_assert_str_eq(buf_cstr(&s.lines), "");
    free(files);
    buf_free(&s.lines);
}
END_TEST

START_TEST(test_path_not_walked)
{
    seen_t s;
    char *files;
    /* A path that cannot be read: reported, nothing listed, -1 (so that
     * nothing under it is taken for gone). */
    ck_assert_int_eq(walk("tree/nonexistent", 0, &s, &files), -1);
    ck_assert_str_eq(files, "");
    ck_assert_ptr_nonnull(strstr(buf_cstr(&s.lines), "failed "));
    ck_assert_ptr_nonnull(strstr(buf_cstr(&s.lines), "no such file or directory"));
    free(files);
    buf_free(&s.lines);
    /* A broken link given: the same. */
    ck_assert_int_eq(walk("tree/broken.txt", 0, &s, &files), -1);
    ck_assert_str_eq(files, "");
    free(files);
    buf_free(&s.lines);
}
END_TEST

static Suite *
walk_suite(void)
{
    Suite *s = suite_create("walk");
    TCase *tc = tcase_create("walk");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_links_inside_not_followed);
    tcase_add_test(tc, test_follow_outside);
    tcase_add_test(tc, test_paths_given_are_followed);
    tcase_add_test(tc, test_path_not_walked);
    suite_add_tcase(s, tc);
    return s;
}

TEST_MAIN(walk_suite)
