#!/usr/bin/env bash
# Debian packages the publish stage's browser tests and PDF report need.
#
# Why each one:
#   chromium            headless browser the Playwright tests drive (`playwright install` cannot
#                       download here, so the tests use /usr/bin/chromium)
#   fonts-liberation    Liberation Sans, metric-compatible with Arial: vl-convert, WeasyPrint and
#                       Chromium all measure chart text with it
#   libpango-1.0-0, libpangoft2-1.0-0, libharfbuzz-subset0
#                       libraries WeasyPrint loads to lay out and subset fonts in the PDF
#   poppler-utils       pdfinfo / pdftoppm, to inspect the PDF report by hand
#
# Run as root (CI: called from .ci/run). Safe to run again: apt skips what is installed.
set -euo pipefail

PACKAGES=(
    chromium
    fonts-liberation
    libpango-1.0-0
    libpangoft2-1.0-0
    libharfbuzz-subset0
    poppler-utils
)

if [ "$(id -u)" -ne 0 ]; then
    SUDO=sudo
else
    SUDO=
fi

missing=()
for pkg in "${PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$pkg")
    fi
done

if [ "${#missing[@]}" -eq 0 ]; then
    echo "system packages already installed: ${PACKAGES[*]}"
    exit 0
fi

echo "installing: ${missing[*]}"
$SUDO apt-get update
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends "${missing[@]}"
