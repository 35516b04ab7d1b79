#!/usr/bin/env bash
# Quality gates on the built example site (what .ci/run calls after
# `cargo run --release -- build`). Each gate prints a summary line with its
# figures; the script exits 1 if any gate failed, after running them all.
#
#   bash tests/browser/run.sh [browser] [a11y] [validity] [search]   (default: all)
#
# Gates:
#   browser   headless Chromium: every page kind at phone and desktop widths,
#             no console errors, no request outside the site, font-size and
#             contrast controls, print stylesheet        (browser.test.mjs)
#   a11y      axe-core: no serious/critical violation; alt text everywhere;
#             `loa check` clean                            (a11y.test.mjs)
#   validity  Nu HTML Checker on every HTML file; RSS and sitemap as XML
#                                                          (validity.test.mjs)
#   search    search.test.mjs (owned by the search engineer), when present:
#             `node search.test.mjs DIR /bao/` on the example site built with
#             --base-url http://127.0.0.1:PORT/bao/ into a temporary DIR
#
# Environment (all optional):
#   LOA_SITE_ROOT  site folder (default: the repository, i.e. the example site)
#   LOA_SITE_OUT   built site (default: $LOA_SITE_ROOT/public; built if missing)
#   LOA_BIN        loa binary (default: target/release/loa, else target/debug/loa)
#   LOA_BASE_URL   base URL the site was built with, when --base-url was used
#   LOA_REQUIRE_KINDS  comma list of page kinds that must exist (default: all
#                  eleven of the issue; empty for small fixtures)
#   LOA_SWEEP=0    browser gate: skip loading every page once
#   CHROMIUM       Chromium binary (default /usr/bin/chromium); JAVA (default java)
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
cd "$here"

export LOA_SITE_ROOT=${LOA_SITE_ROOT:-$repo}
export LOA_SITE_OUT=${LOA_SITE_OUT:-$LOA_SITE_ROOT/public}
if [ -z "${LOA_BIN:-}" ]; then
    if [ -x "$repo/target/release/loa" ]; then LOA_BIN=$repo/target/release/loa; else LOA_BIN=$repo/target/debug/loa; fi
fi
export LOA_BIN
export CHROMIUM=${CHROMIUM:-/usr/bin/chromium}

gates=("$@")
[ ${#gates[@]} -gt 0 ] || gates=(browser a11y validity search)

need() {
    if ! command -v "$1" >/dev/null 2>&1 && [ ! -x "$1" ]; then
        echo "run.sh: $1 is missing ($2)" >&2
        exit 1
    fi
}
need node "install Node.js 20"
need "$CHROMIUM" "apt-get install chromium"
need "${JAVA:-java}" "apt-get install default-jre-headless"
need "$LOA_BIN" "cargo build --release"

if [ ! -d node_modules/playwright-core ] || [ ! -d node_modules/axe-core ] || [ ! -f node_modules/vnu-jar/build/dist/vnu.jar ]; then
    echo "== npm ci (tests/browser)"
    # --ignore-scripts: vnu-jar's postinstall would download a Java runtime;
    # the machine's Java runs vnu.jar.
    npm ci --ignore-scripts --no-audit --no-fund || exit 1
fi

if [ ! -f "$LOA_SITE_OUT/index.html" ]; then
    echo "== building $LOA_SITE_ROOT into $LOA_SITE_OUT"
    "$LOA_BIN" build --root "$LOA_SITE_ROOT" --output "$LOA_SITE_OUT" || exit 1
fi

failed=()
passed=()
summaries=()
run_gate() {
    local name=$1
    shift
    echo "== gate: $name"
    local log
    log=$(mktemp)
    # A gate that hangs is a failure, not a stuck CI run.
    if declare -F "$1" >/dev/null; then
        export -f "$1"
        timeout --kill-after=30 1800 bash -c "$*" 2>&1 | tee "$log"
    else
        timeout --kill-after=30 1800 "$@" 2>&1 | tee "$log"
    fi
    local status=${PIPESTATUS[0]}
    local line
    line=$(grep -E "^$name: " "$log" | tail -1)
    [ -n "$line" ] || line="$name: exit status $status"
    summaries+=("$line")
    rm -f "$log"
    if [ "$status" -eq 0 ]; then
        passed+=("$name")
    else
        [ "$status" -eq 124 ] && echo "$name: timed out after 30 minutes"
        failed+=("$name")
    fi
}

search_gate() {
    if [ ! -f search.test.mjs ]; then
        echo "search: no search.test.mjs yet — skipped"
        return 0
    fi
    # search.test.mjs (see its header) serves the folder it is given under the
    # base path on a port of its own; we give it the example site built for a
    # sub-path, so the index and its URLs are tested where base_url has a path.
    local port dir status
    port=$(node lib/server.mjs --free-port) || return 1
    dir=$(mktemp -d)
    if ! "$LOA_BIN" build --root "$LOA_SITE_ROOT" \
        --output "$dir/site" --base-url "http://127.0.0.1:$port/bao/"; then
        rm -rf "$dir"
        return 1
    fi
    node search.test.mjs "$dir/site" /bao/
    status=$?
    rm -rf "$dir"
    return $status
}

for g in "${gates[@]}"; do
    case $g in
        browser) run_gate browser node browser.test.mjs ;;
        a11y) run_gate a11y node a11y.test.mjs ;;
        validity) run_gate validity node validity.test.mjs ;;
        search) run_gate search search_gate ;;
        *) echo "run.sh: unknown gate $g (browser, a11y, validity, search)" >&2; exit 2 ;;
    esac
done

echo "== gates summary"
for s in "${summaries[@]}"; do [ -n "$s" ] && echo "$s"; done
echo "gates: ${#passed[@]} passed (${passed[*]:-none}), ${#failed[@]} failed (${failed[*]:-none})"
[ ${#failed[@]} -eq 0 ]
