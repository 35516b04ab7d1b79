// Debian Chromium through playwright-core (no browser download), and a guard
// that records what must not happen while a page loads: console errors,
// uncaught exceptions, failed or 4xx/5xx requests, requests leaving the site.
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
export const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const WIDTHS = {
  phone: { width: 375, height: 740 },
  desktop: { width: 1280, height: 900 },
};

/// Launch Chromium headless with the flags this machine needs. playwright-core
/// gives every launch a fresh, empty profile (`--user-data-dir` in a new
/// temporary folder, removed on close), and every context is isolated (own
/// localStorage), so tests start from a clean reader.
export async function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    timeout: 60_000,
  });
}

/// Abort and record every request that leaves `origin` (the local server).
/// data: and blob: URLs are part of the page.
export async function fenceContext(context, origin, log) {
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(origin + '/') || url === origin || /^(data|blob|about):/.test(url)) {
      return route.continue();
    }
    log.push(url);
    return route.abort('blockedbyclient');
  });
}

/// Record console errors, page errors and failed requests of `page`.
/// `problems` receives strings. `expectStatus` is the main document's status.
export function guard(page, origin, problems, { mainUrl, expectStatus = 200 } = {}) {
  page.on('console', (msg) => {
    if (msg.type() === 'error' || msg.type() === 'assert') {
      const loc = msg.location();
      // The main document's own expected status (the 404 page) is not a fault.
      if (expectStatus !== 200 && loc && loc.url === mainUrl && /status of \d+/.test(msg.text())) return;
      problems.push(`console ${msg.type()}: ${msg.text()}${loc && loc.url ? ` (${loc.url}:${loc.lineNumber})` : ''}`);
    }
  });
  page.on('pageerror', (err) => problems.push(`uncaught exception: ${err.message}`));
  page.on('requestfailed', (req) => {
    const url = req.url();
    if (!url.startsWith(origin)) return; // external: recorded by the fence
    problems.push(`request failed: ${url} (${req.failure()?.errorText})`);
  });
  page.on('response', (res) => {
    const url = res.url();
    if (!url.startsWith(origin)) return;
    const status = res.status();
    const isMain = res.request().isNavigationRequest() && res.request().frame() === page.mainFrame();
    if (isMain) {
      if (mainUrl && status !== expectStatus && !(status >= 300 && status < 400)) {
        problems.push(`page status ${status} (expected ${expectStatus}): ${url}`);
      }
      return;
    }
    if (status >= 400) problems.push(`HTTP ${status}: ${url}`);
  });
  page.on('websocket', (ws) => {
    if (!ws.url().startsWith(origin.replace(/^http/, 'ws'))) problems.push(`websocket outside the site: ${ws.url()}`);
  });
}

/// Load a page fully: `load`, then scroll to the bottom so lazy images load,
/// then a short wait for the network to settle.
export async function load(page, url, { settle = true } = {}) {
  const res = await page.goto(url, { waitUntil: 'load', timeout: 30_000 });
  if (settle) {
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight)).catch(() => {});
    await page.waitForLoadState('networkidle', { timeout: 2_000 }).catch(() => {});
  }
  return res;
}

/// Failures, grouped by what failed (the same missing file on 80 pages is one
/// line naming the first pages), so a report stays readable.
export class Report {
  constructor(name, origin = '') {
    this.name = name;
    this.origin = origin;
    this.groups = new Map();
    this.total = 0;
  }
  setOrigin(origin) {
    this.origin = origin;
  }
  fail(where, what) {
    const key = this.origin ? what.split(this.origin).join('') : what;
    if (!this.groups.has(key)) this.groups.set(key, []);
    this.groups.get(key).push(where);
    this.total++;
  }
  print(max = 150) {
    let n = 0;
    for (const [what, wheres] of this.groups) {
      if (n++ >= max) {
        console.log(`  … and ${this.groups.size - max} more distinct failures`);
        break;
      }
      const more = wheres.length > 3 ? ` and ${wheres.length - 3} more` : '';
      console.log(`  FAIL ${what}\n       on ${wheres.slice(0, 3).join(', ')}${more}`);
    }
  }
  /// Distinct failures.
  get count() {
    return this.groups.size;
  }
}
