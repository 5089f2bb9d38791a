#!/usr/bin/env bash
# System packages from Debian. Installs only what is missing; does nothing when not root or
# without apt-get (the checks that need a package then skip with a message).
#   (no argument)  chromium (the interactive map is checked offline in a headless browser) and
#                  poppler-utils (pdftoppm), for `make demo` and the tests
#   --test         also python3-qgis: QGIS opens area_berisiko.gpkg in a test (tests only)
set -u
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
if [ "${1:-}" = "--test" ]; then
  [ -f /usr/lib/python3/dist-packages/qgis/core/__init__.py ] || need+=(python3-qgis qgis-providers)
fi
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "note: ${need[*]} not installed (needs root + apt-get); tests that need them are skipped" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null \
  || echo "note: could not install ${need[*]}; tests that need them are skipped" >&2
exit 0
