#!/usr/bin/env bash
# Fetches the charting library that `uam report` inlines into its self-contained HTML page: Apache ECharts,
# a pinned version from the npm registry, checked against the registry's published sha512. The build embeds
# artifacts/npm/echarts/echarts.min.js into uam.dll; nothing is fetched when the report is made or opened.
set -euo pipefail
cd "$(dirname "$0")/.."

version=6.1.0
integrity="q0yaFPggC9FUdsWH4blavRWFmxdrIodbkoKNAjJudAI6CA9gNPxHtV2RcZNEepZVlk4yvBYkOkbk6HIVpIyHZA=="
target=artifacts/npm/echarts
[ -f "$target/echarts.min.js" ] && [ "$(cat "$target/VERSION" 2>/dev/null)" = "$version" ] && exit 0

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "Fetching echarts $version from the npm registry" >&2
curl -sSfL --retry 3 -o "$work/echarts.tgz" "https://registry.npmjs.org/echarts/-/echarts-$version.tgz"
actual=$(openssl dgst -sha512 -binary "$work/echarts.tgz" | base64 -w0)
if [ "$actual" != "$integrity" ]; then
  echo "echarts-$version.tgz does not match the registry's sha512 ($actual)" >&2
  exit 1
fi
tar -xzf "$work/echarts.tgz" -C "$work" package/dist/echarts.min.js package/LICENSE
mkdir -p "$target"
cp "$work/package/dist/echarts.min.js" "$work/package/LICENSE" "$target/"
echo "$version" > "$target/VERSION"
