/*
 * parse.h - turning a file's bytes into text, metadata and blocks.
 *
 * A parser takes the bytes of one document (already decompressed) and
 * produces a parsed_doc_t: the document's text in UTF-8, exactly as it
 * will be stored in the index and shown in passages (original quotes,
 * case and accents), the metadata the format carries, and the document's
 * blocks (paragraphs) with the source line on which each begins.
 *
 * The text is the original for plain text and Markdown (decoded to UTF-8);
 * for HTML it is the extracted text (tags, scripts and styles dropped,
 * entities decoded, one block per paragraph-level element).
 */
#ifndef DOSSIER_INDEXER_PARSE_H
#define DOSSIER_INDEXER_PARSE_H

#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

typedef enum doc_format {
    DOC_FORMAT_UNKNOWN = 0,
    DOC_FORMAT_TEXT,
    DOC_FORMAT_MARKDOWN,
    DOC_FORMAT_HTML
} doc_format_t;

/* A paragraph-like run of text: text[start, end) began on source line
 * `line` (1-based) of the original file. */
typedef struct doc_block {
    size_t start, end;
    uint32_t line;
} doc_block_t;

typedef struct parsed_doc {
    doc_format_t format;
    buf_t text;                /* UTF-8, NUL-terminated */
    doc_block_t *blocks;       /* in text order, non-overlapping */
    size_t nblocks, capblocks;
    /* Metadata found in the document itself (front matter, <title>,
     * <meta>); malloc'd UTF-8 or NULL. */
    char *title;
    char *author;
    char *type;
    char *date;                /* the date as written, e.g. "2017-03-03" */
    int header_in_text;        /* plain text: the metadata came from a
                                * block of "Key: value" lines at its top,
                                * which the text still holds */
    /* How the bytes were decoded: "utf-8", "utf-8+bom", "windows-1252",
     * "utf-8 with N invalid bytes replaced" (static or owned; see
     * encoding_owned). */
    const char *encoding;
    char *encoding_owned;
    size_t invalid_bytes;      /* bytes that were not valid UTF-8 */
} parsed_doc_t;

/* A first run of "Key: value" lines at the top of t (plain text, and
 * Markdown with no front matter, as MultiMarkdown writes metadata): its
 * known keys fill d's title, date, author and type, and set
 * header_in_text.  See indexer/text.c. */
void parse_key_header(parsed_doc_t *d, const unsigned char *t, size_t n);

/* Is k[0, n) one of the keys parse_key_header() reads ("Title",
 * "President", ...; any case)? */
int parse_header_key(const char *k, size_t n);

void parsed_doc_init(parsed_doc_t *d);
void parsed_doc_free(parsed_doc_t *d);
void parsed_doc_add_block(parsed_doc_t *d, size_t start, size_t end,
                          uint32_t line);

/*
 * The format of a file from its name (".txt", no extension -> TEXT; ".md",
 * ".markdown" -> MARKDOWN; ".html", ".htm", ".xhtml" -> HTML; a trailing
 * ".gz" is looked through: "a.html.gz" is HTML).  UNKNOWN for anything
 * else (".pdf", ".png", ".docx"...): such files are skipped, not failed.
 */
doc_format_t parse_format_from_name(const char *name);

/* "text", "markdown", "html" ("unknown" for DOC_FORMAT_UNKNOWN). */
const char *parse_format_name(doc_format_t f);

/*
 * The format of bytes whose name says nothing (standard input): HTML if
 * they start with markup such as "<!DOCTYPE html" or "<html", else TEXT.
 * parse_document() uses it when given DOC_FORMAT_UNKNOWN.
 */
doc_format_t parse_format_sniff(const char *data, size_t len);

/*
 * Decide whether bytes look like a binary file rather than text: NUL
 * bytes, or a large share of control characters in the first few KB.
 * Returns a reason ("contains NUL bytes", ...) or NULL for text.
 */
const char *parse_binary_reason(const char *data, size_t len);

/*
 * Decide whether bytes hold no text at all: "empty file" for no bytes,
 * "no text" for white space only (ASCII white space, no-break and other
 * Unicode spaces), after a byte-order mark (UTF-8, or UTF-16 whose code
 * units are all white space).  NULL when there is text (or the bytes are
 * binary: see parse_binary_reason).  Stops at the first byte of text, so
 * it costs nothing on a real document.
 */
const char *parse_blank_reason(const char *data, size_t len);

/*
 * Parse a document.  The bytes are decoded first (parse_decode), then
 * handed to the format's parser.  Returns 0, or -1 with *reason set to a
 * static string when the bytes cannot be a document of that format (binary
 * data).  An empty document parses successfully into empty text.
 * out is initialised here (it need not be beforehand; free it with
 * parsed_doc_free() after either result).  DOC_FORMAT_UNKNOWN means
 * "sniff the bytes" (parse_format_sniff).
 */
int parse_document(doc_format_t format, const char *data, size_t len,
                   parsed_doc_t *out, const char **reason);

/*
 * Decode bytes to UTF-8 into out->text and set out->encoding: UTF-8 with
 * or without a BOM (BOM dropped); if the bytes are not valid UTF-8 and look
 * like Windows-1252/Latin-1 (high bytes that are not UTF-8 sequences,
 * plausibly text), transcoded from Windows-1252; otherwise invalid bytes
 * are replaced with U+FFFD and counted.  NUL bytes never reach the text.
 * UTF-16 with a BOM is decoded too ("utf-16le", "utf-16be").  Line ends
 * are normalised as HTML does: CR LF and a lone CR become LF, so the
 * parsers count lines on LF alone.  out->invalid_bytes counts the bytes
 * replaced with U+FFFD (for Windows-1252, its five undefined bytes).
 */
void parse_decode(const char *data, size_t len, parsed_doc_t *out);

/* The same, for a document that declares its charset (an HTML <meta
 * charset>, see html_declared_charset()): bytes that are not valid UTF-8
 * are read in the declared charset, through iconv, when it is one iconv
 * knows and not Windows-1252 or Latin-1 (which parse_decode() reads);
 * the encoding is then the declared name. */
void parse_decode_declared(const char *data, size_t len, const char *charset,
                           parsed_doc_t *out);

/* The charset an HTML document declares in its first 1024 bytes (<meta
 * charset>, <meta http-equiv="Content-Type" content="...; charset=X">, or
 * <?xml encoding="X"?>), lower case, into out; 0 if none. */
int html_declared_charset(const char *data, size_t len, char *out, size_t outsz);

/* The format parsers, on text already decoded into d->text (they may
 * rewrite d->text, e.g. HTML replaces it with the extracted text). */
void parse_text(parsed_doc_t *d);
void parse_markdown(parsed_doc_t *d);
void parse_html(parsed_doc_t *d);

#endif
