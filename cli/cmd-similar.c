/*
 * cmd-similar.c - `dossier similar`: documents most like a given one.
 *
 * More-like-this through Xapian's expand set: the terms that best
 * characterise the document (its ESet, with the document as the relevance
 * set) are OR-ed into a query, and the document itself is left out.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "lib/record.h"
#include "lib/schema.h"
#include "search/output.h"
#include "util/buf.h"
#include "util/msg.h"
#include "util/path.h"
#include "util/xalloc.h"

static const char help[] =
    "usage: dossier similar [OPTIONS] PATH\n"
    "\n"
    "List the indexed documents most like the document at PATH.\n"
    "\n"
    "Options:\n"
    "  -n, --limit N      documents to show (default 10)\n"
    "      --terms N      characteristic terms to use (default 40)\n"
    "      --json         JSON Lines (the search command's schema, no passages)\n"
    "      --explain      print the terms used\n"
    "      --index DIR    the index to use\n";

typedef struct terms {
    dx_query_t **q;
    size_t n, cap;
    buf_t names;
} terms_t;

static int
take_term(const char *term, size_t len, unsigned weight, void *ctx)
{
    (void)weight;
    terms_t *t = ctx;
    t->q = xgrow(t->q, &t->cap, t->n + 1, sizeof *t->q);
    t->q[t->n++] = dx_query_term(term, len, 1, 0);
    if (t->names.len)
        buf_putc(&t->names, ' ');
    buf_append(&t->names, term, len);
    return 0;
}

int
cmd_similar(cli_t *cli, int argc, char **argv)
{
    static const struct option longopts[] = {
        { "limit", required_argument, NULL, 'n' },
        { "terms", required_argument, NULL, 't' },
        { "json", no_argument, NULL, 'J' },
        { "explain", no_argument, NULL, 'E' },
        { "index", required_argument, NULL, 'I' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    long limit = 10, nterms = 40;
    int json = 0, explain = 0, c;
    while ((c = getopt_long(argc, argv, "n:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'n':
            if ((limit = cli_parse_count(optarg)) < 0)
                return cli_usage_error(cli, "--limit needs a number, not '%s'", optarg);
            break;
        case 't':
            if ((nterms = cli_parse_count(optarg)) < 1 || nterms > 1000)
                return cli_usage_error(cli, "--terms needs a number from 1 to 1000, not '%s'", optarg);
            break;
        case 'J': json = 1; break;
        case 'E': explain = 1; break;
        case 'I': cli->index_dir = optarg; break;
        case 'h': return cli_help(help);
        default: return cli_usage_error(cli, "unknown option");
        }
    }
    if (optind + 1 != argc)
        return cli_usage_error(cli, "give one document's path");
    dindex_t *ix = cli_open(cli, INDEX_READ, 0);
    if (!ix)
        return EXIT_ERROR;
    const char *arg = argv[optind];
    buf_t idterm = BUF_INIT;
    char *abs = path_absolute(arg);
    char *stored = index_store_path(ix, abs);
    dx_docid_t self = 0;
    index_key_term(PREFIX_ID, stored, strlen(stored), &idterm);
    if (dx_db_find(ix->db, buf_cstr(&idterm), &self) != DX_OK) {
        index_key_term(PREFIX_ID, arg, strlen(arg), &idterm);
        if (dx_db_find(ix->db, buf_cstr(&idterm), &self) != DX_OK)
            self = 0;
    }
    free(abs);
    free(stored);
    if (!self) {
        msg_file(arg, "not in the index");
        buf_free(&idterm);
        index_close(ix);
        return EXIT_NONE;
    }
    terms_t t = { NULL, 0, 0, BUF_INIT };
    dx_status_t st = dx_db_expand(ix->db, &self, 1, (unsigned)nterms, take_term, &t);
    int rc = EXIT_OK;
    if (st != DX_OK) {
        msg_error("%s: cannot read the document's terms: %s", arg, dx_status_string(st));
        rc = EXIT_ERROR;
    }
    if (explain)
        fprintf(stderr, "terms: %s\n", buf_cstr(&t.names));
    dx_mset_t *m = NULL;
    if (rc == EXIT_OK) {
        dx_query_t *any = dx_query_combine(DX_OP_OR, t.q, t.n, 0);
        dx_query_t *me = dx_query_term(idterm.data, idterm.len, 1, 0);
        dx_query_t *pair[2] = { any, me };
        dx_query_t *q = dx_query_combine(DX_OP_AND_NOT, pair, 2, 0);
        dx_search_opts_t so;
        dx_search_opts_init(&so);
        st = dx_db_search(ix->db, q, &so, 0, (unsigned)limit, &m);
        if (st != DX_OK) {
            msg_error("search failed: %s", dx_status_string(st));
            rc = EXIT_ERROR;
        }
        dx_query_free(any);
        dx_query_free(me);
        dx_query_free(q);
    }
    if (rc == EXIT_OK) {
        unsigned n = dx_mset_size(m);
        buf_t b = BUF_INIT;
        for (unsigned i = 0; i < n; i++) {
            search_hit_t h;
            memset(&h, 0, sizeof h);
            dx_doc_t *doc = NULL;
            char *data = NULL;
            size_t len = 0;
            record_init(&h.rec);
            if (dx_mset_doc(m, i, &doc) == DX_OK && dx_doc_get_data(doc, &data, &len) == DX_OK)
                record_decode(data, len, REC_DECODE_META, &h.rec);
            free(data);
            dx_doc_free(doc);
            h.rank = i + 1;
            h.score = dx_mset_weight(m, i);
            buf_clear(&b);
            if (json) {
                output_hit_json(&b, ix, &h);
                buf_putc(&b, '\n');
            } else {
                char date[11];
                output_date(h.rec.date, date);
                char *path = index_display_path(ix, h.rec.path ? h.rec.path : "");
                buf_printf(&b, "%u. %s  %s  [%.2f]\n   %s\n", h.rank,
                           h.rec.date ? date : "----------",
                           h.rec.title && *h.rec.title ? h.rec.title : "(untitled)", h.score, path);
                free(path);
            }
            fwrite(b.data, 1, b.len, stdout);
            record_free(&h.rec);
        }
        buf_free(&b);
        if (n == 0)
            rc = EXIT_NONE;
    }
    for (size_t i = 0; i < t.n; i++)
        dx_query_free(t.q[i]);
    free(t.q);
    buf_free(&t.names);
    buf_free(&idterm);
    dx_mset_free(m);
    index_close(ix);
    return rc;
}
