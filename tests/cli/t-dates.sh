#!/bin/bash
# Every document of the sample corpus gets the date a careful reader would
# assign, from the right source (docs/corpus.md is the reference), plus
# mentions, passages with line numbers, and what show/stats report.
. "$(dirname "$0")/lib.sh"

"$D" --index idx add corpus 2>"$work/add.err"
check_contains "cp1252 reported" "$(cat "$work/add.err")" \
    "corpus/press/border-shelter-release.txt: note: not valid UTF-8; read as windows-1252"

while IFS='|' read -r path date source; do
    run "$D" --index idx show --json "corpus/$path"
    check_contains "$path date" "$out" "\"date\":\"$date\""
    check_contains "$path date source" "$out" "\"date_source\":\"$source\""
done <<'TABLE'
letters/2015-05-06-committee-note.txt|2015-05-06|filename
letters/clean-energy-standard-letter.txt|2010-03-22|dateline
letters/ransomware-reporting-letter.md|2021-06-09|metadata
letters/sanctions-enforcement-followup.txt|2017-03-03|dateline
letters/seasonal-visa-letter.txt|2022-08-16|dateline
news/asylum-court-backlog.txt|2024-03-05|dateline
news/budget-deal.md.gz|2013-12-11|metadata
news/city-ransomware-recovery.html|2018-07-19|metadata
news/korus-revision.txt|2018-03-28|dateline
news/measles-outbreak.txt|2019-04-26|dateline
news/pyeongchang-joint-team.txt|2018-02-10|dateline
news/senate-letters-north-korea.txt|2017-03-03|dateline
press/border-shelter-release.txt|2014-07-09|dateline
press/grid-security-exercise.txt.gz|2019-11-14|dateline
press/steel-tariff-exclusions.txt|2019-01-15|dateline
press/summit-preparations.txt|2018-06-04|dateline
press/vaccine-clinics-release.html|2021-02-09|metadata
reports/carbon-price-options.txt|2011-09-22|dateline
reports/infrastructure-cyber-brief.md|2023-05-16|metadata
reports/ship-to-ship-transfers.txt|2019-12-02|dateline
reports/tariff-pass-through-study.txt|2020-12-08|dateline
reports/testimony-opioid-response.txt|2017-11-30|dateline
reports/testimony-sanctions-implementation.txt|2016-06-14|dateline
speeches/budget-floor-remarks.txt|2016-03-11|dateline
speeches/denuclearization-remarks.txt|2019-04-24|dateline
speeches/public-health-commencement.txt|2020-05-05|mtime
speeches/road-to-copenhagen.md|2009-11-17|metadata
speeches/trade-forum-keynote.txt|2023-10-12|dateline
TABLE

# The matched text is kept.
run "$D" --index idx show --json corpus/press/steel-tariff-exclusions.txt
check_contains "dateline text" "$out" '"date_text":"Jan. 15, 2019"'
check_contains "mentions" "$out" '"mentions":["2018-03-08","2018-06-01","2019-01-15"]'
check_contains "encoding" "$out" '"encoding":"utf-8"'
run "$D" --index idx show --json corpus/press/border-shelter-release.txt
check_contains "cp1252 text decoded" "$out" 'José'
check_contains "cp1252 encoding stored" "$out" '"encoding":"windows-1252"'

# Passages keep the line of the source file.
run "$D" --index idx show --json corpus/news/senate-letters-north-korea.txt
check_contains "first passage is line 1" "$out" '"passages":[{"line":1,'
check_contains "dateline passage line 3" "$out" '{"line":3,"start":'
run "$D" --index idx show --json corpus/reports/ship-to-ship-transfers.txt
n=$(printf '%s' "$out" | grep -o '"line":7,' | wc -l)
[ "$n" -ge 3 ] || fail "a 2,700-byte paragraph should be cut into 3 or more windows (got $n)"
checks=$((checks + 1))

# Date and mention searches.
run "$D" --index idx search -l -n 100 date:2017
check_eq "date:2017" "$(printf '%s\n' corpus/letters/sanctions-enforcement-followup.txt corpus/news/senate-letters-north-korea.txt corpus/reports/testimony-opioid-response.txt | sort)" "$(printf '%s\n' "$out" | sort)"
run "$D" --index idx search -l -n 100 mentions:2017-02-14
check_eq "mentions 14 February 2017" "$(printf '%s\n' corpus/letters/sanctions-enforcement-followup.txt corpus/news/senate-letters-north-korea.txt corpus/reports/ship-to-ship-transfers.txt | sort)" "$(printf '%s\n' "$out" | sort)"
# The passage shown for mentions: is the one that writes the date, with
# the date highlighted, not the first one.
run "$D" --index idx search --color never -k 1 'mentions:2017-02-14' dir:corpus/letters
check_contains "mention passage" "$out" 'sanctions-enforcement-followup.txt:11: We write to follow up on our letter of **February** **14**, **2017**,'
check_not_contains "not the dateline" "$out" 'followup.txt:3:'
run "$D" --index idx search --color never -k 3 'sanctions mentions:2017-02-14' dir:corpus/reports
check_contains "mention passage written day first" "$out" 'Our earlier brief of **14** **February** **2017** argued'
run "$D" --index idx search --color never -k 1 'mentions:2017-02-15..2017-02-20' dir:corpus/letters
check_not_contains "a date outside the span is not lit" "$out" '**14**'
run "$D" --index idx search -l -n 100 'mentions:"May 2021"'
check_eq "month mentions" "$(printf '%s\n' corpus/letters/ransomware-reporting-letter.md corpus/reports/infrastructure-cyber-brief.md | sort)" "$(printf '%s\n' "$out" | sort)"

# --date-order dmy reads 03/11/2016 as 3 November 2016.
run "$D" --index dmy add --date-order dmy corpus/speeches
run "$D" --index dmy show --json corpus/speeches/budget-floor-remarks.txt
check_contains "dmy order" "$out" '"date":"2016-11-03"'

# A year that starts a file name; the latest date mentioned when there is
# no dateline and no date in the name (and never one after today).
mkdir extra
printf 'Annual Message\n\nFellow citizens, the year has been a good one.\n' >extra/1790_washington.txt
printf 'A Note\n\nThe treaty of March 4, 1801 and the act of June 9, 1802 apply;\nreview by July 1, 2999.\n' >extra/note.txt
"$D" --index idx add extra 2>/dev/null
run "$D" --index idx show --json extra/1790_washington.txt
check_contains "year from the file name" "$out" '"date":"1790-01-01","date_precision":"year","date_source":"filename"'
# Shown as the year alone: the day is not known.
run "$D" --index idx search --color never -k 0 'fellow citizens' path:extra/1790_washington.txt
check_contains "year alone in the header" "$out" "1. 1790        Annual Message  ["
run "$D" --index idx show extra/1790_washington.txt
check_contains "year alone in show" "$out" 'date:        1790 (from filename: "1790_washington.txt")'
# A date filter that holds part of the year matches it (its day may be
# in it), whatever the month; another year does not; it has no month.
for q in date:1790 date:1790-12 date:1790-06..1790-08 date:1790-12-05 'date:>=1790-06-01' \
         'date:[1790 TO 1791]'; do
    check_contains "year alone matched by $q" "$("$D" --index idx search -l "$q" 2>&1)" \
        extra/1790_washington.txt
done
for q in date:1791 date:1789-12 'date:<1790-01-01'; do
    check_not_contains "year alone not matched by $q" "$("$D" --index idx search -l "$q" 2>&1)" \
        extra/1790_washington.txt
done
check_not_contains "year alone: no month in the month facet" \
    "$("$D" --index idx search --facet month 'date:1790' 2>&1)" "1790-01"
check_contains "year alone: counted as none in the month facet" \
    "$("$D" --index idx search --facet month 'date:1790' 2>&1)" "none         1 (undated, or dated by a year alone)"
check_eq "year alone: none in the JSON month facet" '{"facet":"month","counts":{},"none":1}' \
    "$("$D" --index idx search --facet month --json 'date:1790' 2>&1)"
run "$D" --index idx search --json -k 0 treaty path:extra/note.txt
check_not_contains "a day's date has no precision key" "$out" 'date_precision'
run "$D" --index idx show --json extra/note.txt
check_contains "latest past mention" "$out" '"date":"1802-06-09","date_source":"mention"'

# A dateline more than a year away from the full date in the file's name
# (a typo under a signature) yields to the name; a closer one stands.
mkdir extra2
printf 'By the authority vested in me, it is hereby ordered.\n\nJIMMY CARTER\nThe White House,\nJuly 1, 1080.\n' \
    >extra2/19800701_Executive_Order.txt
printf 'By the authority vested in me, it is hereby ordered.\n\nTHE WHITE HOUSE,\nFebruary 27, 2018.\n' \
    >extra2/20180226_Executive_Order.txt
"$D" --index idx add extra2 2>/dev/null
run "$D" --index idx show --json extra2/19800701_Executive_Order.txt
check_contains "far dateline yields to the name" "$out" '"date":"1980-07-01","date_source":"filename"'
check_contains "far dateline still a mention" "$out" '"mentions":["1080-07-01"]'
run "$D" --index idx show --json extra2/20180226_Executive_Order.txt
check_contains "near dateline stands" "$out" '"date":"2018-02-27","date_source":"dateline"'

# A date taken from the file's name or modification time follows them:
# a renamed file is dated by its new name, a file dated by its mtime by
# the new mtime; a move or touch that changes no date stays cheap.
mkdir follow
printf 'A note with no date in it.\n' >follow/2015-05-06-note.txt
printf 'Another note with no date.\n' >follow/plain.txt
touch -d '2020-01-01 12:00' follow/plain.txt
"$D" --index fidx add follow 2>/dev/null
mv follow/2015-05-06-note.txt follow/2016-01-20-note.txt
run "$D" --index fidx update
check_contains "renamed: indexed again, not moved" "$err" "1 added, 0 changed, 1 unchanged, 0 moved, 1 removed"
run "$D" --index fidx show --json follow/2016-01-20-note.txt
check_contains "renamed: the new name's date" "$out" '"date":"2016-01-20","date_source":"filename"'
touch -d '2015-06-01 12:00' follow/plain.txt
run "$D" --index fidx update
check_contains "new mtime: read again" "$err" "0 added, 1 changed, 1 unchanged"
run "$D" --index fidx show --json follow/plain.txt
check_contains "new mtime: the new date" "$out" '"date":"2015-06-01","date_source":"mtime"'
touch -d '2015-06-01 18:00' follow/plain.txt
run "$D" --index fidx update
check_contains "same day: unchanged" "$err" "0 added, 0 changed, 2 unchanged"
mv follow/plain.txt follow/plain2.txt
run "$D" --index fidx update
check_contains "renamed, no date in either name: moved" "$err" "0 added, 0 changed, 1 unchanged, 1 moved"

# stats
run "$D" --index idx stats --json
check_contains "stats documents" "$out" '"documents":32,'
check_contains "stats first date" "$out" '"first_date":"1790-01-01"'
check_contains "stats last date" "$out" '"last_date":"2024-03-05"'
# ... and they follow removals (Xapian's own bounds stay where they were).
"$D" --index idx remove extra/1790_washington.txt 2>/dev/null
run "$D" --index idx stats --json
check_not_contains "stats first date after a removal" "$out" '"first_date":"1790-01-01"'

# A dateline in a form only the dateline reader knows (a proclamation's
# dating clause) is a mention too: it is written in the text.
mkdir -p clause
printf 'National Fire Prevention Week\n\nFire threatens our communities every day.\n\nIN WITNESS WHEREOF, I have hereunto set my hand this thirtieth day of November, in the year of our Lord nineteen hundred and ninety-three.\n' >clause/fire.txt
"$D" --index cidx add clause 2>/dev/null
run "$D" --index cidx show --json clause/fire.txt
check_contains "dating clause: the date" "$out" '"date":"1993-11-30"'
check_contains "dating clause: a mention too" "$out" '"mentions":["1993-11-30"]'
run "$D" --index cidx search -l 'mentions:1993-11-30'
check_eq "dating clause: found by mentions:" clause/fire.txt "$out"

# A compact date in HTML metadata (20110405) is a date.
mkdir -p meta8
printf '<html><head><meta name="pubdate" content="20110405"><title>T</title></head><body><p>x y</p></body></html>\n' >meta8/a.html
"$D" --index m8idx add meta8 2>/dev/null
check_contains "compact meta date" "$("$D" --index m8idx show meta8/a.html)" 'date:        2011-04-05 (from metadata: "20110405")'

finish
