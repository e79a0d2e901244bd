/*
 * schema.h - the layout of a Dossier index.
 *
 * A Dossier index is a Xapian database.  The indexer writes, and the
 * search side reads, exactly what is described here; change both sides
 * together and bump SCHEMA_VERSION when the meaning of anything changes.
 *
 * Terms (the inverted index)
 * --------------------------
 *   word         Body text, normalised by lib/token.h (lower case, accents
 *                and ligatures folded, curly apostrophes straightened,
 *                possessive 's dropped), with positions: phrases and
 *                proximity run on these.  No stemmed terms are indexed;
 *                stemming is done at query time through the stem map
 *                (see below), which halves the work of indexing.
 *   word (exact) When a word's accented lower-case form differs from its
 *                folded form ("café" / "cafe"), the accented form is
 *                indexed too, at the same position, so a quoted "café"
 *                can ask for it exactly.
 *   S word       Title words, with positions (title:).
 *   A word       Author words, with positions (author:).
 *   XT type      Document type, lower case, boolean (type:).
 *   XP path      The document's stored path, boolean (path:).
 *   XD dir       Every ancestor directory of the stored path, boolean (dir:).
 *   E ext        File extension, lower case, without ".gz", boolean (ext:).
 *   XY yyyy      The year of the document's date, and XY yyyymm its
 *                month, boolean: a date filter of whole years or months
 *                is an OR of these, far cheaper for Xapian to intersect
 *                than a range over SLOT_DATE (schema 2 and later).  A
 *                date known only as a year (1844_tyler.txt) has no month
 *                term but XY "y" (DATE_TERM_YEAR_ONLY), and no SLOT_MONTH:
 *                a date filter that holds part of its year matches it
 *                too (its SLOT_DATE is the year's January 1).
 *   XM yyyymmdd  A day mentioned in the text; XM yyyymm a month mentioned
 *                without a day (mentions:).  Boolean.
 *   Q key        The document's unique id: its stored path.  Paths whose
 *                term would pass Xapian's term length limit are hashed
 *                ("Q#" + 16 hex digits); the same rule applies to XP/XD.
 *
 * Values
 * ------
 *   SLOT_DATE    "yyyymmdd" of the document's date (absent if none).
 *   SLOT_YEAR    "yyyy" (facets by year).
 *   SLOT_MONTH   "yyyy-mm" (facets by month).
 *   SLOT_SYNC    What incremental sync and stats need without opening the
 *                record: varint size, varint mtime seconds, varint mtime
 *                nanoseconds, varint checksum, varint number of passages,
 *                then the stored path, then (since the flags were kept)
 *                a NUL and one byte of SYNC_* flags, then (with
 *                SYNC_CTIME) varint ctime seconds and nanoseconds.
 *
 * Document data
 * -------------
 *   The document record (lib/record.h): metadata, passages and the text,
 *   the latter two deflate-compressed.
 *
 * Metadata (user metadata of the database)
 * ----------------------------------------
 *   dossier:schema      SCHEMA_VERSION as decimal text, set in each shard
 *                       while it is empty: a shard that says 2 or more
 *                       has the XY terms on every document; the search
 *                       side uses them only when every shard does.
 *   dossier:roots       The folders added so far, one per line (stored
 *                       form: relative to the index base, or absolute);
 *                       `dossier update` re-syncs them.
 *   dossier:excluded    Paths under a root that 'remove' took out, one per
 *                       line: walking a root skips them until they are
 *                       added again by name.
 *   dossier:failed      Files that could not be indexed, one per line:
 *                       "size mtime_sec mtime_nsec ctime_sec ctime_nsec
 *                       max_size<TAB>path<TAB>reason"; not read again
 *                       until one of the numbers changes (ctime: a chmod
 *                       too; max_size: the run's --max-size in bytes).
 *   dossier:date-order  "mdy" or "dmy": how numeric dates were read.
 *   dossier:follow      "1" once 'add --follow' was given: every later run
 *                       follows symbolic links out of the corpus too, so
 *                       what they led to stays indexed and up to date
 *                       ('add --no-follow' sets "0").
 *   dossier:zdict       The preset dictionary the records' text is
 *                       deflated with (lib/zdict.h): set in every local
 *                       shard by the first run that adds 64 KB of files,
 *                       never changed.  Records written while an index
 *                       had none are deflated without one.
 *   stem:STEM           The raw words in this database whose English
 *                       Snowball stem is STEM, separated by spaces.  The
 *                       search side reads it from every shard to expand a
 *                       word into all its inflections (OP_SYNONYM).
 *
 * Paths
 * -----
 *   A document's stored path is relative to the index base (the folder
 *   that holds the index directory) when the file is under it, and
 *   absolute otherwise.
 */
#ifndef DOSSIER_LIB_SCHEMA_H
#define DOSSIER_LIB_SCHEMA_H

#define SCHEMA_VERSION 2
/* The first schema whose documents all carry PREFIX_DATE terms. */
#define SCHEMA_DATE_TERMS 2

/* Term prefixes.  None may begin another: code tells a term's kind by its
 * prefix alone (a path may start with a capital: "QPress/a.txt"). */
#define PREFIX_TITLE "S"
#define PREFIX_AUTHOR "A"
#define PREFIX_TYPE "XT"
#define PREFIX_PATH "XP"
#define PREFIX_DIR "XD"
#define PREFIX_EXT "E"
#define PREFIX_MENTION "XM"
#define PREFIX_DATE "XY"
#define DATE_TERM_YEAR_ONLY "y"
#define PREFIX_ID "Q"

enum schema_slot {
    SLOT_DATE = 0,
    SLOT_YEAR = 1,
    SLOT_MONTH = 2,
    SLOT_SYNC = 3
};

/* SLOT_SYNC flags: the document's date came from the file's modification
 * time (so a new mtime alone changes the document). */
#define SYNC_DATE_FROM_MTIME 1
/* The value ends with the file's status change time: a file is unchanged
 * only if that is unchanged too (a rename, or an edit whose mtime was set
 * back, moves it). */
#define SYNC_CTIME 2

#define META_SCHEMA "dossier:schema"
#define META_ROOTS "dossier:roots"
#define META_DATE_ORDER "dossier:date-order"
#define META_EXCLUDED "dossier:excluded"
#define META_FAILED "dossier:failed"
#define META_ZDICT "dossier:zdict"
#define META_FOLLOW "dossier:follow"
#define META_STEM_PREFIX "stem:"

/* Xapian refuses terms longer than 245 bytes; keys longer than this are
 * hashed. */
#define SCHEMA_MAX_KEY_TERM 200

/* Position gap between the fields and passages of a document, so that
 * neither a phrase nor a proximity query (at most QUERY_NEAR_MAX words
 * apart, search/query.h; search/build.c keeps Xapian's window below the
 * gap) matches across two passages.  A wider gap costs index space:
 * Xapian stores a document's last position of each term as a varint and
 * codes the others in the span they cover, so going from 2048 to 256
 * took 7% off the position table.  (Indexes made with a gap of 8, before
 * 2048, let NEAR/9 and wider reach across paragraphs until their
 * documents are indexed again; those made with 2048 are fine.) */
#define SCHEMA_PASSAGE_GAP 256

#endif
