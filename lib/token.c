/*
 * token.c - normalising and splitting text into terms (see token.h).
 *
 * The hot path is ASCII: one table lookup per byte.  Other code points
 * are decoded and classified through fold(), which knows the Latin
 * letters with diacritics, ligatures, apostrophes, ignorable characters
 * and ideographs, and asks Xapian's Unicode tables about the rest.
 */
#include "lib/token.h"

#include <pthread.h>
#include <string.h>

#include "binding/dx.h"
#include "util/utf8.h"

/* ASCII classes. */
enum {
    C_SEP = 0,    /* separates words */
    C_LOWER,      /* a-z */
    C_UPPER,      /* A-Z */
    C_DIGIT,      /* 0-9 */
    C_APOS,       /* ' */
    C_DOT,        /* . */
    C_COMMA,      /* , */
    C_AMP,        /* & */
    C_HIGH        /* a byte >= 0x80: decode */
};

static unsigned char ascii_class[256];

static void
init_classes(void)
{
    for (int c = 0; c < 256; c++) {
        unsigned char k = C_SEP;
        if (c >= 'a' && c <= 'z')
            k = C_LOWER;
        else if (c >= 'A' && c <= 'Z')
            k = C_UPPER;
        else if (c >= '0' && c <= '9')
            k = C_DIGIT;
        else if (c == '\'')
            k = C_APOS;
        else if (c == '.')
            k = C_DOT;
        else if (c == ',')
            k = C_COMMA;
        else if (c == '&')
            k = C_AMP;
        else if (c >= 0x80)
            k = C_HIGH;
        ascii_class[c] = k;
    }
}

/* Latin-1 Supplement letters U+00C0..U+00FF folded to ASCII; '*' marks
 * the two non-letters (multiplication and division signs), digits mark
 * multi-letter foldings (see multi[]). */
static const char latin1_fold[64] =
    "aaaaaa1ceeeeiiii" "dnooooo*ouuuuy25"
    "aaaaaa1ceeeeiiii" "dnooooo*ouuuuy2y";
/* Latin Extended-A U+0100..U+017F. */
static const char latin_ext_a_fold[128] =
    "aaaaaacccccccc" "dddd" "eeeeeeeeee" "gggggggg" "hhhh" "iiiiiiiiii"
    "33" "jj" "kkk" "llllllllll" "nnnnnnnnn" "oooooo" "44" "rrrrrr"
    "ssssssss" "tttttt" "uuuuuuuuuuuu" "ww" "yyy" "zzzzzz" "s";
static const char *const multi[] = { NULL, "ae", "th", "ij", "oe", "ss" };

/* What fold() says about a code point. */
enum fold_kind {
    F_SEP,        /* separator */
    F_WORD,       /* word character: folded text in out */
    F_IGNORE,     /* invisible inside a word: soft hyphen, ZW joiners */
    F_MARK,       /* combining mark: dropped from term, kept in exact */
    F_APOS,       /* apostrophe-like */
    F_HYPHEN,     /* hyphen or dash */
    F_IDEOGRAPH   /* a word on its own */
};

typedef struct folded {
    char out[8];        /* folded bytes (ASCII or UTF-8) */
    size_t n;
    char lower[8];      /* lower-case form with diacritics (exact) */
    size_t nlower;
    int accent;         /* out differs from lower beyond case */
    int alpha, digit;
} folded_t;

static int
is_ideograph(uint32_t cp)
{
    return (cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
           (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
           (cp >= 0x20000 && cp <= 0x2FFFF);
}

static void
set_ascii(folded_t *f, const char *s)
{
    f->n = strlen(s);
    memcpy(f->out, s, f->n);
    f->alpha = 1;
}

uint32_t
tok_fold_char(uint32_t cp)
{
    if (cp < 0x80)
        return (cp >= 'A' && cp <= 'Z') ? cp + 32 : cp;
    if (cp >= 0xC0 && cp <= 0xFF) {
        char c = latin1_fold[cp - 0xC0];
        if (c == '*')
            return cp;
        if (c >= '1' && c <= '5')
            return (unsigned char)multi[c - '0'][0];
        return (unsigned char)c;
    }
    if (cp >= 0x100 && cp <= 0x17F) {
        char c = latin_ext_a_fold[cp - 0x100];
        if (c >= '1' && c <= '5')
            return (unsigned char)multi[c - '0'][0];
        return (unsigned char)c;
    }
    return dx_unicode_tolower(cp);
}

static enum fold_kind
fold(uint32_t cp, folded_t *f)
{
    f->n = f->nlower = 0;
    f->accent = f->alpha = f->digit = 0;

    switch (cp) {
    case 0x2018: case 0x2019: case 0x201B: case 0x02BC: case 0x2032:
        return F_APOS;
    case 0x00AD: case 0x200B: case 0x200C: case 0x200D: case 0x2060:
    case 0xFEFF:
        return F_IGNORE;
    case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014:
    case 0x2015: case 0x2212: case 0xFE63: case 0xFF0D:
        return F_HYPHEN;
    case 0x00D7: case 0x00F7:
        return F_SEP;
    default:
        break;
    }
    if (cp >= 0x0300 && cp <= 0x036F) {
        f->nlower = utf8_encode(cp, f->lower);
        return F_MARK;
    }
    /* The lower-case form with diacritics, for exact terms. */
    uint32_t lower = dx_unicode_tolower(cp);
    f->nlower = utf8_encode(lower, f->lower);

    if (cp >= 0xC0 && cp <= 0xFF) {
        char c = latin1_fold[cp - 0xC0];
        if (c >= '1' && c <= '5')
            set_ascii(f, multi[c - '0']);
        else
            set_ascii(f, (char[]){ c, 0 });
        f->accent = 1;
        return F_WORD;
    }
    if (cp >= 0x100 && cp <= 0x17F) {
        char c = latin_ext_a_fold[cp - 0x100];
        if (c >= '1' && c <= '5')
            set_ascii(f, multi[c - '0']);
        else
            set_ascii(f, (char[]){ c, 0 });
        f->accent = 1;
        return F_WORD;
    }
    if (cp >= 0x218 && cp <= 0x21B) {  /* Romanian ș ț */
        set_ascii(f, cp < 0x21A ? "s" : "t");
        f->accent = 1;
        return F_WORD;
    }
    if (cp >= 0xFB00 && cp <= 0xFB06) {  /* ligatures */
        static const char *const lig[] = { "ff", "fi", "fl", "ffi", "ffl", "st", "st" };
        set_ascii(f, lig[cp - 0xFB00]);
        memcpy(f->lower, f->out, f->n);  /* the exact form is the letters */
        f->nlower = f->n;
        return F_WORD;
    }
    if (cp >= 0xFF10 && cp <= 0xFF19) {  /* full-width digits */
        f->out[0] = (char)('0' + (cp - 0xFF10));
        f->n = 1;
        memcpy(f->lower, f->out, 1);
        f->nlower = 1;
        f->digit = 1;
        return F_WORD;
    }
    if ((cp >= 0xFF21 && cp <= 0xFF3A) || (cp >= 0xFF41 && cp <= 0xFF5A)) {
        uint32_t base = cp >= 0xFF41 ? cp - 0xFF41 : cp - 0xFF21;
        f->out[0] = (char)('a' + base);
        f->n = 1;
        memcpy(f->lower, f->out, 1);
        f->nlower = 1;
        f->alpha = 1;
        return F_WORD;
    }
    if (is_ideograph(cp)) {
        f->n = utf8_encode(cp, f->out);
        memcpy(f->lower, f->out, f->n);
        f->nlower = f->n;
        f->alpha = 1;
        return F_IDEOGRAPH;
    }
    if (cp == '_' || !dx_unicode_is_wordchar(cp))
        return F_SEP;
    int cat = dx_unicode_category(cp);
    /* Xapian's categories: 6..8 are the marks (non-spacing, enclosing,
     * spacing combining); 9..11 the numbers. */
    if (cat >= 6 && cat <= 8)
        return F_MARK;
    f->n = utf8_encode(lower, f->out);
    if (cat >= 9 && cat <= 11)
        f->digit = 1;
    else
        f->alpha = 1;
    return F_WORD;
}

void
tok_init(tokenizer_t *t, const char *text, size_t len)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, init_classes);
    t->s = (const unsigned char *)text;
    t->n = len;
    t->pos = 0;
    t->prev_end = (size_t)-1;
}

/* Peek at the code point at i: its class as far as words care, and its
 * length.  ASCII is answered from the table. */
static enum fold_kind
peek(const tokenizer_t *t, size_t i, folded_t *f, int *len, unsigned char *acls)
{
    unsigned char c = t->s[i];
    unsigned char k = ascii_class[c];
    *acls = k;
    if (k != C_HIGH) {
        *len = 1;
        f->n = f->nlower = 0;
        f->accent = 0;
        f->alpha = (k == C_LOWER || k == C_UPPER);
        f->digit = (k == C_DIGIT);
        if (f->alpha || f->digit) {
            f->out[0] = (char)(k == C_UPPER ? c + 32 : c);
            f->lower[0] = f->out[0];
            f->n = f->nlower = 1;
            return F_WORD;
        }
        if (k == C_APOS)
            return F_APOS;
        if (c == '-')
            return F_HYPHEN;
        return F_SEP;
    }
    uint32_t cp;
    int n = utf8_decode(t->s + i, t->n - i, &cp);
    if (n < 0) {
        *len = 1;
        return F_SEP;
    }
    *len = n;
    return fold(cp, f);
}

/* Is the code point at i a word character (letter or digit)? */
static int
word_at(const tokenizer_t *t, size_t i, int *is_alpha, int *is_digit)
{
    folded_t f;
    int len;
    unsigned char k;
    if (i >= t->n)
        return 0;
    enum fold_kind kind = peek(t, i, &f, &len, &k);
    if (is_alpha)
        *is_alpha = f.alpha;
    if (is_digit)
        *is_digit = f.digit;
    return kind == F_WORD;
}

int
tok_is_plain_word(const char *term, size_t len)
{
    if (len == 0)
        return 0;
    for (size_t i = 0; i < len; i++) {
        char c = term[i];
        if (!((c >= 'a' && c <= 'z') || c == '\''))
            return 0;
    }
    return 1;
}

int
tok_next(tokenizer_t *t, token_t *tok)
{
    folded_t f;
    int len;
    unsigned char acls;

    while (t->pos < t->n) {
        /* Skip to the start of a word. */
        size_t i = t->pos;
        enum fold_kind kind = F_SEP;
        while (i < t->n) {
            /* ASCII punctuation and space, the commonest bytes, skipped
             * without peek(). */
            unsigned char k0 = ascii_class[t->s[i]];
            if (k0 != C_HIGH && k0 != C_LOWER && k0 != C_UPPER && k0 != C_DIGIT) {
                i++;
                continue;
            }
            kind = peek(t, i, &f, &len, &acls);
            if (kind == F_WORD || kind == F_IDEOGRAPH)
                break;
            i += (size_t)len;
        }
        if (i >= t->n) {
            t->pos = t->n;
            return 0;
        }

        size_t start = i;
        size_t n = 0, ne = 0;
        int accent = 0, too_long = 0;
        int seg = 0;            /* letters in the current dot segment */
        int last_digit = 0;
        unsigned flags = 0;

        if (kind == F_IDEOGRAPH) {
            memcpy(tok->term, f.out, f.n);
            n = f.n;
            memcpy(tok->exact, f.out, f.n);
            ne = f.n;
            i += (size_t)len;
            flags |= TOKEN_HAS_ALPHA;
            goto done;
        }

        while (i < t->n) {
            /* ASCII letters and digits: what peek() and the F_WORD case
             * below would do for them, a byte at a time. */
            unsigned char c = t->s[i], k = ascii_class[c];
            if (k == C_LOWER || k == C_UPPER || k == C_DIGIT) {
                if (n + 1 <= TOKEN_MAX && ne + 1 <= sizeof tok->exact - 1) {
                    char o = (char)(k == C_UPPER ? c + 32 : c);
                    tok->term[n++] = o;
                    tok->exact[ne++] = o;
                } else {
                    too_long = 1;
                }
                flags |= k == C_DIGIT ? TOKEN_HAS_DIGIT : TOKEN_HAS_ALPHA;
                seg = k == C_DIGIT ? 0 : seg + 1;
                last_digit = k == C_DIGIT;
                i++;
                continue;
            }
            kind = peek(t, i, &f, &len, &acls);
            if (kind == F_WORD) {
                if (n + f.n <= TOKEN_MAX && ne + f.nlower <= sizeof tok->exact - 1) {
                    memcpy(tok->term + n, f.out, f.n);
                    n += f.n;
                    memcpy(tok->exact + ne, f.lower, f.nlower);
                    ne += f.nlower;
                } else {
                    too_long = 1;
                }
                accent |= f.accent;
                if (f.alpha)
                    flags |= TOKEN_HAS_ALPHA;
                if (f.digit)
                    flags |= TOKEN_HAS_DIGIT;
                seg = f.alpha ? seg + 1 : 0;
                last_digit = f.digit;
                i += (size_t)len;
                continue;
            }
            if (kind == F_IGNORE) {
                i += (size_t)len;
                continue;
            }
            if (kind == F_MARK) {
                if (ne + f.nlower <= sizeof tok->exact - 1) {
                    memcpy(tok->exact + ne, f.lower, f.nlower);
                    ne += f.nlower;
                }
                accent = 1;
                i += (size_t)len;
                continue;
            }
            if (kind == F_IDEOGRAPH)
                break;
            /* Joiners: look at what follows. */
            size_t next = i + (size_t)len;
            int na = 0, nd = 0;
            if (kind == F_APOS && word_at(t, next, &na, &nd)) {
                if (n + 1 <= TOKEN_MAX) {
                    tok->term[n++] = '\'';
                    tok->exact[ne++] = '\'';
                }
                seg = 0;
                last_digit = 0;
                i = next;
                continue;
            }
            if (acls == C_DOT && word_at(t, next, &na, &nd)) {
                if (last_digit && nd) {              /* 3.5 */
                    if (n + 1 <= TOKEN_MAX) {
                        tok->term[n++] = '.';
                        tok->exact[ne++] = '.';
                    }
                    seg = 0;
                    i = next;
                    continue;
                }
                if (seg == 1 && na) {                /* U.S.A. */
                    /* Only if the next segment is one letter too. */
                    size_t after = next + 1;
                    int aa = 0;
                    if (t->s[next] < 0x80 && !word_at(t, after, &aa, NULL)) {
                        seg = 0;
                        i = next;
                        continue;
                    }
                }
                break;
            }
            if (acls == C_COMMA && last_digit && word_at(t, next, &na, &nd) && nd &&
                next + 3 <= t->n) {
                /* 1,000: exactly three digits follow the comma. */
                int ok = 1;
                for (size_t k = next; k < next + 3; k++)
                    if (t->s[k] < '0' || t->s[k] > '9')
                        ok = 0;
                if (ok && next + 3 < t->n && t->s[next + 3] >= '0' && t->s[next + 3] <= '9')
                    ok = 0;
                if (ok) {
                    i = next;
                    continue;
                }
            }
            if (acls == C_AMP && seg > 0 && word_at(t, next, &na, &nd) && na) {
                if (n + 1 <= TOKEN_MAX) {
                    tok->term[n++] = '&';
                    tok->exact[ne++] = '&';
                }
                seg = 0;
                i = next;
                continue;
            }
            break;
        }
        /* A possessive 's or a trailing apostrophe is dropped. */
        if (n >= 2 && tok->term[n - 2] == '\'' && tok->term[n - 1] == 's') {
            n -= 2;
            ne -= 2;
        }
        while (n > 0 && tok->term[n - 1] == '\'') {
            n--;
            ne--;
        }
        /* A final apostrophe that stood before a non-word, as in
         * "senators’ letter": the word ends before it. */
        t->pos = i;
        if (n == 0 || too_long)
            continue;
    done:
        /* Joined to the previous word by a hyphen? */
        if (t->prev_end != (size_t)-1 && start > t->prev_end) {
            size_t gap = start - t->prev_end;
            const unsigned char *g = t->s + t->prev_end;
            if ((gap == 1 && g[0] == '-') ||
                (gap == 3 && g[0] == 0xE2 && g[1] == 0x80 && (g[2] == 0x90 || g[2] == 0x91)))
                flags |= TOKEN_AFTER_HYPHEN;
        }
        t->pos = i;
        t->prev_end = i;
        tok->start = start;
        tok->end = i;
        tok->term[n] = '\0';
        tok->len = n;
        if (accent && (ne != n || memcmp(tok->exact, tok->term, n) != 0)) {
            tok->exact[ne] = '\0';
            tok->exact_len = ne;
        } else {
            tok->exact[0] = '\0';
            tok->exact_len = 0;
        }
        tok->flags = flags;
        return 1;
    }
    return 0;
}
