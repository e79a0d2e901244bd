/*
 * test-binding-group.c - groups of shards (dx_db_group_new/_add): a group
 * must rank and weigh exactly like one database holding every document;
 * shard specs, per-shard metadata, remote shards served by xapian-tcpsrv
 * (when it is installed) and the errors of unreachable or malformed specs.
 */
#include <arpa/inet.h>
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "binding/dx.h"
#include "dxfixture.h"
#include "testutil.h"
#include "util/buf.h"
#include "util/xalloc.h"

static const int IN_A[] = {0, 2, 4}; /* documents 1 3 5 */
static const int IN_B[] = {1, 3, 5}; /* documents 2 4 6 */

struct dbs {
    char *dir, *all, *a, *b;
};

static void
build_dbs(struct dbs *d)
{
    d->dir = tu_tmpdir("dxgroup");
    d->all = xasprintf("%s/all", d->dir);
    d->a = xasprintf("%s/a", d->dir);
    d->b = xasprintf("%s/b", d->dir);
    fx_build(d->all, NULL, 0, "ALL");
    fx_build(d->a, IN_A, 3, "A");
    fx_build(d->b, IN_B, 3, "B");
}

static void
free_dbs(struct dbs *d)
{
    tu_rmtree(d->dir);
    free(d->dir);
    free(d->all);
    free(d->a);
    free(d->b);
}

static double
now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static dx_query_t *
or_query(void)
{
    static const char *words[] = {"sanctions", "policy", "trade", "carbon",
                                  "climate", "regime", "undated"};
    dx_query_t *subs[7];
    for (int i = 0; i < 7; i++)
        subs[i] = dx_query_term(words[i], strlen(words[i]), 1, 0);
    dx_query_t *q = dx_query_combine(DX_OP_OR, subs, 7, 0);
    for (int i = 0; i < 7; i++)
        dx_query_free(subs[i]);
    return q;
}

/*
 * The group ranks like the single database: the same documents (by their
 * data, as docids differ) with the same weights in the same order.
 */
static void
assert_same_ranking(dx_db_t *single, dx_db_t *group, const dx_query_t *q)
{
    dx_mset_t *m1 = NULL, *m2 = NULL;
    ck_assert_int_eq(dx_db_search(single, q, NULL, 0, 100, &m1), DX_OK);
    ck_assert_msg(dx_db_search(group, q, NULL, 0, 100, &m2) == DX_OK, "%s",
                  dx_db_error(group));
    ck_assert_uint_gt(dx_mset_size(m1), 0);
    ck_assert_uint_eq(dx_mset_size(m1), dx_mset_size(m2));
    ck_assert_uint_eq(dx_mset_matches_estimated(m1), dx_mset_matches_estimated(m2));
    for (unsigned i = 0; i < dx_mset_size(m1); i++)
        ck_assert_double_eq_tol(dx_mset_weight(m1, i), dx_mset_weight(m2, i), 1e-9);
    /* Same weight for the same document. */
    for (unsigned i = 0; i < dx_mset_size(m1); i++) {
        dx_doc_t *d1 = NULL;
        ck_assert_int_eq(dx_mset_doc(m1, i, &d1), DX_OK);
        int n = fx_doc_number(d1);
        dx_doc_free(d1);
        int found = 0;
        for (unsigned j = 0; j < dx_mset_size(m2); j++) {
            dx_doc_t *d2 = NULL;
            ck_assert_int_eq(dx_mset_doc(m2, j, &d2), DX_OK);
            if (fx_doc_number(d2) == n) {
                found = 1;
                ck_assert_double_eq_tol(dx_mset_weight(m1, i), dx_mset_weight(m2, j),
                                        1e-9);
            }
            dx_doc_free(d2);
        }
        ck_assert_msg(found, "document %d missing from the group's results", n);
    }
    dx_mset_free(m1);
    dx_mset_free(m2);
}

static int
collect_synonym(const char *term, size_t len, unsigned tf, void *ctx)
{
    (void)tf;
    dx_query_t **subs = ctx;
    size_t n = 0;
    while (subs[n])
        n++;
    ck_assert_uint_lt(n, 15);
    subs[n] = dx_query_term(term, len, 1, 0);
    return 0;
}

/*
 * Xapian expands OP_WILDCARD in each shard on its own, and in a group the
 * resulting weights differ from a single database's (and any expansion
 * limit applies per shard).  The documents matched are the same; and an
 * explicit SYNONYM of the group's own expansion (dx_db_allterms over the
 * group) weighs exactly like the single database.
 */
static void
assert_wildcard(dx_db_t *single, dx_db_t *group, const char *prefix)
{
    dx_query_t *w = dx_query_wildcard(prefix, strlen(prefix), 0);
    dx_mset_t *m1 = NULL, *m2 = NULL;
    ck_assert_int_eq(dx_db_search(single, w, NULL, 0, 100, &m1), DX_OK);
    ck_assert_int_eq(dx_db_search(group, w, NULL, 0, 100, &m2), DX_OK);
    ck_assert_uint_gt(dx_mset_size(m1), 0);
    ck_assert_uint_eq(dx_mset_size(m1), dx_mset_size(m2));
    unsigned mask1 = 0, mask2 = 0;
    for (unsigned i = 0; i < dx_mset_size(m1); i++) {
        dx_doc_t *doc = NULL;
        ck_assert_int_eq(dx_mset_doc(m1, i, &doc), DX_OK);
        mask1 |= 1u << fx_doc_number(doc);
        dx_doc_free(doc);
        ck_assert_int_eq(dx_mset_doc(m2, i, &doc), DX_OK);
        mask2 |= 1u << fx_doc_number(doc);
        dx_doc_free(doc);
    }
    ck_assert_uint_eq(mask1, mask2);
    dx_mset_free(m1);
    dx_mset_free(m2);
    dx_query_free(w);

    dx_query_t *subs[16] = {NULL};
    ck_assert_int_eq(dx_db_allterms(group, prefix, collect_synonym, subs), DX_OK);
    size_t n = 0;
    while (subs[n])
        n++;
    ck_assert_uint_gt(n, 1);
    dx_query_t *syn = dx_query_combine(DX_OP_SYNONYM, subs, n, 0);
    assert_same_ranking(single, group, syn);
    dx_query_free(syn);
    for (size_t i = 0; i < n; i++)
        dx_query_free(subs[i]);
}

static char *
shard_meta(dx_db_t *db, size_t shard, const char *key)
{
    char *v = NULL;
    size_t len = 0;
    ck_assert_msg(dx_db_shard_metadata(db, shard, key, &v, &len) == DX_OK, "%s",
                  dx_db_error(db));
    return v;
}

START_TEST(test_local_group)
{
    struct dbs d;
    build_dbs(&d);
    dx_db_t *single = fx_open_ro(d.all);
    dx_db_t *g = dx_db_group_new();
    ck_assert_uint_eq(dx_db_shard_count(g), 0);
    ck_assert_int_eq(dx_db_is_writable(g), 0);
    ck_assert_int_eq(dx_db_group_add(g, d.a, 0), DX_OK);
    ck_assert_int_eq(dx_db_group_add(g, d.b, 0), DX_OK);
    ck_assert_uint_eq(dx_db_shard_count(g), 2);
    ck_assert_str_eq(dx_db_shard_spec(g, 0), d.a);
    ck_assert_str_eq(dx_db_shard_spec(g, 1), d.b);
    ck_assert_str_eq(dx_db_shard_spec(g, 2), "");

    /* Global statistics. */
    ck_assert_uint_eq(dx_db_doccount(g), FX_NDOCS);
    ck_assert_double_eq_tol(dx_db_avlength(g), dx_db_avlength(single), 1e-9);
    unsigned tf1 = 0, tf2 = 0;
    ck_assert_int_eq(dx_db_termfreq(g, "trade", 5, &tf2), DX_OK);
    ck_assert_int_eq(dx_db_termfreq(single, "trade", 5, &tf1), DX_OK);
    ck_assert_uint_eq(tf2, 3);
    ck_assert_uint_eq(tf1, tf2);
    uint64_t cf = 0;
    ck_assert_int_eq(dx_db_collection_freq(g, "sanctions", 9, &cf), DX_OK);
    ck_assert_uint_eq(cf, 5);

    /* Same ranking, weights, for several queries. */
    dx_query_t *q = or_query();
    assert_same_ranking(single, g, q);
    dx_query_free(q);
    q = dx_query_term("sanctions", 9, 1, 0);
    assert_same_ranking(single, g, q);
    dx_query_free(q);
    dx_query_t *subs[] = {dx_query_term("climate", 7, 1, 0),
                          dx_query_term("change", 6, 1, 0)};
    q = dx_query_combine(DX_OP_PHRASE, subs, 2, 0);
    assert_same_ranking(single, g, q);
    dx_query_free(q);
    dx_query_free(subs[0]);
    dx_query_free(subs[1]);
    assert_wildcard(single, g, "c");
    assert_wildcard(single, g, "re");

    /* Docids interleave: shard k's document n is group docid
     * (n - 1) * 2 + k + 1. */
    static const int expect[] = {1, 2, 3, 4, 5, 6};
    for (dx_docid_t id = 1; id <= 6; id++) {
        dx_doc_t *doc = NULL;
        ck_assert_int_eq(dx_db_get_doc(g, id, &doc), DX_OK);
        ck_assert_int_eq(fx_doc_number(doc), expect[id - 1]);
        dx_doc_free(doc);
    }
    dx_docid_t id = 0;
    ck_assert_int_eq(dx_db_find(g, "Q4", &id), DX_OK);
    ck_assert_uint_eq(id, 4);
    ck_assert_int_eq(dx_db_find(g, "Q9", &id), DX_ERR_NOT_FOUND);
    dx_doc_t *doc = NULL;
    ck_assert_int_eq(dx_db_get_doc(g, 7, &doc), DX_ERR_NOT_FOUND);

    /* Terms and values across shards. */
    buf_t b = BUF_INIT;
    ck_assert_int_eq(dx_db_allterms(g, "XT", fx_collect_term, &b), DX_OK);
    ck_assert_str_eq(buf_cstr(&b), "XTbrief:1,XTmemo:2,XTreport:3,");
    buf_clear(&b);
    ck_assert_int_eq(dx_db_values(g, FX_SLOT_YEAR, fx_collect_value, &b), DX_OK);
    ck_assert_str_eq(buf_cstr(&b), "1=2020,2=2021,3=2021,4=2019,5=2022,");
    buf_free(&b);
    char *lo = NULL, *hi = NULL;
    ck_assert_int_eq(dx_db_value_bounds(g, FX_SLOT_DATE, &lo, &hi), DX_OK);
    ck_assert_str_eq(lo, "20190520");
    ck_assert_str_eq(hi, "20220101");
    free(lo);
    free(hi);

    /* Metadata: the group reads its first shard; each shard on demand. */
    char *v = NULL;
    size_t len = 0;
    ck_assert_int_eq(dx_db_get_metadata(g, "shard", &v, &len), DX_OK);
    ck_assert_str_eq(v, "A");
    free(v);
    v = shard_meta(g, 0, "shard");
    ck_assert_str_eq(v, "A");
    free(v);
    v = shard_meta(g, 1, "shard");
    ck_assert_str_eq(v, "B");
    free(v);
    ck_assert_int_eq(dx_db_shard_metadata(g, 2, "shard", &v, &len), DX_ERR_INVALID);

    /* Facets and sorting across shards. */
    dx_search_opts_t o;
    dx_search_opts_init(&o);
    o.facet_slot = FX_SLOT_YEAR;
    o.sort_slot = FX_SLOT_DATE;
    dx_query_t *all = dx_query_match_all();
    dx_mset_t *m = NULL;
    ck_assert_int_eq(dx_db_search(g, all, &o, 0, 2, &m), DX_OK);
    char *hits = fx_hits(m);
    ck_assert_str_eq(hits, "6,4,");
    free(hits);
    ck_assert_uint_eq(dx_mset_facet_count(m), 4);
    unsigned c = 0;
    ck_assert_str_eq(dx_mset_facet(m, 2, &c), "2021");
    ck_assert_uint_eq(c, 2);
    dx_mset_free(m);
    dx_query_free(all);

    /* The group is read-only. */
    ck_assert_int_eq(dx_db_commit(g), DX_ERR_INVALID);
    ck_assert_int_eq(dx_db_set_metadata(g, "k", "v", 1), DX_ERR_INVALID);

    /* A failed add leaves the group as it was. */
    char *missing = xasprintf("%s/missing", d.dir);
    ck_assert_int_eq(dx_db_group_add(g, missing, 0), DX_ERR_NOT_FOUND);
    ck_assert_str_ne(dx_db_error(g), "");
    free(missing);
    ck_assert_uint_eq(dx_db_shard_count(g), 2);
    ck_assert_uint_eq(dx_db_doccount(g), FX_NDOCS);

    /* Reopen sees a shard's new commit. */
    dx_db_t *w = fx_open_rw(d.b);
    dx_doc_t *nd = dx_doc_new();
    dx_doc_add_boolean(nd, "Q7", 2);
    dx_doc_add_posting(nd, "sanctions", 9, 1, 1);
    ck_assert_int_eq(dx_db_replace(w, "Q7", nd, NULL), DX_OK);
    dx_doc_free(nd);
    ck_assert_int_eq(dx_db_commit(w), DX_OK);
    dx_db_close(w);
    ck_assert_uint_eq(dx_db_doccount(g), FX_NDOCS);
    ck_assert_int_eq(dx_db_reopen(g), DX_OK);
    ck_assert_uint_eq(dx_db_doccount(g), FX_NDOCS + 1);
    ck_assert_int_eq(dx_db_termfreq(g, "sanctions", 9, &tf2), DX_OK);
    ck_assert_uint_eq(tf2, 4);

    dx_db_close(g);
    dx_db_close(single);
    free_dbs(&d);
}
END_TEST

/* A group of three, and a plain open database used as a group. */
START_TEST(test_group_three_and_extend)
{
    char *dir = tu_tmpdir("dxgroup");
    char *all = xasprintf("%s/all", dir);
    char *p[3];
    static const int s0[] = {0, 3}, s1[] = {1, 4}, s2[] = {2, 5};
    const int *parts[] = {s0, s1, s2};
    fx_build(all, NULL, 0, NULL);
    for (int i = 0; i < 3; i++) {
        p[i] = xasprintf("%s/s%d", dir, i);
        char name[24];
        snprintf(name, sizeof name, "S%d", i);
        fx_build(p[i], parts[i], 2, name);
    }
    dx_db_t *single = fx_open_ro(all);
    dx_db_t *g = dx_db_group_new();
    for (int i = 0; i < 3; i++)
        ck_assert_int_eq(dx_db_group_add(g, p[i], 0), DX_OK);
    dx_query_t *q = or_query();
    assert_same_ranking(single, g, q);
    for (size_t i = 0; i < 3; i++) {
        char *v = shard_meta(g, i, "shard");
        char name[24];
        snprintf(name, sizeof name, "S%zu", i);
        ck_assert_str_eq(v, name);
        free(v);
    }
    dx_db_close(g);

    /* dx_db_open gives a group of one, to which more shards can be added. */
    g = fx_open_ro(p[0]);
    ck_assert_uint_eq(dx_db_doccount(g), 2);
    ck_assert_int_eq(dx_db_group_add(g, p[1], 0), DX_OK);
    ck_assert_int_eq(dx_db_group_add(g, p[2], 0), DX_OK);
    ck_assert_uint_eq(dx_db_shard_count(g), 3);
    ck_assert_uint_eq(dx_db_doccount(g), FX_NDOCS);
    assert_same_ranking(single, g, q);
    dx_db_close(g);

    /* An empty group holds nothing, and Xapian refuses to search it
     * ("Can't make an Enquire object from an uninitialised Database"). */
    g = dx_db_group_new();
    ck_assert_uint_eq(dx_db_doccount(g), 0);
    dx_mset_t *m = (dx_mset_t *)1;
    ck_assert_int_eq(dx_db_search(g, q, NULL, 0, 10, &m), DX_ERR_INVALID);
    ck_assert_ptr_null(m);
    ck_assert_str_ne(dx_db_error(g), "");
    char *v = NULL;
    size_t len = 9;
    ck_assert_int_eq(dx_db_get_metadata(g, "shard", &v, &len), DX_OK);
    ck_assert_str_eq(v, "");
    free(v);
    dx_db_close(g);

    dx_query_free(q);
    dx_db_close(single);
    for (int i = 0; i < 3; i++)
        free(p[i]);
    tu_rmtree(dir);
    free(all);
    free(dir);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Remote shards                                                         */
/* ------------------------------------------------------------------ */

START_TEST(test_remote_errors)
{
    dx_db_t *g = dx_db_group_new();
    /* Nothing listens on port 1. */
    double t0 = now_ms();
    dx_status_t st = dx_db_group_add(g, "tcp://127.0.0.1:1", 2000);
    ck_assert_msg(st == DX_ERR_NETWORK, "status %d: %s", st, dx_db_error(g));
    ck_assert_str_ne(dx_db_error(g), "");
    ck_assert_msg(now_ms() - t0 < 3000, "took %.0f ms", now_ms() - t0);
    ck_assert_uint_eq(dx_db_shard_count(g), 0);

    /* Malformed specs are the caller's mistake. */
    static const char *bad[] = {"tcp://nohostport", "tcp://host:", "tcp://host:0",
                                "tcp://host:65536", "tcp://host:12x", "tcp://host:-1"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        st = dx_db_group_add(g, bad[i], 100);
        ck_assert_msg(st == DX_ERR_INVALID, "%s: status %d: %s", bad[i], st,
                      dx_db_error(g));
        ck_assert_ptr_nonnull(strstr(dx_db_error(g), bad[i]));
    }
    ck_assert_uint_eq(dx_db_shard_count(g), 0);

    /* A server that accepts the connection but never speaks: the timeout
     * bounds the wait for its greeting. */
    int s = socket(AF_INET, SOCK_STREAM, 0);
    ck_assert_int_ge(s, 0);
    struct sockaddr_in sa;
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ck_assert_int_eq(bind(s, (struct sockaddr *)&sa, sizeof sa), 0);
    ck_assert_int_eq(listen(s, 4), 0);
    socklen_t sl = sizeof sa;
    ck_assert_int_eq(getsockname(s, (struct sockaddr *)&sa, &sl), 0);
    char spec[64];
    snprintf(spec, sizeof spec, "tcp://127.0.0.1:%u", ntohs(sa.sin_port));
    t0 = now_ms();
    st = dx_db_group_add(g, spec, 300);
    double took = now_ms() - t0;
    ck_assert_msg(st == DX_ERR_NETWORK, "status %d: %s", st, dx_db_error(g));
    ck_assert_str_ne(dx_db_error(g), "");
    ck_assert_msg(took >= 250 && took < 3000, "took %.0f ms", took);
    close(s);
    ck_assert_uint_eq(dx_db_shard_count(g), 0);
    dx_db_close(g);
}
END_TEST

/* Find xapian-tcpsrv on PATH; NULL if it is not installed. */
static char *
find_tcpsrv(void)
{
    const char *path = getenv("PATH");
    if (!path)
        return NULL;
    char *copy = xstrdup(path), *save = NULL;
    char *found = NULL;
    for (char *d = strtok_r(copy, ":", &save); d && !found; d = strtok_r(NULL, ":", &save)) {
        char *cand = xasprintf("%s/xapian-tcpsrv", d);
        if (access(cand, X_OK) == 0)
            found = cand;
        else
            free(cand);
    }
    free(copy);
    return found;
}

static unsigned
free_port(void)
{
    int s = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sa;
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ck_assert_int_eq(bind(s, (struct sockaddr *)&sa, sizeof sa), 0);
    socklen_t sl = sizeof sa;
    ck_assert_int_eq(getsockname(s, (struct sockaddr *)&sa, &sl), 0);
    close(s);
    return ntohs(sa.sin_port);
}

/*
 * Serve dbpath with `xapian-tcpsrv --one-shot` (one connection, served by
 * the server process itself, so killing it cuts the connection) and add
 * it to g, retrying while the server starts.  Returns the server's pid.
 */
static pid_t
add_served(dx_db_t *g, const char *tcpsrv, const char *dbpath, char **spec)
{
    unsigned port = free_port();
    char portstr[16];
    snprintf(portstr, sizeof portstr, "%u", port);
    pid_t pid = fork();
    ck_assert_int_ne(pid, -1);
    if (pid == 0) {
        /* Never outlive the test by long, even if it fails half-way. */
        alarm(60);
        int devnull = open("/dev/null", O_WRONLY);
        if (devnull >= 0) {
            dup2(devnull, 1);
            dup2(devnull, 2);
        }
        execl(tcpsrv, "xapian-tcpsrv", "--one-shot", "--quiet", "--interface",
              "127.0.0.1", "--port", portstr, dbpath, (char *)NULL);
        _exit(127);
    }
    *spec = xasprintf("tcp://127.0.0.1:%u", port);
    dx_status_t st = DX_ERR_NETWORK;
    for (int tries = 0; tries < 100 && st == DX_ERR_NETWORK; tries++) {
        st = dx_db_group_add(g, *spec, 5000);
        if (st == DX_ERR_NETWORK) {
            struct timespec ts = {0, 50 * 1000000L};
            nanosleep(&ts, NULL);
        }
    }
    ck_assert_msg(st == DX_OK, "%s: status %d: %s", *spec, st, dx_db_error(g));
    return pid;
}

static void
stop_server(pid_t pid)
{
    kill(pid, SIGTERM);
    int status;
    waitpid(pid, &status, 0);
}

static void
add_spelling(const char *path, const char *word)
{
    dx_db_t *w = fx_open_rw(path);
    ck_assert_int_eq(dx_db_add_spelling(w, word, 1), DX_OK);
    ck_assert_int_eq(dx_db_commit(w), DX_OK);
    dx_db_close(w);
}

START_TEST(test_remote_group)
{
    char *tcpsrv = find_tcpsrv();
    if (!tcpsrv) {
        fprintf(stderr, "test_remote_group: xapian-tcpsrv not found, skipped\n");
        return;
    }
    struct dbs d;
    build_dbs(&d);
    add_spelling(d.a, "sanction");
    add_spelling(d.b, "tariff");
    dx_db_t *single = fx_open_ro(d.all);
    dx_db_t *g = dx_db_group_new();
    ck_assert_int_eq(dx_db_group_add(g, d.a, 0), DX_OK);
    char *spec = NULL;
    pid_t pid = add_served(g, tcpsrv, d.b, &spec);
    ck_assert_uint_eq(dx_db_shard_count(g), 2);
    ck_assert_str_eq(dx_db_shard_spec(g, 1), spec);
    ck_assert_uint_eq(dx_db_doccount(g), FX_NDOCS);

    /* A remote shard ranks and weighs like a local one. */
    dx_query_t *q = or_query();
    assert_same_ranking(single, g, q);
    assert_wildcard(single, g, "c");

    /* Metadata of the remote shard, and of the group (the local first). */
    char *v = shard_meta(g, 1, "shard");
    ck_assert_str_eq(v, "B");
    free(v);
    v = shard_meta(g, 0, "shard");
    ck_assert_str_eq(v, "A");
    free(v);

    /* Everything else Dossier reads also works over the remote protocol. */
    buf_t b = BUF_INIT;
    ck_assert_int_eq(dx_db_allterms(g, "XT", fx_collect_term, &b), DX_OK);
    ck_assert_str_eq(buf_cstr(&b), "XTbrief:1,XTmemo:2,XTreport:3,");
    buf_clear(&b);
    ck_assert_int_eq(dx_db_values(g, FX_SLOT_YEAR, fx_collect_value, &b), DX_OK);
    ck_assert_str_eq(buf_cstr(&b), "1=2020,2=2021,3=2021,4=2019,5=2022,");
    buf_clear(&b);
    ck_assert_int_eq(dx_db_metadata_keys(g, NULL, fx_collect_key, &b), DX_OK);
    ck_assert_str_eq(buf_cstr(&b), "shard,");
    buf_clear(&b);
    /* Group docid 4 is the remote shard's second document, fixture 4. */
    ck_assert_int_eq(dx_db_termlist(g, 4, fx_collect_term, &b), DX_OK);
    ck_assert_str_eq(buf_cstr(&b), "Q4:0,XTreport:0,and:1,carbon:1,change:1,"
                                   "climate:1,policy:1,tax:1,");
    unsigned *pos = NULL;
    size_t n = 0;
    ck_assert_int_eq(dx_db_positions(g, 4, "policy", &pos, &n), DX_OK);
    ck_assert_uint_eq(n, 1);
    ck_assert_uint_eq(pos[0], 3);
    free(pos);
    char *lo = NULL, *hi = NULL;
    ck_assert_int_eq(dx_db_value_bounds(g, FX_SLOT_DATE, &lo, &hi), DX_OK);
    ck_assert_str_eq(lo, "20190520");
    ck_assert_str_eq(hi, "20220101");
    free(lo);
    free(hi);
    dx_docid_t rel[] = {4, 5};
    buf_clear(&b);
    ck_assert_int_eq(dx_db_expand(g, rel, 2, 2, fx_collect_term, &b), DX_OK);
    ck_assert_msg(strstr(buf_cstr(&b), "carbon:") && strstr(buf_cstr(&b), "tax:"),
                  "%s", buf_cstr(&b));
    dx_docid_t id = 0;
    ck_assert_int_eq(dx_db_find(g, "Q6", &id), DX_OK);
    ck_assert_uint_eq(id, 6);

    /* Spelling data comes from local shards only. */
    char *sugg = NULL;
    ck_assert_int_eq(dx_db_spelling_suggestion(g, "sanctoin", &sugg), DX_OK);
    ck_assert_str_eq(sugg, "sanction");
    free(sugg);
    ck_assert_int_eq(dx_db_spelling_suggestion(g, "tarif", &sugg), DX_OK);
    ck_assert_str_eq(sugg, "");
    free(sugg);

    /* A document fetched from the remote shard carries its data. */
    dx_doc_t *doc = NULL;
    ck_assert_int_eq(dx_db_get_doc(g, 4, &doc), DX_OK);
    ck_assert_int_eq(fx_doc_number(doc), 4);

    /* The server goes away: calls that need it fail with NETWORK, calls
     * that need only the local shard still work. */
    stop_server(pid);
    dx_mset_t *m = (dx_mset_t *)1;
    dx_status_t st = dx_db_search(g, q, NULL, 0, 10, &m);
    ck_assert_msg(st == DX_ERR_NETWORK, "status %d: %s", st, dx_db_error(g));
    ck_assert_ptr_null(m);
    ck_assert_str_ne(dx_db_error(g), "");
    dx_doc_t *doc2 = NULL;
    ck_assert_int_eq(dx_db_get_doc(g, 4, &doc2), DX_ERR_NETWORK);
    ck_assert_ptr_null(doc2);
    size_t len = 0;
    ck_assert_int_eq(dx_db_shard_metadata(g, 1, "shard", &v, &len), DX_ERR_NETWORK);
    ck_assert_ptr_null(v);
    v = shard_meta(g, 0, "shard");
    ck_assert_str_eq(v, "A");
    free(v);
    ck_assert_int_eq(dx_db_reopen(g), DX_ERR_NETWORK);
    /* The document fetched earlier is still readable. */
    char *val = NULL;
    ck_assert_int_eq(dx_doc_get_value(doc, FX_SLOT_DATE, &val, &len), DX_OK);
    ck_assert_str_eq(val, "20190520");
    free(val);
    dx_doc_free(doc);

    buf_free(&b);
    dx_query_free(q);
    dx_db_close(g);
    dx_db_close(single);
    free(spec);
    free(tcpsrv);
    free_dbs(&d);
}
END_TEST

static Suite *
binding_group_suite(void)
{
    Suite *s = suite_create("binding-group");
    TCase *tc = tcase_create("group");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_local_group);
    tcase_add_test(tc, test_group_three_and_extend);
    tcase_add_test(tc, test_remote_errors);
    tcase_add_test(tc, test_remote_group);
    suite_add_tcase(s, tc);
    return s;
}

TEST_MAIN(binding_group_suite)
