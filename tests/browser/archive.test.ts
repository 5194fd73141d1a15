/**
 * The archive, "comply or explain" and the yearly overview in Chromium against the real server, with axe-core
 * on every page: the archive with results, the archive with an invalid filter, the outcome page's reason form
 * (with an error, then saved), and the yearly overview with its chart and table.
 *
 * SCREENSHOTS=1 also writes docs/screenshots/archive-<name>.png.
 */
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { request as httpRequest, type APIRequestContext, type Browser, type Page } from 'playwright-core';
import {
  ROOT,
  axeLog,
  axeSummary,
  browserDescribe,
  checkPage,
  logInAs,
  submitAndWait,
  focusInfo,
  launchBrowser,
  newBrowserPage,
  startServer,
  type BrowserPage,
  type RunningServer,
} from './browser-support';

jest.setTimeout(180_000);

const ADMIN = { name: 'Asta Arkivar', email: 'asta@sm.dk', password: 'arkivet-husker-alt-2026' };
const ORGANISATION = 'Social- og Boligministeriet';
const ASSESSED =
  'Forslag til lov om ændring af lov om social service, lov om almene boliger m.v. og lov om aktiv socialpolitik';
const TO_EXPLAIN = 'Forslag til lov om lokale fællesskaber og mødesteder';
const UNEXPLAINED = 'Forslag til lov om digital selvbetjening i kommunerne';
const NOT_RELEVANT = 'Forslag til lov om ændring af lov om gebyrer for byggesager';
const DRAFT = 'Forslag om 100% gebyrfritagelse for foreninger';
const REASON =
  'Lovforslaget hastebehandles for at overholde en EU-frist. Konsekvenserne for relationer vurderes i forbindelse med bekendtgørelsen i efteråret.';
const THIS_YEAR = new Date().getUTCFullYear();

/** The server's forms over HTTP, as a browser would send them: the data the pages under test show. */
class Seeder {
  constructor(private readonly api: APIRequestContext) {}

  async page(p: string): Promise<{ html: string; token: string; version: string; url: string }> {
    const res = await this.api.get(p);
    const html = await res.text();
    const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
    if (!token) throw new Error(`no CSRF token on ${p} (${res.url()})`);
    return { html, token, version: /name="version" value="(\d+)"/.exec(html)?.[1] ?? '', url: res.url() };
  }

  async setUp(): Promise<void> {
    const res = await this.api.post('/opsaetning', {
      form: {
        _csrf: (await this.page('/opsaetning')).token,
        organisation: ORGANISATION,
        kind: 'ministry',
        ...ADMIN,
        password2: ADMIN.password,
      },
    });
    expect(new URL(res.url()).pathname).toBe('/vurderinger');
  }

  async create(title: string, caseNumber: string): Promise<string> {
    const res = await this.api.post('/vurderinger/ny', {
      form: {
        _csrf: (await this.page('/vurderinger/ny')).token,
        title,
        authority: ORGANISATION,
        caseNumber,
        rulesetId: 'dk-lovforslag',
        mode: 'a',
      },
    });
    const id = /\/vurderinger\/([0-9a-f-]{36})\/dokument$/.exec(new URL(res.url()).pathname)?.[1];
    if (!id) throw new Error(`no assessment was created: ${res.url()}`);
    return id;
  }

  async upload(id: string, sample: string): Promise<void> {
    const doc = await this.page(`/vurderinger/${id}/dokument`);
    const res = await this.api.post(`/vurderinger/${id}/dokument`, {
      multipart: {
        _csrf: doc.token,
        version: doc.version,
        file: {
          name: sample,
          mimeType: 'application/octet-stream',
          buffer: fs.readFileSync(path.join(ROOT, 'samples', sample)),
        },
      },
    });
    expect(res.ok()).toBe(true);
    for (let i = 0; i < 600; i++) {
      const s = (await (await this.api.get(`/vurderinger/${id}/status`)).json()) as { status: string };
      if (s.status === 'done') return;
      if (s.status === 'failed') throw new Error(`${sample} could not be read`);
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`${sample} was not processed in 60 s`);
  }

  /** Stage 1: the suggestions as prefilled (a note where "unknown"), or every answer "no". */
  async stage1(id: string, allNo = false): Promise<void> {
    const p = await this.page(`/vurderinger/${id}/trin-1`);
    const form: Record<string, string> = { _csrf: p.token, version: p.version };
    for (const m of p.html.matchAll(/name="(value-[a-z0-9-]+)" value="(yes|no|unknown)" checked/g)) {
      const [, field, value] = m as unknown as [string, string, string];
      const note = `note-${field.slice('value-'.length)}`;
      form[field] = allNo ? 'no' : value;
      if (allNo || value === 'unknown') form[note] = 'Forslaget ændrer kun gebyrsatserne.';
    }
    expect((await this.api.post(`/vurderinger/${id}/trin-1`, { form })).ok()).toBe(true);
  }

  /** Stage 2: "not affected" to every question, until "check your answers". */
  async stage2AllNo(id: string): Promise<void> {
    for (let i = 0; i < 40; i++) {
      const p = await this.page(`/vurderinger/${id}/trin-2`);
      if (new URL(p.url).pathname.endsWith('/tjek')) return;
      const res = await this.api.post(new URL(p.url).pathname, {
        form: { _csrf: p.token, version: p.version, affected: 'no', goto: 'next' },
      });
      expect(res.ok()).toBe(true);
    }
    throw new Error('stage 2 did not end');
  }
}

browserDescribe()('the archive, comply or explain, and the yearly overview in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let bp: BrowserPage;
  let page: Page;
  let toExplain = '';

  /** axe on the page as it is, then docs/screenshots/archive-<name>.png. */
  const check = (label: string, name: string) => checkPage(page, label, 'archive', name);

  beforeAll(async () => {
    server = await startServer();
    const api = await httpRequest.newContext({ baseURL: server.url });
    try {
      const s = new Seeder(api);
      await s.setUp();
      const assessed = await s.create(ASSESSED, '2026-1234');
      toExplain = await s.create(TO_EXPLAIN, '2026-0042');
      const unexplained = await s.create(UNEXPLAINED, '2025-0917');
      const notRelevant = await s.create(NOT_RELEVANT, '2025-0555');
      await s.create(DRAFT, '');
      await s.upload(assessed, 'lovforslag-aendring.docx');
      await s.upload(toExplain, 'lovforslag-ny-lov.txt');
      await s.upload(unexplained, 'lovforslag-ny-lov.txt');
      await s.upload(notRelevant, 'lovforslag-ny-lov.txt');
      await s.stage1(assessed);
      await s.stage2AllNo(assessed);
      await s.stage1(notRelevant, true);
    } finally {
      await api.dispose();
    }
    // Two of the bills were screened last year: the running server's database is changed beside it (SQLite
    // allows it), since no form sets when a bill was screened.
    const db = new BetterSqlite3(path.join(server.dataDir, 'relationstjek.sqlite'));
    try {
      db.pragma('busy_timeout = 5000');
      db.prepare('update assessments set screened_at = ? where title in (?, ?)').run(
        `${THIS_YEAR - 1}-11-14T10:00:00.000Z`,
        UNEXPLAINED,
        NOT_RELEVANT,
      );
    } finally {
      db.close();
    }
    browser = await launchBrowser();
    bp = await newBrowserPage(browser, server.url);
    page = bp.page;
  });

  afterAll(async () => {
    process.stdout.write(`${axeSummary()}\n`);
    await browser?.close();
    await server?.stop();
  });

  afterEach(() => {
    expect(bp?.problems.splice(0) ?? []).toEqual([]);
  });

  it('logs in and finds the archive in the main menu', async () => {
    await logInAs(page, ADMIN.email, ADMIN.password);
    await page.getByRole('navigation', { name: 'Hovedmenu' }).getByRole('link', { name: 'Arkiv' }).click();
    await page.waitForURL('**/arkiv');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Arkiv');
  });

  it('the archive with results: every assessment, its bottom line, and the reason missing where it is', async () => {
    await expect(page.locator('#hits').textContent()).resolves.toBe('5 vurderinger fundet.');
    const table = page.getByRole('table');
    await expect(table.getByRole('rowheader').count()).resolves.toBe(5);
    const row = (title: string) =>
      page.getByRole('row').filter({ has: page.getByRole('link', { name: title }) });
    await expect(row(ASSESSED).textContent()).resolves.toContain('ingen konsekvenser');
    await expect(row(TO_EXPLAIN).textContent()).resolves.toContain('Ingen begrundelse angivet');
    await expect(row(NOT_RELEVANT).textContent()).resolves.toContain('ikke relevant');
    await expect(row(DRAFT).textContent()).resolves.toContain('ikke screenet');
    await check('archive with results', 'results');

    // A search from the form: the words and a filter, the answer in the same page.
    await page.getByLabel('Titel eller sagsnummer').fill('fællesskaber');
    await page.getByLabel('Relationel bundlinje').selectOption({ label: 'Ikke vurderet' });
    await submitAndWait(page.getByRole('button', { name: 'Søg', exact: true }), 'GET');
    expect(new URL(page.url()).searchParams.get('q')).toBe('fællesskaber');
    await expect(page.locator('#hits').textContent()).resolves.toBe('1 vurdering fundet.');
    await expect(page.getByRole('rowheader').textContent()).resolves.toContain(TO_EXPLAIN);
    await check('archive, filtered', 'filtered');
  });

  it('the archive with an invalid filter: the error summary has focus and links to the field', async () => {
    const res = await page.goto(`/arkiv?from=${THIS_YEAR}-02-30&to=${THIS_YEAR}-01-01`);
    expect(res?.status()).toBe(400);
    await expect(page.title()).resolves.toBe('Fejl: Arkiv – Relationstjek');
    await expect(focusInfo(page).then((f) => f.id)).resolves.toBe('error-summary');
    await expect(page.locator('#error-summary a[href="#from"]').textContent()).resolves.toBe(
      `Fra-datoen ${THIS_YEAR}-02-30 findes ikke. Skriv en gyldig dato, fx 2026-03-31.`,
    );
    await expect(page.locator('#from').getAttribute('aria-invalid')).resolves.toBe('true');
    await check('archive with an invalid filter', 'error');
    // The link in the summary takes the user to the field.
    await page.locator('#error-summary a[href="#from"]').click();
    await expect(focusInfo(page).then((f) => f.id)).resolves.toBe('from');
  });

  it('comply or explain: the outcome page asks for the reason; an empty one is refused, then it is saved', async () => {
    await page.goto(`/vurderinger/${toExplain}/resultat`);
    await expect(page.getByRole('heading', { name: 'Trin 2 er ikke gennemført' }).count()).resolves.toBe(1);
    await submitAndWait(page.getByRole('button', { name: 'Gem begrundelsen' }));
    await expect(page.title()).resolves.toMatch(/^Fejl: /);
    await expect(focusInfo(page).then((f) => f.id)).resolves.toBe('error-summary');
    await check('outcome, reason missing', 'reason-error');

    await page.getByLabel('Begrundelse for ikke at gennemføre trin 2').fill(REASON);
    await submitAndWait(page.getByRole('button', { name: 'Gem begrundelsen' }));
    await expect(page.getByRole('status').textContent()).resolves.toContain('Begrundelsen er gemt.');
    await expect(page.locator('#reason').inputValue()).resolves.toBe(REASON);
    await check('outcome, reason saved', 'reason');
  });

  it('the yearly overview: chart and table side by side, and the bill still without a reason', async () => {
    await page.goto('/arkiv');
    await page.getByRole('link', { name: /Se årsoversigten/ }).click();
    await page.waitForURL('**/arkiv/aarsoversigt');
    const chart = page.getByRole('img', { name: 'Screenede og vurderede forslag pr. år' });
    await expect(chart.count()).resolves.toBe(1);
    const table = page.getByRole('table', { name: 'Screenede og vurderede forslag pr. år' });
    const cells = async (year: string) =>
      (
        await table
          .getByRole('row')
          .filter({ has: page.getByRole('rowheader', { name: year }) })
          .allInnerTexts()
      )[0]
        ?.split('\t')
        .map((s) => s.trim());
    await expect(cells(String(THIS_YEAR - 1))).resolves.toEqual([String(THIS_YEAR - 1), '2', '1', '0', '1']);
    await expect(cells(String(THIS_YEAR))).resolves.toEqual([String(THIS_YEAR), '2', '2', '1', '1']);
    // Beside each other at this width: the chart left of the table.
    const [c, t] = await Promise.all([chart.boundingBox(), table.boundingBox()]);
    expect(c && t && c.x + c.width <= t.x).toBe(true);
    const list = page.getByRole('table', { name: /ikke er vurderet i trin 2/ });
    await expect(list.getByRole('row').filter({ hasText: UNEXPLAINED }).textContent()).resolves.toContain(
      'Ingen begrundelse angivet',
    );
    await expect(list.getByRole('row').filter({ hasText: TO_EXPLAIN }).textContent()).resolves.toContain(
      REASON,
    );
    await check('yearly overview', 'years');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Hent tallene som CSV til Excel' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('relationstjek-aarsoversigt.csv');
    const csv = fs.readFileSync(await download.path(), 'utf8');
    expect(csv.startsWith('\uFEFFÅr;Screenet;')).toBe(true);
  });

  it('pages of results: the pagination is a navigation landmark, the current page marked', async () => {
    // 50 more drafts, sent beside the page with its cookies (the forms themselves are tested elsewhere).
    const html = await (await page.request.get('/vurderinger/ny')).text();
    const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
    for (let i = 1; i <= 50; i++) {
      const res = await page.request.post('/vurderinger/ny', {
        form: {
          _csrf: token,
          title: `Udkast til bekendtgørelse nr. ${i}`,
          authority: ORGANISATION,
          caseNumber: '',
          rulesetId: 'dk-lovforslag',
          mode: 'a',
        },
        maxRedirects: 0,
      });
      expect(res.status()).toBe(303);
    }
    await page.goto('/arkiv');
    const nav = page.getByRole('navigation', { name: 'Sider med resultater' });
    await expect(nav.getByRole('link', { name: 'Side 1' }).getAttribute('aria-current')).resolves.toBe(
      'page',
    );
    await nav.getByRole('link', { name: 'Næste side' }).click();
    await page.waitForURL('**/arkiv?page=2');
    await expect(page.locator('#hits').textContent()).resolves.toBe('55 vurderinger fundet – viser 51–55.');
    await expect(nav.getByRole('link', { name: 'Side 2' }).getAttribute('aria-current')).resolves.toBe(
      'page',
    );
    await check('archive, page 2', 'page-2');
  });

  it('found no axe violations on any page', () => {
    expect(axeLog.length).toBeGreaterThanOrEqual(7);
    expect(axeLog.filter((r) => r.violations.length).map((r) => r.label)).toEqual([]);
  });
});
