#!/usr/bin/env bash
# Record what a restructuring must not change: the score and validate JSON of the sample
# content and every file of the built site, into DIR. Compare two records with `diff -r`.
# The day is fixed (--today / the plugin's today) so that two runs on different days agree.
set -euo pipefail
out="${1:?usage: bench/snapshot_outputs.sh DIR}"
day="${TODAY:-2026-12-01}"
cd "$(dirname "$0")/.."
rm -rf "$out" && mkdir -p "$out"
checker --today "$day" --no-cache score content/ --format json > "$out/score.json"
checker --today "$day" --no-cache validate content/ --format json > "$out/validate.json"
config="$(mktemp --suffix=.yml -p .)"
trap 'rm -f "$config"' EXIT
sed "s|^      pii: fail$|      pii: fail\n      today: \"$day\"\n      cache: false|" mkdocs.yml > "$config"
NO_MKDOCS_2_WARNING=1 mkdocs build --strict -q -f "$config" -d "$out/site" 2>/dev/null
# The sitemap's dates are the build day's, not the content's.
rm -f "$out/site/sitemap.xml.gz"
sed -i 's|<lastmod>[^<]*</lastmod>||' "$out/site/sitemap.xml"
echo "recorded in $out: $(find "$out" -type f | wc -l) files"
