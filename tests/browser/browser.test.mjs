// Gate 1: the example site in headless Chromium, served on 127.0.0.1.
//  - one or two pages of every kind, at phone and desktop widths: no console
//    error, no uncaught exception, no failed request, no request outside the
//    site, no horizontal scrolling at phone width;
//  - every other HTML page once, at desktop width, for the same faults;
//  - a missing URL answers the site's 404 page;
//  - the font-size (A- A A+) and contrast controls work and persist across pages;
//  - the print stylesheet hides the chrome and keeps the article.
// Exit status 1 when anything fails. Summary: "browser: N pages checked …".
import { serve } from './lib/server.mjs';
import { settings, pages, representatives, missingKinds } from './lib/site.mjs';
import { launch, fenceContext, guard, load, WIDTHS, Report } from './lib/browser.mjs';

const cfg = settings();
const all = pages(cfg.root, cfg.out, cfg.basePath);
const reps = representatives(all);
const report = new Report('browser');
const external = [];
let loads = 0;

for (const k of missingKinds(all, cfg.required)) {
  report.fail('site', `no page of kind "${k}" in ${cfg.out}: the gate cannot check it`);
}

const server = await serve({ dir: cfg.out, prefix: cfg.basePath });
report.setOrigin(server.origin);
const browser = await launch();

async function check(context, p, { width, phoneChecks = false, expectStatus = 200, url, settle = true } = {}) {
  const page = await context.newPage();
  const problems = [];
  const target = url || server.origin + p.url;
  guard(page, server.origin, problems, { mainUrl: target, expectStatus });
  const before = external.length;
  try {
    await load(page, target, { settle });
    loads++;
    if (phoneChecks) {
      const overflow = await page.evaluate(() => {
        const d = document.documentElement;
        if (d.scrollWidth <= window.innerWidth + 1) return null;
        // The widest element that sticks out, to name it in the report.
        let worst = null;
        for (const el of document.body.querySelectorAll('*')) {
          const r = el.getBoundingClientRect();
          if (r.right > window.innerWidth + 1 && (!worst || r.right > worst.right)) {
            worst = { right: Math.round(r.right), tag: el.tagName.toLowerCase() + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : '') };
          }
        }
        return { scrollWidth: d.scrollWidth, worst };
      });
      if (overflow) {
        problems.push(`page scrolls sideways at ${width}px: ${overflow.scrollWidth}px wide` +
          (overflow.worst ? ` (widest: ${overflow.worst.tag}, right edge ${overflow.worst.right}px)` : ''));
      }
    }
  } catch (e) {
    problems.push(`did not load: ${e.message.split('\n')[0]}`);
  }
  for (const u of external.slice(before)) problems.push(`request outside the site: ${u}`);
  await page.close();
  for (const what of problems) report.fail(`${p.kind} ${p.url} [${width}]`, what);
  return problems.length === 0;
}

// 1. Every page kind at phone and desktop widths.
for (const [name, viewport] of Object.entries(WIDTHS)) {
  const context = await browser.newContext({ viewport, isMobile: name === 'phone', hasTouch: name === 'phone' });
  await fenceContext(context, server.origin, external);
  for (const p of reps) {
    await check(context, p, { width: name, phoneChecks: name === 'phone', expectStatus: 200 });
  }
  // A missing URL: the 404 page, with status 404.
  await check(context, { kind: '404', url: cfg.basePath + 'khong-co-trang-nay/' }, {
    width: name,
    phoneChecks: name === 'phone',
    expectStatus: 404,
    url: server.url + 'khong-co-trang-nay/',
  });
  await context.close();
}

// 2. Every other HTML page once, at desktop width.
const sweep = process.env.LOA_SWEEP === '0' ? [] : all.filter((p) => !reps.includes(p) && p.kind !== 'alias');
{
  const context = await browser.newContext({ viewport: WIDTHS.desktop });
  await fenceContext(context, server.origin, external);
  for (const p of sweep) await check(context, p, { width: 'desktop', settle: false });
  // Alias pages redirect to their target: it must load too.
  for (const p of all.filter((q) => q.kind === 'alias')) await check(context, p, { width: 'desktop', settle: false });
  await context.close();
}

// 3. Font size and contrast controls, persisted across pages.
const pick = (...kinds) => {
  for (const k of kinds) {
    const p = reps.find((q) => q.kind === k);
    if (p) return p;
  }
  return reps[0];
};
const first = pick('home');
const second = pick('article', 'page', 'section');
let prefChecks = 0;
for (const [name, viewport] of Object.entries(WIDTHS)) {
  const context = await browser.newContext({ viewport, isMobile: name === 'phone', hasTouch: name === 'phone' });
  await fenceContext(context, server.origin, external);
  const page = await context.newPage();
  const problems = [];
  guard(page, server.origin, problems);
  const where = `controls [${name}]`;
  const fail = (what) => report.fail(where, what);
  try {
    await load(page, server.origin + first.url);
    const state = () => page.evaluate(() => {
      const probe = document.querySelector('main p') || document.querySelector('main') || document.body;
      const cs = getComputedStyle(probe);
      const body = getComputedStyle(document.body);
      return {
        rootSize: parseFloat(getComputedStyle(document.documentElement).fontSize),
        textSize: parseFloat(cs.fontSize),
        color: body.color,
        background: body.backgroundColor,
        textColor: cs.color,
        classes: document.documentElement.className,
        pressed: Array.from(document.querySelectorAll('[data-contrast]')).map((b) => `${b.getAttribute('data-contrast')}=${b.getAttribute('aria-pressed')}`).join(' '),
      };
    });
    const click = async (selector) => {
      const b = page.locator(selector).first();
      if ((await b.count()) === 0) {
        fail(`no control ${selector}`);
        return false;
      }
      if (!(await b.isVisible())) {
        // On phones the controls may sit behind a menu: the control must still be reachable.
        const toggle = page.locator('.menu-toggle, [aria-controls][aria-expanded="false"]').first();
        if ((await toggle.count()) > 0 && (await toggle.isVisible())) await toggle.click();
      }
      if (!(await b.isVisible())) {
        fail(`control ${selector} is not visible`);
        return false;
      }
      await b.click();
      prefChecks++;
      return true;
    };
    const s0 = await state();
    if (await click('[data-font="up"]')) {
      const s1 = await state();
      if (!(s1.textSize > s0.textSize)) fail(`A+ did not enlarge the text (${s0.textSize}px → ${s1.textSize}px)`);
      await click('[data-font="up"]');
      const s2 = await state();
      if (!(s2.textSize > s1.textSize)) fail(`A+ twice did not enlarge the text further (${s1.textSize}px → ${s2.textSize}px)`);
      await load(page, server.origin + second.url);
      const s3 = await state();
      const d0 = await (async () => {
        const ctx2 = await browser.newContext({ viewport });
        const p2 = await ctx2.newPage();
        await fenceContext(ctx2, server.origin, external);
        await load(p2, server.origin + second.url);
        const v = await p2.evaluate(() => parseFloat(getComputedStyle(document.querySelector('main p') || document.querySelector('main') || document.body).fontSize));
        await ctx2.close();
        return v;
      })();
      if (!(s3.textSize > d0)) fail(`font size not kept on the next page (${second.url}: ${s3.textSize}px, default ${d0}px)`);
      prefChecks++;
      await click('[data-font="reset"]');
      const s4 = await state();
      if (Math.abs(s4.textSize - d0) > 0.01) fail(`A (reset) did not restore the default size (${s4.textSize}px, default ${d0}px)`);
      await click('[data-font="down"]');
      const s5 = await state();
      if (!(s5.textSize < d0)) fail(`A- did not shrink the text (${d0}px → ${s5.textSize}px)`);
      await click('[data-font="reset"]');
      await load(page, server.origin + first.url);
      const s6 = await state();
      if (Math.abs(s6.textSize - s0.textSize) > 0.01) fail(`after reset the next page is not at the default size (${s6.textSize}px vs ${s0.textSize}px)`);
      prefChecks++;
    }
    // Contrast.
    const c0 = await state();
    if (await click('[data-contrast="high"]')) {
      const c1 = await state();
      if (c1.color === c0.color && c1.background === c0.background && c1.textColor === c0.textColor) {
        fail(`"Tăng tương phản" changed no colour (${c0.color} on ${c0.background})`);
      }
      const ratio = await page.evaluate(contrastOfBody);
      if (ratio !== null && ratio < 7) fail(`high-contrast body text is only ${ratio.toFixed(2)}:1 (want ≥ 7:1)`);
      if (!/high=true/.test(c1.pressed)) fail(`"Tăng tương phản" button is not aria-pressed=true (${c1.pressed})`);
      await load(page, server.origin + second.url);
      const c2 = await state();
      const fresh = await (async () => {
        const ctx2 = await browser.newContext({ viewport });
        await fenceContext(ctx2, server.origin, external);
        const p2 = await ctx2.newPage();
        await load(p2, server.origin + second.url);
        const v = await p2.evaluate(() => getComputedStyle(document.body).color + ' on ' + getComputedStyle(document.body).backgroundColor);
        await ctx2.close();
        return v;
      })();
      if (`${c2.color} on ${c2.background}` === fresh) fail(`high contrast not kept on the next page (${second.url}: ${fresh})`);
      if (!/high=true/.test(c2.pressed)) fail(`on the next page "Tăng tương phản" is not aria-pressed=true (${c2.pressed})`);
      prefChecks++;
      await click('[data-contrast="normal"]');
      await load(page, server.origin + first.url);
      const c3 = await state();
      if (c3.color !== c0.color || c3.background !== c0.background) {
        fail(`"Giảm tương phản" did not restore the normal colours on the next page (${c3.color} on ${c3.background})`);
      }
      prefChecks++;
    }
  } catch (e) {
    fail(`error: ${e.message.split('\n')[0]}`);
  }
  for (const what of problems) fail(what);
  await context.close();
}

// Contrast ratio of the body text against the page background (WCAG formula).
function contrastOfBody() {
  const parse = (c) => {
    const m = c.match(/rgba?\(([^)]+)\)/);
    if (!m) return null;
    const [r, g, b, a = 1] = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
    return { r, g, b, a };
  };
  const lum = ({ r, g, b }) => {
    const f = (v) => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const probe = document.querySelector('main p') || document.body;
  const fg = parse(getComputedStyle(probe).color);
  let el = probe;
  let bg = null;
  while (el) {
    const c = parse(getComputedStyle(el).backgroundColor);
    if (c && c.a > 0) {
      bg = c;
      break;
    }
    el = el.parentElement;
  }
  if (!bg) bg = { r: 255, g: 255, b: 255, a: 1 };
  if (!fg) return null;
  const [l1, l2] = [lum(fg), lum(bg)].sort((a, b) => b - a);
  return (l1 + 0.05) / (l2 + 0.05);
}

// 4. Print stylesheet: the chrome is hidden, the article stays.
let printChecks = 0;
{
  const context = await browser.newContext({ viewport: WIDTHS.desktop });
  await fenceContext(context, server.origin, external);
  for (const p of [pick('article'), pick('campaign', 'article'), pick('roster', 'article'), pick('home')]) {
    if (!p) continue;
    const page = await context.newPage();
    const problems = [];
    guard(page, server.origin, problems);
    try {
      await load(page, server.origin + p.url);
      await page.emulateMedia({ media: 'print' });
      const r = await page.evaluate(() => {
        const shown = (el) => {
          const s = getComputedStyle(el);
          if (s.display === 'none' || s.visibility === 'hidden' || Number(s.opacity) === 0) return false;
          const rect = el.getBoundingClientRect();
          return rect.width > 0 && rect.height > 0;
        };
        const visible = (el) => {
          for (let e = el; e; e = e.parentElement) if (!shown(e) && getComputedStyle(e).display === 'none') return false;
          return shown(el);
        };
        const describe = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
          (typeof el.className === 'string' && el.className.trim() ? '.' + el.className.trim().split(/\s+/).join('.') : '');
        // The chrome: navigation (menus, breadcrumb, pagination; a table of
        // contents inside the article may stay), forms and controls, share and
        // follow links. The masthead's name and the footer's contact block
        // may print: a printed article says whose it is.
        const social = /(^|\.)(facebook\.com|fb\.com|youtube\.com|zalo\.me|x\.com|twitter\.com)$/;
        const chromeEls = [];
        const add = (el, why) => chromeEls.push([el, why]);
        document.querySelectorAll('nav').forEach((el) => { if (!el.closest('article')) add(el, 'navigation'); });
        document.querySelectorAll('form, button, input, select, textarea, [role="search"]').forEach((el) => add(el, 'form or control'));
        document.querySelectorAll('.skip-link, [data-font], [data-contrast], [data-print]').forEach((el) => add(el, 'control'));
        document.querySelectorAll('a[href]').forEach((el) => {
          try {
            const u = new URL(el.href);
            if (social.test(u.hostname) && !el.closest('.prose')) add(el, 'share/follow link');
          } catch { /* not a URL */ }
        });
        const shownChrome = [];
        for (const [el, why] of chromeEls) if (visible(el)) shownChrome.push(`${describe(el)} (${why})`);
        const h1 = document.querySelector('main h1');
        return {
          shownChrome: Array.from(new Set(shownChrome)),
          mainShown: !!document.querySelector('main') && visible(document.querySelector('main')),
          h1Shown: !h1 || visible(h1),
          printRules: Array.from(document.styleSheets).some((s) => {
            try { return Array.from(s.cssRules).some((r) => r.media && /print/.test(r.media.mediaText)); } catch { return false; }
          }) || !!document.querySelector('link[media*="print"]'),
        };
      });
      printChecks++;
      if (!r.printRules) report.fail(`print ${p.url}`, 'no print stylesheet (@media print) found');
      for (const c of r.shownChrome) report.fail(`print ${p.url}`, `chrome still printed: ${c}`);
      if (!r.mainShown) report.fail(`print ${p.url}`, 'the main content is hidden in print');
      if (!r.h1Shown) report.fail(`print ${p.url}`, 'the page title (main h1) is hidden in print');
    } catch (e) {
      report.fail(`print ${p.url}`, `error: ${e.message.split('\n')[0]}`);
    }
    for (const what of problems) report.fail(`print ${p.url}`, what);
    await page.close();
  }
  await context.close();
}

await browser.close();
await server.close();

const kinds = new Set(reps.map((p) => p.kind));
report.print();
const externalCount = external.length;
console.log(
  `browser: ${loads} page loads (${reps.length} pages of ${kinds.size} kinds × 2 widths, ${sweep.length} more pages swept), ` +
  `${prefChecks} control checks, ${printChecks} print checks; ${externalCount} requests outside the site; ` +
  `${report.count} distinct failures (${report.total} in all)${report.count ? ' — FAILED' : ' — ok'}`,
);
process.exit(report.count ? 1 : 0);
