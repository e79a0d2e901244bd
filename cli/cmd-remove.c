/*
 * cmd-remove.c - `dossier remove`: take documents out of the index.
 */
#include <getopt.h>

#include "cli/cli.h"
#include "indexer/indexer.h"
#include "util/msg.h"

static const char help[] =
    "usage: dossier remove [OPTIONS] PATH...\n"
    "\n"
    "Remove the documents of the given files, or of every file under the given\n"
    "folders, from the index.  The files themselves are not touched.  What is\n"
    "removed from a folder added before stays out when that folder is re-synced\n"
    "('dossier update', 'dossier add', 'dossier add FOLDER'), until it is added\n"
    "again by name ('dossier add PATH').  Ends with a line saying how many\n"
    "documents were removed.\n"
    "\n"
    "Options:\n"
    "  -n, --dry-run      report what would be removed\n"
    "  -v, --verbose      one line per document removed\n"
    "  -q, --quiet        no summary line: only failures and errors\n"
    "      --index DIR    the index to use\n";

int
cmd_remove(cli_t *cli, int argc, char **argv)
{
    static const struct option longopts[] = {
        { "dry-run", no_argument, NULL, 'n' },
        { "verbose", no_argument, NULL, 'v' },
        { "quiet", no_argument, NULL, 'q' },
        { "index", required_argument, NULL, 'I' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    indexer_opts_t o;
    indexer_opts_init(&o);
    int c, quiet = 0;
    while ((c = getopt_long(argc, argv, "nvqh", longopts, NULL)) != -1) {
        switch (c) {
        case 'n': o.dry_run = 1; break;
        case 'v': o.verbose = 1; break;
        case 'q': quiet = 1; msg_set_quiet(1); break;
        case 'I': cli->index_dir = optarg; break;
        case 'h': return cli_help(help);
        default: return cli_bad_option(cli, argv);
        }
    }
    if (optind >= argc)
        return cli_usage_error(cli, "give the files or folders to remove");
    if (cli_empty_path(cli, argv + optind, (size_t)(argc - optind)))
        return EXIT_ERROR;
    dindex_t *ix = cli_open(cli, INDEX_WRITE, 0);
    if (!ix)
        return EXIT_ERROR;
    indexer_counts_t counts;
    int rc = indexer_remove(ix, argv + optind, (size_t)(argc - optind), &o, &counts);
    if (!quiet)
        indexer_print_remove_counts(stderr, &counts, o.dry_run);
    index_close(ix);
    if (rc != 0)
        return EXIT_ERROR;
    return counts.failed ? EXIT_NONE : EXIT_OK;
}
