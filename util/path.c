/*
 * path.c - file name arithmetic.
 */
#include "util/path.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "util/buf.h"
#include "util/xalloc.h"

char *
path_join(const char *a, const char *b)
{
    if (b[0] == '/' || a[0] == '\0')
        return xstrdup(b);
    size_t la = strlen(a);
    if (la && a[la - 1] == '/')
        return xasprintf("%s%s", a, b);
    return xasprintf("%s/%s", a, b);
}

char *
path_normalize(const char *p)
{
    int absolute = p[0] == '/';
    size_t n = strlen(p);
    char *copy = xstrndup(p, n);
    /* Component stack. */
    char **parts = xmalloc((n / 2 + 2) * sizeof *parts);
    size_t np = 0;
    char *save = NULL;
    for (char *c = strtok_r(copy, "/", &save); c; c = strtok_r(NULL, "/", &save)) {
        if (strcmp(c, ".") == 0)
            continue;
        if (strcmp(c, "..") == 0) {
            if (np > 0 && strcmp(parts[np - 1], "..") != 0) {
                np--;
                continue;
            }
            if (absolute)
                continue;  /* "/.." is "/" */
        }
        parts[np++] = c;
    }
    buf_t b = BUF_INIT;
    if (absolute)
        buf_putc(&b, '/');
    for (size_t i = 0; i < np; i++) {
        if (i)
            buf_putc(&b, '/');
        buf_puts(&b, parts[i]);
    }
    if (b.len == 0)
        buf_putc(&b, '.');
    free(parts);
    free(copy);
    return buf_detach(&b, NULL);
}

char *
path_absolute(const char *p)
{
    if (p[0] == '/')
        return path_normalize(p);
    char *cwd = getcwd(NULL, 0);
    if (!cwd)
        cwd = xstrdup("/");
    char *j = path_join(cwd, p);
    char *r = path_normalize(j);
    free(j);
    free(cwd);
    return r;
}

const char *
path_under(const char *p, const char *dir)
{
    size_t n = strlen(dir);
    if (strcmp(dir, "/") == 0)
        return p[0] == '/' ? p + 1 : NULL;
    if (strncmp(p, dir, n) != 0)
        return NULL;
    if (p[n] == '\0')
        return p + n;
    if (p[n] == '/')
        return p + n + 1;
    return NULL;
}

char *
path_dirname(const char *p)
{
    const char *slash = strrchr(p, '/');
    if (!slash)
        return xstrdup(".");
    if (slash == p)
        return xstrdup("/");
    return xstrndup(p, (size_t)(slash - p));
}

const char *
path_basename(const char *p)
{
    const char *slash = strrchr(p, '/');
    return slash ? slash + 1 : p;
}

void
path_extension(const char *p, char out[16])
{
    const char *base = path_basename(p);
    size_t n = strlen(base);
    out[0] = '\0';
    if (n > 3 && strcasecmp(base + n - 3, ".gz") == 0)
        n -= 3;
    size_t dot = n;
    while (dot > 0 && base[dot - 1] != '.')
        dot--;
    if (dot <= 1 || dot == n)  /* no dot, a leading dot only, or "a." */
        return;
    size_t len = n - dot;
    if (len > 15)
        return;
    for (size_t i = 0; i < len; i++)
        out[i] = (char)tolower((unsigned char)base[dot + i]);
    out[len] = '\0';
}

int
path_has_hidden_component(const char *p)
{
    if (p[0] == '.' && p[1] != '/' && p[1] != '\0' && !(p[1] == '.' && (p[2] == '/' || !p[2])))
        return 1;
    for (const char *s = strchr(p, '/'); s; s = strchr(s + 1, '/'))
        if (s[1] == '.' && s[2] != '/' && s[2] != '\0' && !(s[2] == '.' && (s[3] == '/' || !s[3])))
            return 1;
    return 0;
}

char *
path_relative_to(const char *p, const char *dir)
{
    const char *rel = path_under(p, dir);
    if (!rel)
        return xstrdup(p);
    return xstrdup(*rel ? rel : ".");
}
