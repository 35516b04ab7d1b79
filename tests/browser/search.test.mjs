// Search page in headless Chromium: the static index finds what readers type.
//
//   node search.test.mjs SITE_DIR [BASE_PATH] [EXPECT_JSON]
//   SEARCH_SITE=public SEARCH_BASE=/bao/ SEARCH_EXPECT=x.json node search.test.mjs
//
// SITE_DIR is a built site (`loa build` output; also SEARCH_SITE_DIR or
// LOA_SITE_OUT as run.sh sets them); BASE_PATH the path of its base_url
// (default: the path of SEARCH_BASE_URL or LOA_BASE_URL, else `/`);
// EXPECT_JSON the expectations (default search.expect.json beside this
// file): a list of queries, each with
//   q        the query as a reader types it
//   titles   titles that must be listed ("Xem thêm kết quả" is clicked as needed)
//   first    (optional) the title of the first result
//   within   (optional) N: the titles must all be among the first N results
//   absent   (optional) titles that must not be listed
//   count    (optional) the number of results announced
//   none     (optional) true: "Không tìm thấy kết quả nào cho “q”" is expected
//
// Serves SITE_DIR under BASE_PATH on 127.0.0.1 (a tiny server of its own:
// folder → index.html, nothing outside BASE_PATH), opens
// BASE_PATH/tim-kiem/?q=… for each query and checks: the listed titles, the
// live region's Vietnamese message, <mark> on matches, dates as dd/mm/yyyy,
// links under BASE_PATH; then typing (replaceState of ?q=), submitting
// (pushState) and the back button, and the ↓ key from the box to the
// results. Fails on any uncaught exception or console error, any request
// leaving the server's origin, and any failed request of the search itself
// (the page, search.js, the index); other failed requests (a stylesheet)
// are printed as warnings, the browser gate's business. Exit status 1 on
// failure.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const env = process.env;
const siteArg = process.argv[2] || env.SEARCH_SITE || env.SEARCH_SITE_DIR || env.LOA_SITE_OUT;
if (!siteArg) {
  console.error('usage: node search.test.mjs SITE_DIR [BASE_PATH] [EXPECT_JSON]');
  process.exit(2);
}
const site = path.resolve(siteArg);
// The base path: given, or the path of the base URL the site was built with.
const baseUrl = env.SEARCH_BASE_URL || env.LOA_BASE_URL;
let base = process.argv[3] || env.SEARCH_BASE || (baseUrl ? new URL(baseUrl).pathname : '/');
if (!base.startsWith('/')) base = '/' + base;
if (!base.endsWith('/')) base += '/';
const expectPath = process.argv[4] || env.SEARCH_EXPECT || path.join(here, 'search.expect.json');
const expected = JSON.parse(fs.readFileSync(expectPath, 'utf8')).queries;

// ---- a tiny static server ----

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8', '.svg': 'image/svg+xml', '.png': 'image/png', '.jpg': 'image/jpeg',
  '.xml': 'application/xml; charset=utf-8', '.ico': 'image/x-icon', '.woff2': 'font/woff2',
};
const served = [];

function serve() {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    let pathname;
    try { pathname = decodeURIComponent(url.pathname); } catch { pathname = ''; }
    served.push({ path: url.pathname });
    const send = (status, body, type = 'text/plain; charset=utf-8') => {
      served[served.length - 1].status = status;
      res.writeHead(status, { 'Content-Type': type });
      res.end(body);
    };
    if (!pathname.startsWith(base)) return send(404, 'outside the base path\n');
    let file = path.join(site, pathname.slice(base.length));
    if (!file.startsWith(site)) return send(404, 'not found\n');
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) {
      if (!pathname.endsWith('/')) {
        served[served.length - 1].status = 301;
        res.writeHead(301, { Location: url.pathname + '/' + url.search });
        return res.end();
      }
      file = path.join(file, 'index.html');
    }
    if (!fs.existsSync(file)) return send(404, 'not found\n');
    send(200, fs.readFileSync(file), TYPES[path.extname(file)] || 'application/octet-stream');
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

// ---- checks ----

const failures = [];
const fail = (where, msg) => failures.push(`${where}: ${msg}`);

async function titlesListed(page, want) {
  // Click "Xem thêm kết quả" until every wanted title shows or no more.
  for (;;) {
    const titles = await page.$$eval('#search-results .search-result__title a', (as) => as.map((a) => a.textContent));
    const more = await page.$('#search-more:not([hidden])');
    if (want.every((t) => titles.includes(t)) || !more) return titles;
    const n = titles.length;
    await more.click();
    await page.waitForFunction((n) => document.querySelectorAll('#search-results li').length > n, n);
  }
}

async function settled(page) {
  await page.waitForFunction(() => {
    const s = document.getElementById('search-status');
    return s && s.textContent.trim() !== '' && !document.getElementById('search-results').hasAttribute('aria-busy');
  }, null, { timeout: 15000 });
  return page.$eval('#search-status', (s) => s.textContent);
}

async function checkQuery(page, origin, e) {
  const where = `query "${e.q}"`;
  await page.goto(`${origin}${base}tim-kiem/?q=${encodeURIComponent(e.q)}`);
  const status = await settled(page);
  const value = await page.$eval('#search-form input[name="q"]', (i) => i.value);
  if (value !== e.q) fail(where, `the box shows "${value}"`);
  const titles = await titlesListed(page, e.titles || []);
  for (const t of e.titles || []) if (!titles.includes(t)) fail(where, `"${t}" not listed (got ${JSON.stringify(titles)})`);
  for (const t of e.absent || []) if (titles.includes(t)) fail(where, `"${t}" listed but should not be`);
  if (e.first && titles[0] !== e.first) fail(where, `first is "${titles[0]}", expected "${e.first}"`);
  if (e.within) {
    const top = titles.slice(0, e.within);
    for (const t of e.titles || []) if (!top.includes(t)) fail(where, `"${t}" not among the first ${e.within}`);
  }
  const quoted = `“${e.q.trim()}”`;
  if (e.none) {
    if (status !== `Không tìm thấy kết quả nào cho ${quoted}`) fail(where, `status "${status}"`);
    if (titles.length) fail(where, `results listed: ${JSON.stringify(titles)}`);
    return;
  }
  const m = /^Tìm thấy ([\d.]+) kết quả cho (.*)$/.exec(status);
  if (!m || m[2] !== quoted) return fail(where, `status "${status}"`);
  const count = Number(m[1].replace(/\./g, ''));
  if (e.count !== undefined && count !== e.count) fail(where, `announced ${count} results, expected ${e.count}`);
  if (count < titles.length) fail(where, `announced ${count} but ${titles.length} listed`);
  const first = await page.$eval('#search-results li', (li) => ({
    marks: Array.from(li.querySelectorAll('mark')).map((x) => x.textContent),
    href: li.querySelector('a').href,
    date: li.querySelector('time') ? li.querySelector('time').textContent : null,
  }));
  if (!first.marks.length) fail(where, 'no <mark> in the first result');
  if (!first.href.startsWith(origin + base)) fail(where, `result link ${first.href} outside ${base}`);
  if (first.date !== null && !/^\d{2}\/\d{2}\/\d{4}$/.test(first.date)) fail(where, `date shown as "${first.date}"`);
}

async function checkInteraction(page, origin, queries) {
  const where = 'typing and history';
  const [a, b] = queries;
  await page.goto(`${origin}${base}tim-kiem/?q=${encodeURIComponent(a)}`);
  await settled(page);
  const box = page.locator('#search-q');
  await box.fill('');
  await box.pressSequentially(b, { delay: 30 });
  await page.waitForFunction((b) => new URL(location.href).searchParams.get('q') === b, b, { timeout: 5000 })
    .catch(() => fail(where, `typing "${b}" did not put it in the URL (${page.url()})`));
  const status = await settled(page);
  if (!status.includes(`“${b}”`)) fail(where, `after typing, status "${status}"`);
  // Submitting a new query adds a history entry; back returns to the old one.
  await box.fill(a);
  await box.press('Enter');
  await page.waitForFunction((a) => new URL(location.href).searchParams.get('q') === a, a);
  await settled(page);
  await page.goBack();
  await page.waitForFunction((b) => document.getElementById('search-q').value === b, b, { timeout: 5000 })
    .catch(() => fail(where, 'the back button did not restore the previous query'));
  await page.waitForFunction((b) => document.getElementById('search-status').textContent.includes(`“${b}”`), b, { timeout: 5000 })
    .catch(() => fail(where, 'the back button did not show the previous results'));
  // Keyboard: ↓ from the box to the first result.
  await box.focus();
  await box.press('ArrowDown');
  const focused = await page.evaluate(() => document.activeElement && document.activeElement.closest('.search-result') !== null);
  if (!focused) fail(where, '↓ in the box does not reach the results');
  const live = await page.$eval('#search-status', (s) => s.getAttribute('aria-live') || (s.getAttribute('role') === 'status' ? 'polite' : ''));
  if (live !== 'polite') fail(where, 'the result count is not in a polite live region');
  const label = await page.$eval('#search-q', (i) => (i.labels && i.labels.length ? i.labels[0].textContent.trim() : ''));
  if (!label) fail(where, 'the search box has no label');
}

const server = await serve();
const origin = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
try {
  const context = await browser.newContext();
  const outside = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(origin + '/') || /^(data|blob|about):/.test(url)) return route.continue();
    outside.push(url);
    return route.abort('blockedbyclient');
  });
  const page = await context.newPage();
  // A resource of the search (the page, search.js, the index) that fails is
  // a failure; another one (a stylesheet, an image) is the browser gate's
  // business and only a warning here.
  const ours = (url) => { const p = new URL(url).pathname; return p.startsWith(base + 'tim-kiem/') || p === base + 'js/search.js'; };
  const warnings = new Set();
  const problem = (url, where, msg) => (ours(url) ? fail(where, msg) : warnings.add(`${where}: ${msg}`));
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const url = msg.location()?.url;
    if (url && /^Failed to load resource/.test(msg.text())) problem(url, 'console', `${msg.text()} (${url})`);
    else fail('console', msg.text());
  });
  page.on('pageerror', (err) => fail('page', `uncaught exception: ${err.message}`));
  page.on('requestfailed', (r) => { if (!outside.includes(r.url())) problem(r.url(), 'request', `${r.url()} failed: ${r.failure()?.errorText}`); });
  page.on('response', (r) => { if (r.status() >= 400) problem(r.url(), 'request', `${r.url()} answered ${r.status()}`); });
  process.on('exit', () => { for (const w of warnings) console.error(`warning (not search): ${w}`); });

  for (const e of expected) {
    try {
      await checkQuery(page, origin, e);
    } catch (err) {
      fail(`query "${e.q}"`, err.message.split('\n')[0]);
    }
  }
  const found = expected.filter((e) => (e.titles || []).length).map((e) => e.q);
  if (found.length >= 2) {
    try {
      await checkInteraction(page, origin, found);
    } catch (err) {
      fail('typing and history', err.message.split('\n')[0]);
    }
  }
  for (const u of outside) fail('network', `request outside the site: ${u}`);
  for (const r of served) if (!r.path.startsWith(base)) fail('network', `request outside ${base}: ${r.path}`);
} finally {
  await browser.close();
  server.close();
}

if (failures.length) {
  console.error(`search: ${failures.length} problem(s)`);
  for (const f of failures) console.error('  ' + f);
  process.exit(1);
}
console.log(`search: ${expected.length} queries checked in Chromium, ${served.length} requests, all on ${origin}${base}`);
