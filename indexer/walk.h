/*
 * walk.h - finding the files under the paths given to `add`.
 *
 * Folders are walked recursively in name order.  Hidden files and folders
 * (names starting with ".") are skipped, and so is the index directory
 * however it is reached (a symbolic link, a path named).  A
 * symbolic link is followed only if its target lies inside the root being
 * walked, unless follow_outside is set; a folder reached twice (a link
 * loop) is walked once.  Problems (unreadable folders, broken links) are
 * reported through the callback and the walk goes on.
 */
#ifndef DOSSIER_INDEXER_WALK_H
#define DOSSIER_INDEXER_WALK_H

#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

typedef struct walk_file {
    char *path;          /* absolute, lexically normalised */
    uint64_t size;
    int64_t mtime_sec;
    uint32_t mtime_nsec;
    int explicit_arg;    /* named on the command line, not found in a folder */
} walk_file_t;

typedef struct walk_opts {
    const char *skip_dir;     /* absolute path never entered (the index) */
    int follow_outside;       /* follow links that leave the root */
    /* Called for every problem: path and a short reason ("permission
     * denied", "symbolic link leads outside the corpus"); is_error says
     * whether it counts as a failure or only a skip. */
    void (*report)(const char *path, const char *reason, int is_error, void *ctx);
    void *ctx;
} walk_opts_t;

typedef struct walk_list {
    walk_file_t *files;
    size_t n, cap;
} walk_list_t;

/* Add every regular file under (or at) path to list. */
void walk_path(const char *path, const walk_opts_t *opts, walk_list_t *list);
void walk_list_free(walk_list_t *list);

#endif
