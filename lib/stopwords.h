/*
 * stopwords.h - English function words, and how their positions are kept.
 *
 * A query drops these words where they stand alone ("the economy" is
 * "economy"), and keeps them inside phrases ("State of the Union").
 *
 * Index space.  Xapian's position table holds one B-tree entry per word
 * and document, about 19 bytes of key and item overhead whatever the
 * positions, and almost every document holds most function words: in
 * policy prose they were 15% of the table's entries.  So from schema 3
 * (lib/schema.h) only the sixteen commonest function words, which most
 * phrases are made of ("of", "the", "for", "by", ...), keep positions of
 * their own.  Every other one is indexed without positions, and its
 * positions go to one of STOPWORD_CLASSES class terms ("XW" and a
 * letter) that it shares with other function words.  A phrase asks for
 * the class term at that place and for the word in the document, which
 * another word of the class in that place also satisfies; the search
 * then checks the phrase in the stored text of the documents it matches
 * (search/verify.h).  The classes are dealt so that words that replace
 * one another ("have"/"had", "his"/"her", "we"/"they") are in different
 * classes where they can be, which leaves the check fewer documents.
 */
#ifndef DOSSIER_LIB_STOPWORDS_H
#define DOSSIER_LIB_STOPWORDS_H

#include <stddef.h>

#define STOPWORD_CLASSES 4

/* Is term[0..len) a function word? */
int stopword_is(const char *term, size_t len);

/* The class (0..STOPWORD_CLASSES-1) whose term holds the positions of
 * term[0..len) in a schema 3 shard, or -1 if it keeps positions of its
 * own (any other word, or one of the commonest function words). */
int stopword_class(const char *term, size_t len);

/* The class term of class k (PREFIX_STOPCLASS and a letter) into out. */
void stopword_class_term(int k, char out[4]);

#endif
