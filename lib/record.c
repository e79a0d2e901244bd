/*
 * record.c - the document record stored as a Xapian document's data.
 */
#include "lib/record.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "lib/date.h"
#include "util/xalloc.h"

#define REC_MAGIC0 'D'
#define REC_MAGIC1 'R'
#define REC_VERSION 1

void
record_init(record_t *r)
{
    memset(r, 0, sizeof *r);
}

void
record_free(record_t *r)
{
    free(r->path);
    free(r->title);
    free(r->author);
    free(r->type);
    free(r->format);
    free(r->encoding);
    free(r->date_text);
    free(r->mentions);
    free(r->passages);
    free(r->text);
    record_init(r);
}

static void
put_str(buf_t *b, const char *s)
{
    buf_put_bytes(b, s ? s : "", s ? strlen(s) : 0);
}

/* Deflate src with an optional preset dictionary into out (appended).
 * Returns the bytes written, 0 on failure. */
static size_t
deflate_with(const char *src, size_t len, const zdict_t *dict, buf_t *out)
{
    z_stream zs;
    memset(&zs, 0, sizeof zs);
    if (deflateInit(&zs, 6) != Z_OK)
        return 0;
    if (dict && dict->len &&
        deflateSetDictionary(&zs, (const Bytef *)dict->data, (uInt)dict->len) != Z_OK) {
        deflateEnd(&zs);
        return 0;
    }
    size_t cap = deflateBound(&zs, (uLong)len);
    buf_reserve(out, cap);
    zs.next_in = (Bytef *)(uintptr_t)src;
    zs.avail_in = (uInt)len;
    zs.next_out = (Bytef *)out->data + out->len;
    zs.avail_out = (uInt)cap;
    size_t n = 0;
    if (deflate(&zs, Z_FINISH) == Z_STREAM_END)
        n = zs.total_out;
    deflateEnd(&zs);
    return n;
}

/*
 * Inflate a zlib stream (RFC 1950) of at most cap bytes into a new buffer.
 * The header is read here and the deflate data inflated raw: a stream
 * that names a preset dictionary gets the one lookup finds by that id,
 * without zlib summing the 32 KB dictionary again for every record (a
 * tenth of showing passages).  check 0 also skips the Adler-32 of the
 * inflated bytes.  Returns the buffer, or NULL.
 */
static char *
inflate_with(const char *src, size_t len, size_t cap, zdict_lookup_fn lookup, void *ctx,
             int check, size_t *got)
{
    const unsigned char *s = (const unsigned char *)src;
    if (len < 6 || (s[0] & 0x0f) != Z_DEFLATED || (s[0] >> 4) > 7 ||
        ((unsigned)s[0] << 8 | s[1]) % 31 != 0)
        return NULL;
    size_t hdr = 2;
    const zdict_t *d = NULL;
    if (s[1] & 0x20) {
        uint32_t id = (uint32_t)s[2] << 24 | (uint32_t)s[3] << 16 | (uint32_t)s[4] << 8 | s[5];
        d = lookup ? lookup(ctx, id) : NULL;
        if (!d)
            return NULL;
        hdr = 6;
    }
    z_stream zs;
    memset(&zs, 0, sizeof zs);
    if (inflateInit2(&zs, -MAX_WBITS) != Z_OK)
        return NULL;
    if (d && inflateSetDictionary(&zs, (const Bytef *)d->data, (uInt)d->len) != Z_OK) {
        inflateEnd(&zs);
        return NULL;
    }
    char *raw = xmalloc(cap ? cap : 1);
    zs.next_in = (Bytef *)(uintptr_t)(s + hdr);
    zs.avail_in = (uInt)(len - hdr);
    zs.next_out = (Bytef *)raw;
    zs.avail_out = (uInt)cap;
    int rc = inflate(&zs, Z_FINISH);
    *got = zs.total_out;
    /* The Adler-32 of the inflated bytes follows the deflate data. */
    const unsigned char *tail = zs.next_in;
    int ok = rc == Z_STREAM_END && zs.avail_in >= 4;
    inflateEnd(&zs);
    if (ok && check) {
        uint32_t want = (uint32_t)tail[0] << 24 | (uint32_t)tail[1] << 16 |
                        (uint32_t)tail[2] << 8 | tail[3];
        ok = adler32(adler32(0L, Z_NULL, 0), (const Bytef *)raw, (uInt)*got) == want;
    }
    if (!ok) {
        free(raw);
        return NULL;
    }
    return raw;
}

void
record_encode(const record_t *r, const zdict_t *dict, buf_t *out)
{
    buf_clear(out);
    buf_putc(out, REC_MAGIC0);
    buf_putc(out, REC_MAGIC1);
    buf_putc(out, REC_VERSION);
    put_str(out, r->path);
    put_str(out, r->title);
    put_str(out, r->author);
    put_str(out, r->type);
    put_str(out, r->format);
    put_str(out, r->encoding);
    put_str(out, r->date_text);
    buf_put_varint(out, (uint64_t)(uint32_t)r->date);
    buf_put_varint(out, r->date_source);
    buf_put_varint(out, (uint64_t)r->mtime_sec);
    buf_put_varint(out, r->mtime_nsec);
    buf_put_varint(out, r->size);
    buf_put_varint(out, r->checksum);
    buf_put_varint(out, (uint64_t)(r->gzip != 0));
    buf_put_varint(out, r->nmentions);
    for (size_t i = 0; i < r->nmentions; i++)
        buf_put_varint(out, (uint64_t)(uint32_t)r->mentions[i]);
    buf_put_varint(out, r->npassages);
    buf_put_varint(out, r->text_len);

    /* The passage table (delta-coded) followed by the text, deflated. */
    buf_t raw = BUF_INIT;
    uint32_t prev_end = 0, prev_line = 1;
    for (size_t i = 0; i < r->npassages; i++) {
        const rec_passage_t *p = &r->passages[i];
        buf_put_varint(&raw, p->start >= prev_end ? p->start - prev_end : 0);
        buf_put_varint(&raw, p->end - p->start);
        buf_put_varint(&raw, p->line >= prev_line ? p->line - prev_line : 0);
        prev_end = p->end;
        prev_line = p->line;
    }
    buf_append(&raw, r->text ? r->text : "", r->text_len);

    buf_t z = BUF_INIT;
    /* Failure cannot happen with deflateBound; 0 keeps the record valid. */
    size_t clen = deflate_with(buf_cstr(&raw), raw.len, dict, &z);
    buf_put_varint(out, clen);
    buf_append(out, z.data, clen);
    buf_free(&z);
    buf_free(&raw);
}

int
record_decode(const char *data, size_t len, int what, zdict_lookup_fn lookup, void *ctx,
              record_t *r)
{
    record_free(r);
    if (len < 3 || data[0] != REC_MAGIC0 || data[1] != REC_MAGIC1 ||
        data[2] != REC_VERSION)
        return -1;
    bufreader_t rd;
    bufreader_init(&rd, data + 3, len - 3);
    r->path = bufreader_strdup(&rd);
    r->title = bufreader_strdup(&rd);
    r->author = bufreader_strdup(&rd);
    r->type = bufreader_strdup(&rd);
    r->format = bufreader_strdup(&rd);
    r->encoding = bufreader_strdup(&rd);
    r->date_text = bufreader_strdup(&rd);
    r->date = (int32_t)(uint32_t)bufreader_varint(&rd);
    r->date_source = (unsigned)bufreader_varint(&rd);
    r->mtime_sec = (int64_t)bufreader_varint(&rd);
    r->mtime_nsec = (uint32_t)bufreader_varint(&rd);
    r->size = bufreader_varint(&rd);
    r->checksum = bufreader_varint(&rd);
    r->gzip = (int)bufreader_varint(&rd);
    uint64_t nm = bufreader_varint(&rd);
    if (rd.bad || nm > len)
        goto bad;
    r->nmentions = (size_t)nm;
    r->mentions = xcalloc(r->nmentions ? r->nmentions : 1, sizeof *r->mentions);
    for (size_t i = 0; i < r->nmentions; i++)
        r->mentions[i] = (int32_t)(uint32_t)bufreader_varint(&rd);
    uint64_t np = bufreader_varint(&rd);
    uint64_t tl = bufreader_varint(&rd);
    size_t clen;
    const char *comp = bufreader_bytes(&rd, &clen);
    if (rd.bad || np > (uint64_t)1 << 28 || tl > (uint64_t)1 << 34)
        goto bad;
    r->npassages = (size_t)np;
    r->text_len = (size_t)tl;
    if (what & REC_DECODE_TEXT) {
        /* The passage table takes at least 3 bytes a passage and at most
         * 3 varints of 5 bytes.  deflate never expands more than 1032 to
         * 1, so sizes the compressed bytes cannot hold are damage, not an
         * amount of memory to ask for. */
        uint64_t most = (uint64_t)clen * 1032 + 64;
        if ((uint64_t)r->text_len + (uint64_t)r->npassages * 3 > most)
            goto bad;
        uint64_t cap = (uint64_t)r->text_len + (uint64_t)r->npassages * 15 + 1;
        size_t rawcap = (size_t)(cap < most + 1 ? cap : most + 1);
        size_t rawlen = 0;
        char *raw = inflate_with(comp, clen, rawcap, lookup, ctx,
                                 !(what & REC_DECODE_NOCHECK), &rawlen);
        if (!raw)
            goto bad;
        bufreader_t pr;
        bufreader_init(&pr, raw, rawlen);
        r->passages = xcalloc(r->npassages ? r->npassages : 1, sizeof *r->passages);
        uint32_t prev_end = 0, prev_line = 1;
        for (size_t i = 0; i < r->npassages; i++) {
            rec_passage_t *p = &r->passages[i];
            p->start = prev_end + (uint32_t)bufreader_varint(&pr);
            p->end = p->start + (uint32_t)bufreader_varint(&pr);
            p->line = prev_line + (uint32_t)bufreader_varint(&pr);
            prev_end = p->end;
            prev_line = p->line;
            if (p->end > r->text_len || p->start > p->end)
                pr.bad = 1;
        }
        size_t used = (size_t)(pr.p - (const unsigned char *)raw);
        if (pr.bad || rawlen - used != r->text_len) {
            free(raw);
            goto bad;
        }
        r->text = xmalloc(r->text_len + 1);
        memcpy(r->text, raw + used, r->text_len);
        r->text[r->text_len] = '\0';
        free(raw);
    }
    return 0;
bad:
    record_free(r);
    return -1;
}

int
record_date_is_year(const record_t *r)
{
    return r->date && r->date_source == DATE_SRC_FILENAME && r->date % 10000 == 101 &&
           r->date_text && date_from_filename(r->date_text) == 0;
}

int
record_date_label(const record_t *r, char out[11])
{
    out[0] = '\0';
    if (!r->date)
        return 0;
    if (record_date_is_year(r)) {
        snprintf(out, 11, "%04d", (int)(r->date / 10000));
        return 1;
    }
    date_format(r->date, out);
    return 0;
}

const char *
record_display_title(const record_t *r)
{
    if (r->title && *r->title)
        return r->title;
    if (r->path && *r->path) {
        const char *base = strrchr(r->path, '/');
        base = base ? base + 1 : r->path;
        if (*base)
            return base;
    }
    return "(untitled)";
}
