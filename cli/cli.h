/*
 * cli.h - what the `dossier` subcommands share.
 *
 * Every command has the signature of cmd_fn, parses its own options
 * (getopt_long), and returns one of the exit statuses below.  The
 * dispatcher (dossier.c) holds the command table.
 */
#ifndef DOSSIER_CLI_CLI_H
#define DOSSIER_CLI_CLI_H

#include <stdio.h>

#include "lib/index.h"

/* Exit statuses (ripgrep's convention). */
enum {
    EXIT_OK = 0,         /* success; search: hits */
    EXIT_NONE = 1,       /* search: no hits; add/update/remove: some files failed */
    EXIT_ERROR = 2       /* bad usage, unusable index */
};

typedef struct cli {
    const char *index_dir;   /* --index, or NULL */
    const char *command;     /* the subcommand's name */
    const char **shards;     /* --shard SPEC (repeatable) */
    size_t nshards;
    unsigned create_shards;  /* add --shards N (a new index) */
    unsigned part_k, part_n; /* add --part K/N (a new index) */
    int has_partial;         /* the command takes --partial (search) */
} cli_t;

typedef int (*cmd_fn)(cli_t *cli, int argc, char **argv);

int cmd_add(cli_t *cli, int argc, char **argv);
int cmd_update(cli_t *cli, int argc, char **argv);
int cmd_remove(cli_t *cli, int argc, char **argv);
int cmd_search(cli_t *cli, int argc, char **argv);
int cmd_show(cli_t *cli, int argc, char **argv);
int cmd_stats(cli_t *cli, int argc, char **argv);
int cmd_similar(cli_t *cli, int argc, char **argv);
int cmd_serve(cli_t *cli, int argc, char **argv);
int cmd_compact(cli_t *cli, int argc, char **argv);

/* Open the index for a command; on failure print the one-line error and
 * return NULL. */
dindex_t *cli_open(cli_t *cli, index_mode_t mode, int allow_partial);
/* The same for reading, saying nothing (NULL on failure): to try again
 * the shards a long --batch left out. */
dindex_t *cli_open_quiet(cli_t *cli, int allow_partial);

/* Print "Try 'dossier CMD --help'." after a usage error; returns EXIT_ERROR. */
int cli_usage_error(cli_t *cli, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* An empty string among paths (an unset shell variable) is refused with a
 * usage error (its exit status returned), never read as ".": 0 if none. */
int cli_empty_path(cli_t *cli, char **paths, size_t n);

/* After getopt_long returned '?': one line naming the option that is
 * unknown or lacks its value.  Returns EXIT_ERROR. */
int cli_bad_option(cli_t *cli, char **argv);

/* Parse a non-negative integer option; -1 if it is not one. */
long cli_parse_count(const char *s);

/* --color WHEN: 1 to color standard output, 0 not to ("auto": on a
 * terminal, unless NO_COLOR is set or TERM is dumb), -1 if WHEN is not
 * auto, always or never. */
int cli_color(const char *when);

/* The --help text of a command: print and return EXIT_OK. */
int cli_help(const char *text);

/*
 * A folder (absolute and stored paths) that no longer exists (gone) or is
 * empty, as a share not mounted leaves its mount point, while the index
 * holds documents under it: say so on stderr and return 1, and the
 * caller keeps those documents.  Else 0.
 */
int cli_keep_if_unmounted(const dindex_t *ix, const char *abs, const char *stored, int gone);

/*
 * The folders added so far, for a re-sync (update, add alone): in
 * *roots (absolute) those to walk; in *keep (stored) those that
 * cli_keep_if_unmounted() keeps.  A folder gone with no documents left
 * is left out of both.  Returns how many were kept; free both lists with
 * index_free_strings().
 */
size_t cli_resync_roots(dindex_t *ix, char ***roots, size_t *nroots, char ***keep);

#endif
