/*
 * msg.c - messages to the user on stderr.
 */
#include "util/msg.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "util/utf8.h"

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int progress_shown;

void
msg_escape(buf_t *b, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s);
    /* A name that is empty, or starts or ends with a space, would not be
     * seen in "dossier: NAME: reason": quote it. */
    int quote = n == 0 || p[0] == ' ' || p[n - 1] == ' ';
    if (quote)
        buf_putc(b, '\'');
    for (size_t i = 0; i < n;) {
        unsigned char c = p[i];
        if (c == '\n') {
            buf_puts(b, "\\n");
            i++;
        } else if (c == '\t') {
            buf_puts(b, "\\t");
            i++;
        } else if (c == '\\') {
            buf_puts(b, "\\\\");
            i++;
        } else if (c < 0x20 || c == 0x7f) {
            buf_printf(b, "\\x%02x", c);
            i++;
        } else if (c < 0x80) {
            buf_putc(b, (char)c);
            i++;
        } else {
            uint32_t cp;
            int k = utf8_decode(p + i, n - i, &cp);
            if (k < 0) {
                buf_printf(b, "\\x%02x", c);
                i++;
            } else {
                buf_append(b, p + i, (size_t)k);
                i += (size_t)k;
            }
        }
    }
    if (quote)
        buf_putc(b, '\'');
}

const char *
msg_path(const char *s)
{
    static _Thread_local char out[4096];
    buf_t b = BUF_INIT;
    msg_escape(&b, s);
    size_t n = b.len < sizeof out - 1 ? b.len : sizeof out - 1;
    memcpy(out, buf_cstr(&b), n);
    out[n] = '\0';
    buf_free(&b);
    return out;
}

static void
clear_progress(void)
{
    if (progress_shown) {
        fputs("\r\033[K", stderr);
        progress_shown = 0;
    }
}

static int quiet;

void
msg_set_quiet(int q)
{
    quiet = q;
}

int
msg_quiet(void)
{
    return quiet;
}

static void
vmsg(const char *kind, const char *path, const char *fmt, va_list ap)
{
    buf_t b = BUF_INIT;
    buf_puts(&b, "dossier: ");
    if (kind)
        buf_puts(&b, kind);
    if (path) {
        msg_escape(&b, path);
        buf_puts(&b, ": ");
    }
    size_t text = b.len;
    buf_vprintf(&b, fmt, ap);
    if (quiet && ((kind && strcmp(kind, "note: ") == 0) ||
                  (path && strncmp(b.data + text, "note:", 5) == 0))) {
        buf_free(&b);
        return;
    }
    /* One line, whatever the message holds. */
    for (size_t i = 0; i < b.len; i++)
        if (b.data[i] == '\n' || b.data[i] == '\r')
            b.data[i] = ' ';
    buf_putc(&b, '\n');
    pthread_mutex_lock(&lock);
    clear_progress();
    fwrite(b.data, 1, b.len, stderr);
    fflush(stderr);
    pthread_mutex_unlock(&lock);
    buf_free(&b);
}

void
msg_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vmsg(NULL, NULL, fmt, ap);
    va_end(ap);
}

void
msg_warn(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vmsg("warning: ", NULL, fmt, ap);
    va_end(ap);
}

void
msg_note(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vmsg("note: ", NULL, fmt, ap);
    va_end(ap);
}

void
msg_file(const char *path, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vmsg(NULL, path, fmt, ap);
    va_end(ap);
}

void
msg_progress(const char *fmt, ...)
{
    va_list ap;
    buf_t b = BUF_INIT;
    va_start(ap, fmt);
    buf_vprintf(&b, fmt, ap);
    va_end(ap);
    pthread_mutex_lock(&lock);
    fputs("\r\033[K", stderr);
    fwrite(b.data ? b.data : "", 1, b.len, stderr);
    fflush(stderr);
    progress_shown = 1;
    pthread_mutex_unlock(&lock);
    buf_free(&b);
}

void
msg_progress_done(void)
{
    pthread_mutex_lock(&lock);
    clear_progress();
    fflush(stderr);
    pthread_mutex_unlock(&lock);
}
