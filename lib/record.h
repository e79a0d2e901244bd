/*
 * record.h - the document record stored as a Xapian document's data.
 *
 * Everything search needs to show a hit without touching the source file:
 * the metadata, the document's date and where it came from, the dates it
 * mentions, its passages (line and byte range) and its text.  The text
 * and passage table are deflate-compressed; the metadata is not, so that
 * listing results does not pay for decompression.
 *
 * Format (varints and length-prefixed strings as in util/buf.h):
 *
 *   "DR" version(1 byte)
 *   path title author type format encoding date_text   (strings)
 *   date(yyyymmdd) date_source mtime_sec mtime_nsec size
 *   checksum gzip nmentions {mention}                    (varints)
 *   npassages text_len                                   (varints)
 *   compressed_len compressed                            (zlib stream of
 *       the passage table {start_delta len line_delta} and the text,
 *       deflated with the index's preset dictionary when it has one:
 *       the stream then carries the dictionary's id)
 */
#ifndef DOSSIER_LIB_RECORD_H
#define DOSSIER_LIB_RECORD_H

#include <stddef.h>
#include <stdint.h>

#include "lib/zdict.h"
#include "util/buf.h"

typedef struct rec_passage {
    uint32_t start, end;   /* bytes of text */
    uint32_t line;         /* 1-based line in the source file */
} rec_passage_t;

typedef struct record {
    char *path;            /* stored path (see lib/schema.h) */
    char *title;           /* never NULL after decoding ("" if none) */
    char *author;
    char *type;
    char *format;          /* "text", "markdown", "html" */
    char *encoding;        /* how the source bytes were decoded */
    char *date_text;       /* the date as written in the source */
    int32_t date;          /* yyyymmdd, 0 if undated */
    unsigned date_source;  /* date_source_t */
    int64_t mtime_sec;
    uint32_t mtime_nsec;
    uint64_t size;         /* bytes of the file on disk */
    uint64_t checksum;     /* crc32 << 32 | adler32 of the file's bytes */
    int gzip;
    int32_t *mentions;     /* yyyymmdd, or yyyymm00 for a month */
    size_t nmentions;
    rec_passage_t *passages;  /* NULL unless decoded with REC_DECODE_TEXT */
    size_t npassages;      /* always set */
    char *text;            /* NULL unless REC_DECODE_TEXT; NUL-terminated */
    size_t text_len;       /* always set */
} record_t;

void record_init(record_t *r);
void record_free(record_t *r);

/* Is all that is known of r's date its year (from a file name such as
 * 1844_tyler.txt)?  Its date is then the year's January 1. */
int record_date_is_year(const record_t *r);

/* The document's date as it should be shown: "yyyy-mm-dd", only "yyyy"
 * when all that is known is a year from the file name (1844_tyler.txt is
 * dated 1844-01-01 for ranges and sorting), "" when undated.  Returns 1
 * for a year alone, else 0. */
int record_date_label(const record_t *r, char out[11]);

/* The title to show for r in a list of results: its title, or when it
 * has none its file's name (as Recoll and omega show an untitled file), or
 * "(untitled)".  Points into r; nothing to free. */
const char *record_display_title(const record_t *r);

/* Serialise r (with its passages and text) into out, deflating with the
 * preset dictionary dict (lib/zdict.h) unless it is NULL. */
void record_encode(const record_t *r, const zdict_t *dict, buf_t *out);

enum {
    REC_DECODE_META = 0,   /* metadata only */
    REC_DECODE_TEXT = 1,   /* also inflate passages and text */
    REC_DECODE_NOCHECK = 2 /* with TEXT: skip the Adler-32 of the
                            * inflated bytes (a tenth of showing passages);
                            * their sizes and passage table are still
                            * checked */
};

/* Decode data into r (which must be initialised; previous contents are
 * freed).  A text deflated with a preset dictionary is inflated with the
 * one lookup finds by its id (lookup may be NULL when no record needs
 * one).  Returns 0, or -1 if the data is not a valid record or its
 * dictionary cannot be found. */
int record_decode(const char *data, size_t len, int what, zdict_lookup_fn lookup,
                  void *ctx, record_t *r);

#endif
