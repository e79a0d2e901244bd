/*
 * token.h - normalising and splitting text into terms.
 *
 * The same tokenizer runs on document text at index time, on the words of
 * a query, and on passages when search highlights them, so a word is the
 * same term wherever it is seen.  The rules:
 *
 *   - A word is a run of letters and digits (Unicode word characters).
 *     Every ideograph and kana character (Chinese, Japanese) is a word of
 *     its own.
 *   - Normalisation: lower case; diacritics removed (café -> cafe); the
 *     ligatures ﬁ ﬂ ﬀ ﬃ ﬄ æ œ ß expanded; full-width letters and digits
 *     mapped to ASCII.
 *   - Curly and modifier apostrophes (’ ‘ ʼ) count as ' ; an apostrophe
 *     between two word characters joins them (o'brien, don't); a final
 *     possessive 's or ' is dropped (Jong-un’s -> jong, un).
 *   - Soft hyphens, zero-width spaces and joiners, and combining marks
 *     inside a word are ignored (they do not split it).
 *   - Hyphens and dashes split words (US-ROK -> us, rok); the second word
 *     is flagged TOKEN_AFTER_HYPHEN so a query can turn "US-ROK" into the
 *     phrase "us rok".
 *   - Digits joined by "." stay together (3.5); digit groups joined by
 *     "," are merged (1,000 -> 1000); single letters joined by dots are an
 *     acronym (U.S.A. -> usa); & between letters joins (AT&T -> at&t).
 *   - Words longer than TOKEN_MAX bytes once normalised are skipped.
 *
 * Non-breaking and other Unicode spaces, en and em dashes, and every other
 * punctuation character simply separate words.
 */
#ifndef DOSSIER_LIB_TOKEN_H
#define DOSSIER_LIB_TOKEN_H

#include <stddef.h>
#include <stdint.h>

#define TOKEN_MAX 64

enum token_flags {
    TOKEN_AFTER_HYPHEN = 1,   /* joined to the previous word by a hyphen */
    TOKEN_HAS_ALPHA = 2,      /* contains a letter */
    TOKEN_HAS_DIGIT = 4       /* contains a digit */
};

typedef struct token {
    size_t start, end;            /* the word's bytes in the text */
    char term[TOKEN_MAX + 1];     /* normalised form, NUL-terminated */
    size_t len;
    /* The lower-case form with its accents, when it differs from term
     * ("café" for "cafe"); exact_len is 0 otherwise. */
    char exact[2 * TOKEN_MAX + 8];
    size_t exact_len;
    unsigned flags;
} token_t;

typedef struct tokenizer {
    const unsigned char *s;
    size_t n;
    size_t pos;
    size_t prev_end;              /* end of the previous token, or -1 */
} tokenizer_t;

void tok_init(tokenizer_t *t, const char *text, size_t len);

/* The next word; returns 1, or 0 at the end of the text. */
int tok_next(tokenizer_t *t, token_t *tok);

/*
 * Normalise one code point for comparisons outside words: returns the
 * folded lower-case ASCII letter for Latin letters with diacritics, the
 * lower-case form otherwise.  (Multi-letter foldings return their first
 * letter.)
 */
uint32_t tok_fold_char(uint32_t cp);

/* 1 if every letter of the term is ASCII a-z and it has no digit (the
 * words that are stemmed and spell-checked). */
int tok_is_plain_word(const char *term, size_t len);

#endif
