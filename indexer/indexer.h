/*
 * indexer.h - bringing an index in line with files on disk.
 *
 * One entry point serves `add`, `update` and `remove`: walk the given
 * paths, compare every file with what the index holds (lib/schema.h's
 * SLOT_SYNC: size, modification time, content checksum), and index only
 * what changed:
 *
 *   unchanged  same size and mtime: not even read;
 *   touched    mtime changed, same content: only the recorded mtime is
 *              updated (counted as unchanged);
 *   changed    content changed: re-indexed;
 *   added      a path the index does not know, whose content is not that
 *              of a vanished document;
 *   moved      a new path whose content is that of a document whose file
 *              is gone: the document is re-keyed, not re-tokenised;
 *   removed    documents whose files are gone (update: anywhere; add:
 *              under the folders it walked; remove: those named), and
 *              documents whose files changed into something that cannot
 *              be indexed (binary, empty, too large);
 *   skipped    files of formats Dossier does not read, links out of the
 *              corpus, files that failed before and have not changed;
 *   failed     files that could not be read or hold no text to index
 *              (binary, empty, too large...), and broken symbolic links.
 *
 * A symbolic link inside a folder walked that leads to a file or folder
 * the walk reaches anyway is not followed, and not counted (see walk.h):
 * its target is indexed once, under its own path.
 *
 * Reading, parsing and building documents happens in worker threads; the
 * calling thread writes them to the database in a fixed order and commits
 * in batches, so a run killed at any moment leaves every batch committed
 * before the kill and nothing of the batch in progress.
 */
#ifndef DOSSIER_INDEXER_INDEXER_H
#define DOSSIER_INDEXER_INDEXER_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "lib/index.h"

typedef struct indexer_opts {
    int threads;              /* worker threads; 0 = one per CPU */
    uint64_t batch_bytes;     /* commit after this much text; 0 = default */
    unsigned batch_docs;      /* ... or this many documents; 0 = default */
    uint64_t max_file_bytes;  /* larger files fail; 0 = default (100 MB) */
    int follow_outside;       /* follow symbolic links out of the corpus:
                               * 1 (and remember it), -1 no more (and
                               * remember), 0 as the index remembers */
    int dry_run;              /* report what would happen, change nothing */
    int prune;                /* remove documents whose files are gone:
                               * INDEXER_PRUNE_ALL or _WALKED (below) */
    int progress;             /* progress line on stderr */
    int verbose;              /* one line per file acted on */
    int spelling;             /* build spelling data */
    int named;                /* the paths were named by the user (add):
                               * a path that 'remove' excluded, named
                               * again, takes its exclusion back (and
                               * those below it); naming a folder above
                               * it does not; a path inside it is
                               * indexed, but the exclusion stays */
    uint64_t memory_bytes;    /* commit a shard's batch early when the
                               * heap in use passes this; 0 = default */
    int compact;              /* compact the shards written to: -1 never,
                               * 0 after a large run (default), 1 always */
    int reindex;              /* read and build every file again, changed
                               * or not (after an upgrade of Dossier): no
                               * shortcut by size and times, none by
                               * checksum, no move recognised (the old
                               * path is removed as gone, the new one
                               * added), failures of before retried */
    char *const *keep;        /* stored paths of folders whose documents
                               * are never pruned (update: roots that are
                               * missing, maybe not mounted) */
    size_t nkeep;
} indexer_opts_t;

/* opts.prune: remove the documents whose files are gone wherever they
 * are (update, which also reads again every file indexed by its own name
 * that changed), or only those under the folders given to this run that
 * could be read (add; a file given is never pruned).  Either way, a
 * document indexed under the path of a symbolic link inside a folder
 * walked is removed when the link's target is indexed under its own
 * path in this run. */
#define INDEXER_PRUNE_ALL 1
#define INDEXER_PRUNE_WALKED 2

/* Text per batch, shared by the shards written at once.  Measured on a
 * 100 MB corpus with two shards: 4-8 MB batches took a quarter less CPU
 * and half the memory of 32 MB ones (Xapian's in-memory changes grow
 * slower to search and to merge as they grow). */
#define INDEXER_DEFAULT_BATCH_BYTES (8u << 20)
#define INDEXER_DEFAULT_MEMORY (256u << 20)
#define INDEXER_DEFAULT_BATCH_DOCS 20000u
#define INDEXER_DEFAULT_MAX_FILE (100u << 20)

void indexer_opts_init(indexer_opts_t *o);

typedef struct indexer_counts {
    uint64_t added, changed, unchanged, moved, removed, skipped, failed;
    uint64_t reindexed;       /* opts.reindex: built again, same content */
    uint64_t bytes;           /* bytes read from disk (files refused
                               * unread, unchanged files: none) */
    double seconds;
    int interrupted;          /* stopped early: by that signal (SIGINT,
                               * SIGTERM, SIGHUP) */
} indexer_counts_t;

/* Make SIGINT, SIGTERM and SIGHUP stop a run cleanly (those not ignored,
 * as nohup ignores SIGHUP): no new file is started,
 * what was written is committed, counts->interrupted is set.  A second
 * signal stops the process at once, which is safe too (committed batches
 * stay, the rest is discarded).  The first signal is answered at once on
 * stderr (after a newline if progress is showing, to end its line), as
 * committing and merging what was written may take a while. */
void indexer_catch_interrupts(int progress);

/*
 * Compaction.  Xapian's B-trees written batch by batch are about half
 * empty; a run that wrote a large share of the index (at least
 * INDEXER_COMPACT_MIN_DOCS documents and a fifth of the documents it
 * holds) ends by compacting the shards (index_compact(): each into a new
 * directory swapped in atomically), which halves the index on disk.
 */
#define INDEXER_COMPACT_MIN_DOCS 100u

/*
 * Sync the files under paths into the index (absolute or relative to the
 * current directory; "-" is not handled here).  Folders given are recorded
 * as roots for `update`.  Returns 0 when the run completed (files may
 * have failed: see counts->failed), -1 when the index could not be
 * written (the message has been printed; every batch committed before the
 * failure is intact).
 */
int indexer_sync(dindex_t *ix, char *const *paths, size_t npaths,
                 const indexer_opts_t *opts, indexer_counts_t *counts);

/* Remove the documents of the given files or folders (stored or on-disk
 * paths).  Returns 0, or -1 if the index could not be written. */
int indexer_remove(dindex_t *ix, char *const *paths, size_t npaths,
                   const indexer_opts_t *opts, indexer_counts_t *counts);

/* The one-line summary every add or update ends with. */
void indexer_print_counts(FILE *f, const indexer_counts_t *c, int dry_run);
/* The one-line summary of a remove: "N removed" (and how many of the
 * paths given were not in the index). */
void indexer_print_remove_counts(FILE *f, const indexer_counts_t *c, int dry_run);

#endif
