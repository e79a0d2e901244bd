/*
 * dx.h - the C binding over libxapian.
 *
 * This header is plain C: the rest of Dossier talks to Xapian only through
 * it, and binding/dx.cc is the only file that includes <xapian.h>.  No C++
 * exception ever crosses into C: every call that can fail returns a
 * dx_status_t, and the text of the failure is kept
 *
 *   - on the database handle for calls that take one (dx_db_error()), and
 *   - per thread for the others (dx_error_last()).
 *
 * Ownership rules, stated again for each function:
 *   - an object returned through a `**out` parameter belongs to the caller,
 *     who releases it with the matching _free/_close function (each accepts
 *     NULL);
 *   - a `const char *` returned directly is owned by the object it came
 *     from and stays valid until the next call on that object;
 *   - a `char **out` string is malloc'd and the caller frees it with free().
 *
 * A handle must not be used from two threads at once; distinct handles
 * may be used from distinct threads (the indexer builds documents in
 * worker threads and hands them to the thread that owns the database).
 */
#ifndef DOSSIER_BINDING_DX_H
#define DOSSIER_BINDING_DX_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct dx_db dx_db_t;
typedef struct dx_doc dx_doc_t;
typedef struct dx_query dx_query_t;
typedef struct dx_qparser dx_qparser_t;
typedef struct dx_mset dx_mset_t;
typedef struct dx_stemmer dx_stemmer_t;

typedef unsigned dx_docid_t;

typedef enum dx_status {
    /* Success. */
    DX_OK = 0,
    /* No database at the path, no such document or metadata key. */
    DX_ERR_NOT_FOUND,
    /* Another process holds the database's write lock (after retrying for
     * the time the caller allowed). */
    DX_ERR_LOCKED,
    /* The database is damaged (Xapian::DatabaseCorruptError). */
    DX_ERR_CORRUPT,
    /* The database was written by an unsupported version of Xapian. */
    DX_ERR_VERSION,
    /* A writer changed the database under a reader too often to retry. */
    DX_ERR_MODIFIED,
    /* A remote database could not be reached or stopped answering. */
    DX_ERR_NETWORK,
    /* Reading or writing the database failed: a full disk, a read-only
     * filesystem, missing permissions (Xapian::DatabaseError). */
    DX_ERR_IO,
    /* A caller's mistake: an invalid argument or an operation that is not
     * valid on this handle (writing to a read-only database). */
    DX_ERR_INVALID,
    /* The operation is not supported by this backend. */
    DX_ERR_UNSUPPORTED,
    /* Xapian's query parser rejected a query string. */
    DX_ERR_QUERY,
    /* Any other Xapian::Error. */
    DX_ERR_XAPIAN,
    /* A C++ exception that is not a Xapian::Error (std::bad_alloc...). */
    DX_ERR_INTERNAL,
    /* Not a status: the number of statuses. */
    DX_STATUS_LAST
} dx_status_t;

/* A short English description of a status ("database is locked"). */
const char *dx_status_string(dx_status_t status);

/* The detail of the last failure of a call in this thread that takes no
 * database handle (query building, stemming, compaction).  Owned by the
 * binding; valid until the next failing call in this thread. */
const char *dx_error_last(void);

/* The version of libxapian in use ("1.4.22").  Static storage. */
const char *dx_xapian_version(void);

/* ------------------------------------------------------------------ */
/* Databases                                                            */
/* ------------------------------------------------------------------ */

/* Flags for dx_db_open(). */
enum {
    DX_DB_READ = 0,         /* open an existing database read-only */
    DX_DB_WRITE = 1,        /* open an existing database for writing */
    DX_DB_CREATE = 2,       /* open for writing, creating it if missing */
    DX_DB_NO_SYNC = 4       /* writing: do not fsync on commit (tests, scratch) */
};

/*
 * Open a local database.  For a writable open, a lock held by another
 * process is retried every few milliseconds for up to lock_wait_ms before
 * DX_ERR_LOCKED is returned.  (Xapian's lock is held by a child process,
 * so a second writer in the same process is refused the same way.)
 *
 * @param[out] db      the handle, owned by the caller (dx_db_close()).
 * @param[out] errmsg  on failure, a malloc'd description, or NULL.
 * @return DX_OK, DX_ERR_NOT_FOUND (no database there), DX_ERR_LOCKED,
 *         DX_ERR_CORRUPT, DX_ERR_VERSION, DX_ERR_IO (a path that cannot be
 *         read: permissions, not a directory), DX_ERR_XAPIAN.
 */
dx_status_t dx_db_open(const char *path, int flags, unsigned lock_wait_ms,
                       dx_db_t **db, char **errmsg);

/*
 * Create an empty read-only group to which shards are then added with
 * dx_db_group_add().  Searching a group searches all its shards as one
 * database, with global statistics.  A database opened with dx_db_open()
 * is itself a group of one shard.  Xapian cannot search a group that has
 * no shard yet (dx_db_search gives DX_ERR_INVALID).
 */
dx_db_t *dx_db_group_new(void);

/*
 * Open one shard and add it to a group.  spec is a local database path or
 * "tcp://HOST:PORT" for a database served by xapian-tcpsrv (timeout_ms
 * bounds connecting and every later exchange with that server).
 *
 * @return DX_OK, or the status of the failed open (DX_ERR_NETWORK for an
 *         unreachable server); the detail is in dx_db_error(group), and
 *         the group is unchanged.
 */
dx_status_t dx_db_group_add(dx_db_t *group, const char *spec, unsigned timeout_ms);

/* Commit nothing, release the lock and free the handle.  A writable
 * database's uncommitted changes are discarded.  Accepts NULL. */
void dx_db_close(dx_db_t *db);

/* Detail of the last failure of a call on db.  Owned by db. */
const char *dx_db_error(const dx_db_t *db);

/* 1 if the handle was opened for writing. */
int dx_db_is_writable(const dx_db_t *db);

/* Number of shards in the handle (1 for a plain database). */
size_t dx_db_shard_count(const dx_db_t *db);

/* The spec a shard was opened with.  Owned by db. */
const char *dx_db_shard_spec(const dx_db_t *db, size_t shard);

/* Re-read the latest committed state (a reader after a writer commits). */
dx_status_t dx_db_reopen(dx_db_t *db);

/* Make every change since the last commit durable and visible, atomically.
 * @return DX_OK, DX_ERR_IO (disk full...), DX_ERR_INVALID (read-only). */
dx_status_t dx_db_commit(dx_db_t *db);

/* Discard every change since the last commit.  Implemented with a Xapian
 * transaction that the binding keeps open between commits. */
dx_status_t dx_db_rollback(dx_db_t *db);

/*
 * Add or replace the document indexed by the unique term idterm (the
 * document must contain that term).  If documents already carry idterm the
 * first is replaced and the others deleted.  doc is not consumed.
 *
 * @param[out] docid  the document's id (may be NULL).
 */
dx_status_t dx_db_replace(dx_db_t *db, const char *idterm, dx_doc_t *doc,
                          dx_docid_t *docid);

/* Delete every document indexed by idterm (none is not an error). */
dx_status_t dx_db_delete(dx_db_t *db, const char *idterm);

/* Delete a document by id.  DX_ERR_NOT_FOUND if there is none. */
dx_status_t dx_db_delete_docid(dx_db_t *db, dx_docid_t docid);

/* The id of the first document indexed by idterm; DX_ERR_NOT_FOUND if none. */
dx_status_t dx_db_find(dx_db_t *db, const char *idterm, dx_docid_t *docid);

/*
 * Fetch a stored document.  In a group, docids are interleaved across
 * shards the way Xapian numbers them.
 *
 * @param[out] doc  owned by the caller (dx_doc_free()).
 * @return DX_OK, DX_ERR_NOT_FOUND, DX_ERR_NETWORK, ...
 */
dx_status_t dx_db_get_doc(dx_db_t *db, dx_docid_t docid, dx_doc_t **doc);

/* Database statistics (whole group). */
unsigned dx_db_doccount(dx_db_t *db);
dx_docid_t dx_db_lastdocid(dx_db_t *db);
double dx_db_avlength(dx_db_t *db);
dx_status_t dx_db_termfreq(dx_db_t *db, const char *term, size_t len,
                           unsigned *termfreq);
dx_status_t dx_db_collection_freq(dx_db_t *db, const char *term, size_t len,
                                  uint64_t *freq);

/*
 * User metadata: small key/value records stored in the database and
 * committed atomically with the documents.  In a group, dx_db_get_metadata
 * reads the first shard; dx_db_shard_metadata reads one given shard (also
 * over the remote protocol).
 *
 * @param[out] value  malloc'd, caller frees; *len gets its length.  An
 *                    absent key gives DX_OK with an empty value.
 */
dx_status_t dx_db_get_metadata(dx_db_t *db, const char *key, char **value,
                               size_t *len);
dx_status_t dx_db_shard_metadata(dx_db_t *db, size_t shard, const char *key,
                                 char **value, size_t *len);
dx_status_t dx_db_set_metadata(dx_db_t *db, const char *key,
                               const char *value, size_t len);

/* A callback returns 0 to go on, anything else to stop the iteration. */
typedef int (*dx_term_cb)(const char *term, size_t len, unsigned termfreq,
                          void *ctx);
typedef int (*dx_value_cb)(dx_docid_t docid, const char *value, size_t len,
                           void *ctx);
typedef int (*dx_key_cb)(const char *key, size_t len, void *ctx);
typedef int (*dx_posting_cb)(const char *term, size_t len, unsigned wdf,
                             void *ctx);

/* Every term starting with prefix, in byte order, with its termfreq. */
dx_status_t dx_db_allterms(dx_db_t *db, const char *prefix, dx_term_cb cb,
                           void *ctx);

/* Every metadata key starting with prefix, in byte order. */
dx_status_t dx_db_metadata_keys(dx_db_t *db, const char *prefix,
                                dx_key_cb cb, void *ctx);

/* Every (docid, value) of a value slot, in docid order. */
dx_status_t dx_db_values(dx_db_t *db, unsigned slot, dx_value_cb cb,
                         void *ctx);

/* Lower and upper bounds of a value slot (malloc'd; empty if unused). */
dx_status_t dx_db_value_bounds(dx_db_t *db, unsigned slot, char **lo,
                               char **hi);

/* The terms of a stored document, with their wdf, in byte order. */
dx_status_t dx_db_termlist(dx_db_t *db, dx_docid_t docid, dx_posting_cb cb,
                           void *ctx);

/* The positions of term in a document, in increasing order.
 * @param[out] pos  malloc'd array (caller frees), *n entries. */
dx_status_t dx_db_positions(dx_db_t *db, dx_docid_t docid, const char *term,
                            unsigned **pos, size_t *n);

/* Spelling data: add a word (writable) or ask for the closest word in the
 * index within edit distance 2 (empty string if none).  Spelling
 * suggestions are only available from local shards. */
dx_status_t dx_db_add_spelling(dx_db_t *db, const char *word, unsigned freqinc);
dx_status_t dx_db_spelling_suggestion(dx_db_t *db, const char *word,
                                      char **suggestion);

/*
 * Compact (merge) databases into a new one at dest, which must not exist
 * (DX_ERR_INVALID if it does).  Used after bulk builds (tighter B-trees)
 * and to merge shards; docids are renumbered source after source.
 */
dx_status_t dx_db_compact(const char *const *srcs, size_t nsrcs,
                          const char *dest);

/*
 * The same, for merging databases whose user metadata overlap: a key that
 * starts with set_prefix holds a set of space-separated words, and where
 * several sources have it the result is their union (in the order first
 * met); any other key present in several sources keeps one of their
 * values.  set_prefix NULL or "" makes it dx_db_compact().
 */
dx_status_t dx_db_compact_union(const char *const *srcs, size_t nsrcs,
                                const char *dest, const char *set_prefix);

/* ------------------------------------------------------------------ */
/* Documents                                                            */
/* ------------------------------------------------------------------ */

/* A new empty document, owned by the caller (dx_doc_free()). */
dx_doc_t *dx_doc_new(void);
void dx_doc_free(dx_doc_t *doc);

/* Detail of the last failure of a call on doc.  Owned by doc. */
const char *dx_doc_error(const dx_doc_t *doc);

/* Add an occurrence of term at a position (wdf grows by wdfinc). */
dx_status_t dx_doc_add_posting(dx_doc_t *doc, const char *term, size_t len,
                               unsigned pos, unsigned wdfinc);
/* Add a term without a position. */
dx_status_t dx_doc_add_term(dx_doc_t *doc, const char *term, size_t len,
                            unsigned wdfinc);
/* Add a term with wdf 0 (filters, ids): it never changes a score. */
dx_status_t dx_doc_add_boolean(dx_doc_t *doc, const char *term, size_t len);
dx_status_t dx_doc_remove_term(dx_doc_t *doc, const char *term, size_t len);
dx_status_t dx_doc_set_value(dx_doc_t *doc, unsigned slot, const char *value,
                             size_t len);
dx_status_t dx_doc_set_data(dx_doc_t *doc, const char *data, size_t len);

/*
 * Read back the data or a value.  For a document fetched from a database
 * these read lazily and can fail (a remote shard gone).
 * @param[out] out  malloc'd, caller frees; *len gets the length.
 */
dx_status_t dx_doc_get_data(dx_doc_t *doc, char **out, size_t *len);
dx_status_t dx_doc_get_value(dx_doc_t *doc, unsigned slot, char **out,
                             size_t *len);

/* The document's terms, in byte order (built or fetched documents). */
dx_status_t dx_doc_terms(dx_doc_t *doc, dx_posting_cb cb, void *ctx);

/*
 * Index text with Xapian's own TermGenerator (its tokenizer, an English
 * stemmer with STEM_SOME, positions).  Dossier's indexer uses its own
 * tokenizer (lib/token.h); this exists for comparison and benchmarks.
 * *termpos is the position to continue from and is updated.
 */
dx_status_t dx_doc_index_text(dx_doc_t *doc, const char *text, size_t len,
                              const char *prefix, unsigned *termpos);

/* ------------------------------------------------------------------ */
/* Stemming and Unicode                                                 */
/* ------------------------------------------------------------------ */

/* A Snowball stemmer for language ("english", "none", ...). */
dx_status_t dx_stemmer_new(const char *language, dx_stemmer_t **stemmer);
void dx_stemmer_free(dx_stemmer_t *stemmer);

/* Stem word[0..len) into out (NUL-terminated, cut to outsize-1 bytes).
 * Returns the stem's length. */
size_t dx_stem(dx_stemmer_t *stemmer, const char *word, size_t len, char *out,
               size_t outsize);

/* Unicode helpers from Xapian's tables. */
uint32_t dx_unicode_tolower(uint32_t ch);
int dx_unicode_is_wordchar(uint32_t ch);
/* Xapian::Unicode::category (0 = unassigned ... see xapian/unicode.h). */
int dx_unicode_category(uint32_t ch);

/* ------------------------------------------------------------------ */
/* Queries                                                              */
/* ------------------------------------------------------------------ */

typedef enum dx_op {
    DX_OP_AND,
    DX_OP_OR,
    DX_OP_AND_NOT,      /* first sub-query, minus the others */
    DX_OP_XOR,
    DX_OP_AND_MAYBE,    /* first sub-query, others only add weight */
    DX_OP_FILTER,       /* first sub-query, filtered by others (no weight) */
    DX_OP_NEAR,         /* all within window positions, any order */
    DX_OP_PHRASE,       /* in order, within window positions */
    DX_OP_ELITE_SET,    /* OR of the window best-weighted terms */
    DX_OP_SYNONYM,      /* OR weighted as if a single term */
    DX_OP_MAX
} dx_op_t;

/*
 * Query constructors return a new query owned by the caller (free with
 * dx_query_free()), or NULL on failure with the detail in dx_error_last().
 * Sub-queries passed in are copied, not consumed.
 */
dx_query_t *dx_query_term(const char *term, size_t len, unsigned wqf,
                          unsigned pos);
dx_query_t *dx_query_match_all(void);
dx_query_t *dx_query_match_nothing(void);
/* Every term starting with prefix, combined as one term (OP_SYNONYM; at
 * most max_expansion terms, 0 = no limit; beyond it the most frequent are
 * kept).  In a group Xapian
 * expands it in each shard on its own: the limit applies per shard and the
 * weights differ from a single database's.  For scores that do not depend
 * on sharding, expand with dx_db_allterms() over the group and combine the
 * terms with DX_OP_SYNONYM. */
dx_query_t *dx_query_wildcard(const char *prefix, size_t len,
                              unsigned max_expansion);
/* Documents whose value in slot lies in [lo, hi] (byte order); lo or hi
 * NULL for an open end (both NULL: every document with a value there). */
dx_query_t *dx_query_value_range(unsigned slot, const char *lo,
                                 const char *hi);
/* Combine sub-queries; window is used by NEAR, PHRASE and ELITE_SET
 * (0 = Xapian's default).  NULL entries of subs are skipped. */
dx_query_t *dx_query_combine(dx_op_t op, dx_query_t *const *subs, size_t n,
                             unsigned window);
/* The same query with its weights multiplied by factor (0 = boolean). */
dx_query_t *dx_query_scale(const dx_query_t *q, double factor);
/* 1 if the query matches nothing by construction. */
int dx_query_is_empty(const dx_query_t *q);
/* Xapian's description of the query (malloc'd, caller frees). */
char *dx_query_describe(const dx_query_t *q);
void dx_query_free(dx_query_t *q);

/*
 * Xapian's own QueryParser, wrapped for tools that want its exact syntax
 * (the evaluation's "plain Xapian" baseline, tests).  Dossier's search
 * command uses its own forgiving parser (search/parse.h).
 */
enum {
    DX_QP_DEFAULT_AND = 1,    /* default operator AND instead of OR */
    DX_QP_STEM = 2,           /* English stemming, STEM_SOME */
    DX_QP_WILDCARD = 4,       /* trailing * */
    DX_QP_PURE_NOT = 8        /* NOT x on its own */
};
/* db (may be NULL) supplies wildcard expansion and stop-word checks. */
dx_qparser_t *dx_qparser_new(dx_db_t *db, int flags);
void dx_qparser_free(dx_qparser_t *qp);
/* field:word maps to prefix+word (boolean filter if boolean is set). */
void dx_qparser_add_prefix(dx_qparser_t *qp, const char *field,
                           const char *prefix, int boolean);
/* field:A..B becomes a range on a value slot holding YYYYMMDD dates. */
void dx_qparser_add_date_range(dx_qparser_t *qp, const char *field,
                               unsigned slot);
/* @return DX_OK or DX_ERR_QUERY (detail in dx_error_last()). */
dx_status_t dx_qparser_parse(dx_qparser_t *qp, const char *text,
                             dx_query_t **query);

/* ------------------------------------------------------------------ */
/* Searching                                                            */
/* ------------------------------------------------------------------ */

typedef struct dx_search_opts {
    /* BM25 parameters (Xapian's BM25Weight); negative = Xapian's default. */
    double k1, k2, k3, b, min_normlen;
    /* Sort by a value slot instead of relevance; -1 = by relevance. */
    int sort_slot;
    int sort_descending;      /* with sort_slot */
    /* Count at least this many matches exactly (0 = Xapian decides). */
    unsigned check_at_least;
    /* Count the values of this slot over all matches (facets); -1 = no.
     * The matcher then examines every match, as check_at_least would. */
    int facet_slot;
    /* Collapse: keep only the best document per value of this slot (-1). */
    int collapse_slot;
    /* Read the hits' values with the search (1, the default), or only
     * their data (0): a caller that reads no value of a hit saves a B-tree
     * lookup per value and hit; dx_doc_get_value() on such a hit reads the
     * value later, from the revision the reader is then at. */
    int with_values;
} dx_search_opts_t;

/* Relevance with Xapian's default BM25, no facets, values read. */
void dx_search_opts_init(dx_search_opts_t *opts);

/*
 * Run a query and return the ranked matches [first, first+max).  A reader
 * that sees the database change under it reopens and retries.
 * @param[out] mset  owned by the caller (dx_mset_free()); it must not
 *                   outlive db.
 */
dx_status_t dx_db_search(dx_db_t *db, const dx_query_t *query,
                         const dx_search_opts_t *opts, unsigned first,
                         unsigned max, dx_mset_t **mset);

void dx_mset_free(dx_mset_t *mset);
unsigned dx_mset_size(const dx_mset_t *mset);
/* Xapian's estimate and bounds of the number of matches. */
unsigned dx_mset_matches_estimated(const dx_mset_t *mset);
unsigned dx_mset_matches_lower(const dx_mset_t *mset);
unsigned dx_mset_matches_upper(const dx_mset_t *mset);
dx_docid_t dx_mset_docid(const dx_mset_t *mset, unsigned i);
double dx_mset_weight(const dx_mset_t *mset, unsigned i);
/* The stored document of hit i, owned by the caller (dx_doc_free()). */
dx_status_t dx_mset_doc(dx_mset_t *mset, unsigned i, dx_doc_t **doc);
/* The data of hit i as read with the search, without a copy: owned by
 * mset and valid until it is freed.  DX_ERR_INVALID past the hits. */
dx_status_t dx_mset_data(const dx_mset_t *mset, unsigned i, const char **data, size_t *len);
/* Facet counts gathered with opts->facet_slot, in value order. */
size_t dx_mset_facet_count(const dx_mset_t *mset);
/* Value i (owned by mset) and the number of matches holding it. */
const char *dx_mset_facet(const dx_mset_t *mset, size_t i, unsigned *count);
/* The detail of the last failure of a call on mset.  Owned by mset. */
const char *dx_mset_error(const dx_mset_t *mset);

/*
 * Xapian's snippet generator (MSet::snippet) over text, highlighting the
 * query's terms with hi_start/hi_end.  Its output is HTML-escaped.
 * @param[out] out  malloc'd, caller frees.
 */
dx_status_t dx_mset_snippet(dx_mset_t *mset, const char *text, size_t len,
                            size_t length, const char *hi_start,
                            const char *hi_end, char **out);

/*
 * The terms that best characterise a set of documents (Xapian's ESet with
 * the documents as the relevance set), for "more like this".  Terms
 * starting with an upper-case ASCII letter (field prefixes) are skipped.
 * cb gets each term with its weight scaled to an integer (weight * 1000).
 */
dx_status_t dx_db_expand(dx_db_t *db, const dx_docid_t *docids, size_t n,
                         unsigned maxterms, dx_term_cb cb, void *ctx);

#ifdef __cplusplus
}
#endif

#endif
