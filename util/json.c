/*
 * json.c - writing JSON.
 */
#include "util/json.h"

#include <math.h>
#include <string.h>

#include "util/utf8.h"

void
json_str(buf_t *b, const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    buf_reserve(b, n + 2);
    buf_putc(b, '"');
    for (size_t i = 0; i < n;) {
        unsigned char c = p[i];
        if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
            size_t j = i;
            while (j < n && p[j] >= 0x20 && p[j] < 0x80 && p[j] != '"' && p[j] != '\\')
                j++;
            buf_append(b, p + i, j - i);
            i = j;
            continue;
        }
        switch (c) {
        case '"': buf_puts(b, "\\\""); i++; continue;
        case '\\': buf_puts(b, "\\\\"); i++; continue;
        case '\n': buf_puts(b, "\\n"); i++; continue;
        case '\r': buf_puts(b, "\\r"); i++; continue;
        case '\t': buf_puts(b, "\\t"); i++; continue;
        default: break;
        }
        if (c < 0x20 || c == 0x7f) {
            buf_printf(b, "\\u%04x", c);
            i++;
            continue;
        }
        uint32_t cp;
        int k = utf8_decode(p + i, n - i, &cp);
        if (k < 0) {
            buf_puts(b, "\\ufffd");
            i++;
        } else {
            buf_append(b, p + i, (size_t)k);
            i += (size_t)k;
        }
    }
    buf_putc(b, '"');
}

void
json_cstr(buf_t *b, const char *s)
{
    if (!s)
        buf_puts(b, "null");
    else
        json_str(b, s, strlen(s));
}

void
json_key(buf_t *b, const char *key)
{
    json_cstr(b, key);
    buf_putc(b, ':');
}

void
json_int(buf_t *b, int64_t v)
{
    buf_printf(b, "%lld", (long long)v);
}

void
json_num(buf_t *b, double v)
{
    if (!isfinite(v))
        buf_puts(b, "null");
    else
        buf_printf(b, "%.6g", v);
}

void
json_sep(buf_t *b, int *first)
{
    if (!*first)
        buf_putc(b, ',');
    *first = 0;
}
