/*
 * test-stopwords.c - the function words and their position classes
 * (lib/stopwords.h).
 */
#include <string.h>

#include "lib/schema.h"
#include "lib/stopwords.h"
#include "testutil.h"

/* Every word of the list, and words that are not in it. */
static const char *const words[] = {
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

static const char *const others[] = {
    "", "aa", "th", "thee", "theirselves", "yourselvesx", "union", "z", "policy", "ab",
    "yourselve", "sanctions",
};

START_TEST(test_every_word_and_no_other)
{
    for (size_t i = 0; i < sizeof words / sizeof *words; i++)
        ck_assert_msg(stopword_is(words[i], strlen(words[i])), "%s: not a function word",
                      words[i]);
    for (size_t i = 0; i < sizeof others / sizeof *others; i++) {
        ck_assert_msg(!stopword_is(others[i], strlen(others[i])), "%s: a function word",
                      others[i]);
        ck_assert_int_eq(stopword_class(others[i], strlen(others[i])), -1);
    }
    /* A prefix of a word is not the word ("the" in "their"). */
    ck_assert(stopword_is("their", 3));
    ck_assert(!stopword_is("thei", 4));
}
END_TEST

/* Sixteen words keep positions of their own; every class holds some of
 * the others; words that replace one another are in different classes. */
START_TEST(test_classes)
{
    size_t own = 0, per[STOPWORD_CLASSES] = { 0 };
    for (size_t i = 0; i < sizeof words / sizeof *words; i++) {
        int k = stopword_class(words[i], strlen(words[i]));
        ck_assert_int_ge(k, -1);
        ck_assert_int_lt(k, STOPWORD_CLASSES);
        if (k < 0)
            own++;
        else
            per[k]++;
    }
    ck_assert_uint_eq(own, 16);
    for (int k = 0; k < STOPWORD_CLASSES; k++)
        ck_assert_uint_gt(per[k], 10);
    static const char *const own_words[] = { "the", "of", "and", "to", "a", "in", "for", "by" };
    for (size_t i = 0; i < sizeof own_words / sizeof *own_words; i++)
        ck_assert_int_eq(stopword_class(own_words[i], strlen(own_words[i])), -1);
    static const char *const apart[][3] = {
        { "have", "has", "had" }, { "was", "were", "are" }, { "his", "her", "their" },
        { "he", "she", "they" }, { "will", "would", "can" }, { "this", "these", "those" },
        { "what", "which", "when" },
    };
    for (size_t i = 0; i < sizeof apart / sizeof *apart; i++) {
        int a = stopword_class(apart[i][0], strlen(apart[i][0]));
        int b = stopword_class(apart[i][1], strlen(apart[i][1]));
        int c = stopword_class(apart[i][2], strlen(apart[i][2]));
        ck_assert_msg(a >= 0 && b >= 0 && c >= 0 && a != b && b != c && a != c,
                      "%s/%s/%s: classes %d %d %d", apart[i][0], apart[i][1], apart[i][2], a, b,
                      c);
    }
    char t[4];
    stopword_class_term(2, t);
    ck_assert_str_eq(t, PREFIX_STOPCLASS "c");
}
END_TEST

static Suite *
stopwords_suite(void)
{
    Suite *s = suite_create("stopwords");
    TCase *tc = tcase_create("table");
    tcase_add_test(tc, test_every_word_and_no_other);
    tcase_add_test(tc, test_classes);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    return tu_run_suite(stopwords_suite());
}
