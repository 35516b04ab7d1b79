#!/usr/bin/env bash
# Negative control for the gates: builds a copy of tests/fixtures/basic with
# deliberate faults and checks that each gate FAILS and names the fault.
# Not part of CI (it takes minutes); run it after changing a gate.
#
#   bash tests/browser/selftest.sh
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
loa=${LOA_BIN:-$repo/target/debug/loa}
[ -x "$loa" ] || loa=$repo/target/release/loa
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$repo/tests/fixtures/basic" "$work/site"
mkdir -p "$work/site/templates"
# A 404 page with every kind of fault the gates look for.
cat > "$work/site/templates/404.html" <<'HTML'
{% extends "base.html" %}
{% block main %}
<div class="container"><h1>Lỗi cố ý</h1>
<p style="color:#ccc;background:#fff">chữ mờ</p>
<img src="{{ '/favicon.svg' | url }}">
<script src="https://cdn.example.com/x.js"></script>
<script>console.error("lỗi cố ý")</script>
<div id="a"></div><div id="a"></div>
</div>
{% endblock main %}
HTML
# A feed that is not RSS 2.0.
cat > "$work/site/templates/rss.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<rss version="0.91"><channel><title>{{ feed.title }}</title></channel></rss>
XML
printf -- '---\ntitle: Ảnh thiếu mô tả\ndate: 2026-11-19\n---\n\n![](/uploads/hoi-nghi.png)\n' \
    > "$work/site/content/thoi-su/2026-11-19-thieu-alt.md"
SOURCE_DATE_EPOCH=1795194000 "$loa" build --root "$work/site" --output "$work/out" || exit 1

export LOA_SITE_ROOT=$work/site LOA_SITE_OUT=$work/out LOA_BIN=$loa LOA_REQUIRE_KINDS= LOA_SWEEP=0
fails=0
expect() {
    local gate=$1
    shift
    local log=$work/$gate.log
    (cd "$here" && node "$gate.test.mjs") >"$log" 2>&1
    local status=$?
    if [ $status -eq 0 ]; then
        echo "selftest: $gate PASSED a broken site"
        fails=$((fails + 1))
    fi
    for pattern in "$@"; do
        if ! grep -q -- "$pattern" "$log"; then
            echo "selftest: $gate did not report: $pattern"
            fails=$((fails + 1))
        fi
    done
    echo "selftest: $gate exit $status; $(grep -E "^$gate: " "$log" | tail -1)"
}
expect browser "request outside the site: https://cdn.example.com/x.js" "console error: lỗi cố ý"
expect a11y "color-contrast" "image-alt" "no alt text"
expect validity "Duplicate ID" "want <rss version=\"2.0\">"
if [ $fails -eq 0 ]; then
    echo "selftest: every gate failed the broken site, naming its faults — ok"
else
    echo "selftest: $fails problems"
    exit 1
fi
