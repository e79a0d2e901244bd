/*
 * utf8.h - decoding and encoding UTF-8.
 */
#ifndef DOSSIER_UTIL_UTF8_H
#define DOSSIER_UTIL_UTF8_H

#include <stddef.h>
#include <stdint.h>

#define UTF8_REPLACEMENT 0xFFFDu

/*
 * Decode the code point at s[0..n).  Returns the number of bytes it takes
 * (1..4) and stores the code point in *cp.  An invalid or truncated
 * sequence, an overlong form, a surrogate or a value above U+10FFFF is
 * reported as a one-byte sequence with *cp = UTF8_REPLACEMENT and a return
 * of -1 (the caller advances by one byte).  n must be at least 1.
 */
int utf8_decode(const unsigned char *s, size_t n, uint32_t *cp);

/* Encode cp into out (at least 4 bytes); returns the length. */
size_t utf8_encode(uint32_t cp, char *out);

/* Number of bytes of s[0..n) that are not valid UTF-8 (0 = all valid). */
size_t utf8_invalid_count(const char *s, size_t n);

/* Length of the longest prefix of s[0..n) that does not end inside a
 * multi-byte sequence (for cutting text at a byte limit). */
size_t utf8_clip(const char *s, size_t n);

/* The length of a control character at s[0..n): C0, DEL, or C1 (U+0080
 * to U+009F, which some terminals obey as escapes); 0 if none. */
size_t utf8_control_len(const char *s, size_t n);

#endif
