/*
 * cmd-compact.c - `dossier compact`: rewrite the shards as tightly as
 * Xapian can pack them.
 */
#include <getopt.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "util/msg.h"

static const char help[] =
    "usage: dossier compact [OPTIONS]\n"
    "\n"
    "Rewrite every local shard of the index with Xapian's compactor, which packs\n"
    "its B-trees full and drops the space left by updates: after a large 'add' an\n"
    "index typically shrinks by a third or more.  Searches keep working while it\n"
    "runs (each shard is swapped in atomically); writers wait for it.\n"
    "\n"
    "Options:\n"
    "  -q, --quiet        no line saying how much it shrank\n"
    "      --index DIR    the index to compact\n";

int
cmd_compact(cli_t *cli, int argc, char **argv)
{
    static const struct option longopts[] = {
        { "quiet", no_argument, NULL, 'q' },
        { "index", required_argument, NULL, 'I' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    int c, quiet = 0;
    while ((c = getopt_long(argc, argv, "qh", longopts, NULL)) != -1) {
        switch (c) {
        case 'q': quiet = 1; break;
        case 'I': cli->index_dir = optarg; break;
        case 'h': return cli_help(help);
        default: return cli_bad_option(cli, argv);
        }
    }
    if (optind < argc)
        return cli_usage_error(cli, "compact takes no arguments");
    dindex_t *ix = cli_open(cli, INDEX_WRITE, 0);
    if (!ix)
        return EXIT_ERROR;
    uint64_t before, after;
    char *err = NULL;
    int rc = index_compact(ix, &before, &after, &err);
    if (rc != 0) {
        msg_error("%s", err);
        free(err);
    } else if (!quiet) {
        fprintf(stderr, "compacted %zu shard%s: %.1f MB -> %.1f MB\n", ix->nlocal,
                ix->nlocal == 1 ? "" : "s", (double)before / 1e6, (double)after / 1e6);
    }
    index_close(ix);
    return rc == 0 ? EXIT_OK : EXIT_ERROR;
}
