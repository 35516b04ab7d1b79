// Gate 2: accessibility.
//  - axe-core on one or two pages of every kind, at desktop and phone widths
//    and with "Tăng tương phản" on: no serious or critical violation;
//  - every image has a text alternative: in the example content (Markdown
//    `![alt](…)`, `<img alt>` in bodies, `image:` with `image_alt:`), in every
//    built HTML page (`<img>` with `alt`, content images non-empty), and
//    `loa check` reports no image without alt text (nor any other error).
// Exit status 1 when anything fails. Summary: "a11y: N pages checked …".
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { serve } from './lib/server.mjs';
import { settings, pages, representatives, missingKinds, walk } from './lib/site.mjs';
import { launch, fenceContext, load, WIDTHS, Report } from './lib/browser.mjs';

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');
const cfg = settings();
const all = pages(cfg.root, cfg.out, cfg.basePath);
const reps = representatives(all);
const report = new Report('a11y');
for (const k of missingKinds(all, cfg.required)) report.fail('site', `no page of kind "${k}": the gate cannot check it`);

// ---- axe-core ----
const server = await serve({ dir: cfg.out, prefix: cfg.basePath });
report.setOrigin(server.origin);
const browser = await launch();
const external = [];
let axeRuns = 0;
let serious = 0;
let minor = 0;
const seriousByRule = new Map();
const modes = [
  { name: 'desktop', viewport: WIDTHS.desktop },
  { name: 'phone', viewport: WIDTHS.phone, isMobile: true },
  { name: 'desktop, high contrast', viewport: WIDTHS.desktop, contrast: true },
];
for (const mode of modes) {
  const context = await browser.newContext({ viewport: mode.viewport, isMobile: !!mode.isMobile });
  await fenceContext(context, server.origin, external);
  const page = await context.newPage();
  if (mode.contrast) {
    await load(page, server.url);
    const b = page.locator('[data-contrast="high"]').first();
    if ((await b.count()) === 0) {
      report.fail(mode.name, 'no "Tăng tương phản" control ([data-contrast="high"])');
    } else {
      await b.click({ force: true });
    }
  }
  for (const p of reps) {
    const where = `${p.kind} ${p.url} [${mode.name}]`;
    try {
      await load(page, server.origin + p.url);
      await page.addScriptTag({ path: AXE });
      const result = await page.evaluate(async () => {
        // eslint-disable-next-line no-undef
        const r = await axe.run(document, { resultTypes: ['violations'] });
        return r.violations.map((v) => ({
          id: v.id,
          impact: v.impact,
          help: v.help,
          nodes: v.nodes.map((n) => ({ target: n.target.join(' '), html: n.html.slice(0, 160), summary: (n.failureSummary || '').split('\n').slice(1, 2).join(' ').trim() })),
        }));
      });
      axeRuns++;
      for (const v of result) {
        if (v.impact === 'serious' || v.impact === 'critical') {
          serious++;
          seriousByRule.set(v.id, (seriousByRule.get(v.id) || 0) + 1);
          for (const n of v.nodes.slice(0, 5)) {
            report.fail(where, `axe ${v.impact} ${v.id} (${v.help}): ${n.target} ${n.html}${n.summary ? ' — ' + n.summary : ''}`);
          }
          if (v.nodes.length > 5) report.fail(where, `axe ${v.impact} ${v.id}: ${v.nodes.length - 5} more elements`);
        } else {
          minor++;
        }
      }
    } catch (e) {
      report.fail(where, `axe did not run: ${e.message.split('\n')[0]}`);
    }
  }
  await context.close();
}
await browser.close();
await server.close();
for (const u of external) report.fail('axe run', `request outside the site: ${u}`);

// ---- text alternatives in the example content ----
let contentImages = 0;
const content = path.join(cfg.root, 'content');
for (const rel of walk(content, (r) => r.endsWith('.md'))) {
  const file = `content/${rel}`;
  const text = fs.readFileSync(path.join(content, rel), 'utf8').replace(/^\uFEFF/, '');
  const fm = text.match(/^---\r?\n([\s\S]*?)\r?\n---\r?\n?/);
  const front = fm ? fm[1] : '';
  const body = fm ? text.slice(fm[0].length) : text;
  const bodyOffset = fm ? fm[0].split('\n').length - 1 : 0;
  const image = front.match(/^image:\s*(\S.*)$/m);
  if (image) {
    contentImages++;
    const alt = front.match(/^image_alt:\s*(.*)$/m);
    if (!alt || !alt[1].replace(/^["']|["']$/g, '').trim()) {
      report.fail(`${file}`, `image: ${image[1].trim()} has no image_alt`);
    }
  }
  const lines = body.split('\n');
  lines.forEach((line, i) => {
    for (const m of line.matchAll(/!\[([^\]]*)\]\(([^)\s]*)/g)) {
      contentImages++;
      if (!m[1].trim()) report.fail(`${file}:${bodyOffset + i + 1}`, `image ${m[2]} has no alt text`);
    }
    for (const m of line.matchAll(/<img\b[^>]*>/gi)) {
      contentImages++;
      const alt = m[0].match(/\balt\s*=\s*("([^"]*)"|'([^']*)'|([^\s>]+))/i);
      if (!alt || !(alt[2] ?? alt[3] ?? alt[4] ?? '').trim()) report.fail(`${file}:${bodyOffset + i + 1}`, `<img> without alt text: ${m[0].slice(0, 120)}`);
    }
  });
}

// ---- every <img> of the built site ----
let htmlImages = 0;
for (const p of all) {
  const html = fs.readFileSync(path.join(cfg.out, p.rel), 'utf8');
  for (const m of html.matchAll(/<img\b[^>]*>/gi)) {
    htmlImages++;
    const tag = m[0];
    const alt = tag.match(/\balt\s*=\s*("([^"]*)"|'([^']*)'|([^\s>]+))|\balt(?=[\s>/])/i);
    const ariaHidden = /\baria-hidden\s*=\s*["']?true/i.test(tag) || /\brole\s*=\s*["']?(presentation|none)/i.test(tag);
    if (!alt && !ariaHidden) report.fail(p.url, `<img> without alt attribute: ${tag.slice(0, 140)}`);
  }
}

// ---- loa check ----
const loa = process.env.LOA_BIN || [path.join(cfg.repo, 'target/release/loa'), path.join(cfg.repo, 'target/debug/loa')].find((f) => fs.existsSync(f));
let checkErrors = 0;
let altWarnings = 0;
if (!loa) {
  report.fail('loa check', 'no loa binary (set LOA_BIN or build target/release/loa)');
} else {
  const r = spawnSync(loa, ['check', '--root', cfg.root, '--lang', 'en'], {
    encoding: 'utf8',
    env: { ...process.env, LOA_LANG: 'en' },
    timeout: 300_000,
  });
  const lines = (r.stderr || '').split('\n');
  for (const line of lines) {
    if (/no alt (text|attribute)/.test(line)) {
      altWarnings++;
      report.fail('loa check', line.trim());
    } else if (/: error: /.test(line)) {
      checkErrors++;
      report.fail('loa check', line.trim());
    }
  }
  if (r.status !== 0 && checkErrors === 0) report.fail('loa check', `exit status ${r.status}${r.signal ? ` (${r.signal})` : ''}: ${(r.stderr || r.error?.message || '').trim().slice(-300)}`);
}

report.print();
const rules = [...seriousByRule].map(([k, v]) => `${k}×${v}`).join(', ');
console.log(
  `a11y: ${reps.length} pages × ${modes.length} modes = ${axeRuns} axe runs, ${serious} serious/critical violations${rules ? ` (${rules})` : ''}, ` +
  `${minor} moderate/minor; ${contentImages} content images, ${htmlImages} <img> in ${all.length} HTML files; ` +
  `loa check: ${altWarnings} alt-text warnings, ${checkErrors} errors; ${report.count} distinct failures${report.count ? ' — FAILED' : ' — ok'}`,
);
process.exit(report.count ? 1 : 0);
