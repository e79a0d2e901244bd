/*
 * dx.cc - the C binding over libxapian (see dx.h).
 *
 * The only C++ file of the project.  Every entry point catches everything:
 * Xapian's exceptions are mapped to a dx_status_t by dx_classify(), their
 * text stored on the handle (or per thread), and nothing is ever thrown
 * into C.
 */
#include "binding/dx.h"

#include <xapian.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <cstring>
#include <functional>
#include <new>
#include <string>
#include <unordered_set>
#include <thread>
#include <vector>

#include <sys/stat.h>
#include <unistd.h>

namespace {

/*
 * Xapian 1.4 can throw from a destructor while it unwinds from a write
 * error in a commit (a disk that is full), which ends in std::terminate()
 * inside libxapian before any catch here sees the exception.  Commits are
 * atomic, so the index still holds its last commit: say what happened in
 * one line and exit with the error status, instead of aborting.
 */
[[noreturn]] void
on_terminate()
{
    std::string what = "an error that could not be handled";
    if (std::exception_ptr e = std::current_exception()) {
        try {
            std::rethrow_exception(e);
        } catch (const Xapian::Error &x) {
            what = x.get_description();
        } catch (const std::exception &x) {
            what = x.what();
        } catch (...) {
        }
    }
    std::fprintf(stderr, "%s: fatal: %s (the index keeps its last commit)\n",
                 program_invocation_short_name, what.c_str());
    std::fflush(stderr);
    _exit(2);
}

const std::terminate_handler previous_terminate = std::set_terminate(on_terminate);

thread_local std::string last_error;

/* Map the exception being handled to a status and describe it in msg.
 * Must be called from inside a catch block. */
dx_status_t
dx_classify(std::string &msg)
{
    try {
        throw;
    } catch (const Xapian::DatabaseLockError &e) {
        msg = e.get_description();
        /* Xapian also reports a lock it could not even try to take (the
         * lock file cannot be created: permissions, a read-only file
         * system) as a lock error; only "already locked" means another
         * writer, worth waiting for. */
        if (msg.find("already locked") == std::string::npos)
            return DX_ERR_IO;
        return DX_ERR_LOCKED;
    } catch (const Xapian::DatabaseNotFoundError &e) {
        msg = e.get_description();
        return DX_ERR_NOT_FOUND;
    } catch (const Xapian::DatabaseCorruptError &e) {
        msg = e.get_description();
        return DX_ERR_CORRUPT;
    } catch (const Xapian::DatabaseVersionError &e) {
        msg = e.get_description();
        return DX_ERR_VERSION;
    } catch (const Xapian::DatabaseModifiedError &e) {
        msg = e.get_description();
        return DX_ERR_MODIFIED;
    } catch (const Xapian::DatabaseOpeningError &e) {
        /* A database that is missing was caught above as
         * DatabaseNotFoundError; what is left is a path Xapian could not
         * read ("Permission denied", "Not a directory", a bad stub file),
         * which must not be reported as "no database there". */
        msg = e.get_description();
        return DX_ERR_IO;
    } catch (const Xapian::DocNotFoundError &e) {
        msg = e.get_description();
        return DX_ERR_NOT_FOUND;
    } catch (const Xapian::NetworkError &e) {
        msg = e.get_description();
        return DX_ERR_NETWORK;
    } catch (const Xapian::DatabaseError &e) {
        msg = e.get_description();
        return DX_ERR_IO;
    } catch (const Xapian::QueryParserError &e) {
        msg = e.get_description();
        return DX_ERR_QUERY;
    } catch (const Xapian::UnimplementedError &e) {
        msg = e.get_description();
        return DX_ERR_UNSUPPORTED;
    } catch (const Xapian::InvalidArgumentError &e) {
        msg = e.get_description();
        return DX_ERR_INVALID;
    } catch (const Xapian::InvalidOperationError &e) {
        msg = e.get_description();
        return DX_ERR_INVALID;
    } catch (const Xapian::RangeError &e) {
        msg = e.get_description();
        return DX_ERR_INVALID;
    } catch (const Xapian::Error &e) {
        msg = e.get_description();
        return DX_ERR_XAPIAN;
    } catch (const std::bad_alloc &) {
        msg = "out of memory";
        return DX_ERR_INTERNAL;
    } catch (const std::exception &e) {
        msg = e.what();
        return DX_ERR_INTERNAL;
    } catch (...) {
        msg = "unknown C++ exception";
        return DX_ERR_INTERNAL;
    }
}

char *
dup_string(const std::string &s, size_t *len = nullptr)
{
    char *p = static_cast<char *>(std::malloc(s.size() + 1));
    if (!p)
        std::abort();
    std::memcpy(p, s.data(), s.size());
    p[s.size()] = '\0';
    if (len)
        *len = s.size();
    return p;
}

/* Run f, mapping any exception to a status with the text in msg. */
template <typename F>
dx_status_t
guarded(std::string &msg, F f)
{
    try {
        f();
        return DX_OK;
    } catch (...) {
        return dx_classify(msg);
    }
}

/*
 * Did a reader fail because a writer committed under it?  Xapian keeps
 * only the last two revisions: a reader that meets a block the writer has
 * since reused gets DatabaseModifiedError, or DatabaseCorruptError when
 * that block is a table's root (whose revision Xapian cannot check, so
 * it sees a block of the wrong level).  Both are worth a reopen and a
 * retry; real damage fails again and is reported.
 */
bool
writer_race(dx_status_t st)
{
    return st == DX_ERR_MODIFIED || st == DX_ERR_CORRUPT;
}

const int RACE_ATTEMPTS = 6;

/* Let a writer finish its commit before trying again. */
void
race_pause(int attempt)
{
    if (attempt > 0)
        std::this_thread::sleep_for(std::chrono::milliseconds(2 << attempt));
}

void reopen_reader(dx_db_t *db);

/* Run f against a reader, reopening and retrying when a writer changed the
 * database under it (see writer_race()). */
template <typename F>
dx_status_t
guarded_read(std::string &msg, dx_db_t *db, F f)
{
    for (int attempt = 0;; attempt++) {
        dx_status_t st = guarded(msg, f);
        if (!writer_race(st) || attempt + 1 >= RACE_ATTEMPTS)
            return st;
        race_pause(attempt);
        try {
            reopen_reader(db);
        } catch (...) {
            return dx_classify(msg);
        }
    }
}

/* The inode of a local shard's folder, which a compaction replaces by
 * another (0 if it cannot be read). */
ino_t
dir_inode(const std::string &path)
{
    struct stat st;
    return stat(path.c_str(), &st) == 0 ? st.st_ino : 0;
}

/*
 * Open a database to read, retrying when a writer raced the opening: a
 * commit (see writer_race()), or a compaction that swapped the folder for
 * another while Xapian opened its files one by one (then the folder's
 * inode differs after the opening, or the opening failed on files of the
 * other database: "EOF reading block").  *dir gets the folder's inode.
 */
Xapian::Database
open_reader(const std::string &path, ino_t *dir)
{
    for (int attempt = 0;; attempt++) {
        bool last = attempt + 1 >= RACE_ATTEMPTS;
        ino_t before = dir_inode(path);
        try {
            Xapian::Database d(path);
            ino_t after = dir_inode(path);
            if (after == before || last) {
                *dir = after;
                return d;
            }
        } catch (const Xapian::DatabaseModifiedError &) {
            if (last)
                throw;
        } catch (const Xapian::DatabaseCorruptError &) {
            if (last)
                throw;
        } catch (const Xapian::DatabaseError &) {
            if (last || dir_inode(path) == before)
                throw;
        }
        race_pause(attempt);
    }
}

} // namespace

struct dx_db {
    Xapian::Database db;                 /* the whole group, or the writer */
    Xapian::WritableDatabase *wdb = nullptr;
    std::vector<Xapian::Database> shards;
    std::vector<std::string> specs;
    std::vector<ino_t> dirs;             /* a local shard's folder (0: remote) */
    std::string error;
};

namespace {

/*
 * Bring a reader to the latest commit.  Xapian's reopen() cannot follow a
 * shard whose folder was replaced by another (index_compact() swaps in a
 * compacted copy): it would go on with the old files, or read them with
 * the new version file.  A shard whose folder changed (before or during
 * the reopen) is opened anew, and the group rebuilt.
 */
void
reopen_reader(dx_db_t *db)
{
    if (db->wdb) {
        db->db.reopen();
        return;
    }
    auto swapped = [db] {
        for (size_t i = 0; i < db->specs.size(); i++)
            if (db->dirs[i] != 0 && dir_inode(db->specs[i]) != db->dirs[i])
                return true;
        return false;
    };
    try {
        db->db.reopen();
    } catch (const Xapian::DatabaseError &) {
        if (!swapped())
            throw;
    }
    if (!swapped())
        return;
    Xapian::Database group;
    for (size_t i = 0; i < db->specs.size(); i++) {
        if (db->dirs[i] != 0 && dir_inode(db->specs[i]) != db->dirs[i])
            db->shards[i] = open_reader(db->specs[i], &db->dirs[i]);
        else
            db->shards[i].reopen();
        group.add_database(db->shards[i]);
    }
    db->db = group;
}

} // namespace

struct dx_doc {
    Xapian::Document doc;
    std::string error;
};

struct dx_query {
    Xapian::Query q;
};

struct dx_qparser {
    Xapian::QueryParser qp;
    Xapian::Stem stem;
    std::vector<Xapian::RangeProcessor *> rps;
    unsigned flags = 0;
};

struct dx_mset {
    Xapian::Enquire enquire;
    Xapian::MSet mset;
    Xapian::ValueCountMatchSpy *spy = nullptr;
    std::vector<std::pair<std::string, unsigned>> facets;
    /* The hits' documents and their data, read with the search (see
     * dx_db_search). */
    std::vector<Xapian::Document> docs;
    std::vector<std::string> data;
    std::string error;
    explicit dx_mset(const Xapian::Database &db) : enquire(db) {}
    ~dx_mset() { delete spy; }
};

struct dx_stemmer {
    Xapian::Stem stem;
};

extern "C" {

const char *
dx_status_string(dx_status_t status)
{
    switch (status) {
    case DX_OK: return "success";
    case DX_ERR_NOT_FOUND: return "not found";
    case DX_ERR_LOCKED: return "database is locked by another writer";
    case DX_ERR_CORRUPT: return "database is corrupt";
    case DX_ERR_VERSION: return "database format is not supported";
    case DX_ERR_MODIFIED: return "database was modified while being read";
    case DX_ERR_NETWORK: return "remote database unreachable";
    case DX_ERR_IO: return "database read or write failed";
    case DX_ERR_INVALID: return "invalid argument or operation";
    case DX_ERR_UNSUPPORTED: return "operation not supported by this backend";
    case DX_ERR_QUERY: return "query could not be parsed";
    case DX_ERR_XAPIAN: return "Xapian error";
    case DX_ERR_INTERNAL: return "internal error";
    case DX_STATUS_LAST: break;
    }
    return "unknown status";
}

const char *
dx_error_last(void)
{
    return last_error.c_str();
}

const char *
dx_xapian_version(void)
{
    return Xapian::version_string();
}

/* ---------------------------------------------------------------- */
/* Databases                                                          */
/* ---------------------------------------------------------------- */

dx_status_t
dx_db_open(const char *path, int flags, unsigned lock_wait_ms, dx_db_t **out,
           char **errmsg)
{
    std::string msg;
    dx_db_t *db = nullptr;
    *out = nullptr;
    if (errmsg)
        *errmsg = nullptr;
    dx_status_t st;
    try {
        db = new dx_db;
    } catch (...) {
        st = dx_classify(msg);
        if (errmsg)
            *errmsg = dup_string(msg);
        return st;
    }
    if (!(flags & (DX_DB_WRITE | DX_DB_CREATE))) {
        st = guarded(msg, [&] {
            ino_t dir = 0;
            Xapian::Database d = open_reader(path, &dir);
            db->shards.push_back(d);
            db->specs.push_back(path);
            db->dirs.push_back(dir);
            db->db = d;
        });
    } else {
        int action = (flags & DX_DB_CREATE) ? Xapian::DB_CREATE_OR_OPEN
                                            : Xapian::DB_OPEN;
        if (flags & DX_DB_NO_SYNC)
            action |= Xapian::DB_NO_SYNC;
        auto deadline = std::chrono::steady_clock::now() +
                        std::chrono::milliseconds(lock_wait_ms);
        for (;;) {
            st = guarded(msg, [&] {
                auto *w = new Xapian::WritableDatabase(path, action);
                db->wdb = w;
                db->db = *w;
                db->shards.push_back(*w);
                db->specs.push_back(path);
                db->dirs.push_back(0);
                /* Every change is held in one transaction between commits,
                 * so a batch lands whole or not at all and Xapian never
                 * flushes behind the caller's back. */
                w->begin_transaction(true);
            });
            if (st != DX_ERR_LOCKED ||
                std::chrono::steady_clock::now() >= deadline)
                break;
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    }
    if (st != DX_OK) {
        if (errmsg)
            *errmsg = dup_string(msg);
        delete db->wdb;
        delete db;
        return st;
    }
    *out = db;
    return DX_OK;
}

dx_db_t *
dx_db_group_new(void)
{
    try {
        return new dx_db;
    } catch (...) {
        std::abort();
    }
}

dx_status_t
dx_db_group_add(dx_db_t *group, const char *spec, unsigned timeout_ms)
{
    if (group->wdb) {
        group->error = "cannot add shards to a writable database";
        return DX_ERR_INVALID;
    }
    return guarded(group->error, [&] {
        std::string s(spec);
        Xapian::Database d;
        ino_t dir = 0;
        if (s.compare(0, 6, "tcp://") == 0) {
            std::string hostport = s.substr(6);
            size_t colon = hostport.rfind(':');
            if (colon == std::string::npos || colon + 1 == hostport.size())
                throw Xapian::InvalidArgumentError(
                    "remote shard '" + s + "' needs tcp://HOST:PORT");
            std::string host = hostport.substr(0, colon);
            char *end = nullptr;
            errno = 0;
            unsigned long port = std::strtoul(hostport.c_str() + colon + 1,
                                              &end, 10);
            if (*end || errno || port == 0 || port > 65535)
                throw Xapian::InvalidArgumentError(
                    "remote shard '" + s + "' has an invalid port");
            d = Xapian::Remote::open(host, static_cast<unsigned>(port),
                                     timeout_ms, timeout_ms);
        } else {
            d = open_reader(s, &dir);
        }
        group->db.add_database(d);
        group->shards.push_back(d);
        group->specs.push_back(s);
        group->dirs.push_back(dir);
    });
}

void
dx_db_close(dx_db_t *db)
{
    if (!db)
        return;
    try {
        if (db->wdb) {
            /* Abandon the open transaction: only commits are kept. */
            try {
                db->wdb->cancel_transaction();
            } catch (...) {
            }
            db->wdb->close();
        }
    } catch (...) {
    }
    delete db->wdb;
    delete db;
}

const char *
dx_db_error(const dx_db_t *db)
{
    return db->error.c_str();
}

int
dx_db_is_writable(const dx_db_t *db)
{
    return db->wdb != nullptr;
}

size_t
dx_db_shard_count(const dx_db_t *db)
{
    return db->shards.size();
}

const char *
dx_db_shard_spec(const dx_db_t *db, size_t shard)
{
    return shard < db->specs.size() ? db->specs[shard].c_str() : "";
}

dx_status_t
dx_db_reopen(dx_db_t *db)
{
    return guarded(db->error, [&] { reopen_reader(db); });
}

static dx_status_t
need_writer(dx_db_t *db)
{
    if (db->wdb)
        return DX_OK;
    db->error = "database is open read-only";
    return DX_ERR_INVALID;
}

dx_status_t
dx_db_commit(dx_db_t *db)
{
    dx_status_t st = need_writer(db);
    if (st != DX_OK)
        return st;
    st = guarded(db->error, [&] { db->wdb->commit_transaction(); });
    if (st != DX_OK) {
        /* A failed commit (disk full) leaves the last commit on disk; drop
         * the pending changes so the handle stays usable. */
        try {
            db->wdb->cancel_transaction();
        } catch (...) {
        }
    }
    std::string ignored;
    dx_status_t st2 = guarded(ignored, [&] { db->wdb->begin_transaction(true); });
    if (st == DX_OK && st2 != DX_OK) {
        db->error = ignored;
        st = st2;
    }
    return st;
}

dx_status_t
dx_db_rollback(dx_db_t *db)
{
    dx_status_t st = need_writer(db);
    if (st != DX_OK)
        return st;
    return guarded(db->error, [&] {
        db->wdb->cancel_transaction();
        db->wdb->begin_transaction(true);
    });
}

dx_status_t
dx_db_replace(dx_db_t *db, const char *idterm, dx_doc_t *doc, dx_docid_t *docid)
{
    dx_status_t st = need_writer(db);
    if (st != DX_OK)
        return st;
    return guarded(db->error, [&] {
        Xapian::docid id = db->wdb->replace_document(idterm, doc->doc);
        if (docid)
            *docid = id;
    });
}

dx_status_t
dx_db_delete(dx_db_t *db, const char *idterm)
{
    dx_status_t st = need_writer(db);
    if (st != DX_OK)
        return st;
    return guarded(db->error, [&] { db->wdb->delete_document(idterm); });
}

dx_status_t
dx_db_delete_docid(dx_db_t *db, dx_docid_t docid)
{
    dx_status_t st = need_writer(db);
    if (st != DX_OK)
        return st;
    return guarded(db->error, [&] { db->wdb->delete_document(docid); });
}

dx_status_t
dx_db_find(dx_db_t *db, const char *idterm, dx_docid_t *docid)
{
    bool found = false;
    dx_status_t st = guarded_read(db->error, db, [&] {
        Xapian::PostingIterator p = db->db.postlist_begin(idterm);
        if (p != db->db.postlist_end(idterm)) {
            *docid = *p;
            found = true;
        }
    });
    if (st == DX_OK && !found) {
        db->error = std::string("no document with term ") + idterm;
        return DX_ERR_NOT_FOUND;
    }
    return st;
}

dx_status_t
dx_db_get_doc(dx_db_t *db, dx_docid_t docid, dx_doc_t **out)
{
    *out = nullptr;
    dx_doc_t *d = nullptr;
    dx_status_t st = guarded_read(db->error, db, [&] {
        Xapian::Document doc = db->db.get_document(docid);
        /* Read the data and values now, from this revision (see
         * dx_db_search). */
        doc.set_data(doc.get_data());
        (void)doc.values_count();
        d = new dx_doc;
        d->doc = doc;
    });
    if (st == DX_OK)
        *out = d;
    return st;
}

unsigned
dx_db_doccount(dx_db_t *db)
{
    unsigned n = 0;
    guarded_read(db->error, db, [&] { n = db->db.get_doccount(); });
    return n;
}

dx_docid_t
dx_db_lastdocid(dx_db_t *db)
{
    dx_docid_t n = 0;
    guarded_read(db->error, db, [&] { n = db->db.get_lastdocid(); });
    return n;
}

double
dx_db_avlength(dx_db_t *db)
{
    double n = 0;
    guarded_read(db->error, db, [&] { n = db->db.get_avlength(); });
    return n;
}

dx_status_t
dx_db_termfreq(dx_db_t *db, const char *term, size_t len, unsigned *termfreq)
{
    *termfreq = 0;
    return guarded_read(db->error, db, [&] {
        *termfreq = db->db.get_termfreq(std::string(term, len));
    });
}

dx_status_t
dx_db_collection_freq(dx_db_t *db, const char *term, size_t len, uint64_t *freq)
{
    *freq = 0;
    return guarded_read(db->error, db, [&] {
        *freq = db->db.get_collection_freq(std::string(term, len));
    });
}

dx_status_t
dx_db_get_metadata(dx_db_t *db, const char *key, char **value, size_t *len)
{
    *value = nullptr;
    return guarded_read(db->error, db, [&] {
        *value = dup_string(db->db.get_metadata(key), len);
    });
}

dx_status_t
dx_db_shard_metadata(dx_db_t *db, size_t shard, const char *key, char **value,
                     size_t *len)
{
    *value = nullptr;
    if (shard >= db->shards.size()) {
        db->error = "no such shard";
        return DX_ERR_INVALID;
    }
    return guarded_read(db->error, db, [&] {
        *value = dup_string(db->shards[shard].get_metadata(key), len);
    });
}

dx_status_t
dx_db_set_metadata(dx_db_t *db, const char *key, const char *value, size_t len)
{
    dx_status_t st = need_writer(db);
    if (st != DX_OK)
        return st;
    return guarded(db->error, [&] {
        db->wdb->set_metadata(key, std::string(value, len));
    });
}

dx_status_t
dx_db_allterms(dx_db_t *db, const char *prefix, dx_term_cb cb, void *ctx)
{
    return guarded_read(db->error, db, [&] {
        std::string p(prefix ? prefix : "");
        for (Xapian::TermIterator t = db->db.allterms_begin(p);
             t != db->db.allterms_end(p); ++t) {
            const std::string &term = *t;
            if (cb(term.data(), term.size(), t.get_termfreq(), ctx))
                break;
        }
    });
}

dx_status_t
dx_db_metadata_keys(dx_db_t *db, const char *prefix, dx_key_cb cb, void *ctx)
{
    return guarded_read(db->error, db, [&] {
        std::string p(prefix ? prefix : "");
        for (Xapian::TermIterator t = db->db.metadata_keys_begin(p);
             t != db->db.metadata_keys_end(p); ++t) {
            const std::string &key = *t;
            if (cb(key.data(), key.size(), ctx))
                break;
        }
    });
}

dx_status_t
dx_db_values(dx_db_t *db, unsigned slot, dx_value_cb cb, void *ctx)
{
    return guarded_read(db->error, db, [&] {
        for (Xapian::ValueIterator v = db->db.valuestream_begin(slot);
             v != db->db.valuestream_end(slot); ++v) {
            const std::string &val = *v;
            if (cb(v.get_docid(), val.data(), val.size(), ctx))
                break;
        }
    });
}

dx_status_t
dx_db_value_bounds(dx_db_t *db, unsigned slot, char **lo, char **hi)
{
    *lo = *hi = nullptr;
    return guarded_read(db->error, db, [&] {
        std::string l = db->db.get_value_lower_bound(slot);
        std::string h = db->db.get_value_upper_bound(slot);
        *lo = dup_string(l);
        *hi = dup_string(h);
    });
}

dx_status_t
dx_db_termlist(dx_db_t *db, dx_docid_t docid, dx_posting_cb cb, void *ctx)
{
    return guarded_read(db->error, db, [&] {
        for (Xapian::TermIterator t = db->db.termlist_begin(docid);
             t != db->db.termlist_end(docid); ++t) {
            const std::string &term = *t;
            if (cb(term.data(), term.size(), t.get_wdf(), ctx))
                break;
        }
    });
}

dx_status_t
dx_db_positions(dx_db_t *db, dx_docid_t docid, const char *term,
                unsigned **pos, size_t *n)
{
    *pos = nullptr;
    *n = 0;
    return guarded_read(db->error, db, [&] {
        std::vector<unsigned> v;
        for (Xapian::PositionIterator p = db->db.positionlist_begin(docid, term);
             p != db->db.positionlist_end(docid, term); ++p)
            v.push_back(*p);
        unsigned *a = static_cast<unsigned *>(
            std::malloc((v.size() ? v.size() : 1) * sizeof(unsigned)));
        if (!a)
            std::abort();
        if (!v.empty())
            std::memcpy(a, v.data(), v.size() * sizeof(unsigned));
        *pos = a;
        *n = v.size();
    });
}

dx_status_t
dx_db_add_spelling(dx_db_t *db, const char *word, unsigned freqinc)
{
    dx_status_t st = need_writer(db);
    if (st != DX_OK)
        return st;
    return guarded(db->error, [&] { db->wdb->add_spelling(word, freqinc); });
}

dx_status_t
dx_db_spelling_suggestion(dx_db_t *db, const char *word, char **suggestion)
{
    *suggestion = nullptr;
    return guarded_read(db->error, db, [&] {
        *suggestion = dup_string(db->db.get_spelling_suggestion(word, 2));
    });
}

namespace {

/* Merges duplicate metadata as dx_db_compact_union() describes.  (With
 * DBCOMPACT_MULTIPASS, tags[0] is not always the first source's.) */
class SetUnion : public Xapian::Compactor {
    std::string prefix_;

  public:
    explicit SetUnion(const char *prefix) : prefix_(prefix ? prefix : "") {}

    std::string
    resolve_duplicate_metadata(const std::string &key, size_t num_tags,
                               const std::string tags[]) override
    {
        /* Xapian 1.4 passes the key as stored in its postlist table,
         * behind the two bytes that mark user metadata. */
        size_t at = key.compare(0, 2, std::string("\0\xc0", 2)) == 0 ? 2 : 0;
        if (prefix_.empty() || key.compare(at, prefix_.size(), prefix_) != 0)
            return tags[0];
        std::string out;
        std::unordered_set<std::string> seen;
        for (size_t i = 0; i < num_tags; i++) {
            size_t p = 0;
            const std::string &t = tags[i];
            while (p < t.size()) {
                size_t sp = t.find(' ', p);
                if (sp == std::string::npos)
                    sp = t.size();
                if (sp > p) {
                    std::string w = t.substr(p, sp - p);
                    if (seen.insert(w).second) {
                        if (!out.empty())
                            out += ' ';
                        out += w;
                    }
                }
                p = sp + 1;
            }
        }
        return out;
    }
};

} // namespace

dx_status_t
dx_db_compact(const char *const *srcs, size_t nsrcs, const char *dest)
{
    return dx_db_compact_union(srcs, nsrcs, dest, nullptr);
}

dx_status_t
dx_db_compact_union(const char *const *srcs, size_t nsrcs, const char *dest,
                    const char *set_prefix)
{
    struct stat st;
    if (stat(dest, &st) == 0) {
        /* Xapian would silently write over an existing database (and over
         * any writer that has it open). */
        last_error = std::string("compaction destination '") + dest +
                     "' already exists";
        return DX_ERR_INVALID;
    }
    return guarded(last_error, [&] {
        Xapian::Database all;
        for (size_t i = 0; i < nsrcs; i++)
            all.add_database(Xapian::Database(srcs[i]));
        SetUnion compactor(set_prefix);
        /* FULL, as xapian-compact does: an item is split across blocks
         * when that fills them (1% smaller than STANDARD); FULLER's
         * oversize items would make later adds slower. */
        all.compact(dest, Xapian::DBCOMPACT_MULTIPASS | Xapian::Compactor::FULL, 0,
                    compactor);
    });
}

/* ---------------------------------------------------------------- */
/* Documents                                                          */
/* ---------------------------------------------------------------- */

dx_doc_t *
dx_doc_new(void)
{
    try {
        return new dx_doc;
    } catch (...) {
        std::abort();
    }
}

void
dx_doc_free(dx_doc_t *doc)
{
    delete doc;
}

const char *
dx_doc_error(const dx_doc_t *doc)
{
    return doc->error.c_str();
}

dx_status_t
dx_doc_add_posting(dx_doc_t *doc, const char *term, size_t len, unsigned pos,
                   unsigned wdfinc)
{
    return guarded(doc->error, [&] {
        doc->doc.add_posting(std::string(term, len), pos, wdfinc);
    });
}

dx_status_t
dx_doc_add_term(dx_doc_t *doc, const char *term, size_t len, unsigned wdfinc)
{
    return guarded(doc->error, [&] {
        doc->doc.add_term(std::string(term, len), wdfinc);
    });
}

dx_status_t
dx_doc_add_boolean(dx_doc_t *doc, const char *term, size_t len)
{
    return guarded(doc->error, [&] {
        doc->doc.add_boolean_term(std::string(term, len));
    });
}

dx_status_t
dx_doc_remove_term(dx_doc_t *doc, const char *term, size_t len)
{
    return guarded(doc->error, [&] {
        doc->doc.remove_term(std::string(term, len));
    });
}

dx_status_t
dx_doc_set_value(dx_doc_t *doc, unsigned slot, const char *value, size_t len)
{
    return guarded(doc->error, [&] {
        doc->doc.add_value(slot, std::string(value, len));
    });
}

dx_status_t
dx_doc_set_data(dx_doc_t *doc, const char *data, size_t len)
{
    return guarded(doc->error, [&] { doc->doc.set_data(std::string(data, len)); });
}

dx_status_t
dx_doc_get_data(dx_doc_t *doc, char **out, size_t *len)
{
    *out = nullptr;
    return guarded(doc->error, [&] { *out = dup_string(doc->doc.get_data(), len); });
}

dx_status_t
dx_doc_get_value(dx_doc_t *doc, unsigned slot, char **out, size_t *len)
{
    *out = nullptr;
    return guarded(doc->error, [&] {
        *out = dup_string(doc->doc.get_value(slot), len);
    });
}

dx_status_t
dx_doc_terms(dx_doc_t *doc, dx_posting_cb cb, void *ctx)
{
    return guarded(doc->error, [&] {
        for (Xapian::TermIterator t = doc->doc.termlist_begin();
             t != doc->doc.termlist_end(); ++t) {
            const std::string &term = *t;
            if (cb(term.data(), term.size(), t.get_wdf(), ctx))
                break;
        }
    });
}

dx_status_t
dx_doc_index_text(dx_doc_t *doc, const char *text, size_t len,
                  const char *prefix, unsigned *termpos)
{
    return guarded(doc->error, [&] {
        Xapian::TermGenerator tg;
        tg.set_stemmer(Xapian::Stem("english"));
        tg.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
        tg.set_document(doc->doc);
        tg.set_termpos(*termpos);
        tg.index_text(std::string(text, len), 1, prefix ? prefix : "");
        *termpos = tg.get_termpos();
    });
}

/* ---------------------------------------------------------------- */
/* Stemming and Unicode                                               */
/* ---------------------------------------------------------------- */

dx_status_t
dx_stemmer_new(const char *language, dx_stemmer_t **out)
{
    *out = nullptr;
    return guarded(last_error, [&] {
        auto *s = new dx_stemmer;
        try {
            s->stem = Xapian::Stem(language);
        } catch (...) {
            delete s;
            throw;
        }
        *out = s;
    });
}

void
dx_stemmer_free(dx_stemmer_t *stemmer)
{
    delete stemmer;
}

size_t
dx_stem(dx_stemmer_t *stemmer, const char *word, size_t len, char *out,
        size_t outsize)
{
    if (outsize == 0)
        return 0;
    try {
        std::string s = stemmer->stem(std::string(word, len));
        size_t n = s.size() < outsize ? s.size() : outsize - 1;
        std::memcpy(out, s.data(), n);
        out[n] = '\0';
        return n;
    } catch (...) {
        size_t n = len < outsize ? len : outsize - 1;
        std::memcpy(out, word, n);
        out[n] = '\0';
        return n;
    }
}

uint32_t
dx_unicode_tolower(uint32_t ch)
{
    return Xapian::Unicode::tolower(ch);
}

int
dx_unicode_is_wordchar(uint32_t ch)
{
    return Xapian::Unicode::is_wordchar(ch) ? 1 : 0;
}

int
dx_unicode_category(uint32_t ch)
{
    return static_cast<int>(Xapian::Unicode::get_category(ch));
}

/* ---------------------------------------------------------------- */
/* Queries                                                            */
/* ---------------------------------------------------------------- */

static dx_query_t *
make_query(const std::function<Xapian::Query()> &f)
{
    try {
        auto *q = new dx_query;
        try {
            q->q = f();
        } catch (...) {
            delete q;
            throw;
        }
        return q;
    } catch (...) {
        dx_classify(last_error);
        return nullptr;
    }
}

dx_query_t *
dx_query_term(const char *term, size_t len, unsigned wqf, unsigned pos)
{
    return make_query([&] {
        return Xapian::Query(std::string(term, len), wqf, pos);
    });
}

dx_query_t *
dx_query_match_all(void)
{
    return make_query([] { return Xapian::Query::MatchAll; });
}

dx_query_t *
dx_query_match_nothing(void)
{
    return make_query([] { return Xapian::Query::MatchNothing; });
}

dx_query_t *
dx_query_wildcard(const char *prefix, size_t len, unsigned max_expansion)
{
    return make_query([&] {
        /* Xapian 1.4 documents max_expansion 0 as "no limit", but with
         * WILDCARD_LIMIT_MOST_FREQUENT it keeps the 0 most frequent terms
         * and matches nothing; with WILDCARD_LIMIT_ERROR 0 is no limit. */
        int limit = max_expansion ? Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT
                                  : Xapian::Query::WILDCARD_LIMIT_ERROR;
        return Xapian::Query(Xapian::Query::OP_WILDCARD, std::string(prefix, len),
                             max_expansion, limit);
    });
}

dx_query_t *
dx_query_value_range(unsigned slot, const char *lo, const char *hi)
{
    return make_query([&] {
        if (lo && hi)
            return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, slot, lo, hi);
        if (hi)
            return Xapian::Query(Xapian::Query::OP_VALUE_LE, slot, hi);
        /* Xapian turns OP_VALUE_GE "" into MatchAll, which would match the
         * documents without a value in the slot too; every stored value is
         * at least one byte long, so ">= \0" means "has a value". */
        std::string from = lo ? lo : "";
        if (from.empty())
            from.assign(1, '\0');
        return Xapian::Query(Xapian::Query::OP_VALUE_GE, slot, from);
    });
}

static Xapian::Query::op
map_op(dx_op_t op)
{
    switch (op) {
    case DX_OP_AND: return Xapian::Query::OP_AND;
    case DX_OP_OR: return Xapian::Query::OP_OR;
    case DX_OP_AND_NOT: return Xapian::Query::OP_AND_NOT;
    case DX_OP_XOR: return Xapian::Query::OP_XOR;
    case DX_OP_AND_MAYBE: return Xapian::Query::OP_AND_MAYBE;
    case DX_OP_FILTER: return Xapian::Query::OP_FILTER;
    case DX_OP_NEAR: return Xapian::Query::OP_NEAR;
    case DX_OP_PHRASE: return Xapian::Query::OP_PHRASE;
    case DX_OP_ELITE_SET: return Xapian::Query::OP_ELITE_SET;
    case DX_OP_SYNONYM: return Xapian::Query::OP_SYNONYM;
    case DX_OP_MAX: return Xapian::Query::OP_MAX;
    }
    throw Xapian::InvalidArgumentError("unknown query operator");
}

dx_query_t *
dx_query_combine(dx_op_t op, dx_query_t *const *subs, size_t n, unsigned window)
{
    return make_query([&] {
        std::vector<Xapian::Query> v;
        v.reserve(n);
        for (size_t i = 0; i < n; i++)
            if (subs[i])
                v.push_back(subs[i]->q);
        return Xapian::Query(map_op(op), v.begin(), v.end(), window);
    });
}

dx_query_t *
dx_query_scale(const dx_query_t *q, double factor)
{
    return make_query([&] {
        return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, q->q, factor);
    });
}

int
dx_query_is_empty(const dx_query_t *q)
{
    return q->q.empty() ? 1 : 0;
}

char *
dx_query_describe(const dx_query_t *q)
{
    try {
        return dup_string(q->q.get_description());
    } catch (...) {
        return dup_string("Query(?)");
    }
}

void
dx_query_free(dx_query_t *q)
{
    delete q;
}

dx_qparser_t *
dx_qparser_new(dx_db_t *db, int flags)
{
    try {
        auto *qp = new dx_qparser;
        qp->flags = static_cast<unsigned>(flags);
        if (db)
            qp->qp.set_database(db->db);
        if (flags & DX_QP_DEFAULT_AND)
            qp->qp.set_default_op(Xapian::Query::OP_AND);
        if (flags & DX_QP_STEM) {
            qp->stem = Xapian::Stem("english");
            qp->qp.set_stemmer(qp->stem);
            qp->qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
        }
        return qp;
    } catch (...) {
        std::abort();
    }
}

void
dx_qparser_free(dx_qparser_t *qp)
{
    if (!qp)
        return;
    for (auto *rp : qp->rps)
        delete rp;
    delete qp;
}

void
dx_qparser_add_prefix(dx_qparser_t *qp, const char *field, const char *prefix,
                      int boolean)
{
    try {
        if (boolean)
            qp->qp.add_boolean_prefix(field, prefix);
        else
            qp->qp.add_prefix(field, prefix);
    } catch (...) {
        dx_classify(last_error);
    }
}

void
dx_qparser_add_date_range(dx_qparser_t *qp, const char *field, unsigned slot)
{
    try {
        std::string f(field);
        if (!f.empty() && f.back() != ':')
            f += ':';
        auto *rp = new Xapian::DateRangeProcessor(slot, f, Xapian::RP_DATE_PREFER_MDY);
        qp->rps.push_back(rp);
        qp->qp.add_rangeprocessor(rp);
    } catch (...) {
        dx_classify(last_error);
    }
}

dx_status_t
dx_qparser_parse(dx_qparser_t *qp, const char *text, dx_query_t **out)
{
    *out = nullptr;
    return guarded(last_error, [&] {
        unsigned f = Xapian::QueryParser::FLAG_DEFAULT;
        if (qp->flags & DX_QP_WILDCARD)
            f |= Xapian::QueryParser::FLAG_WILDCARD;
        if (qp->flags & DX_QP_PURE_NOT)
            f |= Xapian::QueryParser::FLAG_PURE_NOT;
        Xapian::Query q = qp->qp.parse_query(text, f);
        auto *dq = new dx_query;
        dq->q = q;
        *out = dq;
    });
}

/* ---------------------------------------------------------------- */
/* Searching                                                          */
/* ---------------------------------------------------------------- */

void
dx_search_opts_init(dx_search_opts_t *opts)
{
    opts->k1 = opts->k2 = opts->k3 = opts->b = opts->min_normlen = -1.0;
    opts->sort_slot = -1;
    opts->sort_descending = 0;
    opts->check_at_least = 0;
    opts->facet_slot = -1;
    opts->collapse_slot = -1;
    opts->with_values = 1;
}

dx_status_t
dx_db_search(dx_db_t *db, const dx_query_t *query, const dx_search_opts_t *opts,
             unsigned first, unsigned max, dx_mset_t **out)
{
    *out = nullptr;
    dx_search_opts_t defaults;
    if (!opts) {
        dx_search_opts_init(&defaults);
        opts = &defaults;
    }
    dx_mset_t *m = nullptr;
    dx_status_t st = guarded_read(db->error, db, [&] {
        delete m;
        m = nullptr;
        m = new dx_mset(db->db);
        m->enquire.set_query(query->q);
        /* Xapian's BM25Weight defaults: k1=1, k2=0, k3=1, b=0.5,
         * min_normlen=0.5. */
        double k1 = opts->k1 >= 0 ? opts->k1 : 1.0;
        double k2 = opts->k2 >= 0 ? opts->k2 : 0.0;
        double k3 = opts->k3 >= 0 ? opts->k3 : 1.0;
        double b = opts->b >= 0 ? opts->b : 0.5;
        double mn = opts->min_normlen >= 0 ? opts->min_normlen : 0.5;
        m->enquire.set_weighting_scheme(Xapian::BM25Weight(k1, k2, k3, b, mn));
        if (opts->sort_slot >= 0) {
            m->enquire.set_sort_by_value_then_relevance(
                static_cast<Xapian::valueno>(opts->sort_slot),
                opts->sort_descending != 0);
        }
        if (opts->collapse_slot >= 0)
            m->enquire.set_collapse_key(static_cast<Xapian::valueno>(opts->collapse_slot));
        if (opts->facet_slot >= 0) {
            m->spy = new Xapian::ValueCountMatchSpy(
                static_cast<Xapian::valueno>(opts->facet_slot));
            m->enquire.add_matchspy(m->spy);
        }
        /* A match spy only sees the documents the matcher looks at, and
         * the matcher skips those that cannot reach the page: facets over
         * all matches need it to look at every one. */
        Xapian::doccount check = opts->check_at_least;
        if (m->spy && check < db->db.get_doccount())
            check = db->db.get_doccount();
        m->mset = m->enquire.get_mset(first, max, check);
        if (m->spy) {
            for (Xapian::TermIterator v = m->spy->values_begin();
                 v != m->spy->values_end(); ++v)
                m->facets.emplace_back(*v, v.get_termfreq());
        }
        /* Read every hit's data (and values) now, from the revision just
         * searched: read later, after a writer has committed twice, they
         * would be gone, and a retry would search another revision. */
        for (Xapian::MSetIterator it = m->mset.begin(); it != m->mset.end(); ++it) {
            Xapian::Document d = it.get_document();
            m->data.push_back(d.get_data());
            if (opts->with_values)
                (void)d.values_count();    /* reads and keeps every value */
            m->docs.push_back(d);
        }
    });
    if (st != DX_OK) {
        delete m;
        return st;
    }
    *out = m;
    return DX_OK;
}

void
dx_mset_free(dx_mset_t *mset)
{
    delete mset;
}

unsigned
dx_mset_size(const dx_mset_t *mset)
{
    return mset->mset.size();
}

unsigned
dx_mset_matches_estimated(const dx_mset_t *mset)
{
    return mset->mset.get_matches_estimated();
}

unsigned
dx_mset_matches_lower(const dx_mset_t *mset)
{
    return mset->mset.get_matches_lower_bound();
}

unsigned
dx_mset_matches_upper(const dx_mset_t *mset)
{
    return mset->mset.get_matches_upper_bound();
}

dx_docid_t
dx_mset_docid(const dx_mset_t *mset, unsigned i)
{
    if (i >= mset->mset.size())
        return 0;
    return *(mset->mset[i]);
}

double
dx_mset_weight(const dx_mset_t *mset, unsigned i)
{
    if (i >= mset->mset.size())
        return 0.0;
    return mset->mset[i].get_weight();
}

dx_status_t
dx_mset_data(const dx_mset_t *mset, unsigned i, const char **data, size_t *len)
{
    *data = nullptr;
    *len = 0;
    if (i >= mset->data.size())
        return DX_ERR_INVALID;
    *data = mset->data[i].data();
    *len = mset->data[i].size();
    return DX_OK;
}

dx_status_t
dx_mset_doc(dx_mset_t *mset, unsigned i, dx_doc_t **out)
{
    *out = nullptr;
    if (i >= mset->mset.size()) {
        mset->error = "hit index out of range";
        return DX_ERR_INVALID;
    }
    return guarded(mset->error, [&] {
        auto *d = new dx_doc;
        try {
            if (i < mset->docs.size()) {
                d->doc = mset->docs[i];
                d->doc.set_data(mset->data[i]);  /* as read with the search */
            } else {
                d->doc = mset->mset[i].get_document();
            }
        } catch (...) {
            delete d;
            throw;
        }
        *out = d;
    });
}

size_t
dx_mset_facet_count(const dx_mset_t *mset)
{
    return mset->facets.size();
}

const char *
dx_mset_facet(const dx_mset_t *mset, size_t i, unsigned *count)
{
    if (i >= mset->facets.size()) {
        *count = 0;
        return "";
    }
    *count = mset->facets[i].second;
    return mset->facets[i].first.c_str();
}

const char *
dx_mset_error(const dx_mset_t *mset)
{
    return mset->error.c_str();
}

dx_status_t
dx_mset_snippet(dx_mset_t *mset, const char *text, size_t len, size_t length,
                const char *hi_start, const char *hi_end, char **out)
{
    *out = nullptr;
    return guarded(mset->error, [&] {
        Xapian::Stem stem("english");
        std::string s = mset->mset.snippet(std::string(text, len), length, stem,
                                           Xapian::MSet::SNIPPET_EXHAUSTIVE,
                                           hi_start, hi_end, "...");
        *out = dup_string(s);
    });
}

dx_status_t
dx_db_expand(dx_db_t *db, const dx_docid_t *docids, size_t n, unsigned maxterms,
             dx_term_cb cb, void *ctx)
{
    return guarded_read(db->error, db, [&] {
        Xapian::Enquire enq(db->db);
        Xapian::RSet rset;
        for (size_t i = 0; i < n; i++)
            rset.add_document(docids[i]);
        struct NoPrefix : public Xapian::ExpandDecider {
            bool operator()(const std::string &t) const override {
                return !t.empty() && !(t[0] >= 'A' && t[0] <= 'Z');
            }
        } decider;
        Xapian::ESet eset = enq.get_eset(maxterms, rset, &decider);
        for (Xapian::ESetIterator e = eset.begin(); e != eset.end(); ++e) {
            const std::string &term = *e;
            double w = e.get_weight() * 1000.0;
            if (cb(term.data(), term.size(), w > 0 ? static_cast<unsigned>(w) : 0,
                   ctx))
                break;
        }
    });
}

} // extern "C"
