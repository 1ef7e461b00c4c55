#!/usr/bin/env bash
# Build the Evidence dashboard (a static site) from a folder of mart Parquet files.
#   bi/build.sh MARTS_DIR [OUT_DIR]        (OUT_DIR defaults to bi/build)
# Installs the locked npm packages first when node_modules does not match package-lock.json
# (`npm ci`, whose postinstall applies the patches in bi/patches), links MARTS_DIR as
# sources/communique/marts, then runs `evidence sources` and `evidence build`.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
marts="${1:?usage: bi/build.sh MARTS_DIR}"
marts="$(cd "$marts" && pwd)"
out="${2:-}"
compgen -G "$marts/mart_events/*.parquet" > /dev/null || {
	echo "no mart Parquet files in $marts: run make demo first" >&2
	exit 1
}

cd "$here"
stamp=node_modules/.communique-lock.sha256
want="$(cat package-lock.json package.json patches/* | sha256sum | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
	echo "installing the dashboard's npm packages (npm ci)"
	npm ci --no-audit --no-fund --loglevel=error > /dev/null
	echo "$want" > "$stamp"
fi

ln -sfn "$marts" sources/communique/marts
# No usage statistics are sent: the build talks to no host.
export SEND_ANONYMOUS_USAGE_STATS=no NODE_OPTIONS="${NODE_OPTIONS:-} --no-deprecation"
echo "evidence sources (the mart Parquet files -> the dashboard's data)"
npx --no-install evidence sources > .sources.log 2>&1 || { cat .sources.log >&2; exit 1; }
echo "evidence build -> bi/build"
rm -rf build  # evidence copies its output over whatever is there
npx --no-install evidence build > .build.log 2>&1 || { tail -50 .build.log >&2; exit 1; }
rm -f .sources.log .build.log
if [ -n "$out" ]; then
	rm -rf "$out"
	mkdir -p "$(dirname "$out")"
	mv build "$out"
fi
