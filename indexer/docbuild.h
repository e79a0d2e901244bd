/*
 * docbuild.h - from a file's bytes to a ready-to-store Xapian document.
 *
 * Everything here is a pure function of its inputs, so the indexer runs
 * it in worker threads: decode and parse the bytes, find the title, the
 * date and the mentioned dates, split passages, tokenise, and build the
 * Xapian document (terms, positions, values, record) through the binding.
 */
#ifndef DOSSIER_INDEXER_DOCBUILD_H
#define DOSSIER_INDEXER_DOCBUILD_H

#include <stddef.h>
#include <stdint.h>

#include "binding/dx.h"
#include "indexer/parse.h"
#include "lib/date.h"
#include "lib/zdict.h"
#include "util/buf.h"

typedef struct docbuild_in {
    const char *stored_path;    /* the document's key (lib/schema.h) */
    const char *name;           /* file name, for format and filename dates */
    doc_format_t format;
    const char *data;           /* the (decompressed) bytes */
    size_t len;
    uint64_t size;              /* bytes on disk */
    int64_t mtime_sec;
    uint32_t mtime_nsec;
    int64_t ctime_sec;          /* status change time, for sync */
    uint32_t ctime_nsec;
    uint64_t checksum;
    int gzip;
    date_order_t order;
    const zdict_t *zdict;       /* the record's deflate dictionary, or NULL */
} docbuild_in_t;

typedef struct docbuild_out {
    dx_doc_t *doc;              /* owned; NULL after a failure */
    buf_t idterm;               /* the document's unique term */
    /* Distinct plain words of the body with their counts, for the stem
     * map and the spelling data: "word\0" followed by a 4-byte count. */
    buf_t words;
    size_t nwords;
    size_t text_bytes;          /* bytes of text indexed */
    int32_t date;               /* the document's date, for reporting */
    unsigned date_source;
    const char *encoding;       /* static or owned by the caller's parse */
    int encoding_noteworthy;    /* not plain UTF-8: worth telling the user */
    char *encoding_note;        /* malloc'd: "windows-1252", ... */
    char *bad_date;             /* malloc'd: a front-matter or <meta> date
                                 * that is not a date, or NULL */
} docbuild_out_t;

void docbuild_out_init(docbuild_out_t *o);
void docbuild_out_free(docbuild_out_t *o);

/*
 * Build the document.  Returns 0, or -1 with a short reason (static
 * storage) when the bytes cannot be indexed (binary data, or no word in
 * the text, title or author).
 */
int docbuild(const docbuild_in_t *in, docbuild_out_t *out, const char **reason);

/* Would file names a and b give a document the same date?  (They do
 * unless one holds a date or a year the other does not.) */
int docbuild_same_name_dates(const char *a, const char *b);

/* The document's date by the documented precedence (see docbuild.c),
 * exposed for tests: fills *date, *source and date_text (malloc'd). */
void docbuild_pick_date(const parsed_doc_t *pd, const char *name,
                        int64_t mtime_sec, date_order_t order, int32_t *date,
                        unsigned *source, char **date_text);

/* Add the path terms of a stored path (XP, XD for every ancestor folder,
 * E); used again when a moved document is re-keyed.  tmp is scratch. */
void docbuild_path_terms(dx_doc_t *doc, const char *stored, buf_t *tmp);

/* The title by the documented precedence (malloc'd, "" if none). */
char *docbuild_pick_title(const parsed_doc_t *pd);

/* The words of a file's name, as the title of a document that has none
 * ("1863-11-19-gettysburg-address.txt" -> "gettysburg address"): no
 * extension, no date or number in front, separators made spaces.  NULL
 * when fewer than two letters are left.  Malloc'd. */
char *docbuild_name_title(const char *path);

#endif
