/*
 * stopwords.c - English function words, and how their positions are kept
 * (see stopwords.h).
 */
#include "lib/stopwords.h"

#include <string.h>

#include "lib/schema.h"

/*
 * Every function word, sorted, with its position class: -1 for the sixteen
 * commonest ("the", "of", "and", "to", "a", "in", "is", "that", "for",
 * "it", "on", "with", "as", "by", "be", "at"), which keep positions of
 * their own.  The others were dealt, commonest first, to the class that
 * holds the fewest of the words they can replace (subject pronouns,
 * possessives, object pronouns, the forms of "be", "have" and "do", the
 * modal verbs, the wh-words, "up"/"down"/"out"/"off", "than"/"then", ...),
 * the least loaded of those.  Changing a class changes what schema 3
 * indexes hold: it needs a new schema.
 */
static const struct {
    const char *word;
    int cls;
} table[] = {
    { "a", -1 }, { "about", 2 }, { "above", 2 }, { "after", 1 },
    { "again", 3 }, { "against", 0 }, { "all", 2 }, { "am", 3 }, { "an", 3 },
    { "and", -1 }, { "any", 3 }, { "are", 2 }, { "as", -1 }, { "at", -1 },
    { "be", -1 }, { "because", 0 }, { "been", 0 }, { "before", 2 },
    { "being", 1 }, { "below", 3 }, { "between", 2 }, { "both", 0 },
    { "but", 3 }, { "by", -1 }, { "can", 3 }, { "could", 0 }, { "did", 3 },
    { "do", 2 }, { "does", 1 }, { "doing", 0 }, { "down", 2 },
    { "during", 1 }, { "each", 1 }, { "few", 2 }, { "for", -1 },
    { "from", 1 }, { "further", 2 }, { "had", 2 }, { "has", 3 },
    { "have", 1 }, { "having", 0 }, { "he", 1 }, { "her", 0 }, { "here", 1 },
    { "hers", 1 }, { "herself", 3 }, { "him", 1 }, { "himself", 2 },
    { "his", 3 }, { "how", 0 }, { "i", 3 }, { "if", 3 }, { "in", -1 },
    { "into", 3 }, { "is", -1 }, { "it", -1 }, { "its", 1 }, { "itself", 1 },
    { "just", 2 }, { "me", 3 }, { "more", 0 }, { "most", 1 }, { "my", 2 },
    { "myself", 1 }, { "no", 1 }, { "nor", 0 }, { "not", 3 }, { "now", 2 },
    { "of", -1 }, { "off", 3 }, { "on", -1 }, { "once", 2 }, { "only", 3 },
    { "or", 2 }, { "other", 2 }, { "our", 3 }, { "ours", 3 },
    { "ourselves", 2 }, { "out", 1 }, { "over", 1 }, { "own", 0 },
    { "same", 1 }, { "she", 3 }, { "should", 0 }, { "so", 1 }, { "some", 0 },
    { "such", 3 }, { "than", 3 }, { "that", -1 }, { "the", -1 },
    { "their", 1 }, { "theirs", 0 }, { "them", 2 }, { "themselves", 0 },
    { "then", 2 }, { "there", 3 }, { "these", 3 }, { "they", 2 },
    { "this", 0 }, { "those", 1 }, { "through", 3 }, { "to", -1 },
    { "too", 1 }, { "under", 0 }, { "until", 3 }, { "up", 0 }, { "very", 0 },
    { "was", 3 }, { "we", 1 }, { "were", 1 }, { "what", 2 }, { "when", 1 },
    { "where", 1 }, { "which", 3 }, { "while", 2 }, { "who", 2 },
    { "whom", 3 }, { "why", 0 }, { "will", 1 }, { "with", -1 },
    { "would", 2 }, { "you", 2 }, { "your", 2 }, { "yours", 2 },
    { "yourself", 3 }, { "yourselves", 0 },
};

#define NWORDS (sizeof table / sizeof *table)

/* Index of term in table, or -1 (no function word is longer than 10
 * bytes). */
static int
lookup(const char *term, size_t len)
{
    if (len == 0 || len > 10)
        return -1;
    size_t lo = 0, hi = NWORDS;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strncmp(table[mid].word, term, len);
        if (c == 0 && table[mid].word[len] != '\0')
            c = 1;
        if (c == 0)
            return (int)mid;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

int
stopword_is(const char *term, size_t len)
{
    return lookup(term, len) >= 0;
}

int
stopword_class(const char *term, size_t len)
{
    int i = lookup(term, len);
    return i < 0 ? -1 : table[i].cls;
}

void
stopword_class_term(int k, char out[4])
{
    memcpy(out, PREFIX_STOPCLASS, 2);
    out[2] = (char)('a' + k);
    out[3] = '\0';
}
