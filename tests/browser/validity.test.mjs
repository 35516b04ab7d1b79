// Gate 3: validity.
//  - the Nu HTML Checker (vnu-jar, run with the machine's Java) on every HTML
//    file of the built site: zero errors;
//  - every feed (rss.xml) and the sitemap parse as XML (Chromium's XML
//    parser, strict) and follow their formats (RSS 2.0; sitemaps.org 0.9):
//    required elements, absolute URLs under base_url that name files of the
//    site, RFC 822 dates, unique guids, newest first; robots.txt names the sitemap.
// Exit status 1 when anything fails. Summary: "validity: N HTML files …".
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { settings, walk } from './lib/site.mjs';
import { launch, Report } from './lib/browser.mjs';

const require = createRequire(import.meta.url);
const cfg = settings();
const report = new Report('validity');

// ---- Nu HTML Checker ----
const htmlFiles = walk(cfg.out, (r) => /\.html?$/.test(r));
let vnuErrors = 0;
let vnuWarnings = 0;
const java = process.env.JAVA || 'java';
const jar = path.join(path.dirname(require.resolve('vnu-jar/package.json')), 'build/dist/vnu.jar');
if (htmlFiles.length === 0) report.fail('vnu', `no HTML file in ${cfg.out}`);
const r = spawnSync(java, ['-Xss8m', '-jar', jar, '--format', 'json', '--stdout', '--skip-non-html', cfg.out], {
  encoding: 'utf8',
  maxBuffer: 512 * 1024 * 1024,
  timeout: 900_000,
});
if (r.error || r.status === null) {
  report.fail('vnu', `could not run ${java} -jar vnu.jar: ${r.error?.message || r.signal}`);
} else {
  let messages = [];
  try {
    messages = JSON.parse(r.stdout).messages;
  } catch (e) {
    report.fail('vnu', `unreadable output (exit ${r.status}): ${(r.stdout + r.stderr).slice(0, 500)}`);
  }
  for (const m of messages) {
    const file = m.url ? path.relative(cfg.out, new URL(m.url).pathname) : '?';
    const where = `${file}${m.lastLine ? ':' + m.lastLine + (m.firstColumn ? ':' + m.firstColumn : '') : ''}`;
    if (m.type === 'error' || m.type === 'non-document-error') {
      vnuErrors++;
      const extract = m.extract ? ` «${m.extract.replace(/\s+/g, ' ').slice(0, 100)}»` : '';
      report.fail(where, `vnu error: ${m.message}${extract}`);
    } else if (m.type === 'info' && m.subType === 'warning') {
      vnuWarnings++;
      if (process.env.LOA_VNU_WARNINGS) console.log(`  warning ${where}: ${m.message}`);
    }
  }
  if (r.status !== 0 && vnuErrors === 0) report.fail('vnu', `exit status ${r.status}: ${r.stderr.slice(0, 500)}`);
}

// ---- feeds and sitemap ----
const xmlFiles = walk(cfg.out, (r) => r.endsWith('.xml'));
const feeds = xmlFiles.filter((r) => path.posix.basename(r) === 'rss.xml');
const base = cfg.baseUrl;
let feedItems = 0;
let sitemapUrls = 0;

/// The output file a URL of the site names, or null when it is outside base_url.
function fileOf(url) {
  if (!base || !url.startsWith(base)) return null;
  let rel = decodeURIComponent(url.slice(base.length).split('#')[0].split('?')[0]);
  if (rel === '' || rel.endsWith('/')) rel += 'index.html';
  return rel;
}
function existsInSite(url) {
  const rel = fileOf(url);
  return rel !== null && !rel.split('/').includes('..') && fs.existsSync(path.join(cfg.out, rel));
}

const browser = await launch();
const context = await browser.newContext();
const page = await context.newPage();
await page.goto('about:blank');

async function parseXml(text) {
  return page.evaluate((src) => {
    const doc = new DOMParser().parseFromString(src, 'application/xml');
    const err = doc.getElementsByTagName('parsererror')[0];
    if (err) return { error: err.textContent.replace(/\s+/g, ' ').trim().slice(0, 300) };
    const walkEl = (el) => ({
      name: el.localName,
      ns: el.namespaceURI,
      attrs: Object.fromEntries(Array.from(el.attributes).map((a) => [a.name, a.value])),
      text: Array.from(el.childNodes).filter((n) => n.nodeType === 3 || n.nodeType === 4).map((n) => n.nodeValue).join(''),
      children: Array.from(el.children).map(walkEl),
    });
    return { root: walkEl(doc.documentElement) };
  }, text);
}

const RFC822 = /^(?:(Mon|Tue|Wed|Thu|Fri|Sat|Sun), )?\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}(:\d{2})? ([+-]\d{4}|GMT|UT|[A-Z]{3})$/;
const W3C = /^\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?)?)?$/;
// Children by local name in no namespace (RSS 2.0 elements; atom:link is not <link>),
// or in the sitemap namespace.
const kids = (el, name, ns = null) => el.children.filter((c) => c.name === name && c.ns === ns);
const one = (el, name, ns = null) => kids(el, name, ns)[0];
const feedLimit = (() => {
  try {
    const m = fs.readFileSync(path.join(cfg.root, 'loa.yaml'), 'utf8').match(/^feed_limit:\s*(\d+)/m);
    return m ? Number(m[1]) : 50;
  } catch {
    return 50;
  }
})();

for (const rel of feeds) {
  const where = rel;
  const text = fs.readFileSync(path.join(cfg.out, rel), 'utf8');
  if (!/^<\?xml version="1\.0" encoding="UTF-8"\?>/i.test(text)) report.fail(where, 'no <?xml version="1.0" encoding="UTF-8"?> declaration');
  const doc = await parseXml(text);
  if (doc.error) {
    report.fail(where, `not well-formed XML: ${doc.error}`);
    continue;
  }
  const rss = doc.root;
  if (rss.name !== 'rss' || rss.attrs.version !== '2.0') {
    report.fail(where, `root is <${rss.name} version="${rss.attrs.version}">, want <rss version="2.0">`);
    continue;
  }
  const channels = kids(rss, 'channel');
  if (channels.length !== 1) {
    report.fail(where, `${channels.length} <channel> elements, want 1`);
    continue;
  }
  const ch = channels[0];
  for (const req of ['title', 'link', 'description']) {
    if (kids(ch, req).length !== 1 || !one(ch, req).text.trim()) report.fail(where, `channel needs one non-empty <${req}>`);
  }
  const link = one(ch, 'link')?.text.trim();
  if (link && !existsInSite(link)) report.fail(where, `channel <link> ${link} is not a page of the site (${base})`);
  const self = ch.children.find((c) => c.name === 'link' && c.ns === 'http://www.w3.org/2005/Atom');
  const selfUrl = base ? base + rel : null;
  if (!self) report.fail(where, 'no <atom:link rel="self"> (recommended by the RSS Advisory Board)');
  else if (self.attrs.rel !== 'self' || (selfUrl && self.attrs.href !== selfUrl)) report.fail(where, `atom:link self is ${self.attrs.href}, want ${selfUrl}`);
  for (const d of ['lastBuildDate', 'pubDate']) {
    const el = one(ch, d);
    if (el && !RFC822.test(el.text.trim())) report.fail(where, `channel <${d}> "${el.text}" is not an RFC 822 date`);
  }
  const items = kids(ch, 'item');
  feedItems += items.length;
  if (items.length > feedLimit) report.fail(where, `${items.length} items, more than feed_limit ${feedLimit}`);
  const guids = new Set();
  let prev = null;
  items.forEach((it, i) => {
    const w = `${where} item ${i + 1}`;
    const title = one(it, 'title')?.text.trim();
    const desc = one(it, 'description')?.text.trim();
    if (!title && !desc) report.fail(w, 'an item needs a <title> or a <description>');
    const l = one(it, 'link')?.text.trim();
    if (!l) report.fail(w, 'no <link>');
    else if (!existsInSite(l)) report.fail(w, `<link> ${l} is not a page of the site`);
    const g = one(it, 'guid');
    if (!g) report.fail(w, 'no <guid>');
    else {
      const gv = g.text.trim();
      if (guids.has(gv)) report.fail(w, `duplicate <guid> ${gv}`);
      guids.add(gv);
      if (g.attrs.isPermaLink !== 'false' && !/^https?:\/\//.test(gv)) report.fail(w, `<guid> ${gv} is a permalink but not a URL`);
    }
    const pd = one(it, 'pubDate')?.text.trim();
    if (pd) {
      if (!RFC822.test(pd)) report.fail(w, `<pubDate> "${pd}" is not an RFC 822 date`);
      const t = Date.parse(pd);
      if (prev !== null && t > prev && rel === 'rss.xml') report.fail(w, 'items are not newest first');
      prev = t;
    }
    for (const c of it.children) {
      if (c.ns === null && !['title', 'link', 'description', 'author', 'category', 'comments', 'enclosure', 'guid', 'pubDate', 'source'].includes(c.name)) {
        report.fail(w, `<${c.name}> is not an RSS 2.0 item element`);
      }
    }
  });
}
if (!feeds.includes('rss.xml')) report.fail('rss.xml', 'the site feed /rss.xml is missing');

// Sitemap.
const sitemapRel = 'sitemap.xml';
if (!fs.existsSync(path.join(cfg.out, sitemapRel))) {
  report.fail(sitemapRel, 'missing');
} else {
  const text = fs.readFileSync(path.join(cfg.out, sitemapRel), 'utf8');
  if (Buffer.byteLength(text) > 50 * 1024 * 1024) report.fail(sitemapRel, 'larger than 50 MB');
  const doc = await parseXml(text);
  if (doc.error) {
    report.fail(sitemapRel, `not well-formed XML: ${doc.error}`);
  } else {
    const NS = 'http://www.sitemaps.org/schemas/sitemap/0.9';
    const root = doc.root;
    if (root.name !== 'urlset' || root.ns !== NS) {
      report.fail(sitemapRel, `root is <${root.name} xmlns="${root.ns}">, want <urlset xmlns="${NS}">`);
    } else {
      const urls = root.children;
      sitemapUrls = urls.length;
      if (urls.length > 50000) report.fail(sitemapRel, `${urls.length} URLs, more than 50,000`);
      const seen = new Set();
      urls.forEach((u, i) => {
        const w = `${sitemapRel} url ${i + 1}`;
        if (u.name !== 'url' || u.ns !== NS) return report.fail(w, `<${u.name}> in <urlset>`);
        const locs = kids(u, 'loc', NS);
        if (locs.length !== 1) return report.fail(w, `${locs.length} <loc>, want 1`);
        const loc = locs[0].text.trim();
        if (loc.length > 2048) report.fail(w, 'loc longer than 2,048 characters');
        if (seen.has(loc)) report.fail(w, `duplicate <loc> ${loc}`);
        seen.add(loc);
        if (!existsInSite(loc)) report.fail(w, `<loc> ${loc} is not a file of the site (${base})`);
        const lm = one(u, 'lastmod', NS)?.text.trim();
        if (lm !== undefined && !W3C.test(lm)) report.fail(w, `<lastmod> "${lm}" is not a W3C datetime`);
        const cf = one(u, 'changefreq', NS)?.text.trim();
        if (cf !== undefined && !['always', 'hourly', 'daily', 'weekly', 'monthly', 'yearly', 'never'].includes(cf)) report.fail(w, `<changefreq> "${cf}"`);
        const pr = one(u, 'priority', NS)?.text.trim();
        if (pr !== undefined && !(Number(pr) >= 0 && Number(pr) <= 1)) report.fail(w, `<priority> "${pr}" not in 0.0–1.0`);
        for (const c of u.children) {
          if (!['loc', 'lastmod', 'changefreq', 'priority'].includes(c.name) && c.ns === NS) report.fail(w, `<${c.name}> is not a sitemap element`);
        }
      });
    }
  }
}
// robots.txt names the sitemap.
const robots = path.join(cfg.out, 'robots.txt');
if (!fs.existsSync(robots)) report.fail('robots.txt', 'missing');
else if (base && !fs.readFileSync(robots, 'utf8').split('\n').some((l) => l.trim() === `Sitemap: ${base}sitemap.xml`)) {
  report.fail('robots.txt', `no "Sitemap: ${base}sitemap.xml" line`);
}

await browser.close();
report.print();
console.log(
  `validity: ${htmlFiles.length} HTML files checked by vnu: ${vnuErrors} errors, ${vnuWarnings} warnings; ` +
  `${feeds.length} feeds (${feedItems} items) and sitemap (${sitemapUrls} URLs) checked as XML; ` +
  `${report.count} distinct failures${report.count ? ' — FAILED' : ' — ok'}`,
);
process.exit(report.count ? 1 : 0);
