/*
 * parse.c - the forgiving query parser (see query.h).
 *
 * The syntax is Xapian's QueryParser syntax, which users of notmuch,
 * Recoll and omega know, with AND as the default operator:
 *
 *   words            all of them (stemmed: sanction finds sanctions)
 *   "a phrase"       straight or curly quotes; one quoted word is exact
 *   Jong-un  US-ROK  hyphenated words are phrases
 *   a OR b, a AND b, a NOT b, a XOR b, NOT a, +a, -a, ( )
 *   a NEAR b, a NEAR/5 b, a ADJ/5 b (in order), "a b"~5, NEAR(a b, 5),
 *   NEAR/5(a b)
 *                    "within N words": positions differ by at most N
 *   sanction*        words starting with "sanction"
 *   title: author: type: path: dir: ext:      fields
 *   date: year: mentions:                     dates (search/datequery.h)
 *
 * AND, OR and NOT are recognised in any case; XOR, and NEAR and ADJ
 * without a distance, only in capitals ("near east", "near term" are
 * words; near/5 is an operator).  No operator is, in a natural-language
 * query: five or more plain words (with a function word such as "the",
 * "of", "what" if and/or/not are among them), with no operator in capitals, no
 * fields, wildcards or +/- marks (quoted phrases may stand among them, and
 * stay phrases).  There "and", "or" and "not" are ordinary (stop) words,
 * so "why do cells not divide" keeps "divide", and parentheses are
 * punctuation: "use of chlorothiazide (diuril) in children" is a question
 * with an aside, not a group.
 *
 * The parser never fails.  A dangling or doubled operator, a lone '+' or
 * '-', empty parentheses, an unbalanced quote or parenthesis, an
 * unreadable date, a proximity distance that is not a number or out of
 * range, or a stray ':' is dropped or repaired, and each repair adds one
 * warning (one line) that says what was ignored and how the query was
 * read.  Operators are settled before the grammar runs
 * (settle_operators()), so that the grammar only meets operators it can
 * apply.
 */
#include "search/query.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/schema.h"
#include "lib/token.h"
#include "search/datequery.h"
#include "util/utf8.h"
#include "util/xalloc.h"

#define NATURAL_MIN_WORDS 5

/* ---- Tree helpers ----------------------------------------------------- */

qnode_t *
qnode_new(qkind_t kind)
{
    qnode_t *n = xcalloc(1, sizeof *n);
    n->kind = kind;
    n->prefix = "";
    return n;
}

void
qnode_add(qnode_t *parent, qnode_t *kid)
{
    if (!kid)
        return;
    parent->kids = xgrow(parent->kids, &parent->capkids, parent->nkids + 1,
                         sizeof *parent->kids);
    parent->kids[parent->nkids++] = kid;
}

void
qnode_free(qnode_t *n)
{
    if (!n)
        return;
    for (size_t i = 0; i < n->nwords; i++) {
        free(n->words[i].term);
        free(n->words[i].exact);
    }
    free(n->words);
    for (size_t i = 0; i < n->nkids; i++)
        qnode_free(n->kids[i]);
    free(n->kids);
    free(n->term);
    free(n->label);
    free(n);
}

int
qnode_is_filter(const qnode_t *n)
{
    switch (n->kind) {
    case Q_DATE:
    case Q_MENTIONS:
    case Q_BOOLEAN:
        return 1;
    case Q_WILDCARD:
        /* path: prefixes and patterns: paths, as dir: */
        return n->prefix && strcmp(n->prefix, PREFIX_PATH) == 0;
    case Q_AND:
    case Q_OR:
        for (size_t i = 0; i < n->nkids; i++)
            if (!qnode_is_filter(n->kids[i]))
                return 0;
        return n->nkids > 0;
    default:
        return 0;
    }
}

static void
add_word(qnode_t *n, const token_t *t)
{
    n->words = xrealloc(n->words, (n->nwords + 1) * sizeof *n->words);
    n->words[n->nwords].term = xstrndup(t->term, t->len);
    n->words[n->nwords].exact = t->exact_len ? xstrndup(t->exact, t->exact_len) : NULL;
    n->nwords++;
}

/* ---- Stop words ----------------------------------------------------------- */

static const char *const stopwords[] = {
    "a", "about", "above", "after", "again", "against", "all", "am", "an",
    "and", "any", "are", "as", "at", "be", "because", "been", "before",
    "being", "below", "between", "both", "but", "by", "can", "could", "did",
    "do", "does", "doing", "down", "during", "each", "few", "for", "from",
    "further", "had", "has", "have", "having", "he", "her", "here", "hers",
    "herself", "him", "himself", "his", "how", "i", "if", "in", "into", "is",
    "it", "its", "itself", "just", "me", "more", "most", "my", "myself", "no",
    "nor", "not", "now", "of", "off", "on", "once", "only", "or", "other",
    "our", "ours", "ourselves", "out", "over", "own", "same", "she", "should",
    "so", "some", "such", "than", "that", "the", "their", "theirs", "them",
    "themselves", "then", "there", "these", "they", "this", "those", "through",
    "to", "too", "under", "until", "up", "very", "was", "we", "were", "what",
    "when", "where", "which", "while", "who", "whom", "why", "will", "with",
    "would", "you", "your", "yours", "yourself", "yourselves",
};

int
query_is_stopword(const char *term, size_t len)
{
    size_t lo = 0, hi = sizeof stopwords / sizeof *stopwords;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strncmp(stopwords[mid], term, len);
        if (c == 0 && stopwords[mid][len] != '\0')
            c = 1;
        if (c == 0)
            return 1;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}

/* ---- Lexer ------------------------------------------------------------------ */

typedef enum lex_type {
    L_WORD,
    L_QUOTED,     /* text: the inside of the quotes */
    L_LPAREN,
    L_RPAREN,
    L_AND,
    L_OR,
    L_NOT,
    L_XOR,
    L_NEAR,       /* num: distance, adj: ordered */
    L_MARK,       /* a '+', '-' or '!' with no word after it (mark) */
    L_EOF
} lex_type_t;

typedef struct lex {
    lex_type_t type;
    char *text;        /* L_WORD, L_QUOTED */
    int num;           /* L_NEAR distance; L_QUOTED ~N slop (-1 none) */
    int badnum;        /* L_NEAR, L_QUOTED: a distance that is not a
                        * number (num is then the default) */
    char *form;        /* L_NEAR: as typed, the name in capitals
                        * ("NEAR/3"); L_QUOTED: the "~N" after it */
    int adj;           /* L_NEAR: ordered (ADJ) */
    int glued;         /* no white space before this token */
    int mark;          /* '+', '-' or '!' (as '-') before a word, quote
                        * or paren; 0 */
    int upper;         /* operator written in capitals */
    int unclosed;      /* L_QUOTED without its closing quote */
    int said;          /* what stood just before it was dropped with a
                        * warning (an operator, a lone mark) */
    double boost;      /* L_WORD, L_QUOTED: Lucene's ^N after it (0) */
} lex_t;

typedef struct parser {
    lex_t *toks;
    size_t n, pos, cap;
    const query_opts_t *opts;
    query_t *q;
    int natural;
    int all_asked;           /* an explicit AND, or quoted words */
    int depth;               /* parentheses open around the parse */
    size_t nwarned;          /* warn() calls so far (duplicates included) */
} parser_t;

/* Parentheses nested deeper than this are ignored (with a warning): the
 * parser recurses on them, and a query must never exhaust the stack. */
#define PARSE_MAX_DEPTH 100
/* Words, operators and parentheses read from a query; the rest is
 * ignored (with a warning).  Xapian's matcher slows down faster than
 * linearly with the number of terms: 20,000 ORed words take seconds. */
#define PARSE_MAX_TOKENS 1000

static void
warn(parser_t *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
query_vwarn(query_t *q, const char *fmt, va_list ap)
{
    buf_t b = BUF_INIT;
    buf_vprintf(&b, fmt, ap);
    /* One line each, whatever the query held (a quoted value may hold a
     * line break); the same repair twice is said once. */
    char *w = buf_detach(&b, NULL);
    for (char *c = w; *c; c++)
        if ((unsigned char)*c < 0x20 || *c == 0x7F)
            *c = ' ';
    for (size_t i = 0; i < q->nwarnings; i++) {
        if (strcmp(q->warnings[i], w) == 0) {
            free(w);
            return;
        }
    }
    q->warnings = xrealloc(q->warnings, (q->nwarnings + 1) * sizeof *q->warnings);
    q->warnings[q->nwarnings++] = w;
}

void
query_warn(query_t *q, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    query_vwarn(q, fmt, ap);
    va_end(ap);
}

static void
warn(parser_t *p, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    p->nwarned++;
    query_vwarn(p->q, fmt, ap);
    va_end(ap);
}

/* The length of an opening or closing quote at s (0 if none). */
static size_t
quote_at(const unsigned char *s, size_t n, int *closing_only)
{
    *closing_only = 0;
    if (n >= 1 && s[0] == '"')
        return 1;
    if (n >= 3 && s[0] == 0xE2 && s[1] == 0x80) {
        if (s[2] == 0x9C || s[2] == 0x9E)   /* “ „ */
            return 3;
        if (s[2] == 0x9D) {                  /* ” */
            *closing_only = 1;
            return 3;
        }
    }
    return 0;
}

static int
is_space_at(const unsigned char *s, size_t n, size_t *len)
{
    if (n >= 1 && (s[0] == ' ' || s[0] == '\t' || s[0] == '\n' || s[0] == '\r')) {
        *len = 1;
        return 1;
    }
    if (n >= 2 && s[0] == 0xC2 && s[1] == 0xA0) {   /* no-break space */
        *len = 2;
        return 1;
    }
    if (n >= 3 && s[0] == 0xE2 && s[1] == 0x80 && s[2] >= 0x80 && s[2] <= 0x8A) {
        *len = 3;                                    /* U+2000..U+200A */
        return 1;
    }
    return 0;
}

static lex_t *
push(parser_t *p, lex_type_t type)
{
    p->toks = xgrow(p->toks, &p->cap, p->n + 1, sizeof *p->toks);
    lex_t *t = &p->toks[p->n++];
    memset(t, 0, sizeof *t);
    t->type = type;
    t->num = -1;
    return t;
}

/* Classify a bare word: operator or plain word. */
static void
classify_word(lex_t *t)
{
    const char *w = t->text;
    int upper = 1;
    for (const char *c = w; *c; c++)
        if (islower((unsigned char)*c))
            upper = 0;
    t->upper = upper;
    if (strcasecmp(w, "AND") == 0 || strcmp(w, "&&") == 0)
        t->type = L_AND;
    else if (strcasecmp(w, "OR") == 0 || strcmp(w, "||") == 0)
        t->type = L_OR;
    else if (strcasecmp(w, "NOT") == 0)
        t->type = L_NOT;
    else if (strcasecmp(w, "XOR") == 0 && upper)
        t->type = L_XOR;      /* "xor" in lower case is a word */
    else if (strncasecmp(w, "NEAR", 4) == 0 || strncasecmp(w, "ADJ", 3) == 0) {
        int adj = (w[0] == 'a' || w[0] == 'A');
        size_t plen = adj ? 3 : 4;
        const char *rest = w + plen;
        /* The name decides: NEAR and NEAR/x are operators, near and
         * Near/x are words; with a distance, near/5 is one too. */
        int name_upper = 1;
        for (size_t k = 0; k < plen; k++)
            if (islower((unsigned char)w[k]))
                name_upper = 0;
        if (*rest == '\0') {
            /* Bare, only in capitals: "near east", "near term" and
             * "adj" in lower case are words. */
            if (name_upper) {
                t->type = L_NEAR;
                t->num = QUERY_NEAR_DEFAULT;
            }
        } else if (*rest == '/' && rest[1] >= '0' && rest[1] <= '9') {
            char *end;
            long v = strtol(rest + 1, &end, 10);
            if (*end == '\0') {
                /* Too far is lowered (with a warning) when parsed. */
                if (v > QUERY_NEAR_MAX || v < 0)
                    v = QUERY_NEAR_MAX + 1;
                t->type = L_NEAR;
                t->num = (int)v;
            } else if (name_upper) {
                t->type = L_NEAR;
                t->badnum = 1;
            }
        } else if (*rest == '/' && name_upper) {
            /* NEAR/x, NEAR/: an operator without a usable distance (in
             * lower case, near/far stays two words). */
            t->type = L_NEAR;
            t->badnum = 1;
        }
        if (t->type == L_NEAR) {
            t->adj = adj;
            t->upper = name_upper;
            if (t->badnum)
                t->num = QUERY_NEAR_DEFAULT;
            t->form = xasprintf("%s%s", adj ? "ADJ" : "NEAR", rest);
        }
    }
    if (t->type != L_WORD) {
        free(t->text);
        t->text = NULL;
    }
}

/* A '+' or '-' that turned out to have no word after it. */
static void
push_mark(parser_t *p, int *mark)
{
    if (*mark) {
        push(p, L_MARK)->mark = *mark;
        *mark = 0;
    }
}

/* The end of a word or of a ~N at s[j]: white space, a quote or a
 * parenthesis. */
static int
word_ends_at(const unsigned char *s, size_t n, size_t j)
{
    int co;
    size_t k;
    return is_space_at(s + j, n - j, &k) || quote_at(s + j, n - j, &co) || s[j] == '(' ||
           s[j] == ')';
}

/* Lucene's boost glued to the end of a word or phrase, "^2" or "^0.5" at
 * s[0, len): 1 and *v, or 0 if it is not one.  A factor out of range is
 * dropped with a warning (*v = 0). */
static int
boost_at(parser_t *p, const char *s, size_t len, double *v)
{
    *v = 0;
    /* What looks like a number after the '^' (-1, .5, 1e2 too) is a
     * boost, right or wrong; "^abc" stays text. */
    if (len < 2 || s[0] != '^' || !strchr("0123456789.-+", s[1]))
        return 0;
    char num[32];
    snprintf(num, sizeof num, "%.*s", (int)(len - 1 > 30 ? 30 : len - 1), s + 1);
    char *end;
    double f = strtod(num, &end);
    if (*end != '\0' || len - 1 > 30 || !(f > 0 && f <= 100))
        warn(p, "ignored '%.*s': a boost is a factor above 0, at most 100", (int)len, s);
    else
        *v = f;
    return 1;
}

static void
lex(parser_t *p, const char *text)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t n = strlen(text), i = 0;
    int glued = 0;
    int mark = 0;
    while (i < n) {
        size_t sl;
        if (p->n >= PARSE_MAX_TOKENS) {
            warn(p, "the query is too long: ignored what follows its first %d words "
                 "and operators", PARSE_MAX_TOKENS);
            break;
        }
        if (is_space_at(s + i, n - i, &sl)) {
            i += sl;
            glued = 0;
            push_mark(p, &mark);
            continue;
        }
        int closing_only;
        size_t ql = quote_at(s + i, n - i, &closing_only);
        if (ql) {
            /* A phrase runs to the next quote of any kind. */
            size_t j = i + ql, end = n;
            size_t cl = 0;
            while (j < n) {
                int co;
                size_t k = quote_at(s + j, n - j, &co);
                if (k) {
                    end = j;
                    cl = k;
                    break;
                }
                j++;
            }
            if (cl == 0 && closing_only) {
                /* A closing quote with no phrase to close: punctuation. */
                warn(p, "ignored a stray closing quote");
                push_mark(p, &mark);
                i += ql;
                glued = 0;
                continue;
            }
            lex_t *t = push(p, L_QUOTED);
            t->text = xstrndup((const char *)s + i + ql, end - (i + ql));
            t->glued = glued;
            t->mark = mark;
            mark = 0;
            t->unclosed = (cl == 0);
            i = cl ? end + cl : n;
            /* Lucene's "a b"~N: what is glued to the '~' is its distance,
             * a number or not (then the default, with a warning). */
            if (i < n && s[i] == '~') {
                size_t k = i + 1;
                while (k < n && !word_ends_at(s, n, k) && s[k] != '^')
                    k++;
                t->form = xstrndup((const char *)s + i, k - i);
                size_t digits = strspn(t->form + 1, "0123456789");
                if (digits > 0 && digits == k - i - 1) {
                    int v = 0;
                    for (size_t d = 1; d <= digits; d++)
                        if (v <= QUERY_NEAR_MAX)
                            v = v * 10 + (t->form[d] - '0');
                    t->num = v;
                } else {
                    t->num = QUERY_NEAR_DEFAULT;
                    t->badnum = 1;
                }
                i = k;
            }
            if (i < n && s[i] == '^') {
                size_t k = i + 1;
                while (k < n && !word_ends_at(s, n, k))
                    k++;
                if (boost_at(p, (const char *)s + i, k - i, &t->boost))
                    i = k;
            }
            glued = 1;
            continue;
        }
        if (s[i] == '(' || s[i] == ')') {
            if (s[i] == ')')
                push_mark(p, &mark);
            lex_t *t = push(p, s[i] == '(' ? L_LPAREN : L_RPAREN);
            t->glued = glued;
            if (s[i] == '(') {
                t->mark = mark;
                mark = 0;
            }
            i++;
            if (t->type == L_RPAREN && i < n && s[i] == '^') {
                /* (a OR b)^2: the group's weight */
                size_t k = i + 1;
                while (k < n && !word_ends_at(s, n, k))
                    k++;
                if (boost_at(p, (const char *)s + i, k - i, &t->boost))
                    i = k;
            }
            glued = 1;
            continue;
        }
        /* A mark starts a word, also just inside a '(': (-a b). */
        if ((s[i] == '+' || s[i] == '-' || s[i] == '!') &&
            (!glued || (i > 0 && s[i - 1] == '(')) && !mark) {
            /* Lucene's !word is -word (the mark is kept as typed, for
             * messages). */
            mark = s[i];
            i++;
            glued = 1;
            continue;
        }
        /* A word: up to white space, a quote or a parenthesis; "&&" and
         * "||" are operators even glued to words (a&&b). */
        size_t j = i;
        if (j + 1 < n && ((s[j] == '&' && s[j + 1] == '&') || (s[j] == '|' && s[j + 1] == '|')))
            j += 2;
        else
            while (j < n && !word_ends_at(s, n, j) &&
                   !(j + 1 < n && ((s[j] == '&' && s[j + 1] == '&') ||
                                   (s[j] == '|' && s[j + 1] == '|'))))
                j++;
        lex_t *t = push(p, L_WORD);
        size_t wend = j;
        const unsigned char *caret = memchr(s + i, '^', j - i);
        while (caret) {
            const unsigned char *next = memchr(caret + 1, '^', (size_t)(s + j - caret - 1));
            if (!next)
                break;
            caret = next;
        }
        if (caret && caret > s + i &&
            boost_at(p, (const char *)caret, (size_t)(s + j - caret), &t->boost))
            wend = (size_t)(caret - s);
        t->text = xstrndup((const char *)s + i, wend - i);
        t->glued = glued;
        t->mark = mark;
        mark = 0;
        /* NEAR(...) is a word that starts a call, not an operator. */
        if (!t->mark && !(j < n && s[j] == '('))
            classify_word(t);
        i = j;
        glued = 1;
    }
    push_mark(p, &mark);
    push(p, L_EOF);
}

/* Is w the name of a NEAR call, glued to its '(': NEAR, ADJ, or with a
 * distance, NEAR/5 and ADJ/5 (any case)?  Sets *adj, and *dist to the
 * distance: -1 if none, -2 if not a number (NEAR/x: in capitals only, as
 * near/far in lower case is words). */
static int
near_call_name(const char *w, int *adj, long *dist)
{
    size_t plen = strncasecmp(w, "NEAR", 4) == 0 ? 4 : strncasecmp(w, "ADJ", 3) == 0 ? 3 : 0;
    if (!plen)
        return 0;
    *adj = plen == 3;
    *dist = -1;
    const char *rest = w + plen;
    if (*rest == '\0')
        return 1;
    if (rest[0] != '/')
        return 0;
    long v = 0;
    const char *d = rest + 1;
    for (; isdigit((unsigned char)*d); d++)
        if (v <= QUERY_NEAR_MAX)
            v = v * 10 + (*d - '0');
    if (d > rest + 1 && *d == '\0') {
        *dist = v;
        return 1;
    }
    for (size_t k = 0; k < plen; k++)
        if (islower((unsigned char)w[k]))
            return 0;
    *dist = -2;
    return 1;
}

static int known_field(const char *name, size_t len);

/* Does a word use query syntax: a known field, a trailing wildcard?
 * ("Requests:" or "3*4" are words.) */
static int
word_has_syntax(const char *w)
{
    const char *colon = strchr(w, ':');
    if (colon && colon != w && known_field(w, (size_t)(colon - w)))
        return 1;
    size_t n = strlen(w);
    return n > 1 && w[n - 1] == '*';
}

/* Does a bare word hold a function word ("the", "of", "what")? */
static int
word_has_stopword(const char *w)
{
    tokenizer_t tz;
    token_t tok;
    tok_init(&tz, w, strlen(w));
    while (tok_next(&tz, &tok))
        if (query_is_stopword(tok.term, tok.len))
            return 1;
    return 0;
}

/* Decide whether this is a natural-language query. */
static void
detect_natural(parser_t *p)
{
    size_t words = 0;
    int function_word = 0, op_words = 0;
    for (size_t i = 0; i < p->n; i++) {
        lex_t *t = &p->toks[i];
        switch (t->type) {
        case L_WORD:
            if (t->mark || word_has_syntax(t->text))
                return;
            /* NEAR(a b, 5), NEAR/5(a b) */
            int adj;
            long dist;
            if (near_call_name(t->text, &adj, &dist) && t[1].type == L_LPAREN && t[1].glued)
                return;
            if (!function_word && word_has_stopword(t->text))
                function_word = 1;
            words++;
            break;
        case L_NEAR:
            return;    /* near/5: only ever an operator (bare near is a word) */
        case L_AND: case L_OR: case L_NOT: case L_XOR:
            if (t->upper)
                return;
            op_words = 1;
            words++;
            break;
        case L_LPAREN: case L_RPAREN:
            if (t->mark)
                return;
            break;
        case L_QUOTED:
            /* A phrase in a question stays a phrase among its words
             * ('their "distances" from each other'); a +/- mark is
             * syntax. */
            if (t->mark)
                return;
            break;
        case L_MARK:   /* a lone '-' is punctuation in a question */
        case L_EOF:
            break;
        default:
            return;
        }
    }
    /* Keywords joined by and/or/not and no other function word ("tariff
     * cuba sugar not cigars", "tariff and cuba and sugar") are no
     * question: there they stay operators. */
    if (words < NATURAL_MIN_WORDS || (op_words && !function_word))
        return;
    p->natural = 1;
    /* Parentheses and lone marks are punctuation here. */
    size_t keep = 0;
    for (size_t i = 0; i < p->n; i++) {
        lex_type_t ty = p->toks[i].type;
        if (ty != L_LPAREN && ty != L_RPAREN && ty != L_MARK)
            p->toks[keep++] = p->toks[i];
    }
    p->n = keep;
    /* Lower-case operators are words here. */
    for (size_t i = 0; i < p->n; i++) {
        lex_t *t = &p->toks[i];
        static const char *const names[] = { [L_AND] = "and", [L_OR] = "or",
                                             [L_NOT] = "not", [L_XOR] = "xor" };
        if (t->type == L_AND || t->type == L_OR || t->type == L_NOT || t->type == L_XOR) {
            t->text = xstrdup(names[t->type]);
            t->type = L_WORD;
        } else if (t->type == L_NEAR) {
            t->text = xstrdup(t->adj ? "adj" : "near");
            t->type = L_WORD;
            free(t->form);
            t->form = NULL;
        }
    }
}

/* ---- Words to nodes ------------------------------------------------------ */

/* Nodes for the text of a word or phrase: a term, or a phrase of its
 * tokens.  NULL if it holds no word. */
static qnode_t *
text_node(const char *text, const char *prefix, int quoted)
{
    tokenizer_t tz;
    token_t t;
    qnode_t *n = NULL;
    tok_init(&tz, text, strlen(text));
    while (tok_next(&tz, &t)) {
        if (!n)
            n = qnode_new(Q_TERM);
        add_word(n, &t);
    }
    if (!n)
        return NULL;
    n->prefix = prefix;
    if (n->nwords > 1)
        n->kind = Q_PHRASE;
    n->exact = quoted;
    return n;
}

typedef enum field_kind {
    F_NONE,
    F_TEXT,        /* title:, author: */
    F_TYPE,
    F_PATH,
    F_DIR,
    F_EXT,
    F_DATE,        /* date:, year: */
    F_MENTIONS
} field_kind_t;

static field_kind_t
field_of(const char *name, size_t len, const char **prefix)
{
    static const struct {
        const char *name;
        field_kind_t kind;
        const char *prefix;
    } fields[] = {
        { "title", F_TEXT, PREFIX_TITLE },   { "author", F_TEXT, PREFIX_AUTHOR },
        { "type", F_TYPE, PREFIX_TYPE },     { "path", F_PATH, PREFIX_PATH },
        { "dir", F_DIR, PREFIX_DIR },        { "ext", F_EXT, PREFIX_EXT },
        { "date", F_DATE, NULL },            { "year", F_DATE, NULL },
        { "mentions", F_MENTIONS, NULL },    { "mention", F_MENTIONS, NULL },
    };
    for (size_t i = 0; i < sizeof fields / sizeof *fields; i++) {
        if (strlen(fields[i].name) == len && strncasecmp(fields[i].name, name, len) == 0) {
            *prefix = fields[i].prefix;
            return fields[i].kind;
        }
    }
    return F_NONE;
}

static int
known_field(const char *name, size_t len)
{
    const char *prefix;
    return field_of(name, len, &prefix) != F_NONE;
}

static qnode_t *
boolean_node(const char *prefix, const char *value, const char *label)
{
    qnode_t *n = qnode_new(Q_BOOLEAN);
    n->term = xasprintf("%s%s", prefix, value);
    n->label = xstrdup(label);
    return n;
}

/* A field with its value (a word's text after the colon, or a quoted
 * string).  NULL (with a warning) if the value is unusable. */
static qnode_t *
field_node(parser_t *p, field_kind_t kind, const char *prefix, const char *name,
           const char *value, int quoted)
{
    char *label = xasprintf("%s:%s%s%s", name, quoted ? "\"" : "", value, quoted ? "\"" : "");
    qnode_t *n = NULL;
    size_t vl = strlen(value);
    if (vl == 0) {
        warn(p, "ignored '%s': %s", label, quoted ? "empty quotes" : "no value after the colon");
        free(label);
        return NULL;
    }
    switch (kind) {
    case F_TEXT:
        if (!quoted && vl > 1 && value[vl - 1] == '*') {
            char *v = xstrndup(value, vl - 1);
            n = text_node(v, prefix, 0);
            free(v);
            if (n && n->kind == Q_TERM)
                n->kind = Q_WILDCARD;
        } else {
            n = text_node(value, prefix, quoted);
        }
        if (!n)
            warn(p, "ignored '%s': no words in it", label);
        break;
    case F_TYPE: {
        /* The indexer's form: words joined by hyphens. */
        tokenizer_t tz;
        token_t t;
        buf_t b = BUF_INIT;
        tok_init(&tz, value, vl);
        while (tok_next(&tz, &t)) {
            if (b.len)
                buf_putc(&b, '-');
            buf_append(&b, t.term, t.len);
        }
        if (b.len)
            n = boolean_node(prefix, buf_cstr(&b), label);
        else
            warn(p, "ignored '%s': no words in it", label);
        buf_free(&b);
        break;
    }
    case F_PATH:
    case F_DIR: {
        char *v = xstrdup(value);
        size_t l = strlen(v);
        while (l > 1 && v[l - 1] == '/')
            v[--l] = '\0';
        size_t wild = strcspn(v, "*?");
        if (kind == F_PATH && wild < l && !(wild == l - 1 && v[wild] == '*' && l > 1)) {
            /* path:*Executive_Order*, path:letters/2017-??-*.txt */
            n = qnode_new(Q_WILDCARD);
            n->prefix = PREFIX_PATH;
            n->glob = 1;
            n->words = xcalloc(1, sizeof *n->words);
            n->words[0].term = xstrdup(v);
            n->nwords = 1;
            n->label = xstrdup(label);
        } else if (kind == F_PATH && l > 1 && v[l - 1] == '*') {
            v[l - 1] = '\0';
            n = qnode_new(Q_WILDCARD);
            n->prefix = PREFIX_PATH;
            n->words = xcalloc(1, sizeof *n->words);
            n->words[0].term = xstrdup(v);
            n->nwords = 1;
            n->label = xstrdup(label);
        } else {
            n = boolean_node(prefix, v, label);
        }
        free(v);
        break;
    }
    case F_EXT: {
        const char *v = value[0] == '.' ? value + 1 : value;
        char *low = xstrdup(v);
        for (char *c = low; *c; c++)
            *c = (char)tolower((unsigned char)*c);
        if (strcmp(low, "gz") == 0)
            warn(p, "'%s' finds nothing: ext: is the extension under .gz "
                    "(a.txt.gz is ext:txt)", label);
        n = boolean_node(prefix, low, label);
        free(low);
        break;
    }
    case F_DATE:
    case F_MENTIONS: {
        date_span_t span;
        char *err = NULL;
        char *v = xstrdup(value);
        /* year:2017 is date:2017 */
        if (datequery_parse(v, strlen(v), p->opts->today, p->opts->order, name, &span,
                            &err) == 0) {
            n = qnode_new(kind == F_DATE ? Q_DATE : Q_MENTIONS);
            n->span = span;
            n->label = xstrdup(label);
        } else {
            warn(p, "ignored '%s': %s", label, err ? err : "not a date");
        }
        free(err);
        free(v);
        break;
    }
    case F_NONE:
        break;
    }
    free(label);
    return n;
}

/* ---- Grammar --------------------------------------------------------------- */

static qnode_t *parse_or(parser_t *p, const char *prefix);

static lex_t *
peek_tok(parser_t *p)
{
    return &p->toks[p->pos];
}

static const char *
lex_name(const lex_t *t)
{
    switch (t->type) {
    case L_AND: return "AND";
    case L_OR: return "OR";
    case L_NOT: return "NOT";
    case L_XOR: return "XOR";
    case L_NEAR: return t->adj ? "ADJ" : "NEAR";
    case L_RPAREN: return ")";
    case L_LPAREN: return "(";
    default: return "?";
    }
}

/* An operator as the user wrote it, for warnings ("NEAR/3"). */
static const char *
op_name(const lex_t *t)
{
    return t->type == L_NEAR && t->form ? t->form : lex_name(t);
}

static int
starts_operand(const lex_t *t)
{
    return t->type == L_WORD || t->type == L_QUOTED || t->type == L_LPAREN;
}

/* A proximity distance as typed (form, for warnings), within
 * 1..QUERY_NEAR_MAX. */
static unsigned
near_distance(parser_t *p, long v, const char *form)
{
    if (v > QUERY_NEAR_MAX) {
        warn(p, "%s: lowered the distance to %d words, the largest", form, QUERY_NEAR_MAX);
        return QUERY_NEAR_MAX;
    }
    if (v < 1) {
        warn(p, "%s: raised the distance to 1 word, the smallest", form);
        return 1;
    }
    return (unsigned)v;
}

/* The default distance, for one that is not a number. */
static unsigned
near_default(parser_t *p, const char *form)
{
    warn(p, "%s: the distance must be a number; used %d words, the default", form,
         QUERY_NEAR_DEFAULT);
    return QUERY_NEAR_DEFAULT;
}

/* The distance of NEAR(a b, N): the digits of s (which may be followed by
 * junk such as a ')'). */
static unsigned
near_call_distance(parser_t *p, const char *s)
{
    long v = 0;
    for (; *s >= '0' && *s <= '9'; s++)
        if (v <= QUERY_NEAR_MAX)
            v = v * 10 + (*s - '0');
    return near_distance(p, v, "NEAR(...)");
}

/*
 * A date range with a quoted end, glued together after date: or
 * mentions:, or inside date:( ... ) (after is what the field's word holds
 * after the colon, or the value word before the tokens): "A".."B",
 * "A"..B, "A".., A.."B", .."B".  Consumes the tokens and returns the
 * range as one text, "A..B"; NULL (nothing consumed) when the tokens are
 * not such a range.  in_group: the first quote need not be glued.
 */
static char *
date_range_text(parser_t *p, const char *after, int in_group)
{
    lex_t *t = peek_tok(p);
    size_t al = strlen(after);
    if (al >= 2 && strcmp(after + al - 2, "..") == 0) {
        /* A.."B", .."B" */
        if (!(t->glued && t->type == L_QUOTED && !t->unclosed && !t->form))
            return NULL;
        p->pos++;
        return xasprintf("%s%s", after, t->text);
    }
    if (al != 0 || !((t->glued || in_group) && t->type == L_QUOTED && !t->unclosed && !t->form))
        return NULL;
    lex_t *dots = t + 1;
    if (dots->type != L_WORD || !dots->glued || strncmp(dots->text, "..", 2) != 0)
        return NULL;
    if (strcmp(dots->text, "..") == 0 && dots[1].type == L_QUOTED && dots[1].glued &&
        !dots[1].unclosed && !dots[1].form) {
        p->pos += 3;   /* "A".."B" */
        return xasprintf("%s..%s", t->text, dots[1].text);
    }
    p->pos += 2;       /* "A"..B, "A".. */
    return xasprintf("%s%s", t->text, dots->text);
}

/* Lucene's range, date:[1960 TO 1963] (also with '*' for an open end, ends
 * in quotes, date:["March 1, 1862" TO "May 1, 1862"], and {} read as []
 * with a warning): the text "1960..1963", or NULL.  p->pos is after the
 * "date:[" token. */
static char *
lucene_range(parser_t *p, const char *after)
{
    if (after[0] != '[' && after[0] != '{')
        return NULL;
    size_t k = p->pos;
    const lex_t *t = p->toks;
    /* The low end: glued to the bracket, or a quoted string glued to it. */
    char *lo = NULL;
    if (after[1]) {
        lo = xstrdup(after + 1);
    } else if (t[k].type == L_QUOTED && t[k].glued && !t[k].unclosed && !t[k].form) {
        lo = xstrdup(t[k].text);
        k++;
    } else {
        return NULL;
    }
    if (t[k].type != L_WORD || strcmp(t[k].text, "TO") != 0) {
        free(lo);
        return NULL;
    }
    k++;
    /* The high end and its bracket: "1963]", or "..." then "]". */
    char *hi = NULL;
    char close = 0;
    size_t hl = t[k].type == L_WORD ? strlen(t[k].text) : 0;
    if (hl >= 2 && (t[k].text[hl - 1] == ']' || t[k].text[hl - 1] == '}')) {
        hi = xstrndup(t[k].text, hl - 1);
        close = t[k].text[hl - 1];
        k++;
    } else if (t[k].type == L_QUOTED && !t[k].unclosed && !t[k].form &&
               t[k + 1].type == L_WORD && t[k + 1].glued &&
               (strcmp(t[k + 1].text, "]") == 0 || strcmp(t[k + 1].text, "}") == 0)) {
        hi = xstrdup(t[k].text);
        close = t[k + 1].text[0];
        k += 2;
    } else {
        free(lo);
        return NULL;
    }
    if (after[0] == '{' || close == '}')
        warn(p, "read the range with '{' or '}' as one with '[' and ']': ends included");
    p->pos = k;
    int open_lo = strcmp(lo, "*") == 0, open_hi = strcmp(hi, "*") == 0;
    /* [* TO *]: any date, as Lucene reads it (every dated document). */
    char *r = open_lo && open_hi ? xstrdup("1000..9999")
                                 : xasprintf("%s..%s", open_lo ? "" : lo, open_hi ? "" : hi);
    free(lo);
    free(hi);
    return r;
}

/* type:(letter OR report), dir:(a b), date:(2017 OR 2019): the values of
 * a field other than title: and author:, any one of them.  p->pos is at
 * the '('. */
static qnode_t *
parse_field_group(parser_t *p, field_kind_t fk, const char *prefix, const char *name)
{
    p->pos++;
    qnode_t *any = qnode_new(Q_OR);
    int said = 0;
    for (;;) {
        lex_t *t = peek_tok(p);
        if (t->type == L_EOF) {
            warn(p, "added the missing ')' of %s:(...)", name);
            break;
        }
        if ((fk == F_DATE || fk == F_MENTIONS) && !t->mark) {
            /* date:("June 1, 2016".."June 30, 2016" OR 2019) */
            char *range = NULL;
            if (t->type == L_QUOTED) {
                range = date_range_text(p, "", 1);
            } else if (t->type == L_WORD && strlen(t->text) >= 2 &&
                       strcmp(t->text + strlen(t->text) - 2, "..") == 0) {
                p->pos++;
                range = date_range_text(p, t->text, 1);
                if (!range)
                    p->pos--;
            }
            if (range) {
                qnode_t *v = field_node(p, fk, prefix, name, range, 1);
                free(range);
                if (v)
                    qnode_add(any, v);
                continue;
            }
        }
        p->pos++;
        if (t->type == L_RPAREN)
            break;
        if (t->type == L_OR)
            continue;
        if ((t->type == L_WORD || t->type == L_QUOTED) && !t->mark) {
            qnode_t *v = field_node(p, fk, prefix, name, t->text, t->type == L_QUOTED);
            if (v)
                qnode_add(any, v);
            continue;
        }
        if (!said)
            warn(p, "%s:(...) takes values, any of which may match: ignored the rest", name);
        said = 1;
    }
    if (any->nkids == 0) {
        if (!said)
            warn(p, "ignored '%s:()': no value in it", name);
        qnode_free(any);
        return NULL;
    }
    if (any->nkids == 1) {
        qnode_t *one = any->kids[0];
        any->nkids = 0;
        qnode_free(any);
        return one;
    }
    return any;
}

/* NEAR(a b c, 5) or NEAR/5(a b c) after name, the word glued to '('. */
static qnode_t *
parse_near_call(parser_t *p, const char *prefix, const char *name)
{
    int adj;
    long dist;
    near_call_name(name, &adj, &dist);
    /* p->pos is at '(' */
    p->pos++;
    qnode_t *n = qnode_new(adj ? Q_ADJ : Q_NEAR);
    int given = dist >= 0;
    n->window = QUERY_NEAR_DEFAULT;
    if (dist != -1) {
        char *form = xasprintf("%s(...)", name);
        n->window = given ? near_distance(p, dist, form) : near_default(p, form);
        free(form);
    }
    for (;;) {
        lex_t *t = peek_tok(p);
        if (t->type == L_EOF) {
            warn(p, "added the missing ')' of NEAR(...)");
            break;
        }
        p->pos++;
        if (t->type == L_RPAREN) {
            n->boost = t->boost;   /* NEAR(...)^2 */
            break;
        }
        if (t->type != L_WORD && t->type != L_QUOTED)
            warn(p, "ignored '%s' inside NEAR(...): it takes words and a distance",
                 op_name(t));
        else if (t->mark)
            warn(p, "ignored '%c' inside NEAR(...): it takes words and a distance", t->mark);
        if (t->type == L_WORD) {
            /* The distance follows a comma: "b,5", "b, 5", "b ,5", "b , 5". */
            char *w = t->text;
            char *comma = strchr(w, ',');
            if (comma) {
                *comma = '\0';
                const char *digits = NULL;
                if (isdigit((unsigned char)comma[1])) {
                    digits = comma + 1;
                } else {
                    lex_t *num = peek_tok(p);
                    if (num->type == L_WORD && isdigit((unsigned char)num->text[0])) {
                        digits = num->text;
                        p->pos++;
                    }
                }
                if (digits && given)
                    warn(p, "%s(...) with a distance inside too: used %u, the one inside",
                         name, n->window = near_call_distance(p, digits));
                else if (digits)
                    n->window = near_call_distance(p, digits);
            }
            if (w[0])
                qnode_add(n, text_node(w, prefix, 0));
        } else if (t->type == L_QUOTED) {
            qnode_add(n, text_node(t->text, prefix, 1));
        }
        if (t->boost > 0)
            warn(p, "ignored the boost of a word inside NEAR(...): put it on the whole, "
                    "NEAR(...)^N");
    }
    if (n->nkids < 2) {
        warn(p, "NEAR(...) needs two words or more; searched for them plainly");
        n->kind = Q_AND;
    }
    return n;
}

static qnode_t *parse_primary(parser_t *p, const char *prefix);

static qnode_t *
parse_primary_node(parser_t *p, const char *prefix)
{
    lex_t *t = peek_tok(p);
    switch (t->type) {
    case L_LPAREN: {
        p->pos++;
        if (p->depth >= PARSE_MAX_DEPTH) {
            if (p->depth++ == PARSE_MAX_DEPTH)
                warn(p, "ignored parentheses nested more than %d deep", PARSE_MAX_DEPTH);
            return NULL;
        }
        p->depth++;
        size_t warned = p->nwarned;
        qnode_t *n = parse_or(p, prefix);
        p->depth--;
        lex_t *end = peek_tok(p);
        int closed = end->type == L_RPAREN;
        if (closed) {
            p->pos++;
            if (n && end->boost > 0)
                n->boost = end->boost;
        }
        if (n) {
            if (!closed)
                warn(p, "added a missing ')'");
        } else if (p->nwarned == warned && !end->said) {
            /* Nothing searchable inside, and nothing said about it yet
             * ("()", "(&)", "(" at the end). */
            if (closed)
                warn(p, "ignored parentheses with no words in them");
            else
                warn(p, "ignored '(' with no words after it");
        }
        return n;
    }
    case L_QUOTED: {
        if (!p->natural)
            p->all_asked = 1;
        if (strchr(t->text, '*'))
            warn(p, "ignored the '*' in \"%s\": a wildcard does not work inside quotes",
                 t->text);
        p->pos++;
        qnode_t *n = text_node(t->text, prefix, 1);
        if (!n) {
            if (t->unclosed)
                warn(p, "ignored an unbalanced quote with no words after it");
            else
                warn(p, "ignored empty quotes");
            return NULL;
        }
        if (t->unclosed)
            warn(p, "closed the unbalanced quote at the end of the query");
        if (t->form && n->kind != Q_PHRASE) {
            warn(p, "ignored '%s': a distance needs a phrase of two words or more", t->form);
        } else if (t->form) {
            /* "a b"~N: the words within N of each other, any order
             * (the same distance as a NEAR/N b). */
            char *form = xasprintf("\"...\"%s", t->form);
            qnode_t *near = qnode_new(Q_NEAR);
            near->window = t->badnum ? near_default(p, form) : near_distance(p, t->num, form);
            free(form);
            for (size_t i = 0; i < n->nwords; i++) {
                qnode_t *w = qnode_new(Q_TERM);
                w->prefix = prefix;
                w->exact = 1;
                w->words = xcalloc(1, sizeof *w->words);
                w->words[0].term = xstrdup(n->words[i].term);
                w->words[0].exact = n->words[i].exact ? xstrdup(n->words[i].exact) : NULL;
                w->nwords = 1;
                qnode_add(near, w);
            }
            qnode_free(n);
            return near;
        }
        return n;
    }
    case L_WORD: {
        p->pos++;
        const char *w = t->text;
        /* NEAR( ... ), NEAR/5( ... ) */
        int adj;
        long dist;
        if (near_call_name(w, &adj, &dist) && peek_tok(p)->type == L_LPAREN &&
            peek_tok(p)->glued)
            return parse_near_call(p, prefix, w);
        /* field:value */
        const char *colon = strchr(w, ':');
        if (colon && colon != w) {
            const char *fprefix;
            field_kind_t fk = field_of(w, (size_t)(colon - w), &fprefix);
            if (fk != F_NONE) {
                char *name = xstrndup(w, (size_t)(colon - w));
                for (char *c = name; *c; c++)
                    *c = (char)tolower((unsigned char)*c);
                qnode_t *n = NULL;
                lex_t *next = peek_tok(p);
                char *range = (fk == F_DATE || fk == F_MENTIONS)
                                  ? lucene_range(p, colon + 1) : NULL;
                if (!range && (fk == F_DATE || fk == F_MENTIONS))
                    range = date_range_text(p, colon + 1, 0);
                if (range) {
                    /* date:"March 1, 2017".."March 5, 2017" and the like */
                    n = field_node(p, fk, fprefix, name, range, 1);
                    free(range);
                } else if (colon[1] == '\0' && next->glued && next->type == L_QUOTED) {
                    p->pos++;
                    if (next->unclosed && next->text[strspn(next->text, " \t\r\n")] == '\0') {
                        warn(p, "ignored '%s:\"': an unbalanced quote with nothing after it",
                             name);
                    } else {
                        if (next->unclosed)
                            warn(p, "closed the unbalanced quote at the end of the query");
                        n = field_node(p, fk, fprefix, name, next->text, 1);
                    }
                    if (next->form)
                        warn(p, "ignored '%s' after '%s:\"...\"': a field takes no distance",
                             next->form, name);
                } else if (colon[1] == '\0' && next->glued && next->type == L_LPAREN &&
                           fk == F_TEXT) {
                    n = parse_primary(p, fprefix);
                } else if (colon[1] == '\0' && next->glued && next->type == L_LPAREN) {
                    n = parse_field_group(p, fk, fprefix, name);
                } else {
                    n = field_node(p, fk, fprefix, name, colon + 1, 0);
                }
                free(name);
                return n;
            }
        }
        if (strcmp(w, ":") == 0 || (colon && (colon == w || colon[1] == '\0') &&
                                    strspn(w, ":") == strlen(w))) {
            warn(p, "ignored a stray ':'");
            return NULL;
        }
        if (colon && colon[1] && !p->natural && colon - w >= 2 && colon - w <= 20) {
            /* "subject:sanctions": a field Dossier does not have. */
            int letters = 1;
            for (const char *c = w; c < colon; c++)
                if (!isalpha((unsigned char)*c))
                    letters = 0;
            if (letters && strncasecmp(w, "http", 4) != 0)
                warn(p, "'%.*s:' is not a field (fields: title author type path dir ext "
                        "date year mentions): searched '%s' as words",
                     (int)(colon - w), w, w);
        }
        size_t wl = strlen(w);
        /* Lucene's fuzzy word~ and word~2: Dossier has no fuzzy match. */
        const char *tilde = strrchr(w, '~');
        if (tilde && tilde != w && strspn(tilde + 1, "0123456789") == strlen(tilde + 1)) {
            char *word = xstrndup(w, (size_t)(tilde - w));
            warn(p, "ignored '%s' after '%s': ~N goes after a quoted phrase (\"a b\"~N)", tilde,
                 word);
            qnode_t *n = text_node(word, prefix, 0);
            free(word);
            return n;
        }
        if (wl > 1 && w[wl - 1] == '*') {
            char *stem = xstrndup(w, wl - 1);
            qnode_t *n = text_node(stem, prefix, 0);
            free(stem);
            if (n && n->kind == Q_TERM) {
                n->kind = Q_WILDCARD;
                return n;
            }
            if (n)
                warn(p, "a wildcard needs a single word: searched '%s' without '*'", w);
            else
                warn(p, "ignored '%s': a wildcard needs letters before the '*'", w);
            return n;
        }
        qnode_t *n = text_node(w, prefix, 0);
        if (strchr(w, '*')) {
            if (!n)
                warn(p, "ignored '%s': a wildcard needs letters before the '*'", w);
            else
                warn(p, "ignored the '*' inside '%s': a wildcard goes at the end of a word", w);
        }
        return n;
    }
    default:
        return NULL;
    }
}

/* An operand, with the weight factor of a ^N glued to it. */
static qnode_t *
parse_primary(parser_t *p, const char *prefix)
{
    double boost = peek_tok(p)->boost;
    qnode_t *n = parse_primary_node(p, prefix);
    if (n && boost > 0)
        n->boost = boost;
    return n;
}

/* Can this node take part in NEAR/ADJ? */
static int
near_operand(const qnode_t *n)
{
    return n && (n->kind == Q_TERM || n->kind == Q_WILDCARD || n->kind == Q_PHRASE);
}

/* A word or phrase joining NEAR/ADJ: Xapian weighs the whole, so a boost
 * of its own is dropped, with a warning. */
static qnode_t *
near_part(parser_t *p, qnode_t *n, const char *op)
{
    if (n->boost > 0 && near_operand(n)) {
        warn(p, "ignored the boost of a word joined by %s: put it on the whole, (a %s b)^N",
             op, op);
        n->boost = 0;
    }
    return n;
}

static qnode_t *
parse_near(parser_t *p, const char *prefix)
{
    size_t warned = p->nwarned;
    qnode_t *left = parse_primary(p, prefix);
    /* Was what left lacks already warned about (date:garbage NEAR a)? */
    int left_said = p->nwarned != warned;
    while (peek_tok(p)->type == L_NEAR) {
        lex_t *op = peek_tok(p);
        p->pos++;
        if (!starts_operand(peek_tok(p))) {
            warn(p, "ignored '%s' with nothing after it", op_name(op));
            break;
        }
        if (peek_tok(p)->mark == '-' || peek_tok(p)->mark == '!')
            warn(p, "ignored the '-' after '%s': it joins words and cannot leave one out",
                 op_name(op));
        else if (peek_tok(p)->mark == '+')
            warn(p, "ignored the '+' after '%s': the words it joins are required already",
                 op_name(op));
        warned = p->nwarned;
        qnode_t *right = parse_primary(p, prefix);
        int right_said = p->nwarned != warned;
        if (!left || !right) {
            if ((!left && !left_said) || (!right && !right_said))
                warn(p, "ignored '%s': it needs a word on each side", op_name(op));
            if (!left) {
                left = right;
                left_said = right_said;
            } else {
                qnode_free(right);
            }
            continue;
        }
        if (!near_operand(left) && !(left->kind == (op->adj ? Q_ADJ : Q_NEAR)) ) {
            warn(p, "'%s' joins words or phrases; used AND instead", op_name(op));
            qnode_t *a = qnode_new(Q_AND);
            qnode_add(a, left);
            qnode_add(a, right);
            left = a;
            continue;
        }
        if (!near_operand(right)) {
            warn(p, "'%s' joins words or phrases; used AND instead", op_name(op));
            qnode_t *a = qnode_new(Q_AND);
            qnode_add(a, left);
            qnode_add(a, right);
            left = a;
            continue;
        }
        qkind_t k = op->adj ? Q_ADJ : Q_NEAR;
        unsigned win = op->badnum   ? near_default(p, op_name(op))
                       : op->num < 0 ? QUERY_NEAR_DEFAULT
                                     : near_distance(p, op->num, op_name(op));
        if (left->kind == k && left->window == win && left->boost == 0) {
            qnode_add(left, near_part(p, right, op_name(op)));
        } else {
            qnode_t *n = qnode_new(k);
            n->window = win;
            qnode_add(n, near_part(p, left, op_name(op)));
            qnode_add(n, near_part(p, right, op_name(op)));
            left = n;
        }
    }
    return left;
}

/* Drop stop words from a list of AND-ed operands when something else
 * remains (a query made only of stop words keeps them). */
static void
drop_stopwords(qnode_t **v, size_t *n)
{
    size_t keep = 0, content = 0;
    for (size_t i = 0; i < *n; i++) {
        qnode_t *k = v[i];
        int stop = k->kind == Q_TERM && !k->exact && k->prefix[0] == '\0' &&
                   query_is_stopword(k->words[0].term, strlen(k->words[0].term));
        if (!stop)
            content++;
    }
    if (content == 0)
        return;
    for (size_t i = 0; i < *n; i++) {
        qnode_t *k = v[i];
        int stop = k->kind == Q_TERM && !k->exact && k->prefix[0] == '\0' &&
                   query_is_stopword(k->words[0].term, strlen(k->words[0].term));
        if (stop)
            qnode_free(k);
        else
            v[keep++] = k;
    }
    *n = keep;
}

static qnode_t *
parse_and(parser_t *p, const char *prefix)
{
    qnode_t **pos = NULL, **neg = NULL;
    size_t npos = 0, nneg = 0, cpos = 0, cneg = 0;
    int said = 0;   /* an operand was dropped with a warning */
    for (;;) {
        lex_t *t = peek_tok(p);
        if (t->type == L_EOF || t->type == L_RPAREN || t->type == L_OR || t->type == L_XOR)
            break;
        int negate = 0;
        const char *op = NULL;
        if (t->type == L_AND) {
            p->pos++;
            if (npos + nneg == 0) {
                if (!said)
                    warn(p, "ignored 'AND' with nothing before it");
                continue;
            }
            op = "AND";
            p->all_asked = 1;
            if (peek_tok(p)->type == L_NOT) {
                p->pos++;
                negate = 1;
                op = "AND NOT";
            }
            if (!starts_operand(peek_tok(p))) {
                warn(p, "ignored '%s' at the end", negate ? "AND NOT" : "AND");
                continue;
            }
        } else if (t->type == L_NOT) {
            p->pos++;
            negate = 1;
            op = "NOT";
            if (!starts_operand(peek_tok(p))) {
                warn(p, "ignored 'NOT' with nothing after it");
                continue;
            }
        } else if (t->type == L_NEAR) {
            p->pos++;
            if (!said)
                warn(p, "ignored '%s' with nothing before it", op_name(t));
            continue;
        }
        lex_t *u = peek_tok(p);
        if (u->mark == '-' || u->mark == '!')
            negate = !negate;
        size_t warned = p->nwarned;
        qnode_t *n = parse_near(p, prefix);
        if (!n) {
            /* "a NOT &": nothing to apply the operator to. */
            if (p->nwarned != warned)
                said = 1;
            else if (op)
                warn(p, "ignored '%s' with nothing after it", op);
            continue;
        }
        if (negate) {
            neg = xgrow(neg, &cneg, nneg + 1, sizeof *neg);
            neg[nneg++] = n;
        } else if (n->kind == Q_AND) {
            /* (a b) c is a b c: one flat list, so that a filter inside
             * applies to every part, also when the words are OR-ed. */
            pos = xgrow(pos, &cpos, npos + n->nkids, sizeof *pos);
            for (size_t i = 0; i < n->nkids; i++)
                pos[npos++] = n->kids[i];
            n->nkids = 0;
            qnode_free(n);
        } else {
            pos = xgrow(pos, &cpos, npos + 1, sizeof *pos);
            pos[npos++] = n;
        }
    }
    drop_stopwords(pos, &npos);
    qnode_t *res = NULL;
    if (npos == 1) {
        res = pos[0];
    } else if (npos > 1) {
        res = qnode_new(Q_AND);
        for (size_t i = 0; i < npos; i++)
            qnode_add(res, pos[i]);
    }
    if (nneg) {
        qnode_t *nn = qnode_new(Q_NOT);
        qnode_add(nn, res ? res : qnode_new(Q_ALL));
        for (size_t i = 0; i < nneg; i++)
            qnode_add(nn, neg[i]);
        res = nn;
    }
    free(pos);
    free(neg);
    return res;
}

static qnode_t *
parse_binary(parser_t *p, const char *prefix, lex_type_t op, qkind_t kind,
             qnode_t *(*sub)(parser_t *, const char *))
{
    size_t warned = p->nwarned;
    qnode_t *left = sub(p, prefix);
    /* What left lacks was warned about (date:garbage OR a): the operator
     * did not have "nothing before it". */
    int left_said = p->nwarned != warned;
    while (peek_tok(p)->type == op) {
        lex_t *t = peek_tok(p);
        p->pos++;
        if (!starts_operand(peek_tok(p)) && peek_tok(p)->type != L_NOT) {
            warn(p, "ignored '%s' with nothing after it", lex_name(t));
            break;
        }
        warned = p->nwarned;
        qnode_t *right = sub(p, prefix);
        if (!right) {
            if (p->nwarned == warned)
                warn(p, "ignored '%s' with nothing after it", lex_name(t));
            if (!left)
                left_said = 1;
            continue;
        }
        if (!left) {
            if (!left_said)
                warn(p, "ignored '%s' with nothing before it", lex_name(t));
            left = right;
            continue;
        }
        if (left->kind == kind) {
            qnode_add(left, right);
        } else {
            qnode_t *n = qnode_new(kind);
            qnode_add(n, left);
            qnode_add(n, right);
            left = n;
        }
    }
    return left;
}

static qnode_t *
parse_xor(parser_t *p, const char *prefix)
{
    return parse_binary(p, prefix, L_XOR, Q_XOR, parse_and);
}

static qnode_t *
parse_or(parser_t *p, const char *prefix)
{
    return parse_binary(p, prefix, L_OR, Q_OR, parse_xor);
}

/* ---- Operators with nothing to join ------------------------------------------ */

static int
is_operator(lex_type_t t)
{
    return t == L_AND || t == L_OR || t == L_XOR || t == L_NEAR || t == L_NOT;
}

static void
drop_token(lex_t *t)
{
    free(t->text);
    free(t->form);
    t->text = t->form = NULL;
}

/* The names of toks[s..e) that are (keep set) or are not (keep unset)
 * in kept[], separated by spaces. */
static void
run_names(const lex_t *toks, size_t s, size_t e, const int *kept, int keep, buf_t *out)
{
    for (size_t i = s; i < e; i++) {
        if (kept[i - s] != keep)
            continue;
        if (out->len)
            buf_putc(out, ' ');
        buf_puts(out, op_name(&toks[i]));
    }
}

/*
 * Settle a run of operators toks[s..e) before the grammar reads it.
 * before: an operand (a word, a quote, a ')') ends just before the run;
 * toks[e] follows it.  Between two operands a run keeps its last binary
 * operator and a NOT that ends it ("a AND OR b" is a OR b, "a OR NOT b"
 * stays); at the start of the query or of a group only a NOT that ends it
 * is kept; before the end or a ')' nothing is.  What is dropped gets one
 * warning that says why.  Marks kept[] and returns the number kept.
 */
static size_t
settle_run(parser_t *p, size_t s, size_t e, int before, int *kept)
{
    const lex_t *toks = p->toks;
    const lex_t *next = &toks[e];
    int after = next->type == L_WORD || next->type == L_QUOTED || next->type == L_LPAREN;
    size_t len = e - s, nkept = 0;
    memset(kept, 0, len * sizeof *kept);
    if (after && toks[e - 1].type == L_NOT) {
        kept[len - 1] = 1;
        nkept++;
    }
    if (before && after) {
        size_t b = len;
        for (size_t i = len; i-- > 0;) {
            if (toks[s + i].type != L_NOT) {
                b = i;
                break;
            }
        }
        /* NEAR joins words: it cannot take a NOT. */
        if (b < len && !(toks[s + b].type == L_NEAR && nkept)) {
            kept[b] = 1;
            nkept++;
        }
    }
    if (nkept == len)
        return nkept;

    buf_t dropped = BUF_INIT, kept_names = BUF_INIT;
    run_names(toks, s, e, kept, 0, &dropped);
    run_names(toks, s, e, kept, 1, &kept_names);
    int only_not = 1;
    for (size_t i = s; i < e; i++)
        if (toks[i].type != L_NOT)
            only_not = 0;
    /* One name repeated, and kept once: "OR OR", "NOT NOT a". */
    const char *repeated = NULL;
    if (nkept) {
        for (size_t i = 0; i < len; i++) {
            const char *name = op_name(&toks[s + i]);
            if (kept[i])
                continue;
            if (!repeated)
                repeated = name;
            else if (strcmp(repeated, name) != 0)
                repeated = "";
        }
        if (repeated && repeated[0]) {
            int in_kept = 0;
            for (size_t i = 0; i < len; i++)
                if (kept[i] && strcmp(op_name(&toks[s + i]), repeated) == 0)
                    in_kept = 1;
            if (!in_kept)
                repeated = NULL;
        } else {
            repeated = NULL;
        }
    }
    const char *d = buf_cstr(&dropped);
    if (!after) {
        if (only_not)
            warn(p, "ignored '%s' with nothing after it", d);
        else if (!before)
            warn(p, "ignored '%s' with nothing before or after it", d);
        else if (next->type == L_EOF)
            warn(p, "ignored '%s' at the end", d);
        else
            warn(p, "ignored '%s' with nothing after it", d);
    } else if (repeated) {
        warn(p, "ignored a repeated '%s'", repeated);
    } else if (!before) {
        warn(p, "ignored '%s' with nothing before it", d);
    } else {
        warn(p, "ignored '%s' before '%s'", d, buf_cstr(&kept_names));
    }
    buf_free(&dropped);
    buf_free(&kept_names);
    return nkept;
}

/* Before parsing: drop lone marks ("a - b") and the operators that have
 * nothing to join, each with a warning, so that the grammar only sees
 * operators it can apply. */
static void
settle_operators(parser_t *p)
{
    size_t out = 0;
    for (size_t i = 0; i < p->n; i++) {
        lex_t *t = &p->toks[i];
        if (t->type != L_MARK) {
            p->toks[out++] = *t;
            continue;
        }
        t[1].said = 1;
        if (t->mark == '-' || t->mark == '!')
            warn(p, "ignored a '%c' with no word after it (to leave a word out, write %cword)",
                 t->mark, t->mark);
        else
            warn(p, "ignored a '+' with no word after it (to require a word, write +word)");
    }
    p->n = out;

    int *kept = xcalloc(p->n, sizeof *kept);
    int before = 0;
    out = 0;
    for (size_t i = 0; i < p->n;) {
        lex_t *t = &p->toks[i];
        if (t->type == L_WORD &&
            (strcasecmp(t->text, "NEAR") == 0 || strcasecmp(t->text, "ADJ") == 0) &&
            t[1].type == L_LPAREN && t[1].glued) {
            /* NEAR(a b, 5) reads what it holds itself, to its ')'. */
            do {
                p->toks[out++] = p->toks[i++];
            } while (p->toks[i - 1].type != L_RPAREN && p->toks[i].type != L_EOF);
            before = 1;
            continue;
        }
        if (!is_operator(t->type)) {
            before = t->type == L_WORD || t->type == L_QUOTED || t->type == L_RPAREN;
            p->toks[out++] = p->toks[i++];
            continue;
        }
        size_t e = i;
        while (is_operator(p->toks[e].type))
            e++;
        if (settle_run(p, i, e, before, kept) < e - i)
            p->toks[e].said = 1;
        for (size_t k = i; k < e; k++) {
            if (kept[k - i])
                p->toks[out++] = p->toks[k];
            else
                drop_token(&p->toks[k]);
        }
        i = e;
    }
    p->n = out;
    free(kept);
}

query_t *
query_parse(const char *text, const query_opts_t *opts)
{
    query_t *q = xcalloc(1, sizeof *q);
    parser_t p;
    memset(&p, 0, sizeof p);
    p.opts = opts;
    p.q = q;
    lex(&p, text);
    detect_natural(&p);
    q->natural = p.natural;
    settle_operators(&p);

    qnode_t *root = NULL;
    for (;;) {
        qnode_t *n = parse_or(&p, "");
        if (n) {
            if (!root) {
                root = n;
            } else {
                /* Text after a stray ')' continues the query (AND). */
                if (root->kind != Q_AND) {
                    qnode_t *a = qnode_new(Q_AND);
                    qnode_add(a, root);
                    root = a;
                }
                qnode_add(root, n);
            }
        }
        if (peek_tok(&p)->type == L_EOF)
            break;
        /* Only an unmatched ')' stops parse_or early at the top level
         * (settle_operators() left no operator it cannot apply). */
        if (peek_tok(&p)->type == L_RPAREN)
            warn(&p, "ignored ')' with no matching '('");
        else
            warn(&p, "ignored '%s'", op_name(peek_tok(&p)));
        p.pos++;
    }
    if (q->natural && root) {
        q->nplain = root->kind == Q_AND ? root->nkids : 1;
    }
    q->all_asked = p.all_asked;
    q->root = root;
    for (size_t i = 0; i < p.n; i++) {
        free(p.toks[i].text);
        free(p.toks[i].form);
    }
    free(p.toks);
    return q;
}

void
query_free(query_t *q)
{
    if (!q)
        return;
    qnode_free(q->root);
    for (size_t i = 0; i < q->nwarnings; i++)
        free(q->warnings[i]);
    free(q->warnings);
    free(q);
}

/* ---- Description -------------------------------------------------------------- */

static void
describe_words(const qnode_t *n, buf_t *out)
{
    for (size_t i = 0; i < n->nwords; i++) {
        if (i)
            buf_putc(out, ' ');
        buf_puts(out, n->words[i].exact ? n->words[i].exact : n->words[i].term);
    }
}

static void
span_text(date_span_t s, buf_t *out)
{
    char a[11], b[11];
    date_format(s.first, a);
    date_format(s.last, b);
    buf_printf(out, "%s..%s", s.first ? a : "", s.last ? b : "");
}

void
query_describe(const qnode_t *n, buf_t *out)
{
    static const char *const names[] = {
        [Q_AND] = "AND", [Q_OR] = "OR", [Q_XOR] = "XOR", [Q_NOT] = "NOT",
        [Q_NEAR] = "NEAR", [Q_ADJ] = "ADJ",
    };
    if (!n) {
        buf_puts(out, "(nothing)");
        return;
    }
    const char *field = n->prefix[0] == 'S' ? "title:" : n->prefix[0] == 'A' ? "author:" : "";
    switch (n->kind) {
    case Q_TERM:
        buf_printf(out, "%s%s", field, n->exact ? "=" : "");
        describe_words(n, out);
        break;
    case Q_PHRASE:
        buf_printf(out, "%s\"", field);
        describe_words(n, out);
        buf_putc(out, '"');
        break;
    case Q_WILDCARD:
        buf_printf(out, "%s", n->prefix[0] == 'X' ? "path:" : field);
        describe_words(n, out);
        if (!n->glob)
            buf_putc(out, '*');
        break;
    case Q_DATE:
        buf_puts(out, "date:");
        span_text(n->span, out);
        break;
    case Q_MENTIONS:
        buf_puts(out, "mentions:");
        span_text(n->span, out);
        break;
    case Q_BOOLEAN:
        buf_puts(out, n->label ? n->label : n->term);
        break;
    case Q_ALL:
        buf_puts(out, "<all documents>");
        break;
    default:
        buf_printf(out, "(%s", names[n->kind]);
        if (n->kind == Q_NEAR || n->kind == Q_ADJ)
            buf_printf(out, "/%u", n->window);
        for (size_t i = 0; i < n->nkids; i++) {
            buf_putc(out, ' ');
            query_describe(n->kids[i], out);
        }
        buf_putc(out, ')');
        break;
    }
    if (n->boost > 0)
        buf_printf(out, "^%g", n->boost);
}
