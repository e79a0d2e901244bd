/*
 * dossier.c - the `dossier` command: global options and dispatch.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "binding/dx.h"
#include "cli/cli.h"
#include "util/msg.h"

static const struct command {
    const char *name;
    cmd_fn fn;
    const char *summary;
} commands[] = {
    { "add", cmd_add, "Add files and folders to the index, or re-sync them" },
    { "index", cmd_add, "Same as add" },
    { "update", cmd_update, "Re-sync every folder added so far; drop documents whose files are gone" },
    { "remove", cmd_remove, "Remove documents from the index" },
    { "search", cmd_search, "Search the index: ranked documents with their best passages" },
    { "show", cmd_show, "Show what the index holds about a document" },
    { "stats", cmd_stats, "Show the size and contents of the index" },
    { "similar", cmd_similar, "Find the documents most like a given one" },
    { "compact", cmd_compact, "Pack the index's shards tightly (after large adds)" },
    { "serve", cmd_serve, "Serve the index's shards to remote searchers (xapian-tcpsrv)" },
};

static void
usage(FILE *f)
{
    fputs("usage: dossier [--index DIR] COMMAND [OPTIONS] [ARGS]\n"
          "\n"
          "Full-text search for policy documents: index a folder of letters, press\n"
          "releases, speeches and reports, then search it by words, phrases,\n"
          "proximity, fields and the documents' own dates.\n"
          "\n"
          "Commands:\n", f);
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        fprintf(f, "  %-9s %s\n", commands[i].name, commands[i].summary);
    fputs("\n"
          "Global options:\n"
          "  --index DIR   the index to use (default: $DOSSIER_INDEX, else the nearest\n"
          "                .dossier folder in this folder or its parents; add creates\n"
          "                ./.dossier when there is none)\n"
          "  --shard SPEC  search these shards instead (repeatable): tcp://HOST:PORT of\n"
          "                a 'dossier serve', a shard folder, or an index folder\n"
          "  --help        this help; 'dossier COMMAND --help' for a command's options\n"
          "  --version     print the version\n"
          "\n"
          "Exit status: 0 success (search: the query matched), 1 it matched nothing\n"
          "(add: some files failed), 2 error.\n"
          "\n"
          "Example:\n"
          "  dossier add corpus/ && dossier search 'sanctions \"North Korea\" date:2017'\n", f);
}

/* A command's output that could not be written (a full disk...) is an
 * error, as it is for grep: said once, and the exit status is 2. */
static int
flush_output(int rc)
{
    errno = 0;
    if (fflush(stdout) != 0 || ferror(stdout)) {
        msg_error("cannot write the output: %s", errno ? strerror(errno) : "write error");
        return EXIT_ERROR;
    }
    return rc;
}

int
main(int argc, char **argv)
{
    cli_t cli;
    memset(&cli, 0, sizeof cli);
    opterr = 0;  /* commands report bad options themselves, in one line */
    const char *shards[INDEX_MAX_SHARDS];
    int i = 1;
    /* Global options come before the command. */
    for (; i < argc && argv[i][0] == '-'; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            return EXIT_OK;
        }
        if (strcmp(a, "--version") == 0) {
            printf("dossier %s (Xapian %s)\n", DOSSIER_VERSION, dx_xapian_version());
            return EXIT_OK;
        }
        if (strcmp(a, "--index") == 0 && i + 1 < argc) {
            cli.index_dir = argv[++i];
            continue;
        }
        if (strncmp(a, "--index=", 8) == 0) {
            cli.index_dir = a + 8;
            continue;
        }
        if ((strcmp(a, "--shard") == 0 && i + 1 < argc) || strncmp(a, "--shard=", 8) == 0) {
            if (cli.nshards == INDEX_MAX_SHARDS) {
                msg_error("at most %d shards", INDEX_MAX_SHARDS);
                return EXIT_ERROR;
            }
            shards[cli.nshards++] = a[7] == '=' ? a + 8 : argv[++i];
            cli.shards = shards;
            continue;
        }
        if (strcmp(a, "--index") == 0 || strcmp(a, "--shard") == 0)
            msg_error("option '%s' needs a value (try 'dossier --help')", a);
        else
            msg_error("unknown option '%s' (try 'dossier --help')", a);
        return EXIT_ERROR;
    }
    if (i >= argc) {
        usage(stderr);
        return EXIT_ERROR;
    }
    const char *name = argv[i];
    if (strcmp(name, "help") == 0) {
        if (i + 1 >= argc) {
            usage(stdout);
            return EXIT_OK;
        }
        name = argv[i + 1];
        for (size_t k = 0; k < sizeof commands / sizeof *commands; k++) {
            if (strcmp(commands[k].name, name) == 0) {
                char *args[] = { (char *)name, "--help", NULL };
                cli.command = name;
                return flush_output(commands[k].fn(&cli, 2, args));
            }
        }
        msg_error("no command '%s' (try 'dossier --help')", name);
        return EXIT_ERROR;
    }
    for (size_t k = 0; k < sizeof commands / sizeof *commands; k++) {
        if (strcmp(commands[k].name, name) == 0) {
            cli.command = commands[k].name;
            optind = 1;
            return flush_output(commands[k].fn(&cli, argc - i, argv + i));
        }
    }
    msg_error("no command '%s' (try 'dossier --help')", name);
    return EXIT_ERROR;
}
