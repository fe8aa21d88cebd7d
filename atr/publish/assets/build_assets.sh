#!/usr/bin/env bash
# Rebuild the publish stage's vendored front-end assets from the pinned npm packages.
#
# Python users never run this: its outputs are committed under atr/publish/static/ (and the
# test-only axe-core under tests/publish/vendor/), so `atr publish` needs no node. Run it after
# changing package.json or the SCSS:   npm ci && npm run build:assets
set -euo pipefail
cd "$(dirname "$0")/../../.."          # repository root
if [ ! -d node_modules/govuk-frontend ]; then
    npm ci --no-audit --no-fund
fi
STATIC=atr/publish/static
VENDOR=$STATIC/vendor
AXE=tests/publish/vendor/axe-core
mkdir -p "$STATIC/css" "$VENDOR/govuk-frontend" "$VENDOR/vega" "$VENDOR/vega-embed" "$AXE"

# 1. GOV.UK Frontend compiled with Arial and relative asset paths (dart-sass, node package importer).
npx sass --pkg-importer=node --no-source-map --style=compressed --quiet-deps \
    atr/publish/assets/scss/atr-site.scss "$STATIC/css/atr-site.css"

# 2. Browser bundles loaded with classic <script> tags (ES modules are blocked on file://).
cp node_modules/govuk-frontend/dist/govuk/all.bundle.js "$VENDOR/govuk-frontend/govuk-frontend.bundle.js"
# The npm package ships no licence file; its package.json declares MIT (© Crown copyright, GDS).
node -e 'const p = require("./node_modules/govuk-frontend/package.json");
console.log(`govuk-frontend ${p.version}: ${p.license} licence. Copyright (c) Crown copyright (Government Digital Service).
Full text: https://github.com/alphagov/govuk-frontend/blob/main/LICENSE.txt`)' > "$VENDOR/govuk-frontend/LICENSE.txt"
cp node_modules/vega/build/vega.min.js "$VENDOR/vega/vega.min.js"
cp node_modules/vega/LICENSE "$VENDOR/vega/LICENSE"
cp node_modules/vega-embed/build/vega-embed.min.js "$VENDOR/vega-embed/vega-embed.min.js"
cp node_modules/vega-embed/LICENSE "$VENDOR/vega-embed/LICENSE"

# 3. axe-core for the accessibility tests only (MPL-2.0, copied unmodified, never published).
cp node_modules/axe-core/axe.min.js "$AXE/axe.min.js"
cp node_modules/axe-core/LICENSE node_modules/axe-core/LICENSE-3RD-PARTY.txt "$AXE/"

# 4. Record what was vendored, so a test can check the copies match package.json.
node -e '
const fs = require("fs");
const names = ["govuk-frontend", "vega", "vega-embed", "vega-lite", "sass", "axe-core"];
const versions = Object.fromEntries(names.map(n => [n, require("./node_modules/" + n + "/package.json").version]));
fs.writeFileSync(process.argv[1], JSON.stringify({ generated_by: "atr/publish/assets/build_assets.sh", versions }, null, 2) + "\n");
' "$VENDOR/VERSIONS.json"
echo "assets rebuilt into $STATIC and $AXE"
