#!/bin/sh
# jekyll_fidelity.sh - quire against real Jekyll (Debian's jekyll 4.3): each
# site of tests/jekyll/fixtures (one per fidelity bug: collection
# permalinks, front matter defaults, the site's zone in URLs, excerpts, ignored and as-is file
# names, kramdown syntax, footnotes/task lists/code language, images under
# a baseurl, Liquid filters, indented HTML blocks) and the real corpus
# ($SHARED/corpus/finews) is built by Jekyll with every layout replaced by
# one that marks page.url, page.excerpt and content, and compared with
# `quire inspect` of the same site by tests/jekyll/compare.py: post URLs and
# the text of bodies and excerpts. Jekyll runs with TZ=UTC (quire takes UTC
# where Jekyll takes the machine's zone). Skipped (77) without jekyll.
# Checks quire makes beyond Jekyll's text (images embedded, the language
# class) follow.
set -u
: "${QUIRE:?}" "${SRC:?}"
command -v jekyll > /dev/null 2>&1 || { echo "SKIP: no jekyll (apt-get install jekyll)"; exit 77; }
command -v ruby > /dev/null 2>&1 && command -v python3 > /dev/null 2>&1 || { echo "SKIP: no ruby/python3"; exit 77; }
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
LAYOUT='<!--quire-url-->{{ page.url }}<!--/quire-url--><!--quire-post-->{% if page.collection == "posts" %}yes{% endif %}<!--/quire-post-->
<!--quire-excerpt-->{{ page.excerpt }}<!--/quire-excerpt-->
<!--quire-content-->{{ content }}<!--/quire-content-->'

# jekyll_build SITE OUT: the site's posts and files with our layouts, its
# config without theme and plugins (not installed here)
jekyll_build() {
	rm -rf "$W/src" && mkdir -p "$W/src" && cp -R "$1"/. "$W/src"/ && rm -rf "$W/src/_layouts" "$W/src/_site"
	mkdir "$W/src/_layouts"
	for l in default post page $(sed -n 's/^layout: *//p' "$W"/src/_posts/* 2> /dev/null | tr -d "\"'\r" | sort -u); do
		printf '%s\n' "$LAYOUT" > "$W/src/_layouts/$l.html"
	done
	ruby -ryaml -rdate -e 'c = (YAML.safe_load(File.read(ARGV[0]), permitted_classes: [Date, Time], aliases: true) rescue {}) || {}
		%w[theme remote_theme plugins gems].each { |k| c.delete(k) }
		c["defaults"] = [{"scope" => {"path" => ""}, "values" => {"layout" => "default"}}] + (c["defaults"] || [])
		File.write(ARGV[1], c.to_yaml)' \
		"$W/src/_config.yml" "$W/config.yml" 2> /dev/null || : > "$W/config.yml"
	TZ=UTC jekyll build -q -s "$W/src" -d "$2" --config "$W/config.yml" > "$W/jekyll.log" 2>&1
}

site_url() { # the url: + baseurl: the site's URLs start with
	ruby -ryaml -e 'c = YAML.safe_load(File.read(ARGV[0])) || {}; print((c["url"] || "").to_s.chomp("/"), (c["baseurl"] || "").to_s.chomp("/"))' "$1/_config.yml"
}

compare() { # compare NAME SITE MIN-URL MIN-F1
	name=$1 site=$2
	jekyll_build "$site" "$W/out-$name" || { cat "$W/jekyll.log"; fail "$name: jekyll build"; return; }
	TZ=UTC "$QUIRE" inspect -q "$site" > "$W/$name.jsonl" 2> "$W/$name.err"
	printf '%-22s ' "$name:"
	python3 "$SRC/tests/jekyll/compare.py" "$W/out-$name" "$W/$name.jsonl" "$(site_url "$site")" \
		--min-url "$3" --min-f1 "$4" || {
		fail "$name: below url $3 / text F1 $4"
		python3 "$SRC/tests/jekyll/compare.py" -v "$W/out-$name" "$W/$name.jsonl" "$(site_url "$site")" | head -40
	}
}

for site in "$SRC"/tests/jekyll/fixtures/*/; do
	site=${site%/}
	compare "$(basename "$site")" "$site" 1.0 0.98
done
if [ -d "${SHARED:-/nonexistent}/corpus/finews/_posts" ]; then
	# 2 posts with a blank line before the front matter (quire reads it) and
	# one without a date in its name (quire reads it): deliberate, quire(1)
	compare finews "$SHARED/corpus/finews" 0.98 0.995
else
	echo "finews: no corpus at ${SHARED:-}/corpus/finews, not compared"
fi

# beyond the text: what quire keeps that Jekyll's text does not show
F=$SRC/tests/jekyll/fixtures
"$QUIRE" inspect -q "$F/baseurl_images" > "$W/img.jsonl" 2> /dev/null
[ "$(jq '.resources | length' "$W/img.jsonl")" = 4 ] || { fail "baseurl images: not all 4 embedded"; jq -c '.resources, .diagnostics' "$W/img.jsonl"; }
"$QUIRE" inspect -q "$F/gfm" > "$W/gfm.jsonl" 2> /dev/null
jq -r .xhtml "$W/gfm.jsonl" | grep -q '<code class="language-python">' || fail "gfm: the code block lost its language"
jq -r .text "$W/gfm.jsonl" | grep -q '☐ an open task' || fail "gfm: the task state is not shown"
# as-is (identity converter) only inside a site: a loose .text file is Markdown
cp "$F/names/_posts/2021-01-02-plain.text" "$W/loose.text"
"$QUIRE" inspect -q "$W/loose.text" 2> /dev/null | jq -r .xhtml | grep -q '<em>this</em>' ||
	fail "a loose .text post is not read as Markdown"
"$QUIRE" inspect -q "$F/names" 2> /dev/null | jq -r 'select(.title == "Plain text post") | .xhtml' |
	grep -q '\*this\*' || fail "a .text post in a site is not as it is"
echo "jekyll_fidelity: $fails failed"
[ $fails -eq 0 ]
