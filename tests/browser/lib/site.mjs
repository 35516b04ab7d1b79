// What the gates test: the built site's HTML files, each classified by page
// kind, from the site folder (sections and their `kind:` in content/) and the
// output folder (what was written). Nothing here hard-codes example content.
import fs from 'node:fs';
import path from 'node:path';

/// The page kinds the issue names; every one must be present in the example site.
export const REQUIRED_KINDS = [
  'home', 'section', 'article', 'tag', 'archive', 'search',
  'campaign', 'roster', 'unit', 'block', '404',
];

const SECTION_LIST_KIND = { news: 'section', pages: 'section', campaigns: 'campaign-list', rosters: 'roster-list' };
const PAGE_KIND = { news: 'article', pages: 'page', campaigns: 'campaign', rosters: 'roster' };

/// Settings from the environment (run.sh sets them).
export function settings() {
  const here = path.dirname(new URL(import.meta.url).pathname);
  const repo = path.resolve(here, '../../..');
  const root = path.resolve(process.env.LOA_SITE_ROOT || repo);
  const out = path.resolve(process.env.LOA_SITE_OUT || path.join(root, 'public'));
  if (!fs.existsSync(path.join(out, 'index.html'))) {
    throw new Error(`no built site in ${out} (index.html missing): build it first (cargo run --release -- build)`);
  }
  let baseUrl = process.env.LOA_BASE_URL || baseUrlOf(root);
  if (baseUrl && !baseUrl.endsWith('/')) baseUrl += '/';
  const basePath = baseUrl ? new URL(baseUrl).pathname : '/';
  const required = process.env.LOA_REQUIRE_KINDS !== undefined
    ? process.env.LOA_REQUIRE_KINDS.split(',').map((s) => s.trim()).filter(Boolean)
    : REQUIRED_KINDS;
  return { repo, root, out, baseUrl, basePath, required };
}

/// loa.yaml's base_url, ending with `/` (`https://example.vn/bao/`).
export function baseUrlOf(root) {
  try {
    const yaml = fs.readFileSync(path.join(root, 'loa.yaml'), 'utf8');
    const m = yaml.match(/^base_url:\s*["']?([^"'\s#]+)/m);
    if (m) {
      const u = new URL(m[1]);
      if (!u.pathname.endsWith('/')) u.pathname += '/';
      return u.href;
    }
  } catch { /* fall through */ }
  return null;
}

/// Every file below `dir`, relative, `/`-separated, sorted.
export function walk(dir, filter = () => true) {
  const out = [];
  const rec = (d, rel) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) rec(path.join(d, e.name), r);
      else if (e.isFile() && filter(r)) out.push(r);
    }
  };
  if (fs.existsSync(dir)) rec(dir, '');
  return out;
}

/// Sections of the site folder: URL folder (`thoi-su/trong-tinh`) → kind.
export function sections(root) {
  const content = path.join(root, 'content');
  const map = new Map();
  for (const rel of walk(content, (r) => r.endsWith('_index.md'))) {
    const dir = path.posix.dirname(rel);
    if (dir === '.') continue;
    let kind = 'news';
    const text = fs.readFileSync(path.join(content, rel), 'utf8').replace(/^\uFEFF/, '');
    const fm = text.match(/^---\r?\n([\s\S]*?)\r?\n---/);
    const m = fm && fm[1].match(/^kind:\s*["']?(\w+)/m);
    if (m) kind = m[1];
    map.set(dir, kind);
  }
  return map;
}

/// The URL of an output file: `a/b/index.html` → `/base/a/b/`.
export function urlOf(rel, basePath) {
  return basePath + rel.replace(/(^|\/)index\.html$/, '$1');
}

/// Classify one output HTML file (relative path) by page kind.
export function classify(rel, secs, out) {
  if (rel === '404.html') return '404';
  if (rel === 'index.html') return 'home';
  if (!rel.endsWith('/index.html')) return 'other';
  const dir = rel.slice(0, -'/index.html'.length);
  const parts = dir.split('/');
  const head = fs.readFileSync(path.join(out, rel), 'utf8').slice(0, 4000);
  if (/<meta[^>]+http-equiv=["']?refresh/i.test(head)) return 'alias';
  if (secs.has(dir)) return SECTION_LIST_KIND[secs.get(dir)] || 'section';
  // Paged listings: <listing>/trang/<n>/, roster years <section>/nam/<yyyy>/.
  const n = parts.length;
  if (n >= 2 && parts[n - 2] === 'trang' && /^\d+$/.test(parts[n - 1])) {
    const listing = parts.slice(0, -2).join('/');
    if (secs.has(listing)) return `${SECTION_LIST_KIND[secs.get(listing)] || 'section'}-paged`;
    if (parts[0] === 'the') return 'tag-paged';
    return 'paged';
  }
  if (n >= 2 && parts[n - 2] === 'nam' && /^\d{4}$/.test(parts[n - 1]) && secs.has(parts.slice(0, -2).join('/'))) {
    return 'roster-year';
  }
  switch (parts[0]) {
    case 'tim-kiem': if (n === 1) return 'search'; break;
    case 'the': return n === 1 ? 'tag-list' : n === 2 ? 'tag' : 'other';
    case 'luu-tru': return n === 1 ? 'archive' : n === 3 ? 'archive-month' : 'other';
    case 'don-vi': if (!secs.has('don-vi')) return n === 1 ? 'unit-list' : n === 2 ? 'unit' : 'other'; break;
    case 'khoi-thi-dua': if (!secs.has('khoi-thi-dua')) return n === 1 ? 'block-list' : n === 2 ? 'block' : 'other'; break;
    default: break;
  }
  const parent = parts.slice(0, -1).join('/');
  if (secs.has(parent)) return PAGE_KIND[secs.get(parent)] || 'page';
  if (n === 1) return 'page';
  return 'other';
}

/// Every HTML file of the output, classified: `[{ rel, url, kind, size }]`.
export function pages(root, out, basePath) {
  const secs = sections(root);
  return walk(out, (r) => r.endsWith('.html')).map((rel) => ({
    rel,
    url: urlOf(rel, basePath),
    kind: classify(rel, secs, out),
    size: fs.statSync(path.join(out, rel)).size,
  }));
}

/// Up to `n` pages of each kind to test in depth: the first (path order) and
/// the largest (the richest content), then others in path order.
export function representatives(all, n = 2) {
  const byKind = new Map();
  for (const p of all) {
    if (!byKind.has(p.kind)) byKind.set(p.kind, []);
    byKind.get(p.kind).push(p);
  }
  const chosen = [];
  for (const [kind, list] of byKind) {
    if (kind === 'other' || kind === 'alias') continue;
    const picks = [list[0]];
    const largest = list.reduce((a, b) => (b.size > a.size ? b : a));
    if (!picks.includes(largest)) picks.push(largest);
    for (const p of list) {
      if (picks.length >= n) break;
      if (!picks.includes(p)) picks.push(p);
    }
    chosen.push(...picks.slice(0, n));
  }
  return chosen;
}

/// The required kinds with no page in the output.
export function missingKinds(all, required) {
  const have = new Set(all.map((p) => p.kind));
  return required.filter((k) => !have.has(k));
}
