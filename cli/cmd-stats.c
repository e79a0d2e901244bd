/*
 * cmd-stats.c - `dossier stats`: the size and contents of the index.
 */
#include <ftw.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "indexer/manifest.h"
#include "lib/schema.h"
#include "util/buf.h"
#include "util/json.h"
#include "util/xalloc.h"

static const char help[] =
    "usage: dossier stats [OPTIONS]\n"
    "\n"
    "Show the number of documents, passages and distinct words in the index, its\n"
    "size on disk, and the range of the documents' dates.\n"
    "\n"
    "Options:\n"
    "      --json         one JSON object (keys: documents, passages, terms,\n"
    "                     index_bytes, first_date, last_date, ...)\n"
    "      --index DIR    the index to use\n";

typedef struct stats {
    uint64_t passages, bytes, words, prefixed;
} stats_t;

static int
count_passages(dx_docid_t docid, const char *v, size_t len, void *ctx)
{
    (void)docid;
    stats_t *s = ctx;
    manifest_entry_t e;
    if (manifest_decode_value(v, len, &e) == 0) {
        s->passages += e.npassages;
        s->bytes += e.size;
        free(e.path);
    }
    return 0;
}

/* The first and last dates of the documents there are: Xapian's value
 * bounds are not narrowed when documents are removed. */
typedef struct date_range {
    char lo[9], hi[9];
} date_range_t;

static int
date_bounds(dx_docid_t docid, const char *v, size_t len, void *ctx)
{
    (void)docid;
    date_range_t *d = ctx;
    if (len != 8)
        return 0;
    if (!d->lo[0] || memcmp(v, d->lo, 8) < 0)
        memcpy(d->lo, v, 8);
    if (!d->hi[0] || memcmp(v, d->hi, 8) > 0)
        memcpy(d->hi, v, 8);
    return 0;
}

static int
count_terms(const char *term, size_t len, unsigned tf, void *ctx)
{
    (void)tf;
    stats_t *s = ctx;
    if (len && term[0] >= 'A' && term[0] <= 'Z')
        s->prefixed++;
    else
        s->words++;
    return 0;
}

static uint64_t du_total;

static int
du_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)path;
    (void)ftw;
    if (flag == FTW_F)
        du_total += (uint64_t)st->st_size;
    return 0;
}

/* With --shard: what the shards given that are local folders hold on
 * disk, and the folders added to those that are Dossier indexes (shown
 * absolute: they belong to different indexes).  *all_local is 0 when some
 * shard is remote, whose size is not known here. */
static char **
given_shards(const cli_t *cli, uint64_t *bytes, int *all_local, size_t *nroots)
{
    char **roots = NULL, **dirs = NULL;
    size_t n = 0, cap = 0, ndirs = 0;
    *bytes = 0;
    *all_local = 1;
    for (size_t i = 0; i < cli->nshards; i++) {
        const char *spec = cli->shards[i];
        if (strncmp(spec, "tcp://", 6) == 0) {
            *all_local = 0;
            continue;
        }
        /* A shard folder of an index counts as that index; an index named
         * twice, once. */
        char *abs = realpath(spec, NULL);
        if (!abs)
            continue;
        char *dir = index_dir_of_shard(abs);
        if (dir)
            free(abs);
        else
            dir = abs;
        int seen = 0;
        for (size_t j = 0; j < ndirs; j++)
            seen |= strcmp(dirs[j], dir) == 0;
        if (seen) {
            free(dir);
            continue;
        }
        dirs = xrealloc(dirs, (ndirs + 1) * sizeof *dirs);
        dirs[ndirs++] = dir;
        du_total = 0;
        nftw(dir, du_one, 16, FTW_PHYS);
        *bytes += du_total;
        dindex_t *sub = NULL;
        char *err = NULL;
        if (index_open(dir, INDEX_READ, NULL, &sub, &err) == 0) {
            size_t k = 0;
            char **r = index_roots(sub, &k);
            for (size_t j = 0; j < k; j++) {
                roots = xgrow(roots, &cap, n + 1, sizeof *roots);
                roots[n++] = index_abs_path(sub, r[j]);
            }
            index_free_strings(r, k);
            index_close(sub);
        }
        free(err);
    }
    index_free_strings(dirs, ndirs);
    *nroots = n;
    return roots;
}

static void
date_or_null(buf_t *b, const char *v)
{
    if (v && strlen(v) == 8) {
        char d[11];
        snprintf(d, sizeof d, "%.4s-%.2s-%.2s", v, v + 4, v + 6);
        json_cstr(b, d);
    } else {
        buf_puts(b, "null");
    }
}

int
cmd_stats(cli_t *cli, int argc, char **argv)
{
    static const struct option longopts[] = {
        { "json", no_argument, NULL, 'J' },
        { "index", required_argument, NULL, 'I' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    int json = 0, c;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (c) {
        case 'J': json = 1; break;
        case 'I': cli->index_dir = optarg; break;
        case 'h': return cli_help(help);
        default: return cli_bad_option(cli, argv);
        }
    }
    if (optind < argc)
        return cli_usage_error(cli, "stats takes no arguments");
    dindex_t *ix = cli_open(cli, INDEX_READ, 0);
    if (!ix)
        return EXIT_ERROR;
    stats_t s = { 0, 0, 0, 0 };
    unsigned docs = dx_db_doccount(ix->db);
    dx_status_t st = dx_db_values(ix->db, SLOT_SYNC, count_passages, &s);
    if (st == DX_OK)
        st = dx_db_allterms(ix->db, NULL, count_terms, &s);
    date_range_t dr;
    memset(&dr, 0, sizeof dr);
    if (st == DX_OK)
        st = dx_db_values(ix->db, SLOT_DATE, date_bounds, &dr);
    if (st != DX_OK) {
        fprintf(stderr, "dossier: %s: cannot read the index: %s\n", ix->dir, dx_status_string(st));
        index_close(ix);
        return EXIT_ERROR;
    }
    const char *lo = dr.lo[0] ? dr.lo : NULL, *hi = dr.hi[0] ? dr.hi : NULL;
    du_total = 0;
    nftw(ix->dir, du_one, 16, FTW_PHYS);
    /* The dictionary the records' text is deflated with (lib/zdict.h). */
    char *zd = NULL;
    size_t zdlen = 0;
    if (dx_db_get_metadata(ix->db, META_ZDICT, &zd, &zdlen) != DX_OK)
        zdlen = 0;
    free(zd);
    size_t nroots = 0;
    char **roots;
    int sized = ix->nlocal > 0;   /* index_bytes known */
    if (cli->nshards) {
        uint64_t bytes;
        roots = given_shards(cli, &bytes, &sized, &nroots);
        du_total = bytes;
    } else {
        roots = index_roots(ix, &nroots);
    }

    buf_t b = BUF_INIT;
    if (json) {
        buf_putc(&b, '{');
        json_key(&b, "documents");
        json_int(&b, docs);
        buf_putc(&b, ',');
        json_key(&b, "passages");
        json_int(&b, (int64_t)s.passages);
        buf_putc(&b, ',');
        json_key(&b, "terms");
        json_int(&b, (int64_t)s.words);
        buf_putc(&b, ',');
        json_key(&b, "field_terms");
        json_int(&b, (int64_t)s.prefixed);
        buf_putc(&b, ',');
        json_key(&b, "index_bytes");
        if (sized)
            json_int(&b, (int64_t)du_total);
        else
            buf_puts(&b, "null");  /* remote shards only: not known here */
        buf_putc(&b, ',');
        json_key(&b, "corpus_bytes");
        json_int(&b, (int64_t)s.bytes);
        buf_putc(&b, ',');
        json_key(&b, "first_date");
        date_or_null(&b, lo);
        buf_putc(&b, ',');
        json_key(&b, "last_date");
        date_or_null(&b, hi);
        buf_putc(&b, ',');
        json_key(&b, "average_length");
        json_num(&b, dx_db_avlength(ix->db));
        buf_putc(&b, ',');
        json_key(&b, "index");
        json_cstr(&b, ix->dir);
        buf_putc(&b, ',');
        json_key(&b, "roots");
        buf_putc(&b, '[');
        for (size_t i = 0; i < nroots; i++) {
            if (i)
                buf_putc(&b, ',');
            json_cstr(&b, roots[i]);
        }
        buf_puts(&b, "],");
        json_key(&b, "dictionary_bytes");
        json_int(&b, (int64_t)zdlen);
        buf_putc(&b, ',');
        json_key(&b, "date_order");
        json_cstr(&b, ix->date_order == DATE_ORDER_DMY ? "dmy" : "mdy");
        buf_puts(&b, "}\n");
    } else {
        char first[11] = "-", last[11] = "-";
        if (lo && strlen(lo) == 8)
            snprintf(first, sizeof first, "%.4s-%.2s-%.2s", lo, lo + 4, lo + 6);
        if (hi && strlen(hi) == 8)
            snprintf(last, sizeof last, "%.4s-%.2s-%.2s", hi, hi + 4, hi + 6);
        buf_printf(&b, "index:       %s\n", ix->dir);
        buf_printf(&b, "documents:   %u (%.1f MB of files)\n", docs, (double)s.bytes / 1e6);
        buf_printf(&b, "passages:    %llu\n", (unsigned long long)s.passages);
        buf_printf(&b, "words:       %llu distinct (%llu field terms)\n",
                   (unsigned long long)s.words, (unsigned long long)s.prefixed);
        buf_printf(&b, "dates:       %s to %s\n", first, last);
        if (sized)
            buf_printf(&b, "index size:  %.1f MB\n", (double)du_total / 1e6);
        else
            buf_printf(&b, "index size:  (remote shards)\n");
        if (zdlen)
            buf_printf(&b, "text:        deflated with a %.1f KB dictionary of the corpus's words\n",
                       (double)zdlen / 1024);
        else
            buf_printf(&b, "text:        deflated\n");
        buf_printf(&b, "folders:    ");
        for (size_t i = 0; i < nroots; i++)
            buf_printf(&b, " %s", roots[i]);
        buf_printf(&b, "%s\n", nroots ? "" : " none");
    }
    fwrite(b.data, 1, b.len, stdout);
    buf_free(&b);
    index_free_strings(roots, nroots);
    index_close(ix);
    return EXIT_OK;
}
