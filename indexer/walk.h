/*
 * walk.h - finding the files under the paths given to `add`.
 *
 * Folders are walked recursively in name order.  Hidden files and folders
 * (names starting with ".") are skipped, and so is the index directory
 * however it is reached (a symbolic link, a path named).
 *
 * Symbolic links met inside a folder being walked (file and folder links
 * alike):
 *
 *   - a link whose target is itself inside the tree being walked, where
 *     the walk reaches it, is not followed: the target is listed once,
 *     under its real path (WALK_NOTE, for -v);
 *   - a link that leads into another folder of the corpus (homes: the
 *     folders added to the index, each walked in its own run) is not
 *     followed: the target is indexed under its own path there
 *     (WALK_NOTE);
 *   - a link that leads out of the tree and of the homes is not followed
 *     either, and is reported as skipped, unless follow_outside is set;
 *   - a link into the index is skipped, with a report;
 *   - a link inside the tree whose target the walk does not reach (under
 *     a hidden folder) is followed, as is a link out of the tree with
 *     follow_outside;
 *   - a broken link, or a link loop, is listed as a walk_file_t with a
 *     problem (the indexer decides: it is a bad path, like a bad file).
 *
 * A path given to walk_path() itself is followed whatever it is (a link
 * named on the command line is what the user asked for).  A folder
 * reached twice (through links followed, or bind mounts) is walked once.
 * Other problems (unreadable folders) are reported through the callback
 * and the walk goes on.
 */
#ifndef DOSSIER_INDEXER_WALK_H
#define DOSSIER_INDEXER_WALK_H

#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

typedef struct walk_file {
    char *path;          /* absolute, lexically normalised */
    uint64_t size;       /* of the file; of the link itself for a problem */
    int64_t mtime_sec;
    uint32_t mtime_nsec;
    int64_t ctime_sec;   /* status change time: a chmod or chown moves it */
    uint32_t ctime_nsec;
    int explicit_arg;    /* named on the command line, not found in a folder */
    const char *problem; /* NULL, or why this path cannot be read ("broken
                          * symbolic link", "symbolic link loop"; static) */
} walk_file_t;

/* What a report is about. */
typedef enum walk_report_kind {
    WALK_FAILED,         /* a failure: the run's exit status says so */
    WALK_SKIPPED,        /* left out, with a reason worth a message */
    WALK_NOTE            /* left out for a good reason: say so only when
                          * asked (a link inside the tree; target says
                          * where the walk reaches what it leads to) */
} walk_report_kind_t;

typedef struct walk_opts {
    const char *skip_dir;     /* absolute path never entered (the index) */
    int follow_outside;       /* follow links that leave the root */
    char *const *homes;       /* real paths of the corpus's other folders */
    size_t nhomes;
    /* Called for every problem: path, a short reason ("permission
     * denied", "symbolic link leads outside the corpus"), its kind, and
     * for WALK_NOTE the path under which the walk reaches the link's
     * target (NULL otherwise). */
    void (*report)(const char *path, const char *reason, walk_report_kind_t kind,
                   const char *target, void *ctx);
    void *ctx;
} walk_opts_t;

typedef struct walk_list {
    walk_file_t *files;
    size_t n, cap;
} walk_list_t;

/* Add every regular file under (or at) path to list.  Returns 0 when the
 * path itself could be read (a file, or a folder that was opened: what is
 * under it was listed, problems below it aside), 1 when it is an index
 * (this one, a folder inside it, or another: never indexed), -1 when it
 * could not be read (it does not exist, it is not readable...), after
 * reporting why. */
int walk_path(const char *path, const walk_opts_t *opts, walk_list_t *list);
void walk_list_free(walk_list_t *list);

#endif
