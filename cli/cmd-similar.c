/*
 * cmd-similar.c - `dossier similar`: documents most like a given one.
 *
 * The work is search/similar.c's.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "search/output.h"
#include "search/similar.h"
#include "util/buf.h"
#include "util/msg.h"

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
    "      --color WHEN   auto (default), always, never (as search)\n"
    "      --index DIR    the index to use\n";

int
cmd_similar(cli_t *cli, int argc, char **argv)
{
    static const struct option longopts[] = {
        { "limit", required_argument, NULL, 'n' },
        { "terms", required_argument, NULL, 't' },
        { "json", no_argument, NULL, 'J' },
        { "explain", no_argument, NULL, 'E' },
        { "color", required_argument, NULL, 'C' },
        { "colour", required_argument, NULL, 'C' },
        { "index", required_argument, NULL, 'I' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    long limit = 10, nterms = 40;
    int json = 0, explain = 0, color = cli_color("auto"), c;
    while ((c = getopt_long(argc, argv, "n:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'n':
            if ((limit = cli_parse_count(optarg)) < 0 || limit > 1000000)
                return cli_usage_error(cli, "--limit needs a number from 0 to 1000000, not '%s'",
                                       optarg);
            break;
        case 't':
            if ((nterms = cli_parse_count(optarg)) < 1 || nterms > 1000)
                return cli_usage_error(cli, "--terms needs a number from 1 to 1000, not '%s'", optarg);
            break;
        case 'J': json = 1; break;
        case 'E': explain = 1; break;
        case 'C':
            if ((color = cli_color(optarg)) < 0)
                return cli_usage_error(cli, "--color is auto, always or never, not '%s'", optarg);
            break;
        case 'I': cli->index_dir = optarg; break;
        case 'h': return cli_help(help);
        default: return cli_bad_option(cli, argv);
        }
    }
    if (optind + 1 != argc)
        return cli_usage_error(cli, "give one document's path");
    dindex_t *ix = cli_open(cli, INDEX_READ, 0);
    if (!ix)
        return EXIT_ERROR;
    const char *arg = argv[optind];
    similar_result_t r;
    char *err = NULL;
    similar_status_t st = similar_run(ix, arg, (unsigned)nterms, (unsigned)limit, &r, &err);
    int rc = EXIT_OK;
    if (st == SIMILAR_NOT_FOUND) {
        msg_file(arg, "not in the index");
        rc = EXIT_NONE;
    } else if (st == SIMILAR_ERROR) {
        msg_error("%s: %s", arg, err);
        rc = EXIT_ERROR;
    }
    free(err);
    if (explain && st != SIMILAR_NOT_FOUND) {
        fputs("terms:", stderr);
        for (size_t i = 0; i < r.nterms; i++)
            fprintf(stderr, " %s", r.terms[i]);
        fputc('\n', stderr);
    }
    if (rc == EXIT_OK) {
        buf_t b = BUF_INIT;
        for (size_t i = 0; i < r.nhits; i++) {
            const search_hit_t *h = &r.hits[i];
            buf_clear(&b);
            if (json) {
                output_hit_json(&b, ix, h);
                buf_putc(&b, '\n');
            } else {
                output_hit_header(&b, ix, h, color);
            }
            fwrite(b.data, 1, b.len, stdout);
        }
        buf_free(&b);
        /* As search: whether some document matched, not whether this
         * page shows one (-n 0). */
        if (!r.matched)
            rc = EXIT_NONE;
    }
    similar_result_free(&r);
    index_close(ix);
    return rc;
}
