// Shared plumbing for the area browser tests (maintenance, compliance, planning...): one Chromium
// per test file, login as the demo owner, navigation that waits for the view, screenshots at
// 1280 and 390 px, and the console-error / CSP / missing-message collector.
// Environment (from run_browser.sh): BASE_URL, DEMO_JSON, RECEIVER_URL, SCREENSHOT_DIR, CHROMIUM.
// Run one file: BROWSER_TESTS=maintenance bash tests/browser/run_browser.sh build/gaflight
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const CONSOLE_DIR = path.resolve(HERE, '../../web/console');
export const BASE = process.env.BASE_URL;
export const RECEIVER = process.env.RECEIVER_URL;
export const SHOTS = process.env.SCREENSHOT_DIR || path.resolve(HERE, '../../build/screenshots');
export const demo = JSON.parse(fs.readFileSync(process.env.DEMO_JSON, 'utf8'));
export const DESKTOP = { width: 1280, height: 860 };
export const PHONE = { width: 390, height: 844 };
export const tid = (id) => `[data-testid="${id}"]`;

// A catalog as i18n.js builds it: messages-<loc>.json merged with every messages-<area>-<loc>.json.
export function catalog(loc) {
  const names = fs.readdirSync(CONSOLE_DIR)
    .filter((n) => n === `messages-${loc}.json` || (n.startsWith('messages-') && n.endsWith(`-${loc}.json`)));
  return Object.assign({}, ...names.sort().map((n) => JSON.parse(fs.readFileSync(path.join(CONSOLE_DIR, n), 'utf8'))));
}

export async function waitFor(fn, { timeout = 20000, interval = 250 } = {}) {
  const end = Date.now() + timeout;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, interval));
  }
}

// Opens Chromium and returns a session object: { page, go, shot, login, setLocale, assertNoProblems, close }.
export async function openConsole() {
  fs.mkdirSync(SHOTS, { recursive: true });
  const userDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gaf-chromium-'));
  const context = await chromium.launchPersistentContext(userDir, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-quic'],
    viewport: DESKTOP,
    locale: 'en-GB',
  });
  const page = context.pages()[0] || await context.newPage();
  page.setDefaultTimeout(15000);
  const problems = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || /Content Security Policy|\[i18n\] missing/.test(m.text())) {
      // Expected refusals (the session probe, validation and conflict answers) are not problems.
      if (/status of (401|409|422)/.test(m.text())) return;
      problems.push(`console: ${m.text()}`);
    }
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));

  const s = {
    page,
    async go(hash) {
      await page.goto(`${BASE}/#${hash}`);
      await page.waitForSelector('#page-title', { state: 'attached' });
      await page.waitForFunction(() => !document.querySelector('.main > .loading')
        && !document.querySelector('.paged-body[aria-busy="true"]'));
    },
    async shot(name) {
      for (const [label, size] of [['1280', DESKTOP], ['390', PHONE]]) {
        await page.setViewportSize(size);
        await page.evaluate(() => { window.scrollTo(0, 0); for (const el of document.querySelectorAll('.toast')) el.remove(); });
        await page.waitForTimeout(120);
        await page.screenshot({ path: path.join(SHOTS, `${name}-${label}.png`), fullPage: true });
      }
      await page.setViewportSize(DESKTOP);
    },
    async login() {
      await page.goto(`${BASE}/`);
      await page.waitForSelector(tid('login-email'));
      await page.fill(tid('login-email'), demo.email);
      await page.fill(tid('login-password'), demo.password);
      await page.click(tid('login-submit'));
      await page.waitForSelector('.sidebar');
      await page.waitForSelector('#page-title');
    },
    async setLocale(loc) {
      await page.selectOption(`.sidebar ${tid('locale-switch')}`, loc);
      await page.waitForFunction((l) => document.documentElement.lang === l, loc);
    },
    assertNoProblems() {
      const p = problems.splice(0);
      assert.deepEqual(p, [], `browser reported problems:\n${p.join('\n')}`);
    },
    async close() {
      await context.close();
      fs.rmSync(userDir, { recursive: true, force: true });
    },
  };
  return s;
}
