/*
 * utf8.c - decoding and encoding UTF-8.
 */
#include "util/utf8.h"

int
utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
    unsigned char c = s[0];
    uint32_t v, min;
    int len;

    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if (c < 0xC2)
        goto bad;  /* continuation byte or overlong 2-byte lead */
    if (c < 0xE0) {
        len = 2;
        v = c & 0x1F;
        min = 0x80;
    } else if (c < 0xF0) {
        len = 3;
        v = c & 0x0F;
        min = 0x800;
    } else if (c < 0xF5) {
        len = 4;
        v = c & 0x07;
        min = 0x10000;
    } else {
        goto bad;
    }
    if ((size_t)len > n)
        goto bad;
    for (int i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            goto bad;
        v = (v << 6) | (s[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        goto bad;
    *cp = v;
    return len;
bad:
    *cp = UTF8_REPLACEMENT;
    return -1;
}

size_t
utf8_encode(uint32_t cp, char *out)
{
    unsigned char *o = (unsigned char *)out;
    if (cp < 0x80) {
        o[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (unsigned char)(0xC0 | (cp >> 6));
        o[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        cp = UTF8_REPLACEMENT;
    if (cp < 0x10000) {
        o[0] = (unsigned char)(0xE0 | (cp >> 12));
        o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (unsigned char)(0xF0 | (cp >> 18));
    o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

size_t
utf8_invalid_count(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0, bad = 0;
    while (i < n) {
        if (p[i] < 0x80) {
            i++;
            continue;
        }
        uint32_t cp;
        int k = utf8_decode(p + i, n - i, &cp);
        if (k < 0) {
            bad++;
            i++;
        } else {
            i += (size_t)k;
        }
    }
    return bad;
}

size_t
utf8_clip(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = n;
    /* Step back over at most three continuation bytes. */
    while (i > 0 && n - i < 3 && (p[i - 1] & 0xC0) == 0x80)
        i--;
    if (i > 0 && p[i - 1] >= 0xC0) {
        uint32_t cp;
        int k = utf8_decode(p + i - 1, n - (i - 1), &cp);
        if (k > 0 && (size_t)k == n - (i - 1))
            return n;  /* the last sequence is complete */
        return i - 1;
    }
    return n;
}

size_t
utf8_control_len(const char *s, size_t n)
{
    unsigned char c = (unsigned char)s[0];
    if (c < 0x20 || c == 0x7F)
        return 1;
    if (c == 0xC2 && n >= 2 && (unsigned char)s[1] >= 0x80 && (unsigned char)s[1] <= 0x9F)
        return 2;
    return 0;
}
