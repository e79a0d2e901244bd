/*
 * indexer.c - bringing an index in line with files on disk (see indexer.h).
 *
 * The run has three phases:
 *
 *   1. plan (calling thread): walk the paths, drop unchanged files by size
 *      and mtime against the manifest, and make a job of every other file;
 *   2. build (worker threads): read each job's file, checksum it, decide
 *      touched/moved/changed, and build its Xapian document;
 *   3. write (one writer thread per local shard, and per write part in a
 *      large run on an index of one shard): each takes the finished jobs
 *      of its shard in job order, writes them, and commits every
 *      batch_bytes / nwriters of text or batch_docs documents; the calling
 *      thread shows progress, then applies moves and removals, and merges
 *      the write parts into shard 0 (lib/index.h).
 *
 * Workers run at most `window` jobs ahead of the slowest writer, which
 * bounds the memory held in finished-but-unwritten documents.  Writing in
 * job order makes two runs over the same files produce the same database.
 */
#include "indexer/indexer.h"

#include <errno.h>
#include <malloc.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "indexer/docbuild.h"
#include "indexer/manifest.h"
#include "indexer/parse.h"
#include "indexer/walk.h"
#include "lib/record.h"
#include "lib/schema.h"
#include "lib/stems.h"
#include "search/query.h"
#include "util/hashmap.h"
#include "util/msg.h"
#include "util/path.h"
#include "util/readfile.h"
#include "util/xalloc.h"

typedef enum job_kind {
    JOB_BUILT,      /* a document was built (or would be, in a dry run) */
    JOB_TOUCHED,    /* same content, new mtime */
    JOB_MOVED,      /* content of a vanished document */
    JOB_FAILED
} job_kind_t;

typedef struct job {
    const walk_file_t *file;
    char *stored;
    manifest_entry_t *known;     /* the index's entry for this path */
    size_t shard;                /* writer of the document: a local shard,
                                  * or nlocal + i for write part i */
    doc_format_t format;
    int done;                    /* set by the worker, under the lock */
    job_kind_t kind;
    docbuild_out_t out;
    manifest_entry_t *move_from;
    uint64_t checksum;
    uint64_t bytes_read;         /* from disk, for the counts */
    char *reason;                /* JOB_FAILED */
    int drop_known;              /* JOB_FAILED: the file's content cannot be
                                  * indexed any more; its old document goes */
    int same_content;            /* JOB_BUILT by opts.reindex: the file is
                                  * what the old document was built from */
} job_t;

typedef struct run run_t;

/* What one shard's writer owns. */
typedef struct shard_writer {
    run_t *r;
    size_t k;
    dx_db_t *db;
    stems_t *stems;
    hashmap_t spelling;          /* word -> count since the last spelling
                                  * flush (see flush_spelling) */
    uint64_t batch_bytes;
    unsigned batch_docs;
    int dirty;                   /* uncommitted changes */
    unsigned since_mem_check;    /* documents since the heap was measured */
    uint64_t docs_written;       /* documents written in this run */
    unsigned batch_no;
    size_t pos;                  /* next job this writer looks at */
    indexer_counts_t counts;
    indexer_counts_t committed;  /* counts as of the last commit */
    pthread_t tid;
    int started;
    int part;                    /* a write part, not a shard */
    buf_t part_docs;             /* its documents' stored paths, NUL-
                                  * separated (for the commit log) */
} shard_writer_t;

struct run {
    dindex_t *ix;
    const indexer_opts_t *opts;
    indexer_counts_t *counts;    /* planning, moves and removals */
    manifest_t man;
    job_t *jobs;
    size_t njobs, capjobs;
    shard_writer_t *w;
    size_t nw;
    stems_t *to_shard0;          /* an index of several shards: the words
                                  * shards 1.. noted, for shard 0's map
                                  * (stems_copy_pending()), under mu */

    pthread_mutex_t mu;
    pthread_cond_t cv_work, cv_done;
    pthread_cond_t cv_main;      /* a writer finished */
    size_t next_job, window;
    size_t written;              /* jobs written, all shards */
    int stop;
    int interrupted;             /* stopped by SIGINT/SIGTERM */

    pthread_mutex_t log_mu;
    FILE *commit_log;            /* DOSSIER_COMMIT_LOG, for crash tests */

    char *cwd;                   /* for showing paths relative to it */
    buf_t failed;                /* this run's list of failed files
                                  * (META_FAILED lines), under mu */
    size_t failed_before;        /* unchanged files that failed before */
    hashmap_t *planned;          /* stored paths met in this run's walk */
    hashmap_t skipped;           /* stored paths the walk left out (a
                                  * link out of the corpus, a FIFO...):
                                  * no longer the files indexed there */
    char **walked;               /* stored forms of the folders walked
                                  * (INDEXER_PRUNE_WALKED) */
    size_t nwalked;
    struct timespec start, last_progress;
    uint64_t total_bytes, done_bytes;
    size_t files_total;
    int fatal;
    int merged;                  /* the write parts are in shard 0 */
    const zdict_t *zdict;        /* new records' dictionary (or NULL) */
};

/* The signal (SIGINT, SIGTERM, SIGHUP) that asked to stop taking jobs and
 * commit what was written; 0 if none. */
static volatile sig_atomic_t interrupt_requested;
static volatile sig_atomic_t interrupt_progress;  /* a progress line shows */

static void
on_interrupt(int sig)
{
    static const char said[] =
        "\ndossier: stopping: keeping the work done so far (a second Ctrl-C stops at once, "
        "dropping what is not yet committed)\n";
    interrupt_requested = sig;
    signal(sig, SIG_DFL);  /* a second one stops at once (still safe) */
    /* write() is safe in a handler; the newline only ends a progress line. */
    size_t skip = interrupt_progress ? 0 : 1;
    ssize_t n = write(2, said + skip, sizeof said - 1 - skip);
    (void)n;
}

void
indexer_catch_interrupts(int progress)
{
    interrupt_progress = progress != 0;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_interrupt;
    sigemptyset(&sa.sa_mask);
    /* A terminal or ssh session that hangs up: the same, not a kill.  A
     * signal the caller ignores (nohup, trap '' HUP, a background job's
     * SIGINT) stays ignored. */
    static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
    for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++) {
        struct sigaction old;
        if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
            continue;
        sigaction(sigs[i], &sa, NULL);
    }
}

void
indexer_opts_init(indexer_opts_t *o)
{
    memset(o, 0, sizeof *o);
    o->spelling = 1;
}

static double
elapsed(const struct timespec *a, const struct timespec *b)
{
    return (double)(b->tv_sec - a->tv_sec) + (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

static uint64_t
checksum_of(const readfile_info_t *info)
{
    return ((uint64_t)info->crc32 << 32) | info->adler32;
}

static char *stored_form(dindex_t *ix, const char *abs);

/* ---- Reporting -------------------------------------------------------- */

/* A path as the user should see it: relative to the current folder when
 * under it. */
static void
report_file(run_t *r, const char *abs, const char *fmt, const char *what)
{
    const char *rel = r->cwd ? path_under(abs, r->cwd) : NULL;
    msg_file(rel && *rel ? rel : abs, fmt, what);
}

/* Note a path the walk leaves out: a document under it is pruned. */
static void
note_skipped(run_t *r, const char *abs)
{
    char *stored = stored_form(r->ix, abs);
    int created;
    hashmap_put(&r->skipped, stored, strlen(stored), &created);
    free(stored);
}

static void
walk_report(const char *path, const char *reason, walk_report_kind_t kind, const char *target,
            void *ctx)
{
    run_t *r = ctx;
    char *abs = path_absolute(path);
    if (kind == WALK_NOTE && target) {
        /* A link to what is read under its own path: a document kept
         * under the link's path is a duplicate (an index made by a
         * version that followed such links, or by --follow before the
         * target's folder was added). */
        note_skipped(r, abs);
    }
    if (kind == WALK_NOTE) {
        /* A link inside the folder: nothing is lost, say so only with
         * -v, as the other files left out are. */
        if (r->opts->verbose) {
            char *stored = stored_form(r->ix, abs);
            printf("skipped %s", msg_path(stored));
            free(stored);
            if (target) {
                stored = stored_form(r->ix, target);
                printf(" (symbolic link to %s, which is read under its own path)\n",
                       msg_path(stored));
                free(stored);
            } else {
                printf(" (%s)\n", msg_path(reason));
            }
        }
    } else {
        report_file(r, abs, "%s", reason);
        if (kind == WALK_FAILED) {
            r->counts->failed++;
        } else {
            r->counts->skipped++;
            note_skipped(r, abs);
        }
    }
    free(abs);
}

static void
show_progress(run_t *r, int force)
{
    if (!r->opts->progress)
        return;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    if (!force && elapsed(&r->last_progress, &now) < 0.25)
        return;
    r->last_progress = now;
    pthread_mutex_lock(&r->mu);
    uint64_t done = r->done_bytes;
    size_t written = r->written;
    pthread_mutex_unlock(&r->mu);
    double secs = elapsed(&r->start, &now);
    double mbs = secs > 0 ? (double)done / 1e6 / secs : 0;
    char eta[32] = "--";
    if (done > 0 && r->total_bytes > done && secs > 1) {
        double left = secs * (double)(r->total_bytes - done) / (double)done;
        snprintf(eta, sizeof eta, "%dm%02ds", (int)(left / 60), (int)left % 60);
    }
    int width = 24;
    int fill = r->total_bytes ? (int)(width * (double)done / (double)r->total_bytes) : 0;
    char bar[32];
    for (int i = 0; i < width; i++)
        bar[i] = i < fill ? '#' : '.';
    bar[width] = '\0';
    msg_progress("[%s] %zu/%zu files  %.1f MB/s  ETA %s", bar, written, r->files_total,
                 mbs, eta);
}

/* ---- Workers ------------------------------------------------------------ */

/* Is the file of a manifest entry gone from disk? */
static int
entry_file_gone(run_t *r, const manifest_entry_t *e)
{
    char *abs = index_abs_path(r->ix, e->path);
    struct stat st;
    /* A folder now stands where the file was: the file is gone too. */
    int gone = stat(abs, &st) != 0 ? errno == ENOENT || errno == ENOTDIR : S_ISDIR(st.st_mode);
    free(abs);
    return gone;
}

/* The largest file a run reads (--max-size). */
static uint64_t
file_limit(const indexer_opts_t *o)
{
    return o->max_file_bytes ? o->max_file_bytes : INDEXER_DEFAULT_MAX_FILE;
}

static void
process_job(run_t *r, job_t *j)
{
    const indexer_opts_t *o = r->opts;
    buf_t data = BUF_INIT;
    readfile_info_t info;
    const char *reason = NULL;
    uint64_t limit = file_limit(o);

    readfile_status_t rs = readfile(j->file->path, limit, &data, &info, &reason);
    j->bytes_read = info.raw_bytes;
    if (rs != READFILE_OK) {
        j->kind = JOB_FAILED;
        if (rs == READFILE_TOO_BIG)
            j->reason = xasprintf("%s (dossier add --max-size raises the limit)",
                                  reason ? reason : "too large");
        else
            j->reason = xstrdup(reason ? reason : "cannot read");
        /* Too large, or broken gzip data, is what the file now holds;
         * a failure to read may pass. */
        j->drop_known = rs == READFILE_TOO_BIG || rs == READFILE_GZIP;
        buf_free(&data);
        return;
    }
    j->checksum = checksum_of(&info);
    const char *blank = parse_blank_reason(buf_cstr(&data), data.len);
    if (blank) {
        /* Nothing to search: a bad file, like a binary one. */
        j->kind = JOB_FAILED;
        j->reason = xstrdup(blank);
        j->drop_known = 1;
        buf_free(&data);
        return;
    }

    /* The same content with a new modification time: only the sync value
     * changes, unless the document is dated by that time. */
    if (j->known && j->known->size == j->file->size && j->known->checksum == j->checksum &&
        !((j->known->flags & SYNC_DATE_FROM_MTIME) &&
          date_from_time((time_t)j->known->mtime_sec) !=
              date_from_time((time_t)j->file->mtime_sec))) {
        j->same_content = 1;
        if (!o->reindex) {
            j->kind = JOB_TOUCHED;
            buf_free(&data);
            return;
        }
    }
    if (!j->known && !o->reindex) {
        /* A new path: is it a document whose file moved here? */
        pthread_mutex_lock(&r->mu);
        for (manifest_entry_t *e = manifest_by_content(&r->man, j->file->size, j->checksum);
             e; e = manifest_next_same(&r->man, e)) {
            if (e->seen || e->moved_away)
                continue;
            if (parse_format_from_name(e->path) != j->format)
                continue;
            /* Moved, the document keeps its date: not when the names
             * date it differently, or it is dated by a time that moved. */
            if (!docbuild_same_name_dates(e->path, j->stored))
                continue;
            if ((e->flags & SYNC_DATE_FROM_MTIME) &&
                date_from_time((time_t)e->mtime_sec) != date_from_time((time_t)j->file->mtime_sec))
                continue;
            if (!entry_file_gone(r, e))
                continue;
            e->moved_away = 1;
            j->move_from = e;
            break;
        }
        pthread_mutex_unlock(&r->mu);
        if (j->move_from) {
            j->kind = JOB_MOVED;
            buf_free(&data);
            return;
        }
    }

    docbuild_in_t in = {
        .stored_path = j->stored,
        .name = path_basename(j->file->path),
        .format = j->format,
        .data = buf_cstr(&data),
        .len = data.len,
        .size = j->file->size,
        .mtime_sec = j->file->mtime_sec,
        .mtime_nsec = j->file->mtime_nsec,
        .ctime_sec = j->file->ctime_sec,
        .ctime_nsec = j->file->ctime_nsec,
        .checksum = j->checksum,
        .gzip = info.gzip,
        .order = r->ix->date_order,
        .zdict = r->zdict,
    };
    if (o->dry_run) {
        /* Check that the file would parse, without building. */
        const char *why = parse_binary_reason(in.data, in.len);
        if (why) {
            j->kind = JOB_FAILED;
            j->reason = xstrdup(why);
            j->drop_known = 1;
        } else {
            j->kind = JOB_BUILT;
        }
        buf_free(&data);
        return;
    }
    docbuild_out_init(&j->out);
    if (docbuild(&in, &j->out, &reason) != 0) {
        j->kind = JOB_FAILED;
        j->reason = xstrdup(reason ? reason : "cannot be indexed");
        j->drop_known = 1;
        docbuild_out_free(&j->out);
    } else {
        j->kind = JOB_BUILT;
    }
    buf_free(&data);
}

/* The position of the slowest writer: workers stay within a window of it. */
static size_t
low_water(const run_t *r)
{
    size_t low = r->njobs;
    for (size_t k = 0; k < r->nw; k++)
        if (r->w[k].pos < low)
            low = r->w[k].pos;
    return low;
}

static void *
worker_main(void *arg)
{
    run_t *r = arg;
    pthread_mutex_lock(&r->mu);
    for (;;) {
        if (r->stop || r->next_job >= r->njobs)
            break;
        if (r->next_job >= low_water(r) + r->window) {
            pthread_cond_wait(&r->cv_work, &r->mu);
            continue;
        }
        job_t *j = &r->jobs[r->next_job++];
        pthread_mutex_unlock(&r->mu);
        process_job(r, j);
        pthread_mutex_lock(&r->mu);
        j->done = 1;
        pthread_cond_broadcast(&r->cv_done);
    }
    pthread_mutex_unlock(&r->mu);
    return NULL;
}

/* ---- Writing ------------------------------------------------------------- */

static int
fail_db(shard_writer_t *w, const char *what, dx_status_t st)
{
    pthread_mutex_lock(&w->r->mu);
    /* One line, however many writers meet the same full disk. */
    if (!w->r->fatal)
        msg_error("%s: cannot %s: %s (%s)", w->r->ix->dir, what, dx_status_string(st),
                  dx_db_error(w->db));
    w->r->fatal = 1;
    w->r->stop = 1;
    pthread_cond_broadcast(&w->r->cv_work);
    pthread_cond_broadcast(&w->r->cv_done);
    pthread_cond_broadcast(&w->r->cv_main);
    pthread_mutex_unlock(&w->r->mu);
    return -1;
}

static void
log_line(run_t *r, const char *what, size_t shard, unsigned batch, const char *stored)
{
    if (!r->commit_log)
        return;
    pthread_mutex_lock(&r->log_mu);
    /* A write part's batches are not in the index until the merge, which
     * logs their documents as a batch of shard 0. */
    if (shard >= r->ix->nlocal)
        fprintf(r->commit_log, "part-");
    if (stored)
        fprintf(r->commit_log, "%s %zu.%u %s\n", what, shard, batch, msg_path(stored));
    else
        fprintf(r->commit_log, "%s %zu.%u\n", what, shard, batch);
    fflush(r->commit_log);
    pthread_mutex_unlock(&r->log_mu);
}

/*
 * Spelling data.  Adding a word to Xapian's spelling table costs a lookup
 * of the word and, for a new word, an entry for each of its fragments;
 * doing that for every distinct word of every batch took a seventh of the
 * indexing time.  So a writer counts words over many batches and flushes
 * them only when the count table is large or the run ends, and only the
 * words seen at least SPELLING_MIN_COUNT times since the last flush: a word
 * met once is more often a typo or a one-off name than a word worth
 * suggesting.  A run killed between two flushes loses the counts since the
 * last one (the documents themselves are committed batch by batch).
 */
#define SPELLING_MIN_COUNT 2
#define SPELLING_FLUSH_WORDS 200000

static int
flush_spelling(shard_writer_t *w)
{
    size_t i = 0;
    hashmap_entry_t *e;
    while ((e = hashmap_next(&w->spelling, &i))) {
        if (e->value < SPELLING_MIN_COUNT)
            continue;
        dx_status_t st = dx_db_add_spelling(w->db, e->key, (unsigned)e->value);
        if (st != DX_OK)
            return fail_db(w, "write spelling data", st);
    }
    hashmap_free(&w->spelling);
    hashmap_init(&w->spelling);
    return 0;
}

/* Commit the batch in progress; final is set for the run's last commit
 * of this shard. */
static int
commit_batch(shard_writer_t *w, int final)
{
    run_t *r = w->r;
    if (r->opts->dry_run)
        return 0;
    if (final && hashmap_count(&w->spelling))
        w->dirty = 1;  /* counts still to flush */
    if (r->to_shard0 && w->k == 0) {
        /* The other shards' words join shard 0's map. */
        pthread_mutex_lock(&r->mu);
        if (stems_pending(r->to_shard0)) {
            stems_copy_pending(w->stems, r->to_shard0);
            stems_drop_pending(r->to_shard0);
            w->dirty = 1;
        }
        pthread_mutex_unlock(&r->mu);
    }
    if (!w->dirty)
        return 0;
    if (r->to_shard0 && w->k > 0 && !w->part) {
        pthread_mutex_lock(&r->mu);
        stems_copy_pending(r->to_shard0, w->stems);
        pthread_mutex_unlock(&r->mu);
    }
    dx_status_t st = stems_flush(w->stems, w->db);
    if (st != DX_OK)
        return fail_db(w, "write the stem map", st);
    if ((final || hashmap_count(&w->spelling) >= SPELLING_FLUSH_WORDS) && flush_spelling(w) != 0)
        return -1;
    log_line(r, "commit-begin", w->k, w->batch_no, NULL);
    st = dx_db_commit(w->db);
    if (st != DX_OK)
        return fail_db(w, "commit", st);
    log_line(r, "commit-end", w->k, w->batch_no, NULL);
    w->committed = w->counts;
    w->batch_no++;
    w->batch_bytes = 0;
    w->batch_docs = 0;
    w->dirty = 0;
    return 0;
}

/* Bytes of heap in use (malloc'd and not freed), or 0 where the C
 * library cannot tell. */
static uint64_t
heap_in_use(void)
{
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 33))
    struct mallinfo2 mi = mallinfo2();
    return (uint64_t)mi.uordblks + (uint64_t)mi.hblkhd;
#else
    return 0;
#endif
}

/* Measure the heap every this many documents a writer writes. */
#define MEMORY_CHECK_EVERY 32

/*
 * Commit when the batch holds batch_bytes of text (shared by the shards
 * written at once) or batch_docs documents, or earlier when the process's
 * heap passes the memory budget: Xapian keeps a batch's changes in memory,
 * and what they cost per byte of text depends on the corpus (a growing
 * vocabulary costs more), so the text size alone does not bound memory.
 * A batch smaller than a sixteenth of the text limit (and of fewer than
 * 256 documents: removals carry no text) is never committed for memory,
 * so a heap filled by something else cannot make every document a
 * commit.
 */
static int
maybe_commit(shard_writer_t *w)
{
    const indexer_opts_t *o = w->r->opts;
    uint64_t maxb = o->batch_bytes ? o->batch_bytes : INDEXER_DEFAULT_BATCH_BYTES;
    unsigned maxd = o->batch_docs ? o->batch_docs : INDEXER_DEFAULT_BATCH_DOCS;
    maxb /= w->r->nw ? w->r->nw : 1;
    if (w->batch_bytes >= maxb || w->batch_docs >= maxd)
        return commit_batch(w, 0);
    if (++w->since_mem_check >= MEMORY_CHECK_EVERY) {
        w->since_mem_check = 0;
        uint64_t budget = o->memory_bytes ? o->memory_bytes : INDEXER_DEFAULT_MEMORY;
        if ((w->batch_bytes >= maxb / 16 || w->batch_docs >= 256) && heap_in_use() > budget)
            return commit_batch(w, 0);
    }
    return 0;
}

/* The SLOT_SYNC value for a file at a stored path. */
static void
sync_value(buf_t *b, const walk_file_t *f, uint64_t checksum, const manifest_entry_t *e,
           const char *stored)
{
    manifest_entry_t v = *e;
    v.path = (char *)stored;
    v.size = f->size;
    v.mtime_sec = f->mtime_sec;
    v.mtime_nsec = f->mtime_nsec;
    v.ctime_sec = f->ctime_sec;
    v.ctime_nsec = f->ctime_nsec;
    v.checksum = checksum;
    manifest_encode_value(b, &v);
}

static int
write_touched(shard_writer_t *w, job_t *j)
{
    dx_doc_t *doc = NULL;
    buf_t v = BUF_INIT, id = BUF_INIT;
    dx_status_t st = dx_db_get_doc(w->db, j->known->docid, &doc);
    if (st == DX_OK) {
        sync_value(&v, j->file, j->checksum, j->known, j->stored);
        dx_doc_set_value(doc, SLOT_SYNC, v.data, v.len);
        index_key_term(PREFIX_ID, j->stored, strlen(j->stored), &id);
        st = dx_db_replace(w->db, buf_cstr(&id), doc, NULL);
    }
    dx_doc_free(doc);
    buf_free(&v);
    buf_free(&id);
    if (st != DX_OK)
        return fail_db(w, "update a document", st);
    w->dirty = 1;
    return 0;
}

typedef struct term_list {
    char **v;
    size_t n, cap;
} term_list_t;

static int
collect_path_terms(const char *term, size_t len, unsigned wdf, void *ctx)
{
    (void)wdf;
    term_list_t *l = ctx;
    static const char *const prefixes[] = { PREFIX_ID, PREFIX_PATH, PREFIX_DIR, PREFIX_EXT };
    for (size_t i = 0; i < sizeof prefixes / sizeof *prefixes; i++) {
        size_t pl = strlen(prefixes[i]);
        /* No prefix of lib/schema.h begins another, and words are lower
         * case, so the prefix alone says what a term is, whatever follows
         * it: "QPress/a.txt" is the id of "Press/a.txt". */
        if (len > pl && memcmp(term, prefixes[i], pl) == 0) {
            l->v = xgrow(l->v, &l->cap, l->n + 1, sizeof *l->v);
            l->v[l->n++] = xstrndup(term, len);
            break;
        }
    }
    return 0;
}

/* Re-key the document of a vanished file under its new path (possibly in
 * another shard).  Runs after the writers have finished. */
static int
write_moved(run_t *r, job_t *j)
{
    manifest_entry_t *from = j->move_from;
    /* A document already in the index stays visible: it moves within the
     * shards, never into a write part. */
    shard_writer_t *src = &r->w[from->shard];
    shard_writer_t *dst = &r->w[j->shard < r->ix->nlocal ? j->shard : 0];
    dx_doc_t *doc = NULL;
    buf_t tmp = BUF_INIT, id = BUF_INIT;
    term_list_t old = { NULL, 0, 0 };
    record_t rec;
    record_init(&rec);
    char *data = NULL;
    size_t dlen = 0;

    dx_status_t st = dx_db_get_doc(src->db, from->docid, &doc);
    if (st == DX_OK)
        st = dx_doc_terms(doc, collect_path_terms, &old);
    if (st == DX_OK)
        st = dx_doc_get_data(doc, &data, &dlen);
    if (st == DX_OK) {
        for (size_t i = 0; i < old.n; i++)
            dx_doc_remove_term(doc, old.v[i], strlen(old.v[i]));
        docbuild_path_terms(doc, j->stored, &tmp);
        index_key_term(PREFIX_ID, j->stored, strlen(j->stored), &id);
        dx_doc_add_boolean(doc, id.data, id.len);
        sync_value(&tmp, j->file, j->checksum, from, j->stored);
        dx_doc_set_value(doc, SLOT_SYNC, tmp.data, tmp.len);
        if (record_decode(data, dlen, REC_DECODE_TEXT, index_zdict_lookup, r->ix, &rec) == 0) {
            free(rec.path);
            rec.path = xstrdup(j->stored);
            rec.mtime_sec = j->file->mtime_sec;
            rec.mtime_nsec = j->file->mtime_nsec;
            record_encode(&rec, r->zdict, &tmp);
            dx_doc_set_data(doc, tmp.data, tmp.len);
        }
        st = dx_db_replace(dst->db, buf_cstr(&id), doc, NULL);
    }
    if (st == DX_OK) {
        index_key_term(PREFIX_ID, from->path, strlen(from->path), &tmp);
        st = dx_db_delete(src->db, buf_cstr(&tmp));
    }
    for (size_t i = 0; i < old.n; i++)
        free(old.v[i]);
    free(old.v);
    free(data);
    record_free(&rec);
    dx_doc_free(doc);
    buf_free(&tmp);
    buf_free(&id);
    if (st != DX_OK)
        return fail_db(dst, "move a document", st);
    src->dirty = dst->dirty = 1;
    return 0;
}

static int
write_built(shard_writer_t *w, job_t *j)
{
    dx_status_t st = dx_db_replace(w->db, buf_cstr(&j->out.idterm), j->out.doc, NULL);
    if (st != DX_OK)
        return fail_db(w, "add a document", st);
    const char *p = j->out.words.data, *end = p + j->out.words.len;
    while (p && p < end) {
        size_t wl = strlen(p);
        uint32_t c;
        memcpy(&c, p + wl + 1, sizeof c);
        stems_note(w->stems, p, wl);
        if (w->r->opts->spelling && wl >= 3 && wl <= 24 && !query_is_stopword(p, wl)) {
            hashmap_entry_t *e = hashmap_put(&w->spelling, p, wl, NULL);
            e->value += c;
        }
        p += wl + 1 + sizeof c;
    }
    w->dirty = 1;
    w->batch_bytes += j->out.text_bytes;
    w->batch_docs++;
    w->docs_written++;
    return 0;
}

/*
 * Files that failed are remembered (META_FAILED, in shard 0) with their
 * size, modification and status change times and the run's size limit,
 * one line each:
 *     size mtime_sec mtime_nsec ctime_sec ctime_nsec limit <TAB> stored path <TAB> reason
 * so that the next run does not read them again, nor count them as new
 * failures, until they change: new content moves the modification time,
 * a chmod that makes a file readable moves the status change time, and
 * a file refused for its size is tried again under another --max-size.
 */
static int
failed_head(char *out, size_t cap, const walk_file_t *f, uint64_t limit)
{
    return snprintf(out, cap, "%llu %lld %u %lld %u %llu\t", (unsigned long long)f->size,
                    (long long)f->mtime_sec, (unsigned)f->mtime_nsec, (long long)f->ctime_sec,
                    (unsigned)f->ctime_nsec, (unsigned long long)limit);
}

static void
failed_line(buf_t *b, const walk_file_t *f, uint64_t limit, const char *stored,
            const char *reason)
{
    char head[160];
    failed_head(head, sizeof head, f, limit);
    buf_puts(b, head);
    /* Neither a tab nor a newline may appear inside a field. */
    for (const char *p = stored; *p; p++)
        buf_putc(b, *p == '\t' || *p == '\n' ? ' ' : *p);
    buf_putc(b, '\t');
    for (const char *p = reason; *p; p++)
        buf_putc(b, *p == '\t' || *p == '\n' ? ' ' : *p);
    buf_putc(b, '\n');
}

/* Index the previous run's failures by path: path -> offset of its line
 * in list, plus one. */
static void
failed_index(const char *list, hashmap_t *m)
{
    for (const char *p = list; p && *p;) {
        const char *nl = strchr(p, '\n');
        const char *tab = strchr(p, '\t');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        if (tab && tab < p + len) {
            const char *path = tab + 1;
            const char *tab2 = memchr(path, '\t', (size_t)(p + len - path));
            if (tab2) {
                hashmap_entry_t *e = hashmap_put(m, path, (size_t)(tab2 - path), NULL);
                e->value = (uint64_t)(p - list) + 1;
            }
        }
        p = nl ? nl + 1 : p + len;
    }
}

/* The previous run's failure line of an unchanged file, or NULL. */
static const char *
failed_before(const char *list, const hashmap_t *m, const walk_file_t *f, uint64_t limit,
              const char *stored)
{
    hashmap_entry_t *e = hashmap_get(m, stored, strlen(stored));
    if (!e)
        return NULL;
    const char *line = list + e->value - 1;
    char head[160];
    int n = failed_head(head, sizeof head, f, limit);
    /* A line from before the status change time and the limit were kept
     * has fewer numbers: it never matches, and the file is read once
     * more. */
    return strncmp(line, head, (size_t)n) == 0 ? line : NULL;
}

/* Keep the previous runs' failure lines of files this run did not reach
 * (an 'add' of other paths), while the files are there: they are still
 * not to be read again until they change. */
static void
keep_failures_elsewhere(run_t *r, const char *list, const hashmap_t *planned)
{
    for (const char *p = list; p && *p;) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) + 1 : strlen(p);
        const char *tab = memchr(p, '\t', len);
        const char *tab2 = tab ? memchr(tab + 1, '\t', len - (size_t)(tab + 1 - p)) : NULL;
        if (tab2) {
            char *stored = xstrndup(tab + 1, (size_t)(tab2 - (tab + 1)));
            char *abs = index_abs_path(r->ix, stored);
            struct stat st;
            if (!hashmap_get(planned, stored, strlen(stored)) && lstat(abs, &st) == 0) {
                buf_append(&r->failed, p, len);
                if (!nl)
                    buf_putc(&r->failed, '\n');
            }
            free(abs);
            free(stored);
        }
        p += len;
    }
}

/* Delete the document of a stored path from this writer's shard. */
static int
delete_doc(shard_writer_t *w, const char *stored)
{
    buf_t id = BUF_INIT;
    index_key_term(PREFIX_ID, stored, strlen(stored), &id);
    dx_status_t st = dx_db_delete(w->db, buf_cstr(&id));
    buf_free(&id);
    if (st != DX_OK)
        return fail_db(w, "remove a document", st);
    w->dirty = 1;
    w->batch_docs++;
    return 0;
}

/* Write one finished job of this writer's shard.  Moves are left for the
 * calling thread (they may cross shards). */
static int
write_job(shard_writer_t *w, job_t *j)
{
    run_t *r = w->r;
    const indexer_opts_t *o = r->opts;
    indexer_counts_t *c = &w->counts;
    int rc = 0;
    c->bytes += j->bytes_read;
    switch (j->kind) {
    case JOB_FAILED:
        report_file(r, j->file->path, "%s", j->reason);
        c->failed++;
        if (!o->dry_run) {
            pthread_mutex_lock(&r->mu);
            failed_line(&r->failed, j->file, file_limit(o), j->stored, j->reason);
            pthread_mutex_unlock(&r->mu);
        }
        if (j->known && j->drop_known) {
            /* The document no longer says what the file holds. */
            if (o->verbose || o->dry_run)
                printf("%s %s\n", o->dry_run ? "would remove" : "removed",
                       msg_path(j->stored));
            c->removed++;
            if (!o->dry_run)
                rc = delete_doc(w, j->stored);
        }
        break;
    case JOB_TOUCHED:
        if (!o->dry_run)
            rc = write_touched(w, j);
        c->unchanged++;
        break;
    case JOB_MOVED:
        break;
    case JOB_BUILT:
        if (o->verbose || o->dry_run)
            printf("%s %s\n",
                   o->dry_run ? (j->known ? (j->same_content ? "would reindex" : "would update")
                                          : "would add")
                              : (j->known ? (j->same_content ? "reindexed" : "updated") : "added"),
                   msg_path(j->stored));
        if (!o->dry_run) {
            if (j->out.encoding_noteworthy)
                report_file(r, j->file->path, "note: not valid UTF-8; read as %s",
                            j->out.encoding_note);
            if (j->out.bad_date) {
                char *why = xasprintf("note: its date '%s' is not a date; dated by its %s "
                                      "instead", msg_path(j->out.bad_date),
                                      date_source_name((date_source_t)j->out.date_source));
                report_file(r, j->file->path, "%s", why);
                free(why);
            }
            log_line(r, "doc", w->k, w->batch_no, j->stored);
            if (w->part && r->commit_log) {
                buf_puts(&w->part_docs, j->stored);
                buf_putc(&w->part_docs, '\0');
            }
            rc = write_built(w, j);
        }
        if (j->known && j->same_content)
            c->reindexed++;
        else if (j->known)
            c->changed++;
        else
            c->added++;
        break;
    }
    if (rc == 0)
        rc = maybe_commit(w);
    return rc;
}

static void
free_job(job_t *j)
{
    free(j->stored);
    free(j->reason);
    j->stored = j->reason = NULL;
    docbuild_out_free(&j->out);
}

static void *
writer_main(void *arg)
{
    shard_writer_t *w = arg;
    run_t *r = w->r;
    int rc = 0;
    for (size_t i = 0; i < r->njobs && rc == 0; i++) {
        job_t *j = &r->jobs[i];
        pthread_mutex_lock(&r->mu);
        w->pos = i;
        /* Workers wait for the slowest writer to move on; waking them at
         * every step would only make them spin. */
        if (i % 4 == 0)
            pthread_cond_broadcast(&r->cv_work);
        if (j->shard != w->k) {
            pthread_mutex_unlock(&r->mu);
            continue;
        }
        while (!j->done && !r->stop)
            pthread_cond_wait(&r->cv_done, &r->mu);
        int stop = r->stop && !j->done;
        pthread_mutex_unlock(&r->mu);
        if (stop)
            break;
        rc = write_job(w, j);
        pthread_mutex_lock(&r->mu);
        r->written++;
        r->done_bytes += j->file->size;
        pthread_mutex_unlock(&r->mu);
        if (j->kind != JOB_MOVED)
            free_job(j);
    }
    if (rc == 0 && (!r->stop || r->interrupted) && !r->fatal)
        rc = commit_batch(w, 1);  /* an interrupted run keeps its work */
    pthread_mutex_lock(&r->mu);
    w->pos = r->njobs;
    pthread_cond_broadcast(&r->cv_work);
    pthread_cond_broadcast(&r->cv_main);
    pthread_mutex_unlock(&r->mu);
    return NULL;
}

/* ---- Planning ------------------------------------------------------------- */

static char *
stored_form(dindex_t *ix, const char *abs)
{
    if (strcmp(abs, ix->base) == 0)
        return xstrdup(".");
    return index_store_path(ix, abs);
}

static int
run_jobs(run_t *r)
{
    int nthreads = r->opts->threads;
    if (nthreads <= 0) {
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        nthreads = n < 1 ? 1 : n > 8 ? 8 : (int)n;
    }
    if ((size_t)nthreads > r->njobs)
        nthreads = r->njobs ? (int)r->njobs : 1;
    r->window = (size_t)nthreads * 8 + r->nw * 4;

    pthread_t *tids = xcalloc((size_t)nthreads, sizeof *tids);
    int started = 0;
    int rc = 0;
    /* Where malloc is not glibc's own (the sanitizers replace it), glibc
     * sets its allocator up in the first mallinfo2() call, and marks it
     * set up before it is: two writers measuring the heap at once could
     * read a half-made arena.  Measure once here, before any thread. */
    (void)heap_in_use();
    for (size_t k = 0; k < r->nw && rc == 0; k++) {
        if (pthread_create(&r->w[k].tid, NULL, writer_main, &r->w[k]) == 0)
            r->w[k].started = 1;
        else
            rc = -1;
    }
    for (int i = 0; i < nthreads && rc == 0 && r->njobs; i++) {
        if (pthread_create(&tids[i], NULL, worker_main, r) == 0)
            started++;
        else if (started == 0)
            rc = -1;
    }
    if (rc != 0) {
        msg_error("cannot start threads");
        pthread_mutex_lock(&r->mu);
        r->stop = 1;
        r->fatal = 1;
        pthread_cond_broadcast(&r->cv_work);
        pthread_cond_broadcast(&r->cv_done);
        pthread_mutex_unlock(&r->mu);
    }
    /* Show progress until the writers are done. */
    for (;;) {
        pthread_mutex_lock(&r->mu);
        if (interrupt_requested && !r->stop) {
            r->stop = r->interrupted = 1;
            pthread_cond_broadcast(&r->cv_work);
            pthread_cond_broadcast(&r->cv_done);
        }
        int done = low_water(r) >= r->njobs || r->stop;
        if (!done) {
            struct timespec until;
            clock_gettime(CLOCK_REALTIME, &until);
            until.tv_nsec += 250 * 1000 * 1000;
            if (until.tv_nsec >= 1000000000) {
                until.tv_sec++;
                until.tv_nsec -= 1000000000;
            }
            pthread_cond_timedwait(&r->cv_main, &r->mu, &until);
        }
        pthread_mutex_unlock(&r->mu);
        if (done)
            break;
        show_progress(r, 0);
    }
    for (int i = 0; i < started; i++)
        pthread_join(tids[i], NULL);
    for (size_t k = 0; k < r->nw; k++)
        if (r->w[k].started)
            pthread_join(r->w[k].tid, NULL);
    free(tids);
    if (r->fatal)
        rc = -1;
    if (r->interrupted) {
        r->counts->interrupted = interrupt_requested ? (int)interrupt_requested : SIGINT;
        for (size_t i = 0; i < r->njobs; i++)
            free_job(&r->jobs[i]);
        return rc;
    }

    /* Moves, now that no writer runs. */
    for (size_t i = 0; i < r->njobs; i++) {
        job_t *j = &r->jobs[i];
        if (rc == 0 && j->done && j->kind == JOB_MOVED) {
            if (r->opts->verbose || r->opts->dry_run) {
                printf("%s %s", r->opts->dry_run ? "would move" : "moved",
                       msg_path(j->move_from->path));
                printf(" -> %s\n", msg_path(j->stored));
            }
            if (!r->opts->dry_run) {
                size_t to = j->shard < r->ix->nlocal ? j->shard : 0;
                log_line(r, "move", to, r->w[to].batch_no, j->stored);
                rc = write_moved(r, j);
            }
            r->counts->moved++;
        }
        free_job(j);
    }
    return rc;
}

/* Is a stored path one of the folders walked, or under one?  The base
 * folder (".") holds the relative paths only. */
static int
under_any(char *const *dirs, size_t ndirs, const char *stored)
{
    for (size_t i = 0; i < ndirs; i++) {
        const char *dir = dirs[i];
        size_t n = strlen(dir);
        if (strcmp(dir, ".") == 0) {
            if (stored[0] != '/')
                return 1;
        } else if (strncmp(stored, dir, n) == 0 && (stored[n] == '\0' || stored[n] == '/')) {
            return 1;
        }
    }
    return 0;
}

static int
under_walked(const run_t *r, const char *stored)
{
    return under_any(r->walked, r->nwalked, stored);
}

/* Is the document of an entry not seen in this run an alias: its path
 * goes through a symbolic link, and its file was met in this run's walk
 * under its real path (see walk.h)?  Indexes made before links inside
 * a folder were left alone hold such documents. */
static int
entry_is_alias(run_t *r, const manifest_entry_t *e)
{
    char *abs = index_abs_path(r->ix, e->path);
    char *real = realpath(abs, NULL);
    int alias = 0;
    if (real && strcmp(real, abs) != 0) {
        char *stored = stored_form(r->ix, real);
        alias = hashmap_get(r->planned, stored, strlen(stored)) != NULL;
        free(stored);
    }
    free(real);
    free(abs);
    return alias;
}

/* Is a stored path, or a folder above it, one the walk left out? */
static int
under_skipped(const run_t *r, const char *stored)
{
    for (size_t n = strlen(stored); n > 0; n--) {
        if ((stored[n] == '/' || stored[n] == '\0') && hashmap_get(&r->skipped, stored, n))
            return 1;
    }
    return 0;
}

static int
prune_gone(run_t *r)
{
    int rc = 0;
    for (size_t i = 0; i < r->man.n && rc == 0; i++) {
        manifest_entry_t *e = &r->man.v[i];
        if (e->seen || e->moved_away)
            continue;
        if (r->opts->prune == INDEXER_PRUNE_WALKED && !under_walked(r, e->path))
            continue;
        if (under_any(r->opts->keep, r->opts->nkeep, e->path))
            continue;
        /* Gone, or replaced by what the walk leaves out, or the same file
         * as one read under its own path. */
        if (!entry_file_gone(r, e) && !under_skipped(r, e->path) &&
            !(r->planned && entry_is_alias(r, e)))
            continue;
        if (r->opts->verbose || r->opts->dry_run)
            printf("%s %s\n", r->opts->dry_run ? "would remove" : "removed", msg_path(e->path));
        r->counts->removed++;
        if (r->opts->dry_run)
            continue;
        shard_writer_t *w = &r->w[e->shard];
        rc = delete_doc(w, e->path);
        if (rc == 0)
            rc = maybe_commit(w);
    }
    return rc;
}

static int
commit_all(run_t *r)
{
    /* Shard 0 last: its map takes the words the others noted. */
    for (size_t k = 1; k < r->nw; k++)
        if (commit_batch(&r->w[k], 1) != 0)
            return -1;
    return r->nw ? commit_batch(&r->w[0], 1) : 0;
}

/* ---- The record dictionary ------------------------------------------- */

/*
 * New records are deflated with the index's dictionary (lib/zdict.h).  An
 * index without one gets it from the first run that adds enough text,
 * trained on the first files that run adds (in job order, so that two
 * runs over the same files make the same index); records written before
 * keep their form.
 */
static void
choose_zdict(run_t *r)
{
    dindex_t *ix = r->ix;
    if (r->opts->dry_run)
        return;
    r->zdict = index_write_zdict(ix);
    if (r->zdict) {
        /* A run killed after some shards committed their first batch. */
        if (ix->wzdict_partial && index_set_zdict(ix, r->zdict) == 0)
            for (size_t k = 0; k < ix->nlocal; k++)
                r->w[k].dirty = 1;
        return;
    }
    buf_t *bufs = NULL;
    size_t n = 0, cap = 0, total = 0;
    for (size_t i = 0; i < r->njobs && total < ZDICT_SAMPLE; i++) {
        bufs = xgrow(bufs, &cap, n + 1, sizeof *bufs);
        buf_t b = BUF_INIT;
        readfile_info_t info;
        const char *why = NULL;
        if (readfile(r->jobs[i].file->path, ZDICT_SAMPLE, &b, &info, &why) != READFILE_OK) {
            buf_free(&b);
            continue;  /* the worker will say why, if it fails there too */
        }
        total += b.len;
        bufs[n++] = b;
    }
    const char **texts = xcalloc(n + 1, sizeof *texts);
    size_t *lens = xcalloc(n + 1, sizeof *lens);
    for (size_t i = 0; i < n; i++) {
        texts[i] = bufs[i].data;
        lens[i] = bufs[i].len;
    }
    zdict_t d;
    if (zdict_train(texts, lens, n, &d) == 0) {
        if (index_set_zdict(ix, &d) == 0) {
            r->zdict = index_write_zdict(ix);
            for (size_t k = 0; k < ix->nlocal; k++)
                r->w[k].dirty = 1;
        }
        zdict_free(&d);
    }
    for (size_t i = 0; i < n; i++)
        buf_free(&bufs[i]);
    free(bufs);
    free(lens);
    free(texts);
}

/* ---- Write parts ------------------------------------------------------ */

/* How many write parts this run should use: a large run (as for
 * compaction) of new documents into an index of one shard gets one per
 * CPU beyond the first, at most 3. */
static size_t
plan_parts(run_t *r)
{
    const indexer_opts_t *o = r->opts;
    if (o->dry_run || o->compact < 0 || r->ix->nlocal != 1)
        return 0;
    uint64_t fresh = 0;
    for (size_t i = 0; i < r->njobs; i++)
        fresh += r->jobs[i].known == NULL;
    uint64_t held = dx_db_doccount(r->ix->wdb[0]);
    if (fresh < INDEXER_COMPACT_MIN_DOCS || fresh * 5 < held)
        return 0;
    int cpus = o->threads > 0 ? o->threads : (int)sysconf(_SC_NPROCESSORS_ONLN);
    return cpus <= 1 ? 0 : cpus > 4 ? 3 : (size_t)cpus - 1;
}

/* Open the write parts and share the new documents between shard 0 and
 * them, by bytes, in job order (so two runs over the same files make the
 * same index).  Without parts, nothing changes. */
static int
start_parts(run_t *r)
{
    size_t n = plan_parts(r);
    if (n == 0)
        return 0;
    char *err = NULL;
    if (index_open_parts(r->ix, n, &err) != 0) {
        msg_warn("%s; writing with one thread", err);
        free(err);
        return 0;
    }
    r->w = xrealloc(r->w, (r->nw + n) * sizeof *r->w);
    for (size_t i = 0; i < n; i++) {
        shard_writer_t *w = &r->w[r->nw + i];
        memset(w, 0, sizeof *w);
        w->r = r;
        w->k = r->nw + i;
        w->db = r->ix->parts[i];
        w->stems = stems_new();
        w->part = 1;
        hashmap_init(&w->spelling);
    }
    r->nw += n;
    uint64_t *load = xcalloc(r->nw, sizeof *load);
    for (size_t i = 0; i < r->njobs; i++) {
        job_t *j = &r->jobs[i];
        if (j->known)
            continue;
        size_t best = 0;
        for (size_t k = 1; k < r->nw; k++)
            if (load[k] < load[best])
                best = k;
        j->shard = best;
        load[best] += j->file->size;
    }
    free(load);
    return 0;
}

/* Merge the write parts into shard 0, once every writer has committed.
 * The commit log sees it as one more batch of shard 0 holding the parts'
 * documents. */
static int
merge_parts(run_t *r)
{
    shard_writer_t *w0 = &r->w[0];
    for (size_t k = r->ix->nlocal; k < r->nw; k++) {
        const buf_t *b = &r->w[k].part_docs;
        for (size_t p = 0; p < b->len; p += strlen(b->data + p) + 1)
            log_line(r, "doc", 0, w0->batch_no, b->data + p);
    }
    if (r->opts->progress)
        msg_progress("merging the index...");
    log_line(r, "commit-begin", 0, w0->batch_no, NULL);
    uint64_t before = 0, after = 0;
    char *err = NULL;
    if (index_merge_parts(r->ix, &before, &after, &err) != 0) {
        msg_error("%s", err ? err : "cannot merge the index");
        free(err);
        r->fatal = 1;
        return -1;
    }
    log_line(r, "commit-end", 0, w0->batch_no, NULL);
    w0->batch_no++;
    r->merged = 1;
    return 0;
}

/* After a large run, compact the shards (see indexer.h).  A failure to
 * compact is reported but leaves a good index: the run succeeded. */
static int
maybe_compact(run_t *r)
{
    const indexer_opts_t *o = r->opts;
    if (o->compact < 0)
        return 0;
    uint64_t written = 0, held = 0;
    for (size_t k = 0; k < r->nw; k++) {
        written += r->w[k].docs_written;
        held += dx_db_doccount(r->ix->wdb[k]);
    }
    if (o->compact == 0 && (written < INDEXER_COMPACT_MIN_DOCS || written * 5 < held))
        return 0;
    if (o->progress)
        msg_progress("compacting the index...");
    uint64_t before = 0, after = 0;
    char *err = NULL;
    if (index_compact(r->ix, &before, &after, &err) != 0) {
        msg_warn("%s", err ? err : "cannot compact the index");
        free(err);
    }
    return 0;
}

static void
run_init(run_t *r, dindex_t *ix, const indexer_opts_t *opts, indexer_counts_t *counts)
{
    memset(r, 0, sizeof *r);
    memset(counts, 0, sizeof *counts);
    r->ix = ix;
    r->opts = opts;
    r->counts = counts;
    hashmap_init(&r->skipped);
    pthread_mutex_init(&r->mu, NULL);
    pthread_mutex_init(&r->log_mu, NULL);
    pthread_cond_init(&r->cv_work, NULL);
    pthread_cond_init(&r->cv_done, NULL);
    pthread_cond_init(&r->cv_main, NULL);
    r->nw = ix->nlocal;
    r->w = xcalloc(r->nw ? r->nw : 1, sizeof *r->w);
    if (ix->nlocal > 1)
        r->to_shard0 = stems_new();
    for (size_t k = 0; k < r->nw; k++) {
        shard_writer_t *w = &r->w[k];
        w->r = r;
        w->k = k;
        w->db = ix->wdb[k];
        w->stems = stems_new();
        hashmap_init(&w->spelling);
    }
    clock_gettime(CLOCK_MONOTONIC, &r->start);
    r->last_progress = r->start;
    const char *log = getenv("DOSSIER_COMMIT_LOG");
    if (log && *log && !opts->dry_run)
        r->commit_log = fopen(log, "a");
    r->cwd = path_absolute(".");
}

static void
add_counts(indexer_counts_t *to, const indexer_counts_t *from)
{
    to->added += from->added;
    to->changed += from->changed;
    to->reindexed += from->reindexed;
    to->unchanged += from->unchanged;
    to->moved += from->moved;
    to->removed += from->removed;
    to->skipped += from->skipped;
    to->failed += from->failed;
    to->bytes += from->bytes;
}

static void
run_free(run_t *r)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    for (size_t k = 0; k < r->nw; k++) {
        /* After a failure the batches in progress are lost: count only
         * what was committed. */
        indexer_counts_t c = r->fatal ? r->w[k].committed : r->w[k].counts;
        if (r->w[k].part && !r->merged)
            c.added = c.changed = 0;  /* discarded with the part */
        add_counts(r->counts, &c);
        buf_free(&r->w[k].part_docs);
        stems_free(r->w[k].stems);
        hashmap_free(&r->w[k].spelling);
    }
    stems_free(r->to_shard0);
    r->to_shard0 = NULL;
    free(r->w);
    r->counts->seconds = elapsed(&r->start, &now);
    if (r->commit_log)
        fclose(r->commit_log);
    manifest_free(&r->man);
    free(r->jobs);
    free(r->cwd);
    index_free_strings(r->walked, r->nwalked);
    hashmap_free(&r->skipped);
    buf_free(&r->failed);
    pthread_mutex_destroy(&r->mu);
    pthread_mutex_destroy(&r->log_mu);
    pthread_cond_destroy(&r->cv_work);
    pthread_cond_destroy(&r->cv_done);
    pthread_cond_destroy(&r->cv_main);
}

int
indexer_sync(dindex_t *ix, char *const *paths, size_t npaths,
             const indexer_opts_t *opts, indexer_counts_t *counts)
{
    run_t r;
    run_init(&r, ix, opts, counts);
    int rc = 0;
    /* Shard 0 holds the settings (roots, exclusions): commit it even when
     * no document of it changed. */
    r.w[0].dirty = !opts->dry_run;

    dx_status_t st = manifest_load(&r.man, ix->wdb, ix->nlocal);
    if (st != DX_OK) {
        msg_error("%s: cannot read the index: %s", ix->dir, dx_status_string(st));
        run_free(&r);
        return -1;
    }

    /* 1. Plan. */
    walk_list_t files = { NULL, 0, 0 };
    /* --follow and --no-follow are remembered: a document reached through
     * a link out of the corpus is kept up to date by later runs. */
    int follow = opts->follow_outside > 0;
    if (opts->follow_outside == 0) {
        char *v = NULL;
        size_t vlen = 0;
        follow = dx_db_get_metadata(ix->wdb[0], META_FOLLOW, &v, &vlen) == DX_OK && v &&
                 strcmp(v, "1") == 0;
        free(v);
    } else if (!opts->dry_run) {
        const char *v = follow ? "1" : "0";
        if (dx_db_set_metadata(ix->wdb[0], META_FOLLOW, v, 1) == DX_OK)
            r.w[0].dirty = 1;
    }
    /* The corpus's folders: those added before and those given now.  A
     * link into one is read there, under its own path, never twice. */
    size_t nhomes = 0, nstored = 0;
    char **stored_roots = index_roots(ix, &nstored);
    char **homes = xcalloc(nstored + npaths + 1, sizeof *homes);
    for (size_t i = 0; i < nstored + npaths; i++) {
        char *abs = i < nstored ? index_abs_path(ix, stored_roots[i])
                                : path_absolute(paths[i - nstored]);
        struct stat hs;
        char *real = stat(abs, &hs) == 0 && S_ISDIR(hs.st_mode) ? realpath(abs, NULL) : NULL;
        if (real)
            homes[nhomes++] = real;
        free(abs);
    }
    index_free_strings(stored_roots, nstored);
    walk_opts_t wo = { ix->dir, follow, homes, nhomes, walk_report, &r };
    hashmap_t planned;
    hashmap_init(&planned);
    r.planned = &planned;
    /* Paths named again that 'remove' excluded (or that lie inside what
     * it excluded): what is under them is indexed in this run. */
    size_t nexcluded = 0, nnamed_ex = 0;
    char **excluded = index_excluded(ix, &nexcluded);
    char **named_ex = NULL;
    for (size_t i = 0; i < npaths; i++) {
        int wrc = walk_path(paths[i], &wo, &files);
        int walked = wrc == 0;
        char *abs = path_absolute(paths[i]);
        char *stored = stored_form(ix, abs);
        struct stat st_root;
        int is_dir = stat(abs, &st_root) == 0 && S_ISDIR(st_root.st_mode);
        /* An index (refused) is no folder to re-sync. */
        if (is_dir && wrc != 1 && !opts->dry_run) {
            if (index_add_root(ix, stored) == 0)
                r.w[0].dirty = 1;
        }
        if (is_dir && walked && opts->prune == INDEXER_PRUNE_WALKED) {
            r.walked = xrealloc(r.walked, (r.nwalked + 1) * sizeof *r.walked);
            r.walked[r.nwalked++] = xstrdup(stored);
        }
        if (opts->named && index_is_excluded(excluded, nexcluded, stored)) {
            /* Named again: taken back.  A folder above what was removed
             * is not: adding it again is a re-sync, which keeps the
             * removal. */
            named_ex = xrealloc(named_ex, (nnamed_ex + 1) * sizeof *named_ex);
            named_ex[nnamed_ex++] = xstrdup(stored);
            if (!opts->dry_run && index_include(ix, stored) == 0)
                r.w[0].dirty = 1;
        }
        free(stored);
        free(abs);
    }
    /* update: a file indexed by its own name, under no folder added, is
     * read again when it changed, as a folder's files are by its walk (a
     * file gone is pruned as any other). */
    if (opts->prune == INDEXER_PRUNE_ALL) {
        size_t nr = 0;
        char **rs = index_roots(ix, &nr);
        for (size_t k = 0; k < r.man.n; k++) {
            const manifest_entry_t *e = &r.man.v[k];
            if (index_is_excluded(rs, nr, e->path))
                continue;   /* a folder's: its walk reads it */
            char *abs = index_abs_path(ix, e->path);
            struct stat fst;
            if (lstat(abs, &fst) == 0 && (S_ISREG(fst.st_mode) || S_ISLNK(fst.st_mode))) {
                size_t before = files.n;
                walk_path(abs, &wo, &files);
                for (size_t q = before; q < files.n; q++)
                    files.files[q].explicit_arg = 0;   /* not named in this run */
            }
            free(abs);
        }
        index_free_strings(rs, nr);
    }
    /* The list as it was read still decides the walk: what index_include()
     * took out of it lies under a path in named_ex, which is indexed. */
    char *old_failed = NULL;
    size_t old_failed_len = 0;
    if (dx_db_get_metadata(ix->db, META_FAILED, &old_failed, &old_failed_len) != DX_OK) {
        free(old_failed);
        old_failed = NULL;
        old_failed_len = 0;
    }
    hashmap_t failed_map;
    hashmap_init(&failed_map);
    failed_index(old_failed, &failed_map);
    for (size_t i = 0; i < files.n; i++) {
        walk_file_t *f = &files.files[i];
        char *stored = stored_form(ix, f->path);
        int created;
        hashmap_put(&planned, stored, strlen(stored), &created);
        if (!created) {
            free(stored);
            continue;  /* reached twice */
        }
        if (!index_in_part(ix, stored)) {
            /* Another machine's part of the corpus: said for a file
             * named, and with -v. */
            if (f->explicit_arg) {
                char *why = xasprintf("skipped: another part of the corpus (this index holds "
                                      "part %u of %u)", ix->part_k, ix->part_n);
                report_file(&r, f->path, "%s", why);
                free(why);
                counts->skipped++;
            } else if (opts->verbose) {
                printf("skipped %s (another part of the corpus)\n", msg_path(stored));
            }
            free(stored);
            continue;
        }
        if (!f->explicit_arg && index_is_excluded(excluded, nexcluded, stored) &&
            !index_is_excluded(named_ex, nnamed_ex, stored)) {
            if (opts->verbose)
                printf("skipped %s (taken out with 'dossier remove')\n", msg_path(stored));
            free(stored);
            continue;
        }
        doc_format_t fmt = parse_format_from_name(f->path);
        if (fmt == DOC_FORMAT_UNKNOWN) {
            if (opts->verbose && !f->explicit_arg)
                printf("skipped %s (not a format Dossier reads)\n", msg_path(stored));
            if (f->explicit_arg)
                report_file(&r, f->path, "%s", "skipped: not a format Dossier reads "
                            "(.txt, .md, .html, and these compressed as .gz)");
            counts->skipped++;
            free(stored);
            continue;
        }
        const char *fl = old_failed && !f->explicit_arg && !opts->reindex
                             ? failed_before(old_failed, &failed_map, f, file_limit(opts), stored)
                             : NULL;
        if (fl) {
            /* Failed before and unchanged since: not read again (unless
             * named on the command line). */
            const char *nl = strchr(fl, '\n');
            size_t len = nl ? (size_t)(nl - fl) + 1 : strlen(fl);
            buf_append(&r.failed, fl, len);
            if (opts->verbose) {
                const char *t1 = memchr(fl, '\t', len);
                const char *t2 = t1 ? memchr(t1 + 1, '\t', len - (size_t)(t1 + 1 - fl)) : NULL;
                char *why = t2 ? xstrndup(t2 + 1, len - (size_t)(t2 + 1 - fl) - (nl ? 1 : 0))
                               : xstrdup("");
                printf("skipped %s", msg_path(stored));
                printf(" (failed before: %s)\n", msg_path(why));
                free(why);
            }
            counts->skipped++;
            r.failed_before++;
            manifest_entry_t *known = manifest_by_path(&r.man, stored);
            if (known && !f->problem)
                known->seen = 1;
            free(stored);
            continue;
        }
        if (f->problem) {
            /* A broken link: a bad path, as a bad file is (and remembered
             * as one, by the link's own size and time). */
            report_file(&r, f->path, "%s", f->problem);
            counts->failed++;
            if (!opts->dry_run)
                failed_line(&r.failed, f, file_limit(opts), stored, f->problem);
            free(stored);
            continue;
        }
        manifest_entry_t *known = manifest_by_path(&r.man, stored);
        if (known) {
            known->seen = 1;
            if (!opts->reindex && known->size == f->size && known->mtime_sec == f->mtime_sec &&
                known->mtime_nsec == f->mtime_nsec &&
                (!(known->flags & SYNC_CTIME) ||
                 (known->ctime_sec == f->ctime_sec && known->ctime_nsec == f->ctime_nsec))) {
                counts->unchanged++;
                free(stored);
                continue;
            }
        }
        r.jobs = xgrow(r.jobs, &r.capjobs, r.njobs + 1, sizeof *r.jobs);
        job_t *j = &r.jobs[r.njobs++];
        memset(j, 0, sizeof *j);
        j->file = f;
        j->stored = stored;
        j->known = known;
        j->shard = known ? known->shard : index_shard_of(ix, stored);
        j->format = fmt;
        r.total_bytes += f->size;
    }
    index_free_strings(excluded, nexcluded);
    index_free_strings(named_ex, nnamed_ex);
    index_free_strings(homes, nhomes);
    r.files_total = r.njobs;

    /* 2 and 3. Build and write. */
    choose_zdict(&r);
    rc = start_parts(&r);
    if (rc == 0)
        rc = run_jobs(&r);
    if (rc == 0 && opts->prune && !counts->interrupted)
        rc = prune_gone(&r);
    if (rc == 0 && !opts->dry_run)
        keep_failures_elsewhere(&r, old_failed, &planned);
    if (rc == 0 && !opts->dry_run) {
        /* The failures to remember: this run's, and those not retried. */
        if (old_failed_len != r.failed.len ||
            (r.failed.len && memcmp(old_failed, r.failed.data, r.failed.len) != 0)) {
            if (dx_db_set_metadata(ix->db, META_FAILED, buf_cstr(&r.failed), r.failed.len) !=
                DX_OK)
                rc = fail_db(&r.w[0], "record the files that failed", DX_ERR_IO);
            r.w[0].dirty = 1;
        }
    }
    if (r.failed_before)
        msg_note("%zu file%s that failed before %s not read again (add -v names them; "
                 "a file is retried when it changes)", r.failed_before,
                 r.failed_before == 1 ? "" : "s", r.failed_before == 1 ? "was" : "were");
    free(old_failed);
    hashmap_free(&failed_map);
    if (rc == 0 && !opts->dry_run)
        rc = commit_all(&r);
    /* Merged even when interrupted: the run keeps what it wrote. */
    if (rc == 0 && ix->nparts)
        rc = merge_parts(&r);
    else if (rc == 0 && !opts->dry_run && !counts->interrupted)
        rc = maybe_compact(&r);
    if (opts->progress)
        msg_progress_done();
    walk_list_free(&files);
    hashmap_free(&planned);
    r.planned = NULL;
    run_free(&r);
    return rc;
}

int
indexer_remove(dindex_t *ix, char *const *paths, size_t npaths,
               const indexer_opts_t *opts, indexer_counts_t *counts)
{
    run_t r;
    run_init(&r, ix, opts, counts);
    dx_status_t st = manifest_load(&r.man, ix->wdb, ix->nlocal);
    if (st != DX_OK) {
        msg_error("%s: cannot read the index: %s", ix->dir, dx_status_string(st));
        run_free(&r);
        return -1;
    }
    int rc = 0;
    buf_t id = BUF_INIT;
    for (size_t i = 0; i < npaths && rc == 0; i++) {
        char *abs = path_absolute(paths[i]);
        char *stored = stored_form(ix, abs);
        size_t sl = strlen(stored);
        size_t matched = 0;
        for (size_t k = 0; k < r.man.n && rc == 0; k++) {
            manifest_entry_t *e = &r.man.v[k];
            if (e->seen)
                continue;
            int match = strcmp(e->path, stored) == 0 || strcmp(e->path, paths[i]) == 0 ||
                        strcmp(stored, ".") == 0 ||
                        (strncmp(e->path, stored, sl) == 0 && e->path[sl] == '/');
            if (!match)
                continue;
            e->seen = 1;
            matched++;
            counts->removed++;
            if (opts->verbose || opts->dry_run)
                printf("%s %s\n", opts->dry_run ? "would remove" : "removed", msg_path(e->path));
            if (opts->dry_run)
                continue;
            shard_writer_t *w = &r.w[e->shard];
            index_key_term(PREFIX_ID, e->path, strlen(e->path), &id);
            st = dx_db_delete(w->db, buf_cstr(&id));
            if (st != DX_OK)
                rc = fail_db(w, "remove a document", st);
            w->dirty = 1;
            w->batch_docs++;
            if (rc == 0)
                rc = maybe_commit(w);
        }
        /* A removed root is forgotten; a path under a root is excluded,
         * so that 'update' does not bring it back.  A path that names no
         * document and no file (a typo) is not excluded: it is an error. */
        struct stat st;
        int exists = lstat(abs, &st) == 0;
        int did = 0;
        if (!opts->dry_run) {
            did = index_forget_path(ix, stored, matched || exists);
            if (did < 0) {
                rc = fail_db(&r.w[0], "record what was removed", DX_ERR_IO);
                did = 0;
            }
            r.w[0].dirty = 1;
        }
        if (!matched && !did) {
            msg_file(paths[i], "not in the index");
            counts->failed++;
        } else if (!matched && (did & INDEX_EXCLUDED)) {
            msg_file(paths[i], "not in the index; left out of re-syncs of its folder "
                     "from now on ('dossier add %s' takes it back)", msg_path(paths[i]));
        }
        free(stored);
        free(abs);
    }
    buf_free(&id);
    if (rc == 0 && !opts->dry_run)
        rc = commit_all(&r);
    run_free(&r);
    return rc;
}

void
indexer_print_counts(FILE *f, const indexer_counts_t *c, int dry_run)
{
    double mb = (double)c->bytes / 1e6;
    char reindexed[40] = "";
    if (c->reindexed)
        snprintf(reindexed, sizeof reindexed, "%llu reindexed, ",
                 (unsigned long long)c->reindexed);
    fprintf(f,
            "%s%llu added, %llu changed, %s%llu unchanged, %llu moved, %llu removed, "
            "%llu skipped, %llu failed (%.1f MB read in %.2f s)\n",
            c->interrupted ? "interrupted, work so far kept: " : dry_run ? "dry run: " : "",
            (unsigned long long)c->added,
            (unsigned long long)c->changed, reindexed, (unsigned long long)c->unchanged,
            (unsigned long long)c->moved, (unsigned long long)c->removed,
            (unsigned long long)c->skipped, (unsigned long long)c->failed, mb, c->seconds);
}

void
indexer_print_remove_counts(FILE *f, const indexer_counts_t *c, int dry_run)
{
    if (dry_run)
        fprintf(f, "dry run: %llu would be removed", (unsigned long long)c->removed);
    else
        fprintf(f, "%llu removed", (unsigned long long)c->removed);
    if (c->failed)
        fprintf(f, ", %llu not in the index", (unsigned long long)c->failed);
    fputc('\n', f);
}
