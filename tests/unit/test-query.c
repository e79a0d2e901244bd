/*
 * test-query.c - the query language over the sample corpus.
 *
 * Every case is a query with the exact set of documents it must find (or,
 * for --sort date, the exact order), the way the parser must read it where
 * that matters, and the warning it must give (or none).  The expected sets
 * come from the texts themselves (docs/corpus.md describes them), not from
 * running the program.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "corpusindex.h"
#include "lib/date.h"
#include "lib/schema.h"
#include "search/query.h"
#include "testutil.h"
#include "util/buf.h"

/* The 28 documents, by file name. */
#define COMMITTEE "2015-05-06-committee-note.txt"
#define CLEANENERGY "clean-energy-standard-letter.txt"
#define RANSOMLETTER "ransomware-reporting-letter.md"
#define FOLLOWUP "sanctions-enforcement-followup.txt"
#define VISA "seasonal-visa-letter.txt"
#define ASYLUM "asylum-court-backlog.txt"
#define BUDGETDEAL "budget-deal.md.gz"
#define CITYRANSOM "city-ransomware-recovery.html"
#define KORUS "korus-revision.txt"
#define MEASLES "measles-outbreak.txt"
#define PYEONGCHANG "pyeongchang-joint-team.txt"
#define SENATE "senate-letters-north-korea.txt"
#define BORDER "border-shelter-release.txt"
#define GRID "grid-security-exercise.txt.gz"
#define STEEL "steel-tariff-exclusions.txt"
#define SUMMIT "summit-preparations.txt"
#define VACCINE "vaccine-clinics-release.html"
#define CARBON "carbon-price-options.txt"
#define INFRA "infrastructure-cyber-brief.md"
#define SHIP "ship-to-ship-transfers.txt"
#define TARIFF "tariff-pass-through-study.txt"
#define OPIOID "testimony-opioid-response.txt"
#define TESTIMONY "testimony-sanctions-implementation.txt"
#define FLOOR "budget-floor-remarks.txt"
#define DENUC "denuclearization-remarks.txt"
#define COMMENCE "public-health-commencement.txt"
#define COPENHAGEN "road-to-copenhagen.md"
#define KEYNOTE "trade-forum-keynote.txt"

/* Documents with "sanctions" in their text (not only in a <script>). */
#define SANCTIONS_11 FOLLOWUP " " TESTIMONY " " SENATE " " SHIP " " DENUC " " PYEONGCHANG " " \
    SUMMIT " " RANSOMLETTER " " STEEL " " TARIFF " " INFRA
/* The phrase "North Korea". */
#define NK_7 FOLLOWUP " " SENATE " " TESTIMONY " " SUMMIT " " PYEONGCHANG " " SHIP " " DENUC
/* Kim Jong-un's. */
#define JONGUN_6 FOLLOWUP " " SENATE " " TESTIMONY " " SUMMIT " " PYEONGCHANG " " DENUC
#define NONE ""

static corpus_index_t ci;

enum { SET, EXACT };

typedef struct qcase {
    const char *query;
    int32_t today;          /* --now (0: the fixed default) */
    search_sort_t sort;
    int mode;               /* SET: any order; EXACT: this order */
    const char *hits;       /* file names, space-separated */
    const char *parsed;     /* query_describe() of the tree, or NULL */
    const char *warning;    /* a part of the (only) warning, or NULL: none */
} qcase_t;

#define R SEARCH_SORT_RELEVANCE

static const qcase_t cases[] = {
    /* ---- Words: stemmed; one quoted word exact ---- */
    { "sanctions", 0, R, SET, SANCTIONS_11, "sanctions", NULL },
    { "sanction", 0, R, SET, SANCTIONS_11, NULL, NULL },
    { "SANCTIONS", 0, R, SET, SANCTIONS_11, NULL, NULL },
    { "\"sanctions\"", 0, R, SET, SANCTIONS_11, "=sanctions", NULL },
    { "\"sanction\"", 0, R, SET, NONE, "=sanction", NULL },
    { "markey", 0, R, SET, SENATE, NULL, NULL },
    { "scriptsentinel", 0, R, SET, NONE, NULL, NULL },
    { "stylesentinel", 0, R, SET, NONE, NULL, NULL },
    { "tariffs", 0, R, SET, KORUS " " STEEL " " TARIFF " " KEYNOTE, NULL, NULL },

    /* ---- Phrases: straight, curly and low quotes ---- */
    { "\"North Korea\"", 0, R, SET, NK_7, "\"north korea\"", NULL },
    { "\xE2\x80\x9CNorth Korea\xE2\x80\x9D", 0, R, SET, NK_7, "\"north korea\"", NULL },
    { "\xE2\x80\x9Enorth korea\xE2\x80\x9C", 0, R, SET, NK_7, "\"north korea\"", NULL },
    { "\xE2\x80\x9Dnorth korea\xE2\x80\x9D", 0, R, SET, NK_7, "\"north korea\"", NULL },
    { "north korea", 0, R, SET, NK_7 " " KORUS " " STEEL " " TARIFF, "(AND north korea)", NULL },
    { "\"Section 232\"", 0, R, SET, STEEL, NULL, NULL },         /* no-break space */
    { "\"2015 2017\"", 0, R, SET, KORUS, NULL, NULL },            /* "2015–2017" */
    { "\"2015-2017\"", 0, R, SET, KORUS, NULL, NULL },

    /* ---- Hyphens and apostrophes ---- */
    { "Jong-un", 0, R, SET, JONGUN_6, "\"jong un\"", NULL },
    { "Jong-un's", 0, R, SET, JONGUN_6, "\"jong un\"", NULL },
    { "Jong-un\xE2\x80\x99s", 0, R, SET, JONGUN_6, "\"jong un\"", NULL },
    { "\"Kim Jong-un\"", 0, R, SET, JONGUN_6, "\"kim jong un\"", NULL },
    { "\"Kim Jong-un's\"", 0, R, SET, JONGUN_6, NULL, NULL },
    { "\xE2\x80\x9CKim Jong-un\xE2\x80\x99s\xE2\x80\x9D", 0, R, SET, JONGUN_6, NULL, NULL },
    { "US-ROK", 0, R, SET, SENATE " " SUMMIT " " DENUC, "\"us rok\"", NULL },
    { "us\xE2\x80\x91rok", 0, R, SET, SENATE " " SUMMIT " " DENUC, "\"us rok\"", NULL },
    { "D-MA", 0, R, SET, CLEANENERGY " " SENATE, NULL, NULL },
    /* The possessive is dropped: China's is china (in three documents). */
    { "China's", 0, R, SET, TARIFF " " SHIP " " TESTIMONY, "china", NULL },
    { "China\xE2\x80\x99s", 0, R, SET, TARIFF " " SHIP " " TESTIMONY, "china", NULL },

    /* ---- Normalisation as in the indexer ---- */
    { "cafe", 0, R, SET, PYEONGCHANG " " BORDER, NULL, NULL },
    { "caf\xC3\xA9", 0, R, SET, PYEONGCHANG " " BORDER, NULL, NULL },
    { "CAF\xC3\x89", 0, R, SET, PYEONGCHANG " " BORDER, NULL, NULL },
    { "\"caf\xC3\xA9\"", 0, R, SET, PYEONGCHANG " " BORDER, NULL, NULL },
    { "resume", 0, R, SET, PYEONGCHANG " " SENATE, NULL, NULL },    /* résumé, resume */
    { "\"r\xC3\xA9sum\xC3\xA9\"", 0, R, SET, PYEONGCHANG, NULL, NULL },
    { "ramirez", 0, R, SET, BORDER, NULL, NULL },                /* Windows-1252 */
    { "Jos\xC3\xA9", 0, R, SET, BORDER, NULL, NULL },
    { "\"vaccination rates\"", 0, R, SET, MEASLES " " VACCINE, NULL, NULL },  /* soft hyphen */
    { "\"vaccination rates\" dir:corpus/news", 0, R, SET, MEASLES, NULL, NULL },
    { "\"financial system\"", 0, R, SET, FOLLOWUP " " TESTIMONY, NULL, NULL }, /* ligature */
    { "\xEF\xAC\x81nancial", 0, R, SET, FOLLOWUP " " SENATE " " TESTIMONY " " SHIP, NULL, NULL },

    /* ---- Boolean operators: AND, OR, NOT in any case ---- */
    { "Markey AND Cruz", 0, R, SET, SENATE, "(AND markey cruz)", NULL },
    { "markey and cruz", 0, R, SET, SENATE, "(AND markey cruz)", NULL },
    { "Markey Cruz", 0, R, SET, SENATE, NULL, NULL },
    { "Markey OR Whitcomb", 0, R, SET, SENATE " " FOLLOWUP, "(OR markey whitcomb)", NULL },
    { "markey or whitcomb", 0, R, SET, SENATE " " FOLLOWUP, NULL, NULL },
    { "sanctions NOT korea", 0, R, SET, RANSOMLETTER " " INFRA, "(NOT sanctions korea)", NULL },
    { "sanctions not korea", 0, R, SET, RANSOMLETTER " " INFRA, NULL, NULL },
    { "sanctions AND NOT korea", 0, R, SET, RANSOMLETTER " " INFRA, NULL, NULL },
    { "sanctions -korea", 0, R, SET, RANSOMLETTER " " INFRA, "(NOT sanctions korea)", NULL },
    { "-korea sanctions", 0, R, SET, RANSOMLETTER " " INFRA, NULL, NULL },
    { "+sanctions +ransomware", 0, R, SET, RANSOMLETTER " " INFRA, NULL, NULL },
    { "sanctions XOR korea", 0, R, SET, RANSOMLETTER " " INFRA " " KORUS, "(XOR sanctions korea)", NULL },
    { "NOT sanctions", 0, R, SET,
      COMMITTEE " " CLEANENERGY " " VISA " " ASYLUM " " BUDGETDEAL " " CITYRANSOM " " KORUS " "
      MEASLES " " BORDER " " GRID " " VACCINE " " CARBON " " OPIOID " " FLOOR " " COMMENCE " "
      COPENHAGEN " " KEYNOTE, "(NOT <all documents> sanctions)", NULL },
    { "-sanctions -korea dir:corpus/reports", 0, R, SET, CARBON " " OPIOID, NULL, NULL },
    { "(ransomware OR measles) AND budget", 0, R, SET,
      CITYRANSOM " " RANSOMLETTER " " INFRA " " COMMENCE, "(AND (OR ransomware measles) budget)",
      NULL },
    { "ransomware OR measles budget", 0, R, SET,
      CITYRANSOM " " RANSOMLETTER " " INFRA " " COMMENCE, "(OR ransomware (AND measles budget))",
      NULL },
    { "(Markey OR Whitcomb) NOT (Cruz OR Keller)", 0, R, SET, NONE, NULL, NULL },
    { "(Markey OR Whitcomb) NOT Keller", 0, R, SET, SENATE, NULL, NULL },

    /* ---- Proximity: NEAR, NEAR/N, ADJ/N and the two sugars ----
     * "secondary sanctions against foreign banks" (FOLLOWUP): sanctions
     * and banks are 3 positions apart; in TESTIMONY they are 17 apart. */
    { "sanctions NEAR/3 banks", 0, R, SET, FOLLOWUP, "(NEAR/3 sanctions banks)", NULL },
    { "banks NEAR/3 sanctions", 0, R, SET, FOLLOWUP, NULL, NULL },
    { "sanctions NEAR/2 banks", 0, R, SET, NONE, NULL, NULL },
    { "sanctions near/3 banks", 0, R, SET, FOLLOWUP, NULL, NULL },
    { "sanctions ADJ/3 banks", 0, R, SET, FOLLOWUP, "(ADJ/3 sanctions banks)", NULL },
    { "banks ADJ/3 sanctions", 0, R, SET, NONE, NULL, NULL },
    { "sanctions NEAR banks", 0, R, SET, FOLLOWUP, "(NEAR/10 sanctions banks)", NULL },
    { "sanctions NEAR/16 banks", 0, R, SET, FOLLOWUP, NULL, NULL },
    { "sanctions NEAR/17 banks", 0, R, SET, FOLLOWUP " " TESTIMONY, NULL, NULL },
    { "\"sanctions banks\"~3", 0, R, SET, FOLLOWUP, "(NEAR/3 =sanctions =banks)", NULL },
    { "\"banks sanctions\"~3", 0, R, SET, FOLLOWUP, NULL, NULL },
    { "\"sanctions banks\"~2", 0, R, SET, NONE, NULL, NULL },
    { "\xE2\x80\x9Csanctions banks\xE2\x80\x9D~3", 0, R, SET, FOLLOWUP, NULL, NULL },
    { "NEAR(sanctions banks, 3)", 0, R, SET, FOLLOWUP, "(NEAR/3 sanctions banks)", NULL },
    { "NEAR(banks sanctions,3)", 0, R, SET, FOLLOWUP, NULL, NULL },
    { "NEAR(sanctions banks, 2)", 0, R, SET, NONE, NULL, NULL },
    { "near(sanctions banks)", 0, R, SET, FOLLOWUP, "(NEAR/10 sanctions banks)", NULL },
    /* "Secretary of the Treasury / Department of the Treasury" (one
     * paragraph of FOLLOWUP), "Treasury Department" (TESTIMONY), "Treasury
     * Secretary ... in the Department" 7 apart (SENATE). */
    { "treasury ADJ/1 department", 0, R, SET, FOLLOWUP " " TESTIMONY, NULL, NULL },
    { "department ADJ/1 treasury", 0, R, SET, NONE, NULL, NULL },
    { "department ADJ/3 treasury", 0, R, SET, FOLLOWUP, NULL, NULL },
    { "treasury NEAR/6 department", 0, R, SET, FOLLOWUP " " TESTIMONY, NULL, NULL },
    { "treasury NEAR/7 department", 0, R, SET, FOLLOWUP " " TESTIMONY " " SENATE, NULL, NULL },
    { "\"secondary sanctions\"", 0, R, SET, FOLLOWUP " " TESTIMONY, NULL, NULL },
    { "\"sanctions secondary\"", 0, R, SET, NONE, NULL, NULL },
    /* Proximity never crosses paragraphs: Markey and Cruz are in two;
     * "prompt reply." and "Sincerely," end and start two paragraphs. */
    { "Markey NEAR Cruz", 0, R, SET, NONE, NULL, NULL },
    { "reply NEAR sincerely", 0, R, SET, NONE, NULL, NULL },
    { "reply NEAR/200 sincerely", 0, R, SET, NONE, "(NEAR/200 reply sincerely)", NULL },
    { "reply NEAR/5000 sincerely", 0, R, SET, NONE, "(NEAR/200 reply sincerely)",
      "lowered the distance to 200" },
    { "\"sanctions banks\"~99999", 0, R, SET, FOLLOWUP " " TESTIMONY " " SHIP " " SENATE,
      "(NEAR/200 =sanctions =banks)", "lowered the distance to 200" },
    { "NEAR(sanctions banks, 123456)", 0, R, SET, FOLLOWUP " " TESTIMONY " " SHIP " " SENATE,
      "(NEAR/200 sanctions banks)", "lowered the distance to 200" },
    { "NEAR(sanctions banks , 3)", 0, R, SET, FOLLOWUP, "(NEAR/3 sanctions banks)", NULL },
    { "NEAR(sanctions secondary foreign banks, 5)", 0, R, SET, FOLLOWUP,
      "(NEAR/5 sanctions secondary foreign banks)", NULL },
    { "secondary NEAR/0 sanctions", 0, R, SET, FOLLOWUP " " TESTIMONY, "(NEAR/1 secondary sanctions)",
      "NEAR/0: raised the distance to 1 word, the smallest" },
    { "secondary ADJ/0 sanctions", 0, R, SET, FOLLOWUP " " TESTIMONY, "(ADJ/1 secondary sanctions)",
      "ADJ/0: raised the distance to 1 word, the smallest" },
    { "\"secondary sanctions\"~0", 0, R, SET, FOLLOWUP " " TESTIMONY,
      "(NEAR/1 =secondary =sanctions)", "\"...\"~0: raised the distance to 1 word, the smallest" },
    { "NEAR(secondary sanctions, 0)", 0, R, SET, FOLLOWUP " " TESTIMONY,
      "(NEAR/1 secondary sanctions)", "NEAR(...): raised the distance to 1 word, the smallest" },
    /* A '*' inside quotes is not a wildcard, and is said. */
    { "\"secondary sanc*\"", 0, R, SET, NONE, "\"secondary sanc\"",
      "ignored the '*' in \"secondary sanc*\": a wildcard does not work inside quotes" },
    /* NEAR/N(...) and ADJ/N(...): the call with its distance in front. */
    { "NEAR/3(sanctions banks)", 0, R, SET, FOLLOWUP, "(NEAR/3 sanctions banks)", NULL },
    { "near/3(banks sanctions)", 0, R, SET, FOLLOWUP, "(NEAR/3 banks sanctions)", NULL },
    { "NEAR/2(sanctions banks)", 0, R, SET, NONE, "(NEAR/2 sanctions banks)", NULL },
    { "ADJ/1(secondary sanctions)", 0, R, SET, FOLLOWUP " " TESTIMONY,
      "(ADJ/1 secondary sanctions)", NULL },
    { "NEAR/0(secondary sanctions)", 0, R, SET, FOLLOWUP " " TESTIMONY,
      "(NEAR/1 secondary sanctions)", "NEAR/0(...): raised the distance to 1 word, the smallest" },
    { "NEAR/2(sanctions banks, 3)", 0, R, SET, FOLLOWUP, "(NEAR/3 sanctions banks)",
      "NEAR/2(...) with a distance inside too: used 3, the one inside" },
    { "NEAR/x(sanctions banks)", 0, R, SET, FOLLOWUP, "(NEAR/10 sanctions banks)",
      "NEAR/x(...): the distance must be a number; used 10 words, the default" },
    /* A distance that is not a number: the default, 10 (as NEAR alone). */
    { "sanctions NEAR/x banks", 0, R, SET, FOLLOWUP, "(NEAR/10 sanctions banks)",
      "NEAR/x: the distance must be a number; used 10 words, the default" },
    { "sanctions NEAR/3x banks", 0, R, SET, FOLLOWUP, "(NEAR/10 sanctions banks)",
      "NEAR/3x: the distance must be a number" },
    { "sanctions ADJ/ banks", 0, R, SET, FOLLOWUP, "(ADJ/10 sanctions banks)",
      "ADJ/: the distance must be a number" },
    { "\"sanctions banks\"~x", 0, R, SET, FOLLOWUP, "(NEAR/10 =sanctions =banks)",
      "\"...\"~x: the distance must be a number; used 10 words, the default" },
    { "\"North Korea\" NEAR/2 sanctions", 0, R, SET, FOLLOWUP " " TESTIMONY, NULL, NULL },

    /* ---- Wildcards ---- */
    { "sanction*", 0, R, SET, SANCTIONS_11, "sanction*", NULL },
    { "ransom*", 0, R, SET, CITYRANSOM " " RANSOMLETTER " " INFRA, NULL, NULL },
    { "Pyeong*", 0, R, SET, PYEONGCHANG " " SUMMIT " " DENUC, NULL, NULL },
    { "title:ransom*", 0, R, SET, CITYRANSOM " " RANSOMLETTER, NULL, NULL },
    /* In proximity (sanctions and Korea 4 apart in TESTIMONY, 5 in SHIP). */
    { "sanction* NEAR/4 korea", 0, R, SET, FOLLOWUP " " TESTIMONY, "(NEAR/4 sanction* korea)", NULL },
    { "sanction* NEAR/5 korea", 0, R, SET, FOLLOWUP " " TESTIMONY " " SHIP, NULL, NULL },
    { "ransom* NEAR/3 pay*", 0, R, SET, RANSOMLETTER, NULL, NULL },
    { "\"North Korea\" NEAR/1 sanctions", 0, R, SET, FOLLOWUP " " TESTIMONY, NULL, NULL },

    /* ---- Fields ---- */
    { "title:korea", 0, R, SET, SENATE " " TESTIMONY " " FOLLOWUP, NULL, NULL },
    { "title:\"North Korea\"", 0, R, SET, SENATE " " TESTIMONY " " FOLLOWUP, NULL, NULL },
    { "TITLE:tariffs", 0, R, SET, TARIFF " " STEEL, NULL, NULL },
    { "title:\"tariffs\"", 0, R, SET, TARIFF, NULL, NULL },
    { "title:(korea OR tariffs)", 0, R, SET, SENATE " " TESTIMONY " " FOLLOWUP " " TARIFF " " STEEL,
      NULL, NULL },
    { "author:forsythe", 0, R, SET, RANSOMLETTER, NULL, NULL },
    { "author:\"Franklin Osei\"", 0, R, SET, COPENHAGEN, NULL, NULL },
    { "author:newsdesk", 0, R, SET, BUDGETDEAL, NULL, NULL },
    { "type:letter", 0, R, SET, RANSOMLETTER, "type:letter", NULL },
    { "type:Speech", 0, R, SET, COPENHAGEN, NULL, NULL },
    { "type:news OR type:report", 0, R, SET, BUDGETDEAL " " INFRA, NULL, NULL },
    { "path:corpus/news/korus-revision.txt", 0, R, SET, KORUS, NULL, NULL },
    { "path:corpus/press/*", 0, R, SET, BORDER " " GRID " " STEEL " " SUMMIT " " VACCINE, NULL, NULL },
    { "dir:corpus/letters", 0, R, SET,
      COMMITTEE " " CLEANENERGY " " RANSOMLETTER " " FOLLOWUP " " VISA, NULL, NULL },
    { "dir:corpus/letters/", 0, R, SET,
      COMMITTEE " " CLEANENERGY " " RANSOMLETTER " " FOLLOWUP " " VISA, NULL, NULL },
    { "sanctions dir:corpus/letters", 0, R, SET, RANSOMLETTER " " FOLLOWUP, NULL, NULL },
    { "ext:html", 0, R, SET, CITYRANSOM " " VACCINE, NULL, NULL },
    { "ext:.HTML", 0, R, SET, CITYRANSOM " " VACCINE, NULL, NULL },
    { "ext:md", 0, R, SET, RANSOMLETTER " " BUDGETDEAL " " INFRA " " COPENHAGEN, NULL, NULL },
    { "budget -ext:txt", 0, R, SET, BUDGETDEAL " " CITYRANSOM " " INFRA " " RANSOMLETTER " " VACCINE,
      NULL, NULL },

    /* ---- The document's date ---- */
    { "date:2017-03-03", 0, R, SET, FOLLOWUP " " SENATE, "date:2017-03-03..2017-03-03", NULL },
    { "date:20170303", 0, R, SET, FOLLOWUP " " SENATE, NULL, NULL },
    { "date:2017-03", 0, R, SET, FOLLOWUP " " SENATE, "date:2017-03-01..2017-03-31", NULL },
    { "date:2017", 0, R, SET, FOLLOWUP " " SENATE " " OPIOID, "date:2017-01-01..2017-12-31", NULL },
    { "year:2017", 0, R, SET, FOLLOWUP " " SENATE " " OPIOID, NULL, NULL },
    { "date:2017-Q1", 0, R, SET, FOLLOWUP " " SENATE, "date:2017-01-01..2017-03-31", NULL },
    { "date:2019-q2", 0, R, SET, DENUC " " MEASLES, NULL, NULL },
    { "date:Q3-2018", 0, R, SET, CITYRANSOM, NULL, NULL },
    { "date:2017..2018", 0, R, SET,
      FOLLOWUP " " SENATE " " OPIOID " " PYEONGCHANG " " KORUS " " SUMMIT " " CITYRANSOM,
      "date:2017-01-01..2018-12-31", NULL },
    { "date:2017/2018", 0, R, SET,
      FOLLOWUP " " SENATE " " OPIOID " " PYEONGCHANG " " KORUS " " SUMMIT " " CITYRANSOM,
      "date:2017-01-01..2018-12-31", NULL },
    { "date:2018-02..2018-03", 0, R, SET, PYEONGCHANG " " KORUS, NULL, NULL },
    { "date:2018-02-11..2018-06-04", 0, R, SET, KORUS " " SUMMIT, NULL, NULL },
    { "date:..2010", 0, R, SET, COPENHAGEN " " CLEANENERGY, "date:..2010-12-31", NULL },
    { "date:2023..", 0, R, SET, INFRA " " KEYNOTE " " ASYLUM, "date:2023-01-01..", NULL },
    { "date:>=2023-05-16", 0, R, SET, INFRA " " KEYNOTE " " ASYLUM, NULL, NULL },
    { "date:>2023-05-16", 0, R, SET, KEYNOTE " " ASYLUM, NULL, NULL },
    { "date:<2010", 0, R, SET, COPENHAGEN, NULL, NULL },
    { "date:<=2010-03-22", 0, R, SET, COPENHAGEN " " CLEANENERGY, NULL, NULL },
    { "date:\"March 3, 2017\"", 0, R, SET, FOLLOWUP " " SENATE, "date:2017-03-03..2017-03-03", NULL },
    { "date:\"3 March 2017\"", 0, R, SET, FOLLOWUP " " SENATE, NULL, NULL },
    { "date:march_3_2017", 0, R, SET, FOLLOWUP " " SENATE, NULL, NULL },
    { "date:march_2017", 0, R, SET, FOLLOWUP " " SENATE, NULL, NULL },
    { "date:\"April 2019\"", 0, R, SET, DENUC " " MEASLES, NULL, NULL },
    { "date:2020-05-05", 0, R, SET, COMMENCE, NULL, NULL },       /* the mtime */
    { "date:2020", 0, R, SET, COMMENCE " " TARIFF, NULL, NULL },
    { "sanctions date:2017", 0, R, SET, FOLLOWUP " " SENATE, NULL, NULL },
    { "sanctions -date:2017..2019", 0, R, SET, TESTIMONY " " TARIFF " " RANSOMLETTER " " INFRA, NULL,
      NULL },
    { "date:2016 OR date:2022", 0, R, SET, FLOOR " " TESTIMONY " " VISA, NULL, NULL },
    /* Relative dates, anchored at --now. */
    { "date:yesterday", 20170304, R, SET, FOLLOWUP " " SENATE, "date:2017-03-03..2017-03-03", NULL },
    { "date:today", 20190426, R, SET, MEASLES, NULL, NULL },
    { "date:\"last 6 months\"", 20180304, R, SET, OPIOID " " PYEONGCHANG, NULL, NULL },
    { "date:last_6_months", 20180304, R, SET, OPIOID " " PYEONGCHANG, NULL, NULL },
    { "date:2w..", 20170316, R, SET, FOLLOWUP " " SENATE, "date:2017-03-02..2017-03-16", NULL },
    { "date:2w..", 20170318, R, SET, NONE, "date:2017-03-04..2017-03-18", NULL },
    { "date:1w", 20190122, R, SET, STEEL, "date:2019-01-15..2019-01-15", NULL },
    { "date:\"this year\"", 20221231, R, SET, VISA, NULL, NULL },
    { "date:\"last year\"", 20230101, R, SET, VISA, NULL, NULL },
    { "date:\"last month\"", 20190510, R, SET, DENUC " " MEASLES, NULL, NULL },

    /* ---- Dates mentioned in the text ---- */
    { "mentions:2017-02-14", 0, R, SET, FOLLOWUP " " SENATE " " SHIP, "mentions:2017-02-14..2017-02-14", NULL },
    { "mentions:\"February 14, 2017\"", 0, R, SET, FOLLOWUP " " SENATE " " SHIP, NULL, NULL },
    { "mentions:\"14 February 2017\"", 0, R, SET, FOLLOWUP " " SENATE " " SHIP, NULL, NULL },
    { "mentions:2017-02", 0, R, SET, FOLLOWUP " " SENATE " " SHIP, NULL, NULL },
    { "mentions:2021-05", 0, R, SET, RANSOMLETTER " " INFRA, NULL, NULL },   /* "May 2021" */
    { "mentions:\"May 2021\"", 0, R, SET, RANSOMLETTER " " INFRA, NULL, NULL },
    { "mentions:2021-05-10", 0, R, SET, NONE, NULL, NULL },
    { "mentions:2009", 0, R, SET, CLEANENERGY " " CARBON " " COPENHAGEN, NULL, NULL },
    { "mentions:2018-03..2018-06", 0, R, SET, KORUS " " STEEL " " SUMMIT " " DENUC, NULL, NULL },
    { "mentions:yesterday", 20180428, R, SET, DENUC, NULL, NULL },   /* April 27, 2018 */
    { "mention:2013-10-17", 0, R, SET, BUDGETDEAL, NULL, NULL },
    { "sanctions mentions:2017", 0, R, SET, FOLLOWUP " " SENATE " " SHIP, NULL, NULL },

    /* ---- Malformed queries: repaired, with one warning ---- */
    { "sanctions AND", 0, R, SET, SANCTIONS_11, "sanctions", "ignored 'AND' at the end" },
    { "AND sanctions", 0, R, SET, SANCTIONS_11, "sanctions", "ignored 'AND' with nothing before it" },
    { "sanctions OR", 0, R, SET, SANCTIONS_11, "sanctions", "ignored 'OR' at the end" },
    { "sanctions NOT", 0, R, SET, SANCTIONS_11, "sanctions", "ignored 'NOT' with nothing after it" },
    { "NOT", 0, R, SET, NONE, "(nothing)", "ignored 'NOT' with nothing after it" },
    { "\"North Korea", 0, R, SET, NK_7, "\"north korea\"", "unbalanced quote" },
    { "\xE2\x80\x9CNorth Korea", 0, R, SET, NK_7, "\"north korea\"", "unbalanced quote" },
    { "north korea\xE2\x80\x9D", 0, R, SET, NK_7 " " KORUS " " STEEL " " TARIFF, "(AND north korea)",
      "stray closing quote" },
    { "(Markey OR Whitcomb", 0, R, SET, SENATE " " FOLLOWUP, "(OR markey whitcomb)", "missing ')'" },
    { "Markey OR Whitcomb)", 0, R, SET, SENATE " " FOLLOWUP, "(OR markey whitcomb)",
      "ignored ')' with no matching '('" },
    { "date:garbage Markey", 0, R, SET, SENATE, "markey", "ignored 'date:garbage'" },
    { "Markey date:2017-13", 0, R, SET, SENATE, "markey", "month 13" },
    { "mentions:soon Markey", 0, R, SET, SENATE, "markey", "ignored 'mentions:soon'" },
    { "date:", 0, R, SET, NONE, "(nothing)", "no value after the colon" },
    { "Markey :", 0, R, SET, SENATE, "markey", "stray ':'" },
    { ": Markey", 0, R, SET, SENATE, "markey", "stray ':'" },
    { "title: Markey", 0, R, SET, SENATE, "markey", "ignored 'title:'" },
    { "\"\" Markey", 0, R, SET, SENATE, "markey", "empty quotes" },
    { "NEAR/3 Markey", 0, R, SET, SENATE, "markey", "ignored 'NEAR/3' with nothing before it" },
    { "Markey NEAR", 0, R, SET, SENATE, "markey", "ignored 'NEAR' at the end" },
    { "Markey NEAR (Cruz OR Keller)", 0, R, SET, SENATE, "(AND markey (OR cruz keller))",
      "used AND instead" },
    { "NEAR(Markey Franken", 0, R, SET, SENATE, "(NEAR/10 markey franken)", "missing ')' of NEAR" },
    { "NEAR(Markey)", 0, R, SET, SENATE, NULL, "needs two words" },
    { "* Markey", 0, R, SET, SENATE, "markey", "ignored '*'" },
    { "Markey ***", 0, R, SET, SENATE, "markey", "ignored '***'" },
    { "(Markey", 0, R, SET, SENATE, "markey", "missing ')'" },
    /* Operators with nothing to join: the warning says which side. */
    { "Markey OR OR Whitcomb", 0, R, SET, SENATE " " FOLLOWUP, "(OR markey whitcomb)",
      "ignored a repeated 'OR'" },
    { "Markey AND OR Whitcomb", 0, R, SET, SENATE " " FOLLOWUP, "(OR markey whitcomb)",
      "ignored 'AND' before 'OR'" },
    { "Markey OR AND Cruz", 0, R, SET, SENATE, "(AND markey cruz)", "ignored 'OR' before 'AND'" },
    { "sanctions NOT NOT korea", 0, R, SET, RANSOMLETTER " " INFRA, "(NOT sanctions korea)",
      "ignored a repeated 'NOT'" },
    { "sanctions NEAR NOT korea", 0, R, SET, RANSOMLETTER " " INFRA, "(NOT sanctions korea)",
      "ignored 'NEAR' before 'NOT'" },
    { "OR OR Markey", 0, R, SET, SENATE, "markey", "ignored 'OR OR' with nothing before it" },
    { "Markey AND NOT OR", 0, R, SET, SENATE, "markey", "ignored 'AND NOT OR' at the end" },
    { "(Markey OR) Cruz", 0, R, SET, SENATE, "(AND markey cruz)",
      "ignored 'OR' with nothing after it" },
    { "OR OR", 0, R, SET, NONE, "(nothing)", "ignored 'OR OR' with nothing before or after it" },
    { "NEAR", 0, R, SET, NONE, "(nothing)", "ignored 'NEAR' with nothing before or after it" },
    { "Markey OR &", 0, R, SET, SENATE, "markey", "ignored 'OR' with nothing after it" },
    { "Markey NOT &", 0, R, SET, SENATE, "markey", "ignored 'NOT' with nothing after it" },
    /* A dropped operand was warned about: the operator had something
     * before it, so no second warning. */
    { "date:garbage OR Markey", 0, R, SET, SENATE, "markey", "ignored 'date:garbage'" },
    { "date:garbage NEAR Markey", 0, R, SET, SENATE, "markey", "ignored 'date:garbage'" },
    { "date:garbage AND Markey", 0, R, SET, SENATE, "markey", "ignored 'date:garbage'" },
    /* Empty groups, lone marks. */
    { "()", 0, R, SET, NONE, "(nothing)", "ignored parentheses with no words in them" },
    { "Markey ( )", 0, R, SET, SENATE, "markey", "ignored parentheses with no words in them" },
    { "Markey title:()", 0, R, SET, SENATE, "markey", "ignored parentheses with no words in them" },
    { "Markey (", 0, R, SET, SENATE, "markey", "ignored '(' with no words after it" },
    { "Markey ((((", 0, R, SET, SENATE, "markey", "ignored '(' with no words after it" },
    { "-", 0, R, SET, NONE, "(nothing)",
      "ignored a '-' with no word after it (to leave a word out, write -word)" },
    { "+", 0, R, SET, NONE, "(nothing)",
      "ignored a '+' with no word after it (to require a word, write +word)" },
    { "Markey - Cruz", 0, R, SET, SENATE, "(AND markey cruz)", "ignored a '-' with no word after it" },
    { "(Markey -) Cruz", 0, R, SET, SENATE, "(AND markey cruz)", "ignored a '-' with no word after it" },
    { "sanctions (-korea)", 0, R, SET, RANSOMLETTER " " INFRA,
      "(AND sanctions (NOT <all documents> korea))", NULL },
    { "Markey NEAR -Cruz", 0, R, SET, NONE, "(NEAR/10 markey cruz)",
      "ignored the '-' after 'NEAR': it joins words and cannot leave one out" },
    { "NEAR(sanctions OR banks, 3)", 0, R, SET, FOLLOWUP, "(NEAR/3 sanctions banks)",
      "ignored 'OR' inside NEAR(...)" },
    /* Quotes, fields, ~N where it does not belong. */
    { "Markey \"", 0, R, SET, SENATE, "markey", "ignored an unbalanced quote with no words after it" },
    { "Markey title:\"", 0, R, SET, SENATE, "markey",
      "ignored 'title:\"': an unbalanced quote with nothing after it" },
    { "Markey title:\"\"", 0, R, SET, SENATE, "markey", "ignored 'title:\"\"': empty quotes" },
    { "\"sanctions\"~2", 0, R, SET, SANCTIONS_11, "=sanctions",
      "ignored '~2': a distance needs a phrase of two words or more" },
    { "sanction~2", 0, R, SET, SANCTIONS_11, "sanction",
      "ignored '~2' after 'sanction': ~N goes after a quoted phrase" },
    /* A date with a stray '-' is refused, as other bad dates are (it is
     * not date:2017). */
    { "Markey date:-2017", 0, R, SET, SENATE, "markey",
      "ignored 'date:-2017': '-2017' is not a date (for up to 2017, write date:..2017)" },
    { "date:-2017", 0, R, SET, NONE, "(nothing)", "'-2017' is not a date" },
    { "Markey date:2017-", 0, R, SET, SENATE, "markey",
      "ignored 'date:2017-': '2017-' is not a date (for 2017 and after, write date:2017..)" },
    { "Markey date:2015..-2017", 0, R, SET, SENATE, "markey",
      "ignored 'date:2015..-2017': '-2017' is not a date (a stray '-')" },
    { "Markey year:<-2018", 0, R, SET, SENATE, "markey", "'-2018' is not a date (a stray '-')" },
    { "Markey mentions:-2017", 0, R, SET, SENATE, "markey",
      "(for up to 2017, write mentions:..2017)" },
    { "Markey date:\"2017-03-\"", 0, R, SET, SENATE, "markey", "'2017-03-' is not a date" },

    /* ---- Sorting by date ---- */
    { "sanctions", 0, SEARCH_SORT_DATE, EXACT,
      TESTIMONY " " FOLLOWUP " " SENATE " " PYEONGCHANG " " SUMMIT " " STEEL " " DENUC " " SHIP " "
      TARIFF " " RANSOMLETTER " " INFRA, NULL, NULL },
    { "sanctions", 0, SEARCH_SORT_DATE_DESC, EXACT,
      INFRA " " RANSOMLETTER " " TARIFF " " SHIP " " DENUC " " STEEL " " SUMMIT " " PYEONGCHANG " "
      FOLLOWUP " " SENATE " " TESTIMONY, NULL, NULL },
    { "tariffs OR climate", 0, SEARCH_SORT_DATE, EXACT,
      COPENHAGEN " " CLEANENERGY " " CARBON " " KORUS " " STEEL " " TARIFF " " KEYNOTE, NULL, NULL },
};

/* Documents dated the same day keep an unspecified order: for EXACT
 * comparison, these pairs may be swapped. */
static int
same_day(const char *a, const char *b)
{
    return (strcmp(a, FOLLOWUP) == 0 && strcmp(b, SENATE) == 0) ||
           (strcmp(a, SENATE) == 0 && strcmp(b, FOLLOWUP) == 0);
}

static int
cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Split a space-separated list into a malloc'd vector. */
static char **
split(const char *list, size_t *n)
{
    char *copy = xstrdup(list);
    char **v = xcalloc(strlen(list) / 2 + 2, sizeof *v);
    *n = 0;
    for (char *s = strtok(copy, " "); s; s = strtok(NULL, " "))
        v[(*n)++] = xstrdup(s);
    free(copy);
    return v;
}

static void
free_list(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

static char *
join(char **v, size_t n)
{
    buf_t b = BUF_INIT;
    for (size_t i = 0; i < n; i++) {
        if (i)
            buf_putc(&b, ' ');
        buf_puts(&b, v[i]);
    }
    return buf_detach(&b, NULL);
}

START_TEST(test_case)
{
    const qcase_t *c = &cases[_i];
    search_opts_t o;
    ci_opts(&o);
    o.limit = 100;
    o.per_doc = 0;
    o.sort = c->sort;
    if (c->today)
        o.today = c->today;
    search_result_t r;
    ci_search(&ci, c->query, &o, &r);

    size_t ngot = r.nhits, nwant;
    char **got = xcalloc(ngot + 1, sizeof *got);
    for (size_t i = 0; i < ngot; i++)
        got[i] = xstrdup(ci_base(r.hits[i].rec.path));
    char **want = split(c->hits, &nwant);
    char *got_s = NULL, *want_s = NULL;
    if (c->mode == SET) {
        qsort(got, ngot, sizeof *got, cmp_str);
        qsort(want, nwant, sizeof *want, cmp_str);
    } else {
        for (size_t i = 0; i + 1 < ngot && i + 1 < nwant; i++)
            if (strcmp(got[i], want[i]) != 0 && same_day(got[i], want[i]) &&
                strcmp(got[i + 1], want[i]) == 0) {
                char *t = got[i];
                got[i] = got[i + 1];
                got[i + 1] = t;
            }
    }
    got_s = join(got, ngot);
    want_s = join(want, nwant);
    ck_assert_msg(strcmp(got_s, want_s) == 0, "[%s]: expected {%s}, got {%s}", c->query, want_s,
                  got_s);
    ck_assert_msg(!r.or_mode, "[%s]: fell back to OR", c->query);

    if (c->parsed)
        ck_assert_msg(strcmp(r.described, c->parsed) == 0, "[%s]: parsed as %s, expected %s",
                      c->query, r.described, c->parsed);
    if (c->warning) {
        ck_assert_msg(r.query->nwarnings == 1, "[%s]: %zu warnings, expected one about %s",
                      c->query, r.query->nwarnings, c->warning);
        ck_assert_msg(strstr(r.query->warnings[0], c->warning) != NULL,
                      "[%s]: warning '%s', expected one about '%s'", c->query,
                      r.query->warnings[0], c->warning);
        ck_assert_msg(strchr(r.query->warnings[0], '\n') == NULL, "[%s]: warning of two lines",
                      c->query);
    } else {
        ck_assert_msg(r.query->nwarnings == 0, "[%s]: unexpected warning '%s'", c->query,
                      r.query->nwarnings ? r.query->warnings[0] : "");
    }
    free(got_s);
    free(want_s);
    free_list(got, ngot);
    free_list(want, nwant);
    search_result_free(&r);
}
END_TEST

/* A filter or a NOT never changes a document's score. */
static double
score_of(const char *query, const char *file)
{
    search_opts_t o;
    ci_opts(&o);
    o.limit = 100;
    o.per_doc = 0;
    search_result_t r;
    ci_search(&ci, query, &o, &r);
    double s = -1;
    for (size_t i = 0; i < r.nhits; i++)
        if (strcmp(ci_base(r.hits[i].rec.path), file) == 0)
            s = r.hits[i].score;
    search_result_free(&r);
    ck_assert_msg(s >= 0, "[%s] does not find %s", query, file);
    return s;
}

START_TEST(test_filters_keep_scores)
{
    static const char *const filtered[] = {
        "sanctions date:2017", "date:2017 sanctions", "sanctions year:2017",
        "sanctions NOT ransomware", "sanctions -ransomware", "sanctions AND NOT tariffs",
        "sanctions dir:corpus/letters", "sanctions ext:txt", "sanctions mentions:2017-02-14",
        "sanctions -date:2019", "sanctions path:corpus/letters/*",
        "sanctions (date:2017 OR date:2019)",
    };
    double base = score_of("sanctions", FOLLOWUP);
    ck_assert(base > 0);
    for (size_t i = 0; i < sizeof filtered / sizeof *filtered; i++) {
        double s = score_of(filtered[i], FOLLOWUP);
        ck_assert_msg(s == base, "[%s] scores %s %.9g, not %.9g as 'sanctions' does", filtered[i],
                      FOLLOWUP, s, base);
    }
    base = score_of("\"North Korea\" Pyongyang", SENATE);
    ck_assert(base > 0);
    double s = score_of("\"North Korea\" Pyongyang date:2017-03 -tariffs ext:txt", SENATE);
    ck_assert_msg(s == base, "filters changed a phrase query's score: %.9g, not %.9g", s, base);
}
END_TEST

/* Ranking: what BM25 must say whatever its parameters, on clear cases. */
START_TEST(test_ranking_clear_cases)
{
    /* FOLLOWUP has "sanctions" six times, these four once. */
    static const char *const once[] = { RANSOMLETTER, STEEL, INFRA, TARIFF };
    search_opts_t o;
    ci_opts(&o);
    o.limit = 100;
    o.per_doc = 0;
    search_result_t r;
    ci_search(&ci, "sanctions", &o, &r);
    size_t pos_followup = 100;
    for (size_t i = 0; i < r.nhits; i++)
        if (strcmp(ci_base(r.hits[i].rec.path), FOLLOWUP) == 0)
            pos_followup = i;
    ck_assert_uint_lt(pos_followup, r.nhits);
    for (size_t k = 0; k < 4; k++)
        for (size_t i = 0; i < r.nhits; i++)
            if (strcmp(ci_base(r.hits[i].rec.path), once[k]) == 0)
                ck_assert_msg(i > pos_followup, "%s (sanctions once) ranks above %s (six times)",
                              once[k], FOLLOWUP);
    /* Scores never increase down the list; ranks count from 1. */
    for (size_t i = 0; i < r.nhits; i++) {
        ck_assert_uint_eq(r.hits[i].rank, i + 1);
        if (i)
            ck_assert(r.hits[i].score <= r.hits[i - 1].score);
    }
    search_result_free(&r);

    /* --offset continues where --limit stopped. */
    search_result_t a, b;
    o.limit = 4;
    ci_search(&ci, "sanctions", &o, &a);
    o.offset = 2;
    o.limit = 2;
    ci_search(&ci, "sanctions", &o, &b);
    ck_assert_uint_eq(a.nhits, 4);
    ck_assert_uint_eq(b.nhits, 2);
    ck_assert_str_eq(a.hits[2].rec.path, b.hits[0].rec.path);
    ck_assert_str_eq(a.hits[3].rec.path, b.hits[1].rec.path);
    ck_assert_uint_eq(b.hits[0].rank, 3);
    search_result_free(&a);
    search_result_free(&b);

    /* Custom BM25 parameters are taken (and change scores). */
    ci_opts(&o);
    o.per_doc = 0;
    ci_search(&ci, "sanctions", &o, &a);
    o.k1 = 2.0;
    o.b = 0.2;
    ci_search(&ci, "sanctions", &o, &b);
    ck_assert_uint_eq(a.nhits, b.nhits);
    ck_assert(a.hits[0].score != b.hits[0].score);
    search_result_free(&a);
    search_result_free(&b);
}
END_TEST

/* Facets count matching documents by year or month. */
START_TEST(test_facets)
{
    search_opts_t o;
    ci_opts(&o);
    o.limit = 0;
    o.per_doc = 0;
    o.facet = SEARCH_FACET_YEAR;
    search_result_t r;
    ci_search(&ci, "sanctions", &o, &r);
    buf_t b = BUF_INIT;
    for (size_t i = 0; i < r.nfacets; i++)
        buf_printf(&b, "%s%s=%u", i ? " " : "", r.facets[i].value, r.facets[i].count);
    ck_assert_str_eq(buf_cstr(&b), "2016=1 2017=2 2018=2 2019=3 2020=1 2021=1 2023=1");
    ck_assert_uint_eq(r.estimated, 11);
    search_result_free(&r);

    buf_clear(&b);
    o.facet = SEARCH_FACET_MONTH;
    ci_search(&ci, "\"North Korea\" OR Pyeongchang", &o, &r);
    for (size_t i = 0; i < r.nfacets; i++)
        buf_printf(&b, "%s%s=%u", i ? " " : "", r.facets[i].value, r.facets[i].count);
    ck_assert_str_eq(buf_cstr(&b), "2016-06=1 2017-03=2 2018-02=1 2018-06=1 2019-04=1 2019-12=1");
    search_result_free(&r);

    /* Every document, by year: the corpus's distribution. */
    buf_clear(&b);
    o.facet = SEARCH_FACET_YEAR;
    ci_search(&ci, "NOT xylophone", &o, &r);
    for (size_t i = 0; i < r.nfacets; i++)
        buf_printf(&b, "%s%s=%u", i ? " " : "", r.facets[i].value, r.facets[i].count);
    ck_assert_str_eq(buf_cstr(&b), "2009=1 2010=1 2011=1 2013=1 2014=1 2015=1 2016=2 2017=3 "
                                   "2018=4 2019=5 2020=2 2021=2 2022=1 2023=2 2024=1");
    search_result_free(&r);
    buf_free(&b);
}
END_TEST

/*
 * Whether a query matched, and so whether two words no document has
 * together fall back to either, is decided on the matches, not on the
 * page: a count (-c), facets, -n 0 and an offset past the last match see
 * the same matches as the page of hits does.
 */
START_TEST(test_fallback_whatever_page)
{
    /* Two documents have "measles", four "tariffs", none both. */
    static const char *const q = "measles tariffs";
    search_opts_t o;
    ci_opts(&o);
    o.limit = 100;
    o.per_doc = 0;
    search_result_t r;
    ci_search(&ci, q, &o, &r);
    ck_assert_msg(r.or_mode, "[%s]: no fallback with a page of hits", q);
    ck_assert(r.matched);
    size_t n = r.nhits;
    ck_assert_uint_eq(n, 6);
    search_result_free(&r);

    /* -c: no page, every match counted. */
    o.limit = 0;
    o.exact_count = 1;
    ci_search(&ci, q, &o, &r);
    ck_assert_msg(r.or_mode && r.note, "[%s]: no fallback for a count", q);
    ck_assert(r.matched);
    ck_assert_uint_eq(r.estimated, n);
    search_result_free(&r);

    /* --facet: the same documents, by year. */
    o.exact_count = 0;
    o.facet = SEARCH_FACET_YEAR;
    ci_search(&ci, q, &o, &r);
    ck_assert_msg(r.or_mode && r.note, "[%s]: no fallback for facets", q);
    unsigned sum = 0;
    for (size_t i = 0; i < r.nfacets; i++)
        sum += r.facets[i].count;
    ck_assert_uint_eq(sum, n);
    search_result_free(&r);

    /* -n 0: nothing shown, the fallback's matches still there. */
    o.facet = SEARCH_FACET_NONE;
    ci_search(&ci, q, &o, &r);
    ck_assert(r.or_mode);
    ck_assert_uint_eq(r.nhits, 0);
    ck_assert(r.matched);
    search_result_free(&r);

    /* Words that some documents have together: never a fallback, not
     * for a count nor for a page past the last of them. */
    o.limit = 0;
    o.exact_count = 1;
    ci_search(&ci, "korea sanctions", &o, &r);
    ck_assert(!r.or_mode && r.matched);
    unsigned both = r.estimated;
    ck_assert_uint_gt(both, 0);
    search_result_free(&r);
    o.exact_count = 0;
    o.limit = 10;
    o.offset = both;
    ci_search(&ci, "korea sanctions", &o, &r);
    ck_assert_msg(!r.or_mode, "an offset past the matches brought on the fallback");
    ck_assert_uint_eq(r.nhits, 0);
    ck_assert(r.matched);
    search_result_free(&r);

    /* A word no document has matches nothing, whatever the page. */
    o.offset = 0;
    o.limit = 0;
    ci_search(&ci, "xylophone", &o, &r);
    ck_assert(!r.matched);
    search_result_free(&r);
}
END_TEST

/* "Did you mean": a word no document has, and a close one that some do. */
START_TEST(test_spelling)
{
    search_opts_t o;
    ci_opts(&o);
    search_result_t r;
    ci_search(&ci, "sanctons", &o, &r);
    ck_assert_uint_eq(r.nhits, 0);
    ck_assert_uint_eq(r.nsuggestions, 2);
    ck_assert_str_eq(r.suggestions[0], "sanctons");
    ck_assert_str_eq(r.suggestions[1], "sanctions");
    search_result_free(&r);

    ci_search(&ci, "ransomwear", &o, &r);
    int found = 0;
    for (size_t i = 0; i + 1 < r.nsuggestions; i += 2)
        if (strcmp(r.suggestions[i], "ransomwear") == 0 &&
            strcmp(r.suggestions[i + 1], "ransomware") == 0)
            found = 1;
    ck_assert_msg(found, "no 'ransomware' suggested for 'ransomwear'");
    search_result_free(&r);

    /* Words the index has are never "corrected". */
    ci_search(&ci, "markey", &o, &r);
    ck_assert_uint_eq(r.nsuggestions, 0);
    search_result_free(&r);
}
END_TEST

/* The parser alone: it never fails, whatever it is given. */
START_TEST(test_never_fails)
{
    static const char *const junk[] = {
        "", " ", "\"", "\xE2\x80\x9C", "(", ")", ")(", "((((", "))))", ":", "::", "a:", ":a",
        "AND", "OR", "NOT", "XOR", "NEAR", "NEAR/", "NEAR/x", "NEAR/99999", "ADJ/3", "NEAR(",
        "NEAR()", "NEAR(,)", "NEAR(a,", "\"a b\"~", "\"a b\"~99999", "+", "-", "+-a", "--a",
        "*", "a**", "date:..", "date:/", "date:>=", "date:\"", "title:(", "title:\"", "type:",
        "ext:", "path:", "dir:", "\xFF\xFE", "a\xC3", "\xE2\x80", "NOT NOT NOT a",
        "a AND OR NOT b", "(a OR) AND (NOT)", "\"unclosed (paren", "date:2017..garbage",
        "()", "(-)", "(+", "- -", "OR OR", "NEAR NEAR", "NEAR/x", "ADJ/", "NEAR/0", "\"a b\"~",
        "\"a b\"~x", "\"a\"~0", "a~", "~", "~2", "date:-", "date:--", "date:-..-", "date:>=-",
        "mentions:-2017", "NEAR(a OR (b", "NEAR(-a b, 0)", "title:(", "title:()", "title:\"\"",
        "date:\"2017\n03\"", "title:\"a\nb", "((((NOT", "a NEAR -(b)", "-(", ")-",
    };
    query_opts_t qo = { CI_TODAY, DATE_ORDER_MDY };
    for (size_t i = 0; i < sizeof junk / sizeof *junk; i++) {
        query_t *q = query_parse(junk[i], &qo);
        ck_assert_ptr_nonnull(q);
        buf_t b = BUF_INIT;
        query_describe(q->root, &b);
        for (size_t k = 0; k < q->nwarnings; k++)
            ck_assert_msg(strchr(q->warnings[k], '\n') == NULL, "[%s]: warning of two lines",
                          junk[i]);
        buf_free(&b);
        query_free(q);
        /* And the whole search runs. */
        search_opts_t o;
        ci_opts(&o);
        search_result_t r;
        ci_search(&ci, junk[i], &o, &r);
        search_result_free(&r);
    }
}
END_TEST

/* The parser alone, for repairs whose search would fall back to OR (or
 * that need no index): how the query is read, and its warnings, exactly. */
START_TEST(test_repairs)
{
    static const struct {
        const char *query;
        const char *parsed;
        const char *warning;    /* the only warning, or NULL: none */
    } repairs[] = {
        /* NEAR/ and ADJ/ with capitals are operators; in lower case, a
         * slash between words is not ("near/far"). */
        { "sanctions NEAR/x korea", "(NEAR/10 sanctions korea)",
          "NEAR/x: the distance must be a number; used 10 words, the default" },
        { "sanctions near/far", "(AND sanctions \"near far\")", NULL },
        /* Bare, XOR, NEAR and ADJ are operators only in capitals: in
         * lower case they are words of policy prose. */
        { "korea near term", "(AND korea near term)", NULL },
        { "sanctions near/5 banks in north korea", "(AND (NEAR/5 sanctions banks) north korea)",
          NULL },
        { "ext:gz", "ext:gz", "'ext:gz' finds nothing: ext: is the extension under .gz "
                              "(a.txt.gz is ext:txt)" },
        /* Date ranges with quoted ends. */
        { "date:\"March 1, 2017\"..\"March 5, 2017\"", "date:2017-03-01..2017-03-05", NULL },
        { "date:\"March 1, 2017\"..", "date:2017-03-01..", NULL },
        { "date:..\"March 5, 2017\"", "date:..2017-03-05", NULL },
        { "date:2016..\"March 5, 2017\"", "date:2016-01-01..2017-03-05", NULL },
        { "mentions:\"February 1, 2017\"..\"February 20, 2017\"",
          "mentions:2017-02-01..2017-02-20", NULL },
        { "date:(\"June 1, 2016\"..\"June 30, 2016\" OR 2019)",
          "(OR date:2016-06-01..2016-06-30 date:2019-01-01..2019-12-31)", NULL },
        { "date:(2016..\"March 5, 2017\" OR 2019)",
          "(OR date:2016-01-01..2017-03-05 date:2019-01-01..2019-12-31)", NULL },
        { "near east policy", "(AND near east policy)", NULL },
        { "Near East", "(AND near east)", NULL },
        { "sanctions xor korea", "(AND sanctions xor korea)", NULL },
        { "adj korea", "(AND adj korea)", NULL },
        { "korea NEAR term", "(NEAR/10 korea term)", NULL },
        { "sanctions Near/x korea", "(AND sanctions \"near x\" korea)", NULL },
        { "a NEAR/3 NEAR/5 b", "(NEAR/5 a b)", "ignored 'NEAR/3' before 'NEAR/5'" },
        { "a NEAR/x", "a", "ignored 'NEAR/x' at the end" },
        { "sanctions NEAR/5000 korea", "(NEAR/200 sanctions korea)",
          "NEAR/5000: lowered the distance to 200 words, the largest" },
        { "\"a b\"~3x", "(NEAR/10 =a =b)",
          "\"...\"~3x: the distance must be a number; used 10 words, the default" },
        { "title:\"a b\"~3", "title:\"a b\"",
          "ignored '~3' after 'title:\"...\"': a field takes no distance" },
        /* Operators with nothing to join. */
        { "OR OR", "(nothing)", "ignored 'OR OR' with nothing before or after it" },
        { "AND AND", "(nothing)", "ignored 'AND AND' with nothing before or after it" },
        { "NOT NOT", "(nothing)", "ignored 'NOT NOT' with nothing after it" },
        { "XOR", "(nothing)", "ignored 'XOR' with nothing before or after it" },
        { "NOT NOT a", "(NOT <all documents> a)", "ignored a repeated 'NOT'" },
        { "OR NOT a", "(NOT <all documents> a)", "ignored 'OR' with nothing before it" },
        { "a XOR XOR b", "(XOR a b)", "ignored a repeated 'XOR'" },
        { "a OR OR NOT b", "(OR a (NOT <all documents> b))", "ignored a repeated 'OR'" },
        { "a AND NOT OR b", "(OR a b)", "ignored 'AND NOT' before 'OR'" },
        { "(OR) a", "a", "ignored 'OR' with nothing before or after it" },
        { "(x AND) y", "(AND x y)", "ignored 'AND' with nothing after it" },
        { "a ( NOT )", "a", "ignored 'NOT' with nothing after it" },
        { "(AND", "(nothing)", "ignored 'AND' with nothing before or after it" },
        { "a NOT &", "a", "ignored 'NOT' with nothing after it" },
        /* Lone marks, empty groups. */
        { "(-) a", "a", "ignored a '-' with no word after it (to leave a word out, write -word)" },
        { "a +", "a", "ignored a '+' with no word after it (to require a word, write +word)" },
        { "x (-y)", "(AND x (NOT <all documents> y))", NULL },
        { "x (+y z)", "(AND x y z)", NULL },
        { "a (&)", "a", "ignored parentheses with no words in them" },
        { "((((", "(nothing)", "ignored '(' with no words after it" },
        { "-()", "(nothing)", "ignored parentheses with no words in them" },
        /* In a question, a lone '-' is punctuation. */
        { "what - sanctions were imposed on foreign banks",
          "(AND sanctions imposed foreign banks)", NULL },
        /* Quotes. */
        { "\"", "(nothing)", "ignored an unbalanced quote with no words after it" },
        { "\"a\"~", "=a", "ignored '~': a distance needs a phrase of two words or more" },
        { "a~", "a", "ignored '~' after 'a': ~N goes after a quoted phrase (\"a b\"~N)" },
        /* Dates with a stray '-'; hyphens inside a date are fine. */
        { "date:-2017", "(nothing)",
          "ignored 'date:-2017': '-2017' is not a date (for up to 2017, write date:..2017)" },
        { "year:-2017", "(nothing)",
          "ignored 'year:-2017': '-2017' is not a date (for up to 2017, write year:..2017)" },
        { "date:-2017-", "(nothing)", "ignored 'date:-2017-': '-2017-' is not a date (a stray '-')" },
        { "date:2017/-2018", "(nothing)",
          "ignored 'date:2017/-2018': '-2018' is not a date (a stray '-')" },
        { "date:3-march-2017", "date:2017-03-03..2017-03-03", NULL },
        { "date:Q3-2018", "date:2018-07-01..2018-09-30", NULL },
        /* Lucene's and FTS5's spellings: &&, ||, !word, ^N, [a TO b]. */
        { "tariff && sugar", "(AND tariff sugar)", NULL },
        { "tariff || sugar", "(OR tariff sugar)", NULL },
        { "tariff !sugar", "(NOT tariff sugar)", NULL },
        { "tariff^2 sugar", "(AND tariff^2 sugar)", NULL },
        { "\"trade pact\"^0.5", "\"trade pact\"^0.5", NULL },
        { "title:kennedy^3", "title:kennedy^3", NULL },
        { "tariff^500", "tariff", "ignored '^500': a boost is a factor above 0, at most 100" },
        { "tariff^-1", "tariff", "ignored '^-1': a boost is a factor above 0, at most 100" },
        { "tariff^.5", "tariff^0.5", NULL },
        { "x^abc", "\"x abc\"", NULL },
        { "(tariff OR sugar)^2", "(OR tariff sugar)^2", NULL },
        { "\"tariff sugar\"~5^2", "(NEAR/5 =tariff =sugar)^2", NULL },
        { "tariff^2 NEAR sugar", "(NEAR/10 tariff sugar)",
          "ignored the boost of a word joined by NEAR: put it on the whole, (a NEAR b)^N" },
        { "NEAR(tariff^2 sugar, 5)", "(NEAR/5 tariff sugar)",
          "ignored the boost of a word inside NEAR(...): put it on the whole, NEAR(...)^N" },
        { "NEAR(tariff sugar, 5)^2", "(NEAR/5 tariff sugar)^2", NULL },
        { "tariff&&sugar", "(AND tariff sugar)", NULL },
        { "tariff||sugar", "(OR tariff sugar)", NULL },
        { "at&t", "at&t", NULL },
        { "date:[1960 TO 1963]", "date:1960-01-01..1963-12-31", NULL },
        { "date:[1990 TO *]", "date:1990-01-01..", NULL },
        { "date:[* TO *]", "date:1000-01-01..9999-12-31", NULL },
        { "date:[\"March 1, 2017\" TO \"March 5, 2017\"]", "date:2017-03-01..2017-03-05", NULL },
        { "date:[2016 TO \"March 5, 2017\"]", "date:2016-01-01..2017-03-05", NULL },
        { "tariff ! sugar", "(AND tariff sugar)",
          "ignored a '!' with no word after it (to leave a word out, write !word)" },
        { "mentions:[2017-02-14 TO 2017-03-01]", "mentions:2017-02-14..2017-03-01", NULL },
        { "date:{1960 TO 1963}", "date:1960-01-01..1963-12-31",
          "read the range with '{' or '}' as one with '[' and ']': ends included" },
        /* A warning is one line, whatever the quotes held. */
        { "title:\"\n\"", "(nothing)", "ignored 'title:\" \"': no words in it" },
    };
    query_opts_t qo = { CI_TODAY, DATE_ORDER_MDY };
    for (size_t i = 0; i < sizeof repairs / sizeof *repairs; i++) {
        query_t *q = query_parse(repairs[i].query, &qo);
        buf_t b = BUF_INIT;
        query_describe(q->root, &b);
        ck_assert_msg(strcmp(buf_cstr(&b), repairs[i].parsed) == 0, "[%s]: parsed as %s, expected %s",
                      repairs[i].query, buf_cstr(&b), repairs[i].parsed);
        if (repairs[i].warning) {
            ck_assert_msg(q->nwarnings == 1, "[%s]: %zu warnings, expected '%s'", repairs[i].query,
                          q->nwarnings, repairs[i].warning);
            ck_assert_msg(strcmp(q->warnings[0], repairs[i].warning) == 0,
                          "[%s]: warning '%s', expected '%s'", repairs[i].query, q->warnings[0],
                          repairs[i].warning);
        } else {
            ck_assert_msg(q->nwarnings == 0, "[%s]: unexpected warning '%s'", repairs[i].query,
                          q->nwarnings ? q->warnings[0] : "");
        }
        buf_free(&b);
        query_free(q);
    }
}
END_TEST

/* Set every shard's schema version of the corpus index (the reader is
 * brought to the new commit). */
static void
set_schema(const char *version)
{
    for (size_t k = 0; k < ci.ix->nlocal; k++) {
        char *path = xasprintf("%s/shard-%zu", ci.ix->dir, k);
        dx_db_t *w = NULL;
        char *err = NULL;
        ck_assert_msg(dx_db_open(path, DX_DB_WRITE, 3000, &w, &err) == DX_OK, "%s: %s", path,
                      err ? err : "");
        ck_assert_int_eq(dx_db_set_metadata(w, META_SCHEMA, version, strlen(version)), DX_OK);
        ck_assert_int_eq(dx_db_commit(w), DX_OK);
        dx_db_close(w);
        free(path);
    }
    ck_assert_int_eq(dx_db_reopen(ci.ix->db), DX_OK);
}

/* The hits of a query (sorted file names) and whether Xapian's query used
 * the year and month terms. */
static char *
date_hits(const qcase_t *c, int *terms)
{
    search_opts_t o;
    ci_opts(&o);
    o.limit = 100;
    o.per_doc = 0;
    if (c->today)
        o.today = c->today;
    search_result_t r;
    ci_search(&ci, c->query, &o, &r);
    char **got = xcalloc(r.nhits + 1, sizeof *got);
    for (size_t i = 0; i < r.nhits; i++)
        got[i] = xstrdup(ci_base(r.hits[i].rec.path));
    qsort(got, r.nhits, sizeof *got, cmp_str);
    char *s = join(got, r.nhits);
    *terms = r.xapian && strstr(r.xapian, PREFIX_DATE) != NULL;
    free_list(got, r.nhits);
    search_result_free(&r);
    return s;
}

/* Date filters of whole months and years run on the XY terms of a schema 2
 * index, and on the date value of an older one, with the same hits. */
START_TEST(test_date_terms_and_values_agree)
{
    size_t n = sizeof cases / sizeof *cases, used = 0, ndate = 0;
    char **with = xcalloc(n, sizeof *with);
    for (size_t i = 0; i < n; i++) {
        if (!strstr(cases[i].query, "date:") && !strstr(cases[i].query, "year:"))
            continue;
        int terms = 0;
        with[i] = date_hits(&cases[i], &terms);
        used += terms;
        ndate++;
    }
    ck_assert_uint_ge(ndate, 20);
    ck_assert_msg(used >= 10, "only %zu of %zu date queries used the date terms", used, ndate);

    set_schema("1");
    for (size_t i = 0; i < n; i++) {
        if (!with[i])
            continue;
        int terms = 1;
        char *without = date_hits(&cases[i], &terms);
        ck_assert_msg(!terms, "[%s]: date terms used on a schema 1 index", cases[i].query);
        ck_assert_msg(strcmp(with[i], without) == 0, "[%s]: {%s} with terms, {%s} without",
                      cases[i].query, with[i], without);
        free(without);
        free(with[i]);
    }
    set_schema("2");
    free(with);
}
END_TEST

static Suite *
query_suite(void)
{
    Suite *s = suite_create("query");
    TCase *tc = tcase_create("corpus");
    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, test_case, 0, (int)(sizeof cases / sizeof *cases));
    tcase_add_test(tc, test_filters_keep_scores);
    tcase_add_test(tc, test_ranking_clear_cases);
    tcase_add_test(tc, test_facets);
    tcase_add_test(tc, test_fallback_whatever_page);
    tcase_add_test(tc, test_spelling);
    tcase_add_test(tc, test_never_fails);
    tcase_add_test(tc, test_repairs);
    tcase_add_test(tc, test_date_terms_and_values_agree);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    ci_open(&ci);
    int rc = tu_run_suite(query_suite());
    ci_close(&ci);
    return rc;
}
