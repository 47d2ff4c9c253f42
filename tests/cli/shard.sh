#!/bin/sh
# shard.sh - --shard K/N: three shards run through GNU parallel on this
# machine; the merged outputs hold exactly the articles of a single run (JSON
# Lines; WARC when its writer is there: concatenated WARCs hold the same
# records, sort-merged CDXJ the same keys). Shards do not depend on where the
# input root is or on --jobs.
set -u
. "$SRC/tests/bad-inputs/common.sh"
need reader jekyll
need writer jsonl
command -v parallel >/dev/null || { echo "skip: GNU parallel is not installed"; exit 77; }

W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
gen_posts 90 "$W/site/_posts"
cd "$W"

"$QUIRE" convert -q --no-progress -t jsonl -o all.jsonl site 2>/dev/null || fail "single run"
parallel --will-cite -j 3 "$QUIRE" convert -q --no-progress -t jsonl --shard {}/3 -o shard{}.jsonl site ::: 1 2 3 ||
  fail "parallel run"
for k in 1 2 3; do
  n=$(wc -l <shard$k.jsonl)
  [ "$n" -gt 0 ] || fail "shard $k is empty"
done
sort all.jsonl >all.sorted
cat shard1.jsonl shard2.jsonl shard3.jsonl | sort >merged.sorted
cmp -s all.sorted merged.sorted || fail "merged shards differ from the single run"
[ "$(wc -l <all.jsonl)" -eq 90 ] || fail "single run: $(wc -l <all.jsonl) articles, want 90"

# Stable: the same shard from another working directory (absolute root) and
# with other --jobs holds the same articles.
(cd / && "$QUIRE" convert -q --no-progress -j 1 -t jsonl -o "$W/again2.jsonl" --shard 2/3 "$W/site" 2>/dev/null)
[ "$(jq -r .title again2.jsonl)" = "$(jq -r .title shard2.jsonl)" ] || fail "shard 2/3 changes with the root's spelling"
"$QUIRE" convert -q --no-progress -j 4 -t jsonl -o again2b.jsonl --shard 2/3 site 2>/dev/null
cmp -s again2b.jsonl shard2.jsonl || fail "shard 2/3 changes with --jobs"

# Bad shards are usage errors.
"$QUIRE" convert -q -t jsonl -o x.jsonl --shard 4/3 site 2>/dev/null
[ $? -eq 2 ] || fail "--shard 4/3 accepted"
"$QUIRE" convert -q -t jsonl -o x.jsonl --shard 0/3 site 2>/dev/null
[ $? -eq 2 ] || fail "--shard 0/3 accepted"

if has writer warc; then
  "$QUIRE" convert -q --no-progress -o all.warc.gz site 2>/dev/null || fail "single warc run"
  parallel --will-cite -j 3 "$QUIRE" convert -q --no-progress --shard {}/3 -o shard{}.warc.gz site ::: 1 2 3 ||
    fail "parallel warc run"
  cat shard1.warc.gz shard2.warc.gz shard3.warc.gz >merged.warc.gz
  # the same records but the warcinfo ones (one per file)
  rec() { zcat "$1" | grep -a '^WARC-Type: ' | grep -v warcinfo | sort | uniq -c; }
  [ "$(rec all.warc.gz)" = "$(rec merged.warc.gz)" ] || fail "merged WARCs hold other records"
  uris() { zcat "$1" | grep -a '^WARC-Target-URI: ' | sort; }
  [ "$(uris all.warc.gz)" = "$(uris merged.warc.gz)" ] || fail "merged WARCs hold other URIs"
  if [ -f all.cdxj ] || ls all*.cdxj >/dev/null 2>&1; then
    keys() { cut -d' ' -f1,2; }
    sort -m shard1*.cdxj shard2*.cdxj shard3*.cdxj | keys >merged.keys
    sort all*.cdxj | keys >all.keys
    cmp -s merged.keys all.keys || fail "sort -m of the shards' CDXJ differs from the single run's keys"
  else
    fail "no CDXJ index beside the WARC"
  fi
fi

echo "shard: $fails failed"
[ $fails -eq 0 ]
