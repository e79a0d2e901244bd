/*
 * index.h - finding, opening and describing a Dossier index.
 *
 * An index is a directory (".dossier" by default) holding:
 *
 *   config       settings, "key = value" lines ('#' starts a comment):
 *                  shards = N          local shards (fixed when created;
 *                                      0 for an index that only searches
 *                                      remote shards)
 *                  part = K/N          this index holds part K of a corpus
 *                                      split across N machines: add and
 *                                      update take only the documents
 *                                      whose path hashes to K
 *                  remote = tcp://HOST:PORT   a shard served by
 *                                      xapian-tcpsrv, searched with the
 *                                      local ones (repeatable)
 *   shard-K/     the Xapian database of local shard K (lib/schema.h
 *                describes its contents); a document lives in shard
 *                index_shard_of(its stored path)
 *   lock         the write lock: every writer holds it (flock) from
 *                before it touches anything in the folder until it closes
 *                the index.  Xapian's locks on each shard are not enough
 *                alone: a compaction swaps a shard's folder for another,
 *                and the new one is unlocked while its writer finishes.
 *   writer       who holds the write lock: "pid start-time command",
 *                written by the writer after it got the lock (informative
 *                only, for messages)
 *
 * Shard 0 also holds the index's settings kept as metadata (the roots, the
 * date order).  Searching opens every shard as one Xapian database, so
 * statistics and scores are those of the whole index.  Writing opens one
 * writable database per local shard, and the indexer writes them in
 * parallel.
 *
 * The folder that contains the index directory is the index's base:
 * documents under it are stored with paths relative to it, so a corpus
 * and its index can move together.
 *
 * Which index a command uses: --index DIR, else $DOSSIER_INDEX, else the
 * nearest ".dossier" directory in the current directory or its parents
 * (the way git finds ".git").  Commands that write create ".dossier" in
 * the current directory when none is found.
 */
#ifndef DOSSIER_LIB_INDEX_H
#define DOSSIER_LIB_INDEX_H

#include <stddef.h>
#include <stdint.h>

#include "binding/dx.h"
#include "lib/date.h"
#include "lib/zdict.h"
#include "util/buf.h"

#define INDEX_DEFAULT_NAME ".dossier"

typedef struct dindex {
    char *dir;               /* absolute path of the index directory */
    char *base;              /* absolute path of the folder holding it */
    char *cwd;               /* the current directory when opened (paths
                              * are shown relative to it) */
    dx_db_t *db;             /* reading: every shard as one database;
                              * writing: shard 0 (settings live there) */
    dx_db_t **wdb;           /* writing: every local shard, writable */
    size_t nlocal;           /* local shards */
    unsigned part_k, part_n; /* part K of N of a split corpus (0 of 1) */
    int writable;
    int lock_fd;             /* writers: the "lock" file, held; else -1 */
    date_order_t date_order; /* how numeric dates are read */
    char **missing;          /* shards that could not be opened */
    size_t nmissing;
    char **shard_base;       /* --shard: per shard opened, the base of the
                              * index it belongs to (NULL: remote or
                              * unknown), for showing its paths */
    size_t nshard_base;
    dx_db_t **parts;         /* writing: write parts (index_open_parts) */
    size_t nparts;
    zdict_t *zdicts;         /* the shards' record dictionaries, read on
                              * first need (index_zdict_lookup) */
    size_t nzdicts;
    int zdicts_read;
    zdict_t wzdict;          /* writing: what new records are deflated
                              * with (empty: none) */
    int wzdict_read;
    int wzdict_partial;      /* ... and some local shard lacks it */
} dindex_t;

typedef enum index_mode {
    INDEX_READ,              /* search: the index must exist */
    INDEX_WRITE,             /* update, remove: the index must exist */
    INDEX_CREATE             /* add: create it if missing */
} index_mode_t;

/*
 * Decide which index directory to use (see above).  explicit_dir is the
 * --index option or NULL.  For INDEX_CREATE a missing index resolves to
 * ./.dossier; otherwise a missing index is an error.
 * Returns 0 and a malloc'd absolute path, or -1 with a malloc'd message.
 */
int index_locate(const char *explicit_dir, index_mode_t mode, char **dir,
                 char **err);

#define INDEX_MAX_SHARDS 64

typedef struct index_open_opts {
    unsigned lock_wait_ms;   /* writers: how long to wait for the lock */
    unsigned create_shards;  /* INDEX_CREATE of a new index: local shards
                              * (0 = one per CPU, at most 4) */
    unsigned create_part_k, create_part_n;  /* ... and its part (0/0: none) */
    int allow_partial;       /* readers: skip shards that cannot be opened */
    int partial_hint;        /* the command has --partial: say so when a
                              * remote shard cannot be opened */
    unsigned remote_timeout_ms;
    const char *command;     /* recorded in the "writer" file */
    /* Search exactly these shards instead of an index directory (--shard):
     * tcp://HOST:PORT, a shard directory, or a Dossier index directory. */
    const char *const *specs;
    size_t nspecs;
} index_open_opts_t;

/*
 * Open the index in dir.  Returns 0, or -1 with a malloc'd one-line
 * message in *err (for a locked index it names the holder).
 */
int index_open(const char *dir, index_mode_t mode, const index_open_opts_t *opts,
               dindex_t **out, char **err);
void index_close(dindex_t *ix);

/* The local shard that holds (or will hold) the document at a stored
 * path: a stable hash of the path (hashmap_hash) modulo the number of
 * local shards. */
size_t index_shard_of(const dindex_t *ix, const char *stored);

/*
 * Compact every local shard of an index opened for writing (the write
 * locks are held throughout): each shard is copied by Xapian's compactor
 * into shard-K.new, then swapped with shard-K atomically (renameat2's
 * RENAME_EXCHANGE, or two renames where that is missing) and the old copy
 * removed.  A run interrupted at any point leaves either shard intact;
 * index_open() finishes or discards an interrupted swap.  Returns 0, or -1
 * with a malloc'd message.  *before and *after get the bytes on disk.
 */
int index_compact(dindex_t *ix, uint64_t *before, uint64_t *after, char **err);

/*
 * Write parts: private databases (part-1 ... part-N in the index
 * directory) that let a large run write new documents with several
 * threads into an index of one shard, so that searches open one database
 * (one shard costs a search a third of a millisecond less than two, and
 * its index is smaller).  No reader opens a part.  The run ends by
 * merging shard 0 and its parts into a compacted copy of shard 0, swapped
 * in as index_compact() does; metadata under META_STEM_PREFIX are
 * united, other settings are shard 0's.  Parts left by a run that did not
 * get that far (killed, or failed) are removed when the index is next
 * opened for writing: their documents were never in the index, and the
 * next run adds them again.
 *
 * index_open_parts() creates and opens n parts (writable, without fsync:
 * they are scratch until merged); index_merge_parts() commits nothing
 * itself (the parts' writers have committed), merges, swaps and removes
 * the parts, and fills *before (shard 0 and parts) and *after; on failure
 * the index keeps shard 0 as it was and the parts are removed.
 * index_close() removes parts that were not merged.  Each returns 0, or
 * -1 with a malloc'd message.
 */
int index_open_parts(dindex_t *ix, size_t n, char **err);
int index_merge_parts(dindex_t *ix, uint64_t *before, uint64_t *after, char **err);

/*
 * Record dictionaries (lib/zdict.h).  index_zdict_lookup() is the lookup
 * record_decode() takes (ctx: the dindex_t): it finds a dictionary by id
 * among those of every shard, read the first time one is needed.
 * index_write_zdict() is the dictionary new records are written with
 * (the local shards', or NULL; ix->wzdict_partial tells that a shard lacks
 * it, as when a run was killed after some shards committed their first
 * batch); index_set_zdict() gives the index its dictionary, set in every
 * local shard with their next commit.  Returns
 * 0, or -1 if the index cannot be written.
 */
const zdict_t *index_zdict_lookup(void *ix, uint32_t id);
const zdict_t *index_write_zdict(dindex_t *ix);
int index_set_zdict(dindex_t *ix, const zdict_t *d);

/* The index folder that holds a shard folder ("IX/shard-K" with IX's
 * config beside it), malloc'd; NULL if path is no such shard. */
char *index_dir_of_shard(const char *path);

/* 1 if the document at a stored path belongs to this index's part. */
int index_in_part(const dindex_t *ix, const char *stored);

/* The stored form of an absolute file path (malloc'd). */
char *index_store_path(const dindex_t *ix, const char *abs_path);
/* The absolute path of a stored path (malloc'd; "." is the index's
 * folder). */
char *index_abs_path(const dindex_t *ix, const char *stored);
/* How to show a stored path to the user: relative to the current
 * directory when the file is under it, absolute otherwise (malloc'd). */
char *index_display_path(const dindex_t *ix, const char *stored);
/* Is the document docid of ix->db in a remote shard?  (Xapian numbers
 * the documents of a group round-robin over its shards, local first.) */
int index_docid_is_remote(const dindex_t *ix, dx_docid_t docid);
/* The path to show for document docid: index_display_path() for a local
 * shard's; as stored, relative to its own index, for a remote one's. */
char *index_display_doc_path(const dindex_t *ix, dx_docid_t docid, const char *stored);

/* A term for a key (a path) under prefix, hashed if it would be too long
 * for Xapian (see SCHEMA_MAX_KEY_TERM).  Replaces out's contents. */
void index_key_term(const char *prefix, const char *key, size_t keylen,
                    buf_t *out);

/* The roots recorded by `add` (stored forms), as a malloc'd array of
 * malloc'd strings; *n gets the count. */
char **index_roots(dindex_t *ix, size_t *n);
/* Record another root (writers; committed with the next commit); a root
 * already covered by another is not recorded twice, and roots below the
 * new one are replaced by it.  Returns 0 if recorded, 1 if already
 * covered, -1 on failure. */
int index_add_root(dindex_t *ix, const char *stored_root);
/* Take back what 'remove' excluded at or below a stored path (it was
 * added again by name).  Returns 0 if something changed, 1 if not, -1 on
 * failure. */
int index_include(dindex_t *ix, const char *stored);
/* After 'remove PATH': forget PATH as a root (and roots below it), and
 * if exclude is set and it lies under a root, exclude it so that 'update'
 * does not add it back.  Returns what it did, INDEX_FORGOT_ROOT and/or
 * INDEX_EXCLUDED (0: nothing), or -1 if the index could not be written. */
#define INDEX_FORGOT_ROOT 1
#define INDEX_EXCLUDED 2
int index_forget_path(dindex_t *ix, const char *stored, int exclude);
/* The stored paths excluded by 'remove' (malloc'd; *n entries). */
char **index_excluded(dindex_t *ix, size_t *n);
/* Is a stored path excluded (equal to or below an excluded path)? */
int index_is_excluded(char *const *excluded, size_t n, const char *stored);
void index_free_strings(char **v, size_t n);

#endif
