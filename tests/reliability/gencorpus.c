/*
 * gencorpus.c - write a synthetic corpus for the reliability tests.
 *
 *   gencorpus DIR NDOCS [SEED]
 *
 * Writes NDOCS documents under DIR (in folders of 100) in every format
 * Dossier reads: plain text with a dateline, Markdown with front matter,
 * HTML with a <title> and a date <meta>, and gzip-compressed text.  Words
 * come from a generated vocabulary with a skewed (Zipf-like) frequency, so
 * term statistics look like those of real prose; about one document in
 * fifty is much longer than the others.  The same arguments always give
 * the same bytes, and every file gets the same modification time.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <zlib.h>

#include "util/buf.h"

static uint64_t rng_state;

static uint64_t
rng(void)
{
    /* xorshift64* */
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 2685821657736338717ULL;
}

static unsigned
rnd(unsigned n)
{
    return (unsigned)(rng() % n);
}

#define VOCAB 4000
static char vocab[VOCAB][16];

static void
make_vocab(void)
{
    static const char *const syl[] = {
        "an", "ber", "cal", "dor", "en", "fis", "gal", "hem", "is", "jun",
        "kol", "lan", "mer", "nor", "o", "pol", "qua", "ren", "sta", "tor",
        "u", "vel", "wes", "xi", "yor", "zan", "ment", "tion", "ing", "ed",
    };
    size_t ns = sizeof syl / sizeof *syl;
    for (unsigned i = 0; i < VOCAB; i++) {
        vocab[i][0] = '\0';
        unsigned k = 1 + rnd(3);
        for (unsigned j = 0; j < k; j++)
            strcat(vocab[i], syl[rnd((unsigned)ns)]);
        /* Inflected forms share stems with other words. */
        if (i % 7 == 0)
            strcat(vocab[i], "s");
    }
}

/* A word, the frequent ones far more often (rank ~ 1/x). */
static const char *
word(void)
{
    double u = (double)(rng() >> 11) / 9007199254740992.0;
    unsigned i = (unsigned)((double)VOCAB * u * u * u);
    return vocab[i < VOCAB ? i : VOCAB - 1];
}

static void
sentence(buf_t *b)
{
    unsigned n = 5 + rnd(15);
    for (unsigned i = 0; i < n; i++) {
        const char *w = word();
        if (i == 0) {
            buf_putc(b, (char)(w[0] - 'a' + 'A'));
            buf_puts(b, w + 1);
        } else {
            buf_putc(b, ' ');
            buf_puts(b, w);
        }
        if (i + 1 < n && rnd(12) == 0)
            buf_putc(b, ',');
    }
    if (rnd(10) == 0) {
        static const char *const months[] = { "January", "March", "June", "September", "November" };
        buf_printf(b, " on %s %u, %u", months[rnd(5)], 1 + rnd(28), 1990 + rnd(30));
    }
    buf_puts(b, ". ");
}

static void
paragraphs(buf_t *b, unsigned n)
{
    for (unsigned p = 0; p < n; p++) {
        unsigned ns = 2 + rnd(6);
        for (unsigned s = 0; s < ns; s++)
            sentence(b);
        buf_puts(b, "\n\n");
    }
}

static void
mkdirs(const char *dir)
{
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s", dir);
    for (char *p = tmp + 1; *p; p++) {
        if (*p == '/') {
            *p = '\0';
            mkdir(tmp, 0777);
            *p = '/';
        }
    }
    mkdir(tmp, 0777);
}

static void
write_file(const char *path, const buf_t *b, int gz)
{
    if (gz) {
        gzFile f = gzopen(path, "wb9");
        if (!f || gzwrite(f, b->data, (unsigned)b->len) != (int)b->len || gzclose(f) != Z_OK) {
            fprintf(stderr, "gencorpus: %s: cannot write\n", path);
            exit(1);
        }
    } else {
        FILE *f = fopen(path, "wb");
        if (!f || fwrite(b->data, 1, b->len, f) != b->len || fclose(f) != 0) {
            fprintf(stderr, "gencorpus: %s: %s\n", path, strerror(errno));
            exit(1);
        }
    }
    /* A fixed modification time: two corpora from the same seed are the
     * same files. */
    struct timeval tv[2] = { { 1577836800, 0 }, { 1577836800, 0 } };
    utimes(path, tv);
}

int
main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: gencorpus DIR NDOCS [SEED]\n");
        return 2;
    }
    const char *dir = argv[1];
    unsigned long ndocs = strtoul(argv[2], NULL, 10);
    rng_state = argc > 3 ? strtoull(argv[3], NULL, 10) * 2654435761ULL + 1 : 88172645463325252ULL;
    if (rng_state == 0)
        rng_state = 1;
    make_vocab();

    buf_t b = BUF_INIT;
    buf_t title = BUF_INIT;
    for (unsigned long i = 0; i < ndocs; i++) {
        char sub[4096], path[4200];
        snprintf(sub, sizeof sub, "%s/set-%03lu", dir, i / 100);
        if (i % 100 == 0)
            mkdirs(sub);
        unsigned y = 1990 + rnd(30), m = 1 + rnd(12), d = 1 + rnd(28);
        unsigned npara = rnd(50) == 0 ? 40 + rnd(80) : 2 + rnd(10);
        buf_clear(&title);
        for (unsigned k = 0, n = 3 + rnd(5); k < n; k++) {
            if (k)
                buf_putc(&title, ' ');
            buf_puts(&title, word());
        }
        buf_clear(&b);
        int gz = 0;
        switch (i % 4) {
        case 0:
            snprintf(path, sizeof path, "%s/doc-%05lu.txt", sub, i);
            buf_printf(&b, "%s\n\n%04u-%02u-%02u\n\n", title.data, y, m, d);
            paragraphs(&b, npara);
            break;
        case 1:
            snprintf(path, sizeof path, "%s/doc-%05lu.md", sub, i);
            buf_printf(&b, "---\ntitle: %s\ndate: %04u-%02u-%02u\nauthor: %s %s\n---\n\n",
                       title.data, y, m, d, word(), word());
            paragraphs(&b, npara);
            break;
        case 2:
            snprintf(path, sizeof path, "%s/doc-%05lu.html", sub, i);
            buf_printf(&b, "<!DOCTYPE html>\n<html><head><title>%s</title>\n"
                           "<meta name=\"date\" content=\"%04u-%02u-%02u\"></head>\n<body>\n",
                       title.data, y, m, d);
            for (unsigned p = 0; p < npara; p++) {
                buf_puts(&b, "<p>");
                for (unsigned s = 0, ns = 2 + rnd(5); s < ns; s++)
                    sentence(&b);
                buf_puts(&b, "</p>\n");
            }
            buf_puts(&b, "</body></html>\n");
            break;
        default:
            snprintf(path, sizeof path, "%s/doc-%05lu.txt.gz", sub, i);
            buf_printf(&b, "%s\n\nWASHINGTON — %u/%u/%04u\n\n", title.data, m, d, y);
            paragraphs(&b, npara);
            gz = 1;
            break;
        }
        write_file(path, &b, gz);
    }
    buf_free(&b);
    buf_free(&title);
    return 0;
}
