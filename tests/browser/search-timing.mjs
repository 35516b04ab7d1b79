// Search timing in headless Chromium: how long a reader waits for the first
// result of the static search, and how much of the index the page fetches.
//
//   node search-timing.mjs SITE_DIR [--runs N] [--warmup N] [--query Q ...]
//
// SITE_DIR is a built site (`loa build` output, built with a base URL whose
// path is `/`). It is served on 127.0.0.1 at `/` by lib/server.mjs; for each
// query, each run opens a fresh browser context (empty HTTP cache) and
// navigates to /tim-kiem/?q=<query>. Measured per run:
//   first result  performance.now() (ms since navigation start) when the
//                 first `#search-results li` is in the DOM (MutationObserver
//                 installed with addInitScript, before any page script)
//   announced     performance.now() when the live region #search-status
//                 holds its message and the list is no longer aria-busy
//   DOMContentLoaded  of the page (search.js is deferred: it starts here)
//   index fetched the latest responseEnd of the Resource Timing entries
//                 under /tim-kiem/chi-muc/ (network part of the wait)
//   requests, bytes  responses under /tim-kiem/chi-muc/ as the server sent
//                 them (200s; bytes = file size, the server does not compress),
//                 checked against the page's Resource Timing (decodedBodySize)
//   count         N of "Tìm thấy N kết quả cho …" (0 for "Không tìm thấy …")
// Runs go round-robin over the queries (run 1 of every query, then run 2, …)
// so a busy machine spreads its noise over all of them; `--warmup` runs
// (default 1) of the first query come first and are not counted. Prints
// Markdown: medians per query, then the index size on disk.
import fs from 'node:fs';
import path from 'node:path';
import { launch } from './lib/browser.mjs';
import { serve } from './lib/server.mjs';

const QUERIES = ['thi dua', 'lao cai', 'Đảng ủy', 'dang uy', 'khen thuong', 'nong thon moi'];
const INDEX = '/tim-kiem/chi-muc/';

const args = process.argv.slice(2);
let siteArg = null;
let runs = 5;
let warmup = 1;
const queries = [];
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === '--runs') runs = Number(args[++i]);
  else if (a === '--warmup') warmup = Number(args[++i]);
  else if (a === '--query') queries.push(args[++i]);
  else if (!siteArg) siteArg = a;
  else { console.error(`unexpected argument: ${a}`); process.exit(2); }
}
if (!siteArg || !(runs >= 1) || !(warmup >= 0)) {
  console.error('usage: node search-timing.mjs SITE_DIR [--runs N] [--warmup N] [--query Q ...]');
  process.exit(2);
}
if (!queries.length) queries.push(...QUERIES);
const site = path.resolve(siteArg);
const indexDir = path.join(site, 'tim-kiem', 'chi-muc');
for (const f of [path.join(site, 'tim-kiem', 'index.html'), path.join(indexDir, 'meta.json')]) {
  if (!fs.existsSync(f)) {
    console.error(`not a built site with a search index: ${f} is missing`);
    process.exit(2);
  }
}

// ---- the index on disk ----

function diskSize(dir) {
  const by = new Map(); // top-level entry (meta.json, terms, forms, docs) → {files, bytes}
  const rec = (d, top) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      const key = top || e.name;
      if (e.isDirectory()) rec(p, key);
      else if (e.isFile()) {
        if (!by.has(key)) by.set(key, { files: 0, bytes: 0, largest: 0 });
        const s = by.get(key);
        const size = fs.statSync(p).size;
        s.files++;
        s.bytes += size;
        s.largest = Math.max(s.largest, size);
      }
    }
  };
  rec(dir, null);
  return by;
}

// ---- one run ----

// Installed before the page's own scripts: timestamps (ms since navigation
// start) of the first result and of the settled live region.
function probe() {
  const t = { firstResult: null, announced: null, status: null };
  window.__searchTiming = t;
  const check = () => {
    const list = document.getElementById('search-results');
    if (!list) return false;
    if (t.firstResult === null && list.querySelector('li')) t.firstResult = performance.now();
    const s = document.getElementById('search-status');
    if (t.announced === null && s && s.textContent.trim() !== '' && !list.hasAttribute('aria-busy')) {
      t.announced = performance.now();
      t.status = s.textContent;
    }
    return t.announced !== null;
  };
  const mo = new MutationObserver(() => { if (check()) mo.disconnect(); });
  mo.observe(document, { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: ['aria-busy'] });
}

function countOf(status) {
  if (/^Không tìm thấy kết quả nào/.test(status)) return 0;
  const m = /^Tìm thấy ([\d.]+) kết quả/.exec(status || '');
  return m ? Number(m[1].replace(/\./g, '')) : NaN;
}

async function runOnce(browser, server, q) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript(probe);
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`uncaught exception: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
  const from = server.requests.length;
  try {
    await page.goto(`${server.origin}/tim-kiem/?q=${encodeURIComponent(q)}`, { waitUntil: 'domcontentloaded', timeout: 60_000 });
    await page.waitForFunction(() => window.__searchTiming && window.__searchTiming.announced !== null, null, { timeout: 60_000, polling: 50 });
    const t = await page.evaluate((prefix) => {
      const idx = performance.getEntriesByType('resource').filter((e) => new URL(e.name).pathname.startsWith(prefix));
      return {
        ...window.__searchTiming,
        dcl: performance.getEntriesByType('navigation')[0]?.domContentLoadedEventEnd ?? null,
        indexFetched: idx.length ? Math.max(...idx.map((e) => e.responseEnd)) : null,
        pageRequests: idx.length,
        pageBytes: idx.reduce((n, e) => n + e.decodedBodySize, 0),
      };
    }, INDEX);
    // The page has every index response before it announces, but the server
    // logs a response on 'finish', which can come a moment later on a busy
    // machine: wait (up to 5 s) for its log to catch up with the page's.
    const logged = () => server.requests.slice(from).filter((r) => r.url.startsWith(INDEX));
    for (let waited = 0; logged().length < t.pageRequests && waited < 5000; waited += 20) {
      await new Promise((r) => setTimeout(r, 20));
    }
    const index = logged();
    let bytes = 0;
    const kinds = {};
    for (const r of index) {
      const rel = decodeURIComponent(new URL(r.url, 'http://x').pathname).slice(1);
      if (r.status === 200) bytes += fs.statSync(path.join(site, rel)).size;
      else problems.push(`HTTP ${r.status}: ${r.url}`);
      const kind = rel.slice(INDEX.length - 1).split('/')[0].replace(/\.json$/, '');
      kinds[kind] = (kinds[kind] || 0) + 1;
    }
    if (index.length !== t.pageRequests || bytes !== t.pageBytes) {
      problems.push(`server sent ${index.length} index files (${bytes} bytes), the page's Resource Timing lists ${t.pageRequests} (${t.pageBytes} bytes)`);
    }
    return { ...t, count: countOf(t.status), requests: index.length, bytes, kinds, problems };
  } finally {
    await context.close();
  }
}

// ---- formatting ----

const median = (xs) => {
  const s = xs.filter((x) => x !== null && !Number.isNaN(x)).sort((a, b) => a - b);
  if (!s.length) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const ms = (x) => (Number.isNaN(x) ? '–' : Math.round(x).toLocaleString('en-US'));
const kb = (b) => `${(b / 1024).toFixed(1)} KiB`;
const num = (n) => n.toLocaleString('en-US');
// One value, or the distinct values with how many runs had each.
const same = (xs) => {
  const n = new Map();
  for (const x of xs.map(String)) n.set(x, (n.get(x) || 0) + 1);
  return n.size === 1 ? String(xs[0]) : [...n].map(([x, k]) => `${x} (×${k})`).join('; ');
};

// ---- main ----

const server = await serve({ dir: site, prefix: '/' });
const browser = await launch();
const results = new Map(queries.map((q) => [q, []]));
const problems = [];
try {
  for (let w = 0; w < warmup; w++) await runOnce(browser, server, queries[0]);
  for (let r = 0; r < runs; r++) {
    for (const q of queries) {
      const res = await runOnce(browser, server, q);
      results.get(q).push(res);
      for (const p of res.problems) problems.push(`"${q}" run ${r + 1}: ${p}`);
    }
  }
} finally {
  await browser.close();
  await server.close();
}

const meta = JSON.parse(fs.readFileSync(path.join(indexDir, 'meta.json'), 'utf8'));
console.log(`## Search timing: ${site}`);
console.log('');
console.log(`${num(meta.docs)} documents in the index; Chromium ${browser.version()} headless; ` +
  `${runs} cold run(s) per query (fresh context each), ${warmup} warm-up run(s) not counted; medians.`);
console.log('');
console.log('| query | first result (ms) | min–max (ms) | announced (ms) | DOMContentLoaded (ms) | index fetched (ms) | index requests | index bytes | requests by kind | results announced |');
console.log('|---|--:|--:|--:|--:|--:|--:|--:|---|--:|');
for (const [q, rs] of results) {
  const first = rs.map((r) => r.firstResult);
  const valid = first.filter((x) => x !== null);
  const range = valid.length ? `${ms(Math.min(...valid))}–${ms(Math.max(...valid))}` : '–';
  const kinds = same(rs.map((r) => Object.entries(r.kinds).sort().map(([k, n]) => `${k} ${n}`).join(', ')));
  console.log(`| ${q} | ${ms(median(first))} | ${range} | ${ms(median(rs.map((r) => r.announced)))} | ${ms(median(rs.map((r) => r.dcl)))} | ` +
    `${ms(median(rs.map((r) => r.indexFetched)))} | ${median(rs.map((r) => r.requests))} | ` +
    `${kb(median(rs.map((r) => r.bytes)))} | ${kinds} | ${same(rs.map((r) => (Number.isNaN(r.count) ? '?' : num(r.count))))} |`);
}
console.log('');
const disk = diskSize(indexDir);
let files = 0;
let bytes = 0;
console.log('| index on disk (tim-kiem/chi-muc) | files | bytes | largest file |');
console.log('|---|--:|--:|--:|');
for (const [k, s] of [...disk].sort()) {
  files += s.files;
  bytes += s.bytes;
  console.log(`| ${k} | ${num(s.files)} | ${num(s.bytes)} (${kb(s.bytes)}) | ${num(s.largest)} |`);
}
console.log(`| **total** | **${num(files)}** | **${num(bytes)} (${(bytes / 1048576).toFixed(1)} MiB)** | |`);
if (problems.length) {
  console.log('');
  console.log('Problems:');
  for (const p of problems) console.log(`- ${p}`);
  process.exitCode = 1;
}
