#!/bin/bash
# A phrase that only the title line holds: the title stands in as the
# passage (with the phrase lit), in both views; titles that the text does
# not hold are searched too.
. "$(dirname "$0")/lib.sh"

"$D" --index idx add corpus 2>/dev/null
run "$D" --index idx search -n 1 '"Who Paid for the Tariffs"'
check_contains "title passage shown" "$out" "tariff-pass-through-study.txt:1: **Who** **Paid** **for** **the** **Tariffs**?"
run "$D" --index idx search --passages -n 1 '"Who Paid for the Tariffs"'
check_eq "--passages finds it" 0 "$rc"
check_contains "--passages title line" "$out" "tariff-pass-through-study.txt:1:"
# When the body matches, the title line is not repeated as a passage.
run "$D" --index idx search -n 1 --json 'tariffs'
check_not_contains "title not a passage when the body matches" "$out" '"line":1,'

# A title from front matter or <title>, which the text does not hold, is
# found by plain words and phrases, never by a phrase running from the
# text's last words into it.
run "$D" --index idx search -l priorities
check_contains "front-matter title: a plain word finds it" "$out" "corpus/reports/infrastructure-cyber-brief.md"
run "$D" --index idx search -l '"Priorities for Critical Infrastructure"'
check_eq "front-matter title: a phrase finds it" "corpus/reports/infrastructure-cyber-brief.md" "$out"
run "$D" --index idx search -l harlow
check_contains "HTML <title>: a plain word finds it" "$out" "corpus/news/city-ransomware-recovery.html"
last=$(tail -c 400 corpus/reports/infrastructure-cyber-brief.md | tr -cs 'A-Za-z' ' ' | awk '{print $(NF)}')
run "$D" --index idx search -l "\"$last Securing\""
check_eq "no phrase from the text into the title ($last)" "" "$out"

# path: and dir: read paths relative to the current folder, like show.
run "$D" --index idx search -c dir:corpus/letters
check_eq "dir: from the corpus's folder" 5 "$out"
(cd corpus/letters && "$D" --index ../../idx search -c 'dir:.' >"$work/n" 2>&1)
check_eq "dir:. from inside a folder" 5 "$(cat "$work/n")"
(cd corpus/letters && "$D" --index ../../idx search -l 'path:seasonal-visa-letter.txt' >"$work/n" 2>&1)
check_eq "path: relative to the current folder" "seasonal-visa-letter.txt" "$(cat "$work/n")"
(cd corpus/letters && "$D" --index ../../idx search -c 'path:../news/*' >"$work/n" 2>&1)
check_eq "path: prefix relative to the current folder" 7 "$(cat "$work/n")"
# path: patterns: '*' and '?' anywhere ('/' included), the folder part
# read as a typed path.
run "$D" --index idx search -l 'path:*sanctions*'
check_eq "path: pattern anywhere" "$(find corpus -name '*sanctions*' | sort)" "$(printf '%s\n' "$out" | sort)"
run "$D" --index idx search -c 'path:*.md'
check_eq "path: pattern of an extension" "$(find corpus -name '*.md' | wc -l | tr -d ' ')" "$out"
run "$D" --index idx search -l 'path:corpus/l*/s*.txt'
check_eq "path: pattern in folders" "$(find corpus -path 'corpus/l*/s*.txt' | sort)" "$(printf '%s\n' "$out" | sort)"
(cd corpus/letters && "$D" --index ../../idx search -l 'path:*visa*' >"$work/n" 2>&1)
check_eq "path: pattern relative to the current folder" "seasonal-visa-letter.txt" "$(cat "$work/n")"
# From above the index's folder: folders and patterns that hold it.
up=$(basename "$work")
(cd .. && "$D" --index "$work/idx" search -c "dir:$up" >"$work/n" 2>&1)
check_eq "dir: above the index's folder" 28 "$(cat "$work/n")"
(cd .. && "$D" --index "$work/idx" search -c "path:$up/corpus/letters/*" >"$work/n" 2>&1)
check_eq "path: prefix from above the index's folder" 5 "$(cat "$work/n")"
(cd .. && "$D" --index "$work/idx" search -c 'path:*sanctions*' >"$work/n" 2>&1)
check_eq "path: pattern from above the index's folder" 2 "$(cat "$work/n")"
(cd corpus/letters && "$D" --index ../../idx search -c 'dir:../..' >"$work/n" 2>&1)
check_eq "dir: up past the index's folder" 28 "$(cat "$work/n")"
run "$D" --index idx search -c 'path:/*sanctions*'
check_eq "path: an absolute pattern matches anywhere" 2 "$out"
(cd corpus/letters && "$D" --index ../../idx search -c 'dir:..' >"$work/n" 2>&1)
check_eq "dir: of the index's own folder" 28 "$(cat "$work/n")"
run "$D" --index idx search -c "dir:$work"
check_eq "dir: of the index's own folder, absolute" 28 "$out"
# An index kept apart from the corpus (paths stored absolute): paths
# typed relative to the current folder, as the results print them.
mkdir apart
"$D" --index apart/idx add corpus 2>/dev/null
(cd corpus && "$D" --index ../apart/idx search -c 'dir:letters' >"$work/n" 2>&1)
check_eq "apart: dir: relative to the current folder" 5 "$(cat "$work/n")"
(cd corpus && "$D" --index ../apart/idx search -l -n 1 'Jong-un' >"$work/shown" 2>&1;
 "$D" --index ../apart/idx search -l "path:$(head -1 "$work/shown")" >"$work/n" 2>&1)
check_eq "apart: a printed path finds its document" "$(head -1 "$work/shown")" "$(cat "$work/n")"
(cd corpus && "$D" --index ../apart/idx search -c 'path:letters/sanc*' >"$work/n" 2>&1)
check_eq "apart: path: prefix relative to the current folder" 1 "$(cat "$work/n")"
# A pattern with no folder in it is a file name under any folder, from
# wherever it is typed (as .gitignore and find -name read one).
(cd apart && "$D" --index idx search -l 'path:*sanctions*' >"$work/n" 2>&1)
check_eq "apart: a name pattern, from the index's folder" 2 "$(grep -c sanctions "$work/n")"
(cd / && "$D" --index "$work/apart/idx" search -c 'path:seasonal*' >"$work/n" 2>&1)
check_eq "apart: a name prefix, from another folder" 1 "$(cat "$work/n")"
run "$D" --index idx search -c 'path:2015-*'
check_eq "a name prefix matches under any folder" "$(find corpus -name '2015-*' | wc -l | tr -d ' ')" "$out"
# ... the name only, never a folder's: reports/ is no file named report*.
run "$D" --index idx search -l 'path:r*'
check_eq "a name pattern: names only" "$(find corpus -type f -name 'r*' | sort)" "$(printf '%s\n' "$out" | sort)"
run "$D" --index idx search -c 'path:orts*'
check_eq "a name pattern is anchored at the name's start" 0 "$out"
# A path: or dir: that no document passes is named when nothing matched.
run "$D" --index idx search -c 'budget dir:corpus/nowhere'
check_eq "empty dir: no match" 0 "$out"
check_contains "empty dir: named" "$err" "'dir:corpus/nowhere' finds nothing: no document's path is there"
run "$D" --index idx search -c 'budget path:nowhere/*.txt'
check_eq "empty path: pattern: no fallback to any word (a filter)" 0 "$out"
check_contains "empty path: pattern named" "$err" "'path:nowhere/*.txt' finds nothing"
run "$D" --index idx search -c 'budget dir:corpus/letters'
check_not_contains "a dir: that matches: no warning" "$err" "finds nothing"
run "$D" --index idx search -c 'zzqqx -dir:corpus/nowhere'
check_not_contains "an excluded dir: is not why nothing matched" "$err" "finds nothing"
run "$D" --index idx search -c 'budget dir:/nowhere/at/all'
check_eq "an absolute dir: that finds nothing: no word of relative paths" \
    "dossier: warning: 'dir:/nowhere/at/all' finds nothing: no document's path is there" "$err"
run "$D" --index apart/idx search -c dir:corpus/letters
check_eq "apart: dir: from the corpus's parent" 5 "$out"

# Messages: a missing option value, an unknown option, an unknown field,
# and repairs in --batch mode.
run "$D" --index idx search -n
check_eq "missing value: one line" "dossier: option '-n' needs a value (try 'dossier search --help')" "$err"
run "$D" --index idx stats --bogus
check_eq "unknown option: one line" "dossier: option '--bogus' is unknown or needs a value (try 'dossier stats --help')" "$err"
run "$D" --index idx search -c subject:sanctions
check_contains "unknown field warned" "$err" "'subject:' is not a field"
out=$(printf 'sanctions "north\n' | "$D" --index idx search --batch -k 0 2>/dev/null | tail -1)
check_contains "batch repairs reported" "$out" '"warnings":["closed the unbalanced quote at the end of the query"]'
run "$D" --index idx search -l sanctions
check_eq "-l lists every match" 11 "$(printf '%s\n' "$out" | wc -l)"

# A press release's title is the line below its dateline or release label.
mkdir -p pr
printf 'March 3, 2017\n\nSenators Urge Treasury to Enforce Sanctions\n\nBody of prwordone.\n' >pr/a.txt
printf 'FOR IMMEDIATE RELEASE\nMarch 3, 2017\n\nSenators Urge Action\n\nBody of prwordtwo.\n' >pr/b.txt
printf 'One long opening sentence of prose that runs on and on, which no title ever does, as any reader of prwordthree knows.\n' >pr/c.txt
printf 'Embargoed Goods Seized at Port\n\nThe customs office seized prgoods.\n' >pr/d.txt
printf 'For Release of Hostages, Thanks to Algeria\n\nThe hostages were freed.\n' >pr/e.txt
printf 'FOR RELEASE: March 4, 2017\nSenators Urge Patience\n\nBody.\n' >pr/f.txt
printf 'By the President of the United States of America\nA Proclamation\nNational Day of Prayer\n\nBody.\n' >pr/g.txt
printf '<!-- draft -->\n\nMarkdown Note Title\n\nBody.\n' >pr/h.md
"$D" --index pidx add pr 2>/dev/null
check_contains "a title that starts like a label" "$("$D" --index pidx show pr/d.txt)" "title:       Embargoed Goods Seized at Port"
check_contains "another" "$("$D" --index pidx show pr/e.txt)" "title:       For Release of Hostages, Thanks to Algeria"
check_contains "a label with what it says" "$("$D" --index pidx show pr/f.txt)" "title:       Senators Urge Patience"
check_contains "a proclamation's heading" "$("$D" --index pidx show pr/g.txt)" "title:       National Day of Prayer"
check_contains "a comment is no title" "$("$D" --index pidx show pr/h.md)" "title:       Markdown Note Title"
check_contains "below a dateline" "$("$D" --index pidx show pr/a.txt)" "title:       Senators Urge Treasury to Enforce Sanctions"
check_contains "below a release label and a dateline" "$("$D" --index pidx show pr/b.txt)" "title:       Senators Urge Action"
check_contains "prose first: no title" "$("$D" --index pidx show pr/c.txt)" "title:       (none)"
check_eq "title: finds the title below the dateline" "pr/a.txt" "$("$D" --index pidx search -l 'title:treasury')"

# "Key: value" lines on top of a plain text are its metadata: a speech
# transcript's "President:" is its author, and the file names it.
printf 'President: George Washington\n\nFellow Citizens of the Senate, hdrword.\n' \
    >pr/1789-04-30-first-inaugural-address.txt
"$D" --index pidx add pr 2>/dev/null
check_eq "President: is the author" "pr/1789-04-30-first-inaugural-address.txt" \
    "$("$D" --index pidx search -l 'author:washington')"
check_contains "no title: the file names it" "$("$D" --index pidx search -k 0 hdrword)" \
    "1. 1789-04-30  1789-04-30-first-inaugural-address.txt  ["
# ... and its name's words are found as a title is: plain words, a phrase
# and title:, though the text holds none of them.
check_eq "no title: the name's words found" "pr/1789-04-30-first-inaugural-address.txt" \
    "$("$D" --index pidx search -l 'inaugural hdrword')"
check_eq "no title: the name's words as a phrase" "pr/1789-04-30-first-inaugural-address.txt" \
    "$("$D" --index pidx search -l '"first inaugural address"')"
check_eq "no title: title: finds the name's words" "pr/1789-04-30-first-inaugural-address.txt" \
    "$("$D" --index pidx search -l 'title:inaugural')"
# The set openings of orders and proclamations are no titles.
printf 'Whereas\n\nthe Nation honors its veterans, whopword;\n\nNow, therefore, I proclaim.\n' >pr/w.txt
printf 'By virtue of the authority vested in me by the Constitution it is hereby ordered that whopword\n' >pr/v.txt
printf 'By the authority vested in me as President, whopword\n' >pr/x.txt
"$D" --index pidx add pr 2>/dev/null
for f in w v x; do
    check_contains "a set opening is no title ($f)" "$("$D" --index pidx show pr/$f.txt)" "title:       (none)"
done

# A path: prefix holds every path under it, however many (not the 1000
# most frequent, as a word's prefix keeps).
mkdir -p many
for i in $(seq 1 1005); do echo "okra $i" >"many/f$i.txt"; done
"$D" --index midx add many 2>/dev/null
check_eq "path: prefix of 1005 files" 1005 "$("$D" --index midx search -c 'path:many/*')"
check_eq "path: prefix with a word" 1005 "$("$D" --index midx search -c 'okra path:many/*')"

# An HTML page read in the charset it declares (KOI8-R here).
mkdir -p koi
printf '<html><head><meta charset="koi8-r"><title>\xf0\xd2\xc9\xd7\xc5\xd4</title></head><body><p>\xf0\xd2\xc9\xd7\xc5\xd4 borscht</p></body></html>\n' >koi/k.html
"$D" --index kidx add koi 2>/dev/null
check_contains "declared charset: the title" "$("$D" --index kidx show koi/k.html)" "title:       Привет"
check_contains "declared charset: named" "$("$D" --index kidx show koi/k.html)" "format:      html, koi8-r"
check_eq "declared charset: searchable" koi/k.html "$("$D" --index kidx search -l 'привет')"

finish
