/**
 * Shared machinery for the browser tests: the real server as a child process, Debian's Chromium through
 * playwright-core (never a downloaded browser), axe-core, and screenshots for docs/screenshots.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AxeResults, Result } from 'axe-core';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';

export const ROOT = path.resolve(__dirname, '..', '..');
/** Debian's Chromium; CHROMIUM_PATH points elsewhere (or, set to a missing file, tries the skipping). */
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const SCREENSHOT_DIR = path.join(ROOT, 'docs', 'screenshots');
const SERVER_JS = path.join(ROOT, 'dist', 'src', 'server.js');
const AXE_JS = require.resolve('axe-core/axe.min.js');
/** A same-origin address the browser context answers itself (see newBrowserPage); the server never sees it. */
const AXE_URL_PATH = '/__browser-tests__/axe.min.js';

// ---------- skip loudly when there is no browser ----------

/**
 * `describe` when Chromium is installed. Without it the suites are skipped – loudly, on stderr – unless
 * REQUIRE_BROWSER=1, when the test file fails instead.
 */
export function browserDescribe(): jest.Describe {
  if (fs.existsSync(CHROMIUM)) return describe;
  if (process.env.REQUIRE_BROWSER === '1')
    throw new Error(`REQUIRE_BROWSER=1, but there is no ${CHROMIUM}: install Debian's chromium package.`);
  process.stderr.write(`\n*** SKIPPING browser tests: no ${CHROMIUM} ***\n\n`);
  return describe.skip;
}

// ---------- the real server ----------

export interface RunningServer {
  url: string;
  dataDir: string;
  /** What the server wrote to stderr (shown when something fails). */
  stderr(): string;
  stop(): Promise<void>;
}

/**
 * `node dist/src/server.js` on a fresh data folder and a free port; resolves when it says where it listens.
 * `nodeArgs` go before the script (e.g. `--require` a preload that watches the network).
 */
export async function startServer(
  extraEnv: Record<string, string> = {},
  nodeArgs: string[] = [],
): Promise<RunningServer> {
  if (!fs.existsSync(SERVER_JS))
    throw new Error(`${path.relative(ROOT, SERVER_JS)} is missing: run "npm run build" first.`);
  const newestSource = newestMtime(path.join(ROOT, 'src'));
  if (newestSource > fs.statSync(SERVER_JS).mtimeMs)
    process.stderr.write(
      `\n*** dist/ is older than src/: the browser tests run the old build (npm run build) ***\n\n`,
    );
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-browser-'));
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, SERVER_JS], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      WORKERS: '1',
      DATABASE_URL: '',
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const listening = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the server did not start in 20 s:\n${out}\n${err}`)),
      20_000,
    );
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /Relationstjek kører på (http:\/\/127\.0\.0\.1:\d+)\//.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the server stopped at start (exit code ${code}):\n${out}\n${err}`));
    });
  });
  const url = await listening.catch((e: unknown) => {
    child.kill('SIGKILL'); // never leave a half-started server behind
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw e;
  });
  return {
    url,
    dataDir,
    stderr: () => err,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const hard = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(hard);
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

// ---------- the browser ----------

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

export interface BrowserPage {
  context: BrowserContext;
  page: Page;
  /**
   * What went wrong in the page that no assertion looked at: console errors (CSP refusals among them),
   * uncaught script errors, and static files (CSS, fonts, icons, scripts) that failed to load.
   */
  problems: string[];
}

/**
 * A new context and page on the server. The app's CSP (`script-src 'self'`) stays fully in force – it is
 * part of what is tested. axe-core is therefore not injected as inline script (the CSP would refuse it)
 * and the CSP is not bypassed: the context itself answers one same-origin test-only address with axe's
 * file, which `script-src 'self'` allows. The server never sees that request.
 */
export async function newBrowserPage(browser: Browser, baseURL: string): Promise<BrowserPage> {
  const context = await browser.newContext({
    baseURL,
    acceptDownloads: true,
    viewport: { width: 1280, height: 900 },
    locale: 'da-DK',
    timezoneId: 'Europe/Copenhagen',
    reducedMotion: 'reduce',
  });
  await context.route(`**${AXE_URL_PATH}`, (route) =>
    route.fulfill({ path: AXE_JS, contentType: 'text/javascript; charset=utf-8' }),
  );
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    // A page answered with 400 or 409 (a form with errors) is logged as a failed resource: that is expected.
    if (m.type() === 'error' && !/^Failed to load resource/.test(m.text()))
      problems.push(`console error on ${page.url()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`script error on ${page.url()}: ${e.message}`));
  // Nothing leaves the machine: every request a page makes goes to the app itself.
  const origin = new URL(baseURL).origin;
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith('data:') && !u.startsWith('blob:') && new URL(u).origin !== origin)
      problems.push(`request to another origin: ${u}`);
  });
  page.on('requestfailed', (r) => {
    // Navigations cut short by the next one (the processing page polling, a download) are not problems.
    if (r.resourceType() !== 'document' && r.resourceType() !== 'fetch')
      problems.push(`request failed: ${r.url()} (${r.failure()?.errorText ?? '?'})`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400 && r.request().resourceType() !== 'document')
      problems.push(`HTTP ${r.status()} for ${r.url()}`);
  });
  return { context, page, problems };
}

// ---------- axe ----------

export interface AxeRecord {
  label: string;
  url: string;
  violations: Result[];
  passes: number;
  /** Rules axe could not decide and leaves to a person (e.g. contrast over a background image). */
  incomplete: string[];
}

/** Every axe run of this test file, for the summary printed at the end. */
export const axeLog: AxeRecord[] = [];

export function formatViolations(label: string, url: string, violations: Result[]): string {
  return [
    `axe: ${violations.length} violation(s) on "${label}" (${url})`,
    ...violations.flatMap((v) => [
      `  - ${v.id} [${v.impact ?? 'n/a'}] ${v.help} (${v.helpUrl})`,
      ...v.nodes.map(
        (n) => `      ${n.target.map(String).join(' ')}  ${n.failureSummary?.replace(/\s+/g, ' ') ?? ''}`,
      ),
    ]),
  ].join('\n');
}

/** Runs axe-core (all rules of the installed version except experimental ones) on the page as it is. */
export async function runAxe(page: Page, label: string): Promise<AxeRecord> {
  await page.waitForLoadState('load');
  // See newBrowserPage: a same-origin <script src>, allowed by the app's CSP, answered by the test itself.
  await page.addScriptTag({ url: AXE_URL_PATH });
  const results = await page.evaluate(() => axe.run(document, { resultTypes: ['violations'] }));
  const rec: AxeRecord = {
    label,
    url: new URL(page.url()).pathname + new URL(page.url()).search,
    violations: results.violations,
    passes: results.passes.length,
    incomplete: results.incomplete.map((r) => r.id),
  };
  axeLog.push(rec);
  return rec;
}

/** Runs axe and fails at once, listing every violation, its impact, help text and the nodes. */
export async function expectNoAxeViolations(page: Page, label: string): Promise<AxeRecord> {
  const rec = await runAxe(page, label);
  if (rec.violations.length) throw new Error(formatViolations(label, rec.url, rec.violations));
  return rec;
}

/** The table of axe results printed after a suite (it ends up in the test output). */
export function axeSummary(records: AxeRecord[] = axeLog): string {
  return [
    'axe-core results per page:',
    ...records.map(
      (r) =>
        `  ${r.violations.length ? 'FAIL' : 'ok  '} ${r.label.padEnd(40)} ${String(r.violations.length).padStart(2)} violations, ${String(r.passes).padStart(2)} rules passed, to review: ${r.incomplete.join(', ') || '–'}  ${r.url}`,
    ),
  ].join('\n');
}

// ---------- screenshots ----------

export const screenshotsOn = process.env.SCREENSHOTS === '1';

/** A full-page PNG in docs/screenshots/<nn>-<name>.png – only with SCREENSHOTS=1, so test runs leave them alone. */
/** docs/screenshots/<nn>-<name>.png, `nn` a page number (two digits) or a prefix such as `archive`. */
export async function screenshot(page: Page, nn: number | string, name: string): Promise<void> {
  if (!screenshotsOn) return;
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  await page.screenshot({
    path: path.join(
      SCREENSHOT_DIR,
      `${typeof nn === 'number' ? String(nn).padStart(2, '0') : nn}-${name}.png`,
    ),
    fullPage: true,
    animations: 'disabled',
    caret: 'hide',
  });
}

// ---------- what is in the page (read only; interaction goes through the keyboard or Playwright) ----------

/** What has focus, and whether it shows it: its own outline/box-shadow, or its label's (a styled radio). */
export interface FocusInfo {
  tag: string;
  type: string;
  id: string;
  name: string;
  text: string;
  href: string;
  checked: boolean;
  value: string;
  /** The computed outline or box-shadow that makes the focus visible, or '' if there is none. */
  indicator: string;
}

export function focusInfo(page: Page): Promise<FocusInfo> {
  return page.evaluate(() => {
    const el = document.activeElement;
    const visible = (s: CssStyle): string =>
      s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0
        ? `outline: ${s.outlineWidth} ${s.outlineStyle} ${s.outlineColor}`
        : s.boxShadow && s.boxShadow !== 'none'
          ? `box-shadow: ${s.boxShadow}`
          : '';
    if (!el)
      return {
        tag: '',
        type: '',
        id: '',
        name: '',
        text: '',
        href: '',
        checked: false,
        value: '',
        indicator: '',
      };
    const type = el.getAttribute('type') ?? '';
    let indicator = '';
    if (type === 'radio' || type === 'checkbox') {
      // dkfds makes the native control transparent and draws it with its label's ::before: any focus ring
      // on the input itself would not be seen, so only the label's counts.
      const label = el.id ? document.querySelector(`label[for="${el.id}"]`) : null;
      if (label) indicator = visible(getComputedStyle(label, '::before')) || visible(getComputedStyle(label));
    } else indicator = visible(getComputedStyle(el));
    return {
      tag: el.tagName.toLowerCase(),
      type,
      id: el.id,
      name: el.getAttribute('name') ?? '',
      text: (el.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 80),
      href: el.getAttribute('href') ?? '',
      checked: Boolean(el.checked),
      value: el.value ?? '',
      indicator,
    };
  });
}

/**
 * Presses Tab (or Shift+Tab) until the focused element is the one wanted; fails with the way taken if it
 * is not reached in `max` presses. Only the keyboard moves focus.
 */
export async function tabTo(
  page: Page,
  wanted: (f: FocusInfo) => boolean,
  { max = 200, backwards = false }: { max?: number; backwards?: boolean } = {},
): Promise<FocusInfo> {
  const way: string[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
    const f = await focusInfo(page);
    if (wanted(f)) return f;
    way.push(`${f.tag}${f.id ? '#' + f.id : ''}${f.name ? `[name=${f.name}]` : ''} ${f.text.slice(0, 30)}`);
  }
  throw new Error(
    `not reached with ${backwards ? 'Shift+Tab' : 'Tab'} in ${max} presses:\n  ${way.join('\n  ')}`,
  );
}

/** The minimal DOM the in-page functions above use (the project's tsconfig has no DOM library). */
interface CssStyle {
  outlineStyle: string;
  outlineWidth: string;
  outlineColor: string;
  boxShadow: string;
}
interface DomElement {
  id: string;
  tagName: string;
  textContent: string | null;
  checked?: boolean;
  value?: string;
  getAttribute(name: string): string | null;
}
declare const document: {
  activeElement: DomElement | null;
  querySelector(selector: string): DomElement | null;
  fonts: { ready: Promise<unknown> };
};
declare function getComputedStyle(el: DomElement, pseudo?: string): CssStyle;
declare const axe: { run(context: unknown, options: object): Promise<AxeResults> };

// ---------- driving pages ----------

/**
 * axe on the page as it is now (fails with every violation listed), then its screenshot – taken even when axe
 * fails, so the page can be looked at.
 */
export async function checkPage(page: Page, label: string, nn: number | string, name: string): Promise<void> {
  try {
    await expectNoAxeViolations(page, label);
  } finally {
    await screenshot(page, nn, name);
  }
}

/** Clicks a submit button and waits for the page the request answers with (which may have the same address). */
export async function submitAndWait(button: Locator, method = 'POST'): Promise<void> {
  const page = button.page();
  await Promise.all([
    page.waitForResponse((r) => r.request().method() === method && r.request().resourceType() === 'document'),
    button.click(),
  ]);
  await page.waitForLoadState('load');
}

/** Logs in through the login page; resolves on the assessments list. */
export async function logInAs(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/log-ind');
  await page.getByLabel('E-mailadresse').fill(email);
  await page.getByLabel('Adgangskode').fill(password);
  await page.getByRole('button', { name: 'Log ind' }).click();
  await page.waitForURL('**/vurderinger');
}
