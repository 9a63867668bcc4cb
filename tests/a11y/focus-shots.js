#!/usr/bin/env node
// focus-shots.js: screenshots of keyboard focus, for a person to look at
// (not run by CTest). Opens PAGE of a built site, presses Tab TABS times, or
// until the focus is on an element matching the CSS selector TABS, and
// writes a PNG of the focused element and its surroundings.
//
//   node focus-shots.js [--modules DIR] [--width W] SITE PAGE TABS OUT.png
//   node focus-shots.js --width 360 out/html soa.html '[role=region]' soa.png
//
// Chromium is driven the way axe.js drives it (the system Chromium, no
// network, a throwaway profile); pages are opened from disk.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { createRequire } = require('module');
const { pathToFileURL } = require('url');

async function main() {
  const argv = process.argv.slice(2);
  let modules = path.join(__dirname, 'node_modules'), width = 1280;
  while (argv[0] && argv[0].startsWith('--')) {
    const a = argv.shift();
    if (a === '--modules') modules = argv.shift();
    else if (a === '--width') width = Number(argv.shift());
    else throw new Error(`unknown option ${a}`);
  }
  if (argv.length !== 4) {
    console.error('usage: node focus-shots.js [--modules DIR] [--width W] SITE PAGE TABS OUT.png');
    process.exit(2);
  }
  const [site, page, tabs, out] = argv;
  const puppeteer = createRequire(path.join(path.resolve(modules), 'index.js'))('puppeteer-core');
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'ismc-shot-'));
  const browser = await puppeteer.launch({
    executablePath: '/usr/bin/chromium', headless: true, pipe: true, userDataDir: profile,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
           '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const tab = await browser.newPage();
    await tab.setViewport({ width, height: 900 });
    await tab.goto(pathToFileURL(path.resolve(site, page)).href, { waitUntil: 'load' });
    let pressed = 0;
    if (/^[0-9]+$/.test(tabs)) {
      for (; pressed < Number(tabs); pressed++) await tab.keyboard.press('Tab');
    } else {
      do {
        await tab.keyboard.press('Tab');
        pressed++;
      } while (pressed < 500 && !(await tab.evaluate((sel) => document.activeElement.matches(sel), tabs)));
    }
    const what = await tab.evaluate(() => {
      const e = document.activeElement;
      e.scrollIntoView({ block: 'center' });
      const r = e.getBoundingClientRect();
      const name = e.getAttribute('aria-label') || e.getAttribute('aria-labelledby') || e.textContent.trim().slice(0, 60);
      return { tag: e.tagName.toLowerCase(), cls: e.className, name, x: r.x + window.scrollX, y: r.y + window.scrollY, w: r.width, h: r.height };
    });
    const pad = 40;
    const clip = {
      x: Math.max(0, what.x - pad), y: Math.max(0, what.y - pad),
      width: Math.min(width, what.w + 2 * pad), height: Math.min(900, what.h + 2 * pad),
    };
    await tab.screenshot({ path: out, clip });
    console.log(`focus after ${pressed} Tab: <${what.tag} class="${what.cls}"> ${what.name}`);
  } finally {
    await browser.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

main().catch((e) => { console.error(e.stack || e); process.exit(2); });
