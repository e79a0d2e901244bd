/*
 * cmd-search.c - `dossier search`: ranked documents and their best passages.
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "search/datequery.h"
#include "search/output.h"
#include "search/search.h"
#include "util/buf.h"
#include "util/json.h"
#include "util/msg.h"
#include "util/xalloc.h"

static const char help[] =
    "usage: dossier search [OPTIONS] QUERY...\n"
    "\n"
    "Search the index.  The words of QUERY are AND-ed (stemmed: sanction finds\n"
    "sanctions); a long question is answered by ranking documents on any of its\n"
    "words.  Syntax (AND OR NOT in any case; XOR NEAR ADJ in capitals):\n"
    "\n"
    "  \"north korea\"  “curly quotes”   phrase; one quoted word is exact\n"
    "  Jong-un  US-ROK                    hyphenated words are phrases\n"
    "  a OR b   a AND b   a NOT b   NOT a   a XOR b   +a   -a   ( )\n"
    "  a NEAR b   a NEAR/5 b   a ADJ/5 b   \"a b\"~5   NEAR(a b, 5)\n"
    "  sanction*                          words starting with sanction\n"
    "  title:  author:  type:  path:  dir:  ext:\n"
    "  date:2017-03-03  date:2017-03  date:2017  date:2017-Q1\n"
    "  date:2017-02..2017-03  date:..2016  date:2018..  date:>=2017-03-01\n"
    "  date:\"March 3, 2017\"  date:march_2017  year:2017\n"
    "  date:\"last 6 months\"  date:2w..  date:yesterday   (see --now)\n"
    "  mentions:2017-02-14  (a date mentioned anywhere in the text)\n"
    "\n"
    "A query that cannot be read is repaired, with a warning on stderr.\n"
    "\n"
    "Options:\n"
    "  -n, --limit N        hits to show (default 10)\n"
    "      --offset N       skip the first N hits\n"
    "  -k, --per-doc K      passages per hit (default 3; 0 for none)\n"
    "      --passages       rank passages across the corpus instead of documents\n"
    "      --json           JSON Lines: one object per hit (see the README)\n"
    "  -l, --files          paths only (with --json, {\"path\":...} lines)\n"
    "      --null           with -l: end each path with NUL, not a newline\n"
    "  -c, --count          the number of matching documents only\n"
    "                       (with --json, {\"count\":N})\n"
    "      --sort ORDER     relevance (default), date (oldest first), -date\n"
    "      --facet year|month  histogram of matching documents by date\n"
    "      --color WHEN     auto (default), always, never; NO_COLOR is respected\n"
    "      --now DATE       today's date for relative dates (YYYY-MM-DD)\n"
    "      --explain        show how the query was read, repaired and run\n"
    "      --k1 X, --b X    BM25 parameters (defaults 2.0 and 0.75)\n"
    "      --feedback WHEN  add the best words of the top hits to the query:\n"
    "                       auto (long questions, the default), always, never\n"
    "      --batch          read one query per line on stdin; JSON Lines out,\n"
    "                       each line's block ending with a {\"query_end\"...} line\n"
    "      --partial        answer from the shards that are up if some are not\n"
    "      --width N        longest passage shown in the text view (default 400)\n"
    "      --index DIR      the index to use\n"
    "\n"
    "Exit status: 0 the query matches documents (whatever -n shows), 1 it\n"
    "matches none, 2 error.\n";

typedef struct search_cli {
    search_opts_t so;
    output_opts_t oo;
    int explain;
    int batch;
    int partial;
    const char *facet_name;
} search_cli_t;

static void
report(const search_result_t *r, const search_cli_t *sc, const char *text)
{
    for (size_t i = 0; i < r->query->nwarnings; i++)
        msg_warn("%s", r->query->warnings[i]);
    if (r->note)
        msg_note("%s", r->note);
    for (size_t i = 0; i + 1 < r->nsuggestions; i += 2)
        msg_error("no document has '%s'; did you mean '%s'?", r->suggestions[i],
                  r->suggestions[i + 1]);
    if (sc->explain) {
        /* Escaped: a query with a newline stays on its line. */
        fprintf(stderr, "query:    %s\n", msg_path(text));
        fprintf(stderr, "parsed:   %s\n", r->described);
        fprintf(stderr, "mode:     %s%s\n", r->or_mode ? "OR (ranked, any word)" : "as written",
                r->query->natural ? " [natural-language query]" : "");
        if (r->feedback_words)
            fprintf(stderr, "feedback: %u words from the best %u hits\n", r->feedback_words,
                    r->feedback_docs);
        fprintf(stderr, "xapian:   %s\n", r->xapian ? r->xapian : "");
        fprintf(stderr, "matches:  about %u (between %u and %u)\n", r->estimated, r->lower,
                r->upper);
    }
}

/* Print a result as the options ask: a facet histogram, a count, paths
 * or hits (text or JSON); the same for one query and for --batch. */
static void
show(const dindex_t *ix, const search_result_t *r, const search_cli_t *sc)
{
    if (sc->facet_name)
        output_facets(stdout, r, &sc->oo, sc->facet_name);
    else
        output_result(stdout, ix, r, &sc->oo);
}

/* The text view shows paths to open: when not one of the local hits'
 * files is where the index says, the index was likely moved apart from
 * its corpus (its paths are stored relative to its folder's parent). */
static void
check_paths(const dindex_t *ix, const search_result_t *r)
{
    size_t local = 0;
    for (size_t i = 0; i < r->nhits; i++) {
        const search_hit_t *h = &r->hits[i];
        if (index_docid_is_remote(ix, h->docid) || !h->rec.path)
            continue;
        char *p = index_display_doc_path(ix, h->docid, h->rec.path);
        struct stat st;
        int gone = stat(p, &st) != 0 && errno == ENOENT;
        free(p);
        if (!gone)
            return;   /* one file is there: the index is with its corpus */
        local++;
    }
    if (local > 0)
        msg_note("no file of %s is where the index says: was the index moved apart from its "
                 "corpus? ('dossier stats' shows the folders it holds; 'dossier update' "
                 "drops the documents of files gone)",
                 local == 1 ? "this hit" : "these hits");
}

static int
run_one(dindex_t *ix, stems_t *stems, search_cli_t *sc, const char *text)
{
    search_result_t r;
    char *err = NULL;
    if (search_run(ix, stems, text, &sc->so, &r, &err) != 0) {
        msg_error("%s", err);
        free(err);
        search_result_free(&r);
        return EXIT_ERROR;
    }
    report(&r, sc, text);
    show(ix, &r, sc);
    if (!sc->oo.json && !sc->oo.count_only && !sc->facet_name && r.nhits)
        check_paths(ix, &r);
    /* The text view is read by a person: say that nothing matched, unless
     * a word the index lacks already said why.  -l, -c and --json stay
     * silent, as grep -l and -c are. */
    if (!r.matched && !r.nsuggestions && !sc->oo.json && !sc->oo.paths_only &&
        !sc->oo.count_only && !sc->facet_name)
        msg_error("no document matches");
    /* Whether the query matched, not whether this page shows a match: the
     * same status for -n 0, -c, --facet and an offset past the end. */
    int matched = r.matched;
    search_result_free(&r);
    return matched ? EXIT_OK : EXIT_NONE;
}

/* A --batch block's summary line: {"query_end":QUERY, then what the
 * single query would say on stderr: the counts, "note" (the fallback to
 * any of the words), "did_you_mean" and "warnings" (what the parser
 * repaired); or, when the search failed, "error"}.  Written out at once:
 * a program that writes a query and waits for its block (a co-process)
 * gets it now, not when the pipe's buffer fills. */
static void
put_summary(const dindex_t *ix, const char *line, const search_result_t *r, const char *err,
            double ms, const search_cli_t *sc)
{
    buf_t o = BUF_INIT;
    buf_putc(&o, '{');
    json_key(&o, "query_end");
    json_cstr(&o, line);
    buf_putc(&o, ',');
    if (err) {
        json_key(&o, "error");
        json_cstr(&o, err);
    } else {
        json_key(&o, "hits");
        json_int(&o, (int64_t)(sc->oo.passages_mode ? r->npassages : r->nhits));
        buf_putc(&o, ',');
        json_key(&o, "estimated");
        json_int(&o, r->estimated);
        buf_putc(&o, ',');
        json_key(&o, "ms");
        json_num(&o, ms);
        if (r->note) {
            buf_putc(&o, ',');
            json_key(&o, "note");
            json_cstr(&o, r->note);
        }
        if (r->nsuggestions >= 2) {
            /* {"word in no document":"suggestion",...} */
            buf_putc(&o, ',');
            json_key(&o, "did_you_mean");
            buf_putc(&o, '{');
            for (size_t i = 0; i + 1 < r->nsuggestions; i += 2) {
                if (i)
                    buf_putc(&o, ',');
                json_key(&o, r->suggestions[i]);
                json_cstr(&o, r->suggestions[i + 1]);
            }
            buf_putc(&o, '}');
        }
        if (r->query->nwarnings) {
            buf_putc(&o, ',');
            json_key(&o, "warnings");
            buf_putc(&o, '[');
            for (size_t w = 0; w < r->query->nwarnings; w++) {
                if (w)
                    buf_putc(&o, ',');
                json_cstr(&o, r->query->warnings[w]);
            }
            buf_putc(&o, ']');
        }
        if (ix->nmissing) {
            /* --partial: the answer leaves out these shards. */
            buf_putc(&o, ',');
            json_key(&o, "missing_shards");
            buf_putc(&o, '[');
            for (size_t m = 0; m < ix->nmissing; m++) {
                if (m)
                    buf_putc(&o, ',');
                json_cstr(&o, ix->missing[m]);
            }
            buf_putc(&o, ']');
        }
    }
    buf_puts(&o, "}\n");
    fwrite(o.data, 1, o.len, stdout);
    fflush(stdout);
    buf_free(&o);
}

/* One query per line, every line answered in order, even an empty one (a
 * block of nothing but its summary); each block of JSON Lines ends with a
 * summary line.  A CR before the newline (a file from Windows) is not part
 * of the query.  A query whose search fails is said on stderr and in its
 * summary, and the batch goes on (the exit status says one failed). */
/* Has the index remote shards?  Their connections may close under a long
 * batch (a server's idle timeout, a server restarted or gone). */
static int
has_remote(const dindex_t *ix)
{
    return dx_db_shard_count(ix->db) > ix->nlocal;
}

/* How often a --batch with shards left out tries them again. */
#define BATCH_RETRY_SECONDS 5

static int
run_batch(cli_t *cli, dindex_t **ixp, stems_t *stems, search_cli_t *sc)
{
    dindex_t *ix = *ixp;
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    int any = 0, failed = 0;
    struct timespec retried = { 0, 0 };
    sc->oo.json = 1;
    /* A program pages by "estimated": exact up to a few pages' worth. */
    if (sc->so.count_at_least < 100)
        sc->so.count_at_least = 100;
    while ((len = getline(&line, &cap, stdin)) > 0) {
        if (line[len - 1] == '\n')
            line[--len] = '\0';
        if (len > 0 && line[len - 1] == '\r')
            line[--len] = '\0';
        if (memchr(line, '\0', (size_t)len)) {
            /* A NUL would cut the query short: read as a space. */
            for (ssize_t k = 0; k < len; k++)
                if (line[k] == '\0')
                    line[k] = ' ';
            msg_warn("a query line held a NUL byte: read as a space");
        }
        struct timespec a, b;
        clock_gettime(CLOCK_MONOTONIC, &a);
        if (ix->nmissing && a.tv_sec - retried.tv_sec >= BATCH_RETRY_SECONDS) {
            /* --partial left shards out: every few seconds, see whether
             * they answer again (a server restarted). */
            retried = a;
            dindex_t *again = cli_open_quiet(cli, sc->partial);
            if (again && again->nmissing < ix->nmissing) {
                msg_note("%zu shard(s) answer again", ix->nmissing - again->nmissing);
                index_close(ix);
                *ixp = ix = again;
            } else {
                index_close(again);
            }
        }
        /* Each query sees what has been committed since the last one (a
         * failure here is retried by the search itself). */
        dx_db_reopen(ix->db);
        search_result_t r;
        char *err = NULL;
        int ok = search_run(ix, stems, line, &sc->so, &r, &err) == 0;
        if (!ok && has_remote(ix)) {
            /* Connect again (with --partial, leaving out the shards that
             * do not answer) and ask once more. */
            dindex_t *again = cli_open(cli, INDEX_READ, sc->partial);
            if (again) {
                index_close(ix);
                *ixp = ix = again;
                search_result_free(&r);
                free(err);
                err = NULL;
                ok = search_run(ix, stems, line, &sc->so, &r, &err) == 0;
            }
        }
        if (!ok) {
            msg_error("query '%s': %s", msg_path(line), err);
            put_summary(ix, line, &r, err, 0.0, sc);
            free(err);
            failed = 1;
        } else {
            /* A blank line is answered by its summary alone, whatever
             * the view (-c and --facet would print a zero). */
            if (line[strspn(line, " \t\f\v")] != '\0')
                show(ix, &r, sc);
            clock_gettime(CLOCK_MONOTONIC, &b);
            put_summary(ix, line, &r, NULL,
                        (double)(b.tv_sec - a.tv_sec) * 1e3 +
                            (double)(b.tv_nsec - a.tv_nsec) / 1e6,
                        sc);
            any |= r.matched;
        }
        search_result_free(&r);
    }
    free(line);
    if (failed)
        return EXIT_ERROR;
    return any ? EXIT_OK : EXIT_NONE;
}

static int
parse_double(const char *s, double *out)
{
    char *end;
    double v = strtod(s, &end);
    if (end == s || *end || !(v >= 0 && v <= 100))  /* NaN too */
        return -1;
    *out = v;
    return 0;
}

static int search_main(cli_t *cli, int argc, char **argv);

static const struct option longopts[] = {
    { "limit", required_argument, NULL, 'n' },
    { "offset", required_argument, NULL, 'O' },
    { "per-doc", required_argument, NULL, 'k' },
    { "passages", no_argument, NULL, 'p' },
    { "json", no_argument, NULL, 'J' },
    { "files", no_argument, NULL, 'l' },
    { "files-with-matches", no_argument, NULL, 'l' },
    { "null", no_argument, NULL, 'Z' },
    { "count", no_argument, NULL, 'c' },
    { "sort", required_argument, NULL, 's' },
    { "facet", required_argument, NULL, 'f' },
    { "color", required_argument, NULL, 'C' },
    { "colour", required_argument, NULL, 'C' },
    { "now", required_argument, NULL, 'N' },
    { "explain", no_argument, NULL, 'E' },
    { "k1", required_argument, NULL, '1' },
    { "b", required_argument, NULL, '2' },
    { "feedback", required_argument, NULL, 'F' },
    { "batch", no_argument, NULL, 'B' },
    { "partial", no_argument, NULL, 'P' },
    { "width", required_argument, NULL, 'W' },
    { "index", required_argument, NULL, 'I' },
    { "help", no_argument, NULL, 'h' },
    { NULL, 0, NULL, 0 },
};

/* Is a (starting with one '-') a cluster of this command's short options:
 * "-l", "-lc", "-n5", "-k" (*takes_next: its value is the next argument)? */
static int
short_options(const char *a, int *takes_next)
{
    *takes_next = 0;
    for (const char *c = a + 1; *c; c++) {
        if (*c == 'l' || *c == 'c' || *c == 'h')
            continue;
        if (*c != 'n' && *c != 'k')
            return 0;
        if (c[1] == '\0') {
            *takes_next = 1;
            return 1;
        }
        return strspn(c + 1, "0123456789") == strlen(c + 1);
    }
    return 1;
}

/* The long option that --name (len bytes, maybe abbreviated) stands for,
 * or NULL if it is unknown or ambiguous (getopt then reports it). */
static const struct option *
long_option(const char *name, size_t len)
{
    const struct option *found = NULL;
    for (const struct option *o = longopts; o->name; o++) {
        if (strncmp(o->name, name, len) != 0)
            continue;
        if (strlen(o->name) == len)
            return o;
        if (found && (found->has_arg != o->has_arg || found->val != o->val))
            return NULL;
        found = o;
    }
    return found;
}

/*
 * A query may start with a negated word: in "dossier search -korea
 * sanctions", getopt would read "-korea" as -k with the value "orea".  So
 * the arguments are sorted before getopt sees them: options and their
 * values keep their order, then comes "--", then the words of the query in
 * their order: every argument that is not an option or an option's value,
 * including a "-word" that is not a cluster of this command's short
 * options.  Returns a malloc'd vector of *n arguments (the strings are
 * argv's).
 */
static char **
split_arguments(int argc, char **argv, int *n, const char **missing)
{
    *missing = NULL;
    char **opts = xcalloc((size_t)argc + 2, sizeof *opts);
    char **words = xcalloc((size_t)argc + 1, sizeof *words);
    int no = 0, nw = 0;
    opts[no++] = argv[0];
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int takes_next = 0;
        if (strcmp(a, "--") == 0) {
            while (++i < argc)
                words[nw++] = argv[i];
            break;
        }
        if (a[0] != '-' || a[1] == '\0') {
            words[nw++] = argv[i];
        } else if (a[1] == '-') {
            const char *eq = strchr(a + 2, '=');
            const struct option *o = long_option(a + 2, eq ? (size_t)(eq - (a + 2)) : strlen(a + 2));
            opts[no++] = argv[i];
            if (o && o->has_arg == required_argument && !eq) {
                if (i + 1 < argc)
                    opts[no++] = argv[++i];
                else
                    *missing = a;
            }
        } else if (short_options(a, &takes_next)) {
            opts[no++] = argv[i];
            if (takes_next) {
                if (i + 1 < argc)
                    opts[no++] = argv[++i];
                else
                    *missing = a;
            }
        } else {
            words[nw++] = argv[i];
        }
    }
    opts[no++] = "--";
    for (int i = 0; i < nw; i++)
        opts[no++] = words[i];
    free(words);
    *n = no;
    return opts;
}

int
cmd_search(cli_t *cli, int argc, char **argv)
{
    int n;
    const char *missing;
    char **args = split_arguments(argc, argv, &n, &missing);
    if (missing) {
        free(args);
        return cli_usage_error(cli, "option '%s' needs a value", missing);
    }
    int rc = search_main(cli, n, args);
    free(args);
    return rc;
}

static int
search_main(cli_t *cli, int argc, char **argv)
{
    search_cli_t sc;
    int limit_given = 0, k_given = 0;
    memset(&sc, 0, sizeof sc);
    search_opts_init(&sc.so);
    sc.oo.width = 400;
    const char *color = "auto";
    int c;
    long v;
    while ((c = getopt_long(argc, argv, "n:k:lch", longopts, NULL)) != -1) {
        switch (c) {
        case 'n':
            if ((v = cli_parse_count(optarg)) < 0 || v > 1000000)
                return cli_usage_error(cli, "--limit needs a number from 0 to 1000000, not '%s'", optarg);
            sc.so.limit = (unsigned)v;
            limit_given = 1;
            break;
        case 'O':
            if ((v = cli_parse_count(optarg)) < 0 || v > 1000000)
                return cli_usage_error(cli, "--offset needs a number from 0 to 1000000, not '%s'", optarg);
            sc.so.offset = (unsigned)v;
            break;
        case 'k':
            if ((v = cli_parse_count(optarg)) < 0 || v > 1000)
                return cli_usage_error(cli, "--per-doc needs a number from 0 to 1000, not '%s'", optarg);
            sc.so.per_doc = (unsigned)v;
            k_given = 1;
            break;
        case 'p': sc.so.passages_mode = sc.oo.passages_mode = 1; break;
        case 'J': sc.oo.json = 1; break;
        case 'l': sc.oo.paths_only = 1; break;
        case 'Z': sc.oo.null = 1; break;
        case 'c': sc.oo.count_only = 1; break;
        case 's':
            if (strcmp(optarg, "relevance") == 0)
                sc.so.sort = SEARCH_SORT_RELEVANCE;
            else if (strcmp(optarg, "date") == 0)
                sc.so.sort = SEARCH_SORT_DATE;
            else if (strcmp(optarg, "-date") == 0)
                sc.so.sort = SEARCH_SORT_DATE_DESC;
            else
                return cli_usage_error(cli, "--sort is relevance, date or -date, not '%s'", optarg);
            break;
        case 'f':
            if (strcmp(optarg, "year") == 0)
                sc.so.facet = SEARCH_FACET_YEAR;
            else if (strcmp(optarg, "month") == 0)
                sc.so.facet = SEARCH_FACET_MONTH;
            else
                return cli_usage_error(cli, "--facet is year or month, not '%s'", optarg);
            sc.facet_name = optarg;
            break;
        case 'C':
            if (cli_color(optarg) < 0)
                return cli_usage_error(cli, "--color is auto, always or never, not '%s'", optarg);
            color = optarg;
            break;
        case 'N': {
            int32_t d = date_parse_iso(optarg);
            if (!d)
                return cli_usage_error(cli, "--now needs a date as YYYY-MM-DD, not '%s'", optarg);
            sc.so.today = d;
            break;
        }
        case 'E': sc.explain = 1; break;
        case '1':
            if (parse_double(optarg, &sc.so.k1) != 0)
                return cli_usage_error(cli, "--k1 needs a number from 0 to 100, not '%s'", optarg);
            break;
        case '2':
            if (parse_double(optarg, &sc.so.b) != 0 || sc.so.b > 1)
                return cli_usage_error(cli, "--b needs a number from 0 to 1, not '%s'", optarg);
            break;
        case 'F':
            if (strcmp(optarg, "auto") == 0 || strcmp(optarg, "always") == 0) {
                sc.so.fb_docs = SEARCH_DEFAULT_FB_DOCS;
                sc.so.fb_all = optarg[1] == 'l';
            } else if (strcmp(optarg, "never") == 0) {
                sc.so.fb_docs = 0;
            } else {
                return cli_usage_error(cli, "--feedback is auto, always or never, not '%s'",
                                       optarg);
            }
            break;
        case 'B': sc.batch = 1; break;
        case 'P': sc.partial = 1; break;
        case 'W':
            if ((v = cli_parse_count(optarg)) < 20 || v > 1000000)
                return cli_usage_error(cli, "--width needs a number of at least 20, not '%s'", optarg);
            sc.oo.width = (unsigned)v;
            break;
        case 'I': cli->index_dir = optarg; break;
        case 'h': return cli_help(help);
        default: return cli_bad_option(cli, argv);
        }
    }
    if (!sc.batch && optind >= argc)
        return cli_usage_error(cli, "give a query");
    if (sc.batch && optind < argc)
        return cli_usage_error(cli, "--batch reads queries from standard input, not arguments");

    sc.oo.color = cli_color(color);
    if (sc.oo.json || sc.oo.paths_only || sc.oo.count_only)
        sc.oo.color = 0;
    if (sc.so.passages_mode && k_given)
        sc.so.passages_per_doc = sc.so.per_doc;  /* 0: any number */
    if (sc.oo.paths_only || sc.oo.count_only || sc.facet_name) {
        /* These describe the matching documents: no passages to rank. */
        sc.so.per_doc = 0;
        sc.so.passages_mode = sc.oo.passages_mode = 0;
    }
    /* A file name may hold a terminal's escape sequences: shown as '?'
     * on a terminal (as ls does), passed as they are to a program. */
    sc.oo.escape_paths = sc.oo.paths_only && !sc.oo.null && isatty(1);
    if ((sc.oo.count_only != 0) + (sc.oo.paths_only != 0) + (sc.facet_name != NULL) > 1)
        return cli_usage_error(cli, "-c, -l and --facet are three views of the matches: give one");
    if (sc.explain && sc.batch)
        return cli_usage_error(cli, "--explain is for one query; with --batch, each summary "
                                    "holds its notes and warnings");
    if (sc.oo.null && !sc.oo.paths_only)
        return cli_usage_error(cli, "--null goes with -l (paths only)");
    if (sc.oo.null && sc.oo.json)
        return cli_usage_error(cli, "--null goes with -l, not with --json");
    if (sc.oo.paths_only && !limit_given)
        sc.so.limit = 1000000;  /* -l lists every match, as grep -l does */
    if (sc.oo.count_only)
        sc.so.exact_count = 1;
    if (sc.facet_name || sc.oo.count_only)
        sc.so.limit = 0;

    buf_t q = BUF_INIT;
    for (int i = optind; i < argc; i++) {
        if (q.len)
            buf_putc(&q, ' ');
        buf_puts(&q, argv[i]);
    }
    cli->has_partial = 1;
    dindex_t *ix = cli_open(cli, INDEX_READ, sc.partial);
    if (!ix) {
        buf_free(&q);
        return EXIT_ERROR;
    }
    stems_t *stems = stems_new();
    int rc = sc.batch ? run_batch(cli, &ix, stems, &sc) : run_one(ix, stems, &sc, buf_cstr(&q));
    if (rc == EXIT_ERROR && sc.partial && !sc.batch && dx_db_shard_count(ix->db) > ix->nlocal) {
        /* A remote shard may have gone away since the index was opened:
         * open it again, leaving out the shards that do not answer. */
        index_close(ix);
        ix = cli_open(cli, INDEX_READ, 1);
        if (ix && ix->nmissing)
            rc = run_one(ix, stems, &sc, buf_cstr(&q));
    }
    stems_free(stems);
    if (ix)
        index_close(ix);
    buf_free(&q);
    return rc;
}
