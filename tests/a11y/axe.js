#!/usr/bin/env node
// axe.js: runs axe-core over every HTML page of one or more built sites, in
// the system Chromium driven by puppeteer-core, and fails on any violation.
//
//   node axe.js [--modules DIR] [--chromium PATH] SITE...
//
// SITE is an html/ folder written by `ismc build`. Each is served by a
// static file server of this script on 127.0.0.1 (an ephemeral port, never
// another interface), so pages load as they would from a web server. Every
// page is checked at a desktop and at a phone width (a table that fits on a
// desktop scrolls on a phone). The rules: WCAG 2.0 and 2.1, levels A and AA
// (axe's tags wcag2a, wcag2aa, wcag21a, wcag21aa), plus the best-practice
// rules heading-order and empty-table-header. A page also fails when any of
// its requests fails or leaves the server (a missing stylesheet, favicon or
// logo; an external asset) or the browser logs an error (a Content-Security-
// Policy refusal).
//
// Prints each violation as `page (width): rule-id: help` with its target
// selectors, then a summary line; exit 0 when there is none, 1 when there
// is, 2 on a usage or setup failure.
'use strict';

const fs = require('fs');
const http = require('http');
const os = require('os');
const path = require('path');
const { createRequire } = require('module');

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const EXTRA_RULES = ['heading-order', 'empty-table-header'];
const VIEWPORTS = [
  { name: 'desktop', width: 1280, height: 900 },
  { name: 'phone', width: 360, height: 780 },
];
// Chromium on a machine without a network: no background services, no
// updates, no first-run, a profile of its own that is removed afterwards.
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run',
  '--disable-default-apps', '--disable-extensions', '--mute-audio',
];
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg',
  '.gif': 'image/gif', '.webp': 'image/webp', '.ico': 'image/x-icon',
  '.woff': 'font/woff', '.woff2': 'font/woff2',
};

function usage(msg) {
  if (msg) console.error(`axe.js: ${msg}`);
  console.error('usage: node axe.js [--modules DIR] [--chromium PATH] SITE...');
  process.exit(2);
}

function parseArgs(argv) {
  const o = { modules: path.join(__dirname, 'node_modules'), chromium: '/usr/bin/chromium', sites: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--modules' || a === '--chromium') {
      if (i + 1 >= argv.length) usage(`${a} needs a value`);
      o[a.slice(2)] = argv[++i];
    } else if (a.startsWith('-')) {
      usage(`unknown option ${a}`);
    } else {
      o.sites.push(path.resolve(a));
    }
  }
  if (!o.sites.length) usage('no site given');
  return o;
}

// every .html file below dir, as paths relative to it, sorted
function listPages(dir, rel = '') {
  const out = [];
  for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...listPages(dir, r));
    else if (e.isFile() && e.name.endsWith('.html')) out.push(r);
  }
  return out.sort();
}

// A static server for one folder, on 127.0.0.1 only. Paths are decoded and
// must stay inside the folder; anything else is a 404.
function serve(root) {
  const server = http.createServer((req, res) => {
    let p;
    try {
      p = decodeURIComponent(new URL(req.url, 'http://127.0.0.1').pathname);
    } catch {
      p = '';
    }
    const file = path.join(root, p);
    if (!p || (file !== root && !file.startsWith(root + path.sep)) ||
        !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('not found\n');
      return;
    }
    res.writeHead(200, { 'Content-Type': TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  let puppeteer, axeSource;
  try {
    const req = createRequire(path.join(path.resolve(o.modules), 'index.js'));
    puppeteer = req('puppeteer-core');
    axeSource = fs.readFileSync(req.resolve('axe-core/axe.min.js'), 'utf8');
  } catch (e) {
    console.error(`axe.js: puppeteer-core and axe-core are not installed in ${o.modules} ` +
                  `(npm ci in tests/a11y, which the CTest fixture a11y/npm does): ${e.message}`);
    process.exit(2);
  }
  if (!fs.existsSync(o.chromium)) {
    console.error(`axe.js: no Chromium at ${o.chromium}: install the Debian package 'chromium' (scripts/deps.sh)`);
    process.exit(2);
  }
  for (const s of o.sites)
    if (!fs.existsSync(path.join(s, 'index.html'))) usage(`${s} is not a site (no index.html)`);

  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'ismc-axe-'));
  const browser = await puppeteer.launch({
    executablePath: o.chromium,
    headless: true,
    pipe: true, // DevTools over a pipe: no debugging port is opened
    userDataDir: profile,
    args: CHROMIUM_ARGS,
  });
  let pages = 0, violations = 0, problems = 0;
  try {
    const page = await browser.newPage();
    for (const site of o.sites) {
      const server = await serve(site);
      const base = `http://127.0.0.1:${server.address().port}/`;
      const origin = base.slice(0, -1);
      // what a page loads, and what went wrong while it loaded
      let trouble = [];
      const onRequest = (r) => {
        if (!r.url().startsWith(origin + '/') && !r.url().startsWith('data:'))
          trouble.push(`requests ${r.url()} outside the site`);
      };
      const onFailed = (r) => trouble.push(`failed to load ${r.url()}: ${r.failure() && r.failure().errorText}`);
      const onResponse = (r) => { if (r.status() >= 400) trouble.push(`${r.url()}: HTTP ${r.status()}`); };
      const onConsole = (m) => { if (m.type() === 'error') trouble.push(`console error: ${m.text()}`); };
      const onError = (e) => trouble.push(`page error: ${e.message}`);
      page.on('request', onRequest);
      page.on('requestfailed', onFailed);
      page.on('response', onResponse);
      page.on('console', onConsole);
      page.on('pageerror', onError);
      try {
        for (const rel of listPages(site)) {
          pages++;
          trouble = [];
          // one load per page; the phone width is a resize of the same page
          await page.setViewport({ width: VIEWPORTS[0].width, height: VIEWPORTS[0].height });
          await page.goto(base + rel.split('/').map(encodeURIComponent).join('/'), { waitUntil: 'load' });
          // axe is evaluated through DevTools, not a script element: the
          // pages' Content-Security-Policy (no script at all) stays in force
          await page.evaluate(axeSource);
          const where = `${path.basename(path.dirname(site))}/${path.basename(site)}/${rel}`;
          for (const vp of VIEWPORTS) {
            if (vp !== VIEWPORTS[0]) {
              await page.setViewport({ width: vp.width, height: vp.height });
              await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r())));
            }
            const result = await page.evaluate(
              (tags, extra) => window.axe.run(document, {
                runOnly: { type: 'tag', values: tags },
                rules: Object.fromEntries(extra.map((r) => [r, { enabled: true }])),
                resultTypes: ['violations'],
              }),
              TAGS, EXTRA_RULES);
            for (const v of result.violations) {
              violations++;
              console.log(`${where} (${vp.width} px): ${v.id}: ${v.help} [${v.impact}] ` +
                          `(${v.nodes.length} element${v.nodes.length === 1 ? '' : 's'})`);
              for (const n of v.nodes) {
                console.log(`    at ${n.target.join(' ')}`);
                const why = (n.failureSummary || '').split('\n').slice(1).map((t) => t.trim()).filter(Boolean);
                if (why.length) console.log(`       ${why.join(' / ')}`);
              }
            }
          }
          for (const t of new Set(trouble)) {
            problems++;
            console.log(`${where}: ${t}`);
          }
        }
      } finally {
        page.off('request', onRequest);
        page.off('requestfailed', onFailed);
        page.off('response', onResponse);
        page.off('console', onConsole);
        page.off('pageerror', onError);
        server.close();
      }
    }
  } finally {
    await browser.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
  console.log(`axe: ${pages} pages of ${o.sites.length} site${o.sites.length === 1 ? '' : 's'} at ` +
              `${VIEWPORTS.map((v) => v.width + ' px').join(' and ')}: ${violations} violation` +
              `${violations === 1 ? '' : 's'}, ${problems} loading problem${problems === 1 ? '' : 's'} ` +
              `(axe-core ${require(createRequire(path.join(path.resolve(o.modules), 'index.js')).resolve('axe-core/package.json')).version}; ` +
              `rules: ${TAGS.join(', ')}, ${EXTRA_RULES.join(', ')})`);
  process.exit(violations || problems ? 1 : 0);
}

main().catch((e) => {
  console.error(`axe.js: ${e.stack || e}`);
  process.exit(2);
});
