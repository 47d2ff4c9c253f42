#!/bin/sh
# jekyll_site_options.sh - explicit options against a site's _config.yml:
# --base-url takes the place of the site's url: (its baseurl: follows) in the
# article URLs and in absolute_url; --lang is the language of articles that
# have none, never over a post's lang: or the site's (nor in an EPUB's
# dc:language).
set -u
: "${QUIRE:?}"
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
mk() { mkdir -p "$(dirname "$1")"; cat > "$1"; }
S=$W/site
printf 'url: https://site.example.org\nbaseurl: /blog\nlang: zh-CN\n' > "$W/cfg"
mk "$S/_config.yml" < "$W/cfg"
mk "$S/_posts/2020-01-02-fr.md" <<'P'
---
title: Fr
lang: fr
---
Texte.
P
mk "$S/_posts/2020-01-03-site.md" <<'P'
---
title: Site
---
Link [x]({{ "/x/" | absolute_url }}).
P
field() { # field FILE TITLE KEY
	jq -r --arg t "$2" "select(.title == \$t) | .$3" "$1"
}
"$QUIRE" inspect "$S" --base-url https://archive.example.org/ --lang en > "$W/a.jsonl" 2> /dev/null
[ "$(field "$W/a.jsonl" Fr url)" = https://archive.example.org/blog/2020/01/02/fr.html ] ||
	fail "--base-url did not win over url: ($(field "$W/a.jsonl" Fr url))"
field "$W/a.jsonl" Site xhtml | grep -q 'href="https://archive.example.org/blog/x/"' ||
	fail "absolute_url does not use --base-url"
[ "$(field "$W/a.jsonl" Fr lang)" = fr ] || fail "--lang replaced the post's lang: $(field "$W/a.jsonl" Fr lang)"
[ "$(field "$W/a.jsonl" Site lang)" = zh-CN ] || fail "--lang replaced the site's lang: $(field "$W/a.jsonl" Site lang)"
"$QUIRE" inspect "$S" > "$W/b.jsonl" 2> /dev/null
[ "$(field "$W/b.jsonl" Fr url)" = https://site.example.org/blog/2020/01/02/fr.html ] ||
	fail "without --base-url the site's url: is used ($(field "$W/b.jsonl" Fr url))"
# a site without lang: --lang fills it in
printf 'title: T\n' > "$S/_config.yml"
"$QUIRE" inspect "$S" --lang en > "$W/c.jsonl" 2> /dev/null
[ "$(field "$W/c.jsonl" Site lang)" = en ] || fail "--lang not applied to a post without one"
[ "$(field "$W/c.jsonl" Fr lang)" = fr ] || fail "--lang over the post's lang:"
# the book of one French post says fr, whatever --lang
"$QUIRE" convert "$S/_posts/2020-01-02-fr.md" -q -o "$W/fr.epub" --lang en || fail "epub"
unzip -p "$W/fr.epub" '*.opf' | grep -q '<dc:language>fr</dc:language>' ||
	fail "the EPUB's dc:language is not the article's"
echo "jekyll_site_options: $fails failed"
[ $fails -eq 0 ]
