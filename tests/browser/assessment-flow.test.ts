/**
 * A whole assessment in a real browser against the real server: first start, logging out and in, a new
 * assessment, upload of the amending-bill sample, overview, stage 1, stage 2 (with one form sent with an
 * error), check your answers, the outcome and the Word note – with axe-core on every page on the way.
 *
 * SCREENSHOTS=1 also writes docs/screenshots/<nn>-<name>.png for each page.
 */
import fs from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import type { Browser, Page } from 'playwright-core';
import {
  ROOT,
  axeLog,
  axeSummary,
  browserDescribe,
  checkPage,
  submitAndWait,
  focusInfo,
  launchBrowser,
  newBrowserPage,
  startServer,
  type BrowserPage,
  type RunningServer,
} from './browser-support';

jest.setTimeout(120_000);

const SAMPLE = path.join(ROOT, 'samples', 'lovforslag-aendring.docx');
const BILL_TITLE =
  'Forslag til Lov om ændring af lov om social service, lov om almene boliger m.v. og lov om aktiv socialpolitik';
const ADMIN = { name: 'Anne Admin', email: 'anne@sm.dk', password: 'korrekt-hest-batteri-hæfteklamme' };
const MECHANISM =
  'Forslaget flytter beboere væk fra deres netværk, så besøg fra familie og venner bliver sjældnere';

const stage = (url: string): string => new URL(url).pathname.replace(/^\/vurderinger\/[0-9a-f-]{36}/, '');

browserDescribe()('a whole assessment in Chromium, with axe on every page', () => {
  let server: RunningServer;
  let browser: Browser;
  let bp: BrowserPage;
  let page: Page;
  let assessmentUrl = '';
  let documentTitle = '';

  /**
   * axe on the page as it is now (fails the step with every violation listed), then the screenshot
   * docs/screenshots/<nn>-<name>.png – numbered per page, so the names stay the same from run to run.
   */
  const check = (label: string, nn: number, name: string) => checkPage(page, label, nn, name);

  beforeAll(async () => {
    server = await startServer();
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
    // Console errors, CSP refusals, script errors and static files that did not load, on any page so far.
    const problems = bp?.problems.splice(0) ?? [];
    expect(problems).toEqual([]);
  });

  it('first start: every page leads to the setup, which creates the organisation and the first admin', async () => {
    await page.goto('/vurderinger');
    expect(stage(page.url())).toBe('/opsaetning');
    await expect(page.title()).resolves.toBe('Opsætning – Relationstjek');
    await check('setup', 1, 'setup');

    await page.getByLabel('Organisationens navn').fill('Social- og Boligministeriet');
    await page.getByLabel('Ministerium', { exact: true }).check();
    await page.getByLabel('Dit navn').fill(ADMIN.name);
    await page.getByLabel('Din e-mailadresse').fill(ADMIN.email);
    await page.getByLabel('Adgangskode', { exact: true }).fill(ADMIN.password);
    await page.getByLabel('Gentag adgangskoden').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Opret og log ind' }).click();
    await page.waitForURL('**/vurderinger');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Vurderinger');
    await check('assessments list (empty)', 2, 'assessments-empty');
  });

  it('logs out and in again', async () => {
    await page.getByRole('button', { name: 'Log ud' }).click();
    await page.waitForURL('**/log-ind?logget-ud');
    await expect(page.getByRole('status').textContent()).resolves.toContain('Du er logget ud.');
    await check('login (after logging out)', 3, 'login');

    await page.getByLabel('E-mailadresse').fill(ADMIN.email);
    await page.getByLabel('Adgangskode').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Log ind' }).click();
    await page.waitForURL('**/vurderinger');
    await expect(page.locator('.rt-user').textContent()).resolves.toContain(ADMIN.name);
  });

  it('creates a new assessment', async () => {
    await page.getByRole('link', { name: 'Ny vurdering' }).click();
    await page.waitForURL('**/vurderinger/ny');
    await check('new assessment', 4, 'new-assessment');

    await page.getByLabel('Titel på lovforslaget eller politikken').fill(BILL_TITLE);
    await expect(page.getByLabel('Ministerium eller kommune').inputValue()).resolves.toBe(
      'Social- og Boligministeriet',
    );
    await page.getByLabel('Sagsnummer (valgfrit)').fill('2026-1234');
    await page.locator('input[name="rulesetId"][value="dk-lovforslag"]').check();
    await page.getByLabel(/^Model a/).check();
    await page.getByRole('button', { name: 'Opret og fortsæt' }).click();
    await page.waitForURL('**/dokument');
    assessmentUrl = page.url().replace(/\/dokument$/, '');
    await expect(page.getByRole('status').textContent()).resolves.toContain('Vurderingen er oprettet');
  });

  it('uploads the amending bill and shows the overview with the findings marked in the text', async () => {
    await check('document upload', 5, 'document');
    await page.locator('#file').setInputFiles(SAMPLE);
    await page.getByRole('button', { name: 'Indlæs og screen' }).click();
    await page.waitForURL(/\/(behandling|overblik)$/);
    if (stage(page.url()) === '/behandling') {
      await check('processing (upload in the flow)', 6, 'processing');
      // app.js asks for the status and moves on by itself when the document is done.
      await page.waitForURL('**/overblik', { timeout: 60_000 });
    }
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      'Overblik over dokumentet',
    );
    documentTitle = ((await page.locator('.rt-doc-title').textContent()) ?? '').trim();
    expect(documentTitle).toBe(BILL_TITLE);
    expect(await page.locator('.rt-finding').count()).toBeGreaterThan(0);
    expect(await page.locator('.rt-finding mark').count()).toBeGreaterThan(0);
    await expect(page.locator('[aria-current="step"]').textContent()).resolves.toBe('Overblik');
    await check('overview', 7, 'overview');
  });

  it('stage 1: confirms the prefilled answers, writing a note where the answer is "unknown"', async () => {
    await page.getByRole('link', { name: 'Gå til trin 1' }).click();
    await page.waitForURL('**/trin-1');
    await check('stage 1', 8, 'stage-1');

    const groups = await page
      .locator('input[type="radio"][name^="value-"]')
      .evaluateAll((els) => [...new Set(els.map((e) => (e as unknown as { name: string }).name))]);
    expect(groups.length).toBeGreaterThan(0);
    for (const name of groups) {
      const checked = page.locator(`input[name="${name}"]:checked`);
      expect(await checked.count()).toBe(1); // prefilled with the screening's suggestion
      if ((await checked.inputValue()) === 'unknown')
        await page
          .locator(`#note-${name.slice('value-'.length)}`)
          .fill('Det afklares med Ankestyrelsen, hvor mange beboere der flytter.');
    }
    await page.getByRole('button', { name: 'Gem og fortsæt' }).click();
    await page.waitForURL(/\/trin-2\/[^/]+$/);
  });

  it('stage 2: a "yes" without a direction is refused with an error summary; what was typed is kept', async () => {
    await check('stage 2, first question', 9, 'stage-2-q1');
    await page.locator('label[for="affected"]').click(); // "Ja"
    await page.getByLabel('Mekanisme: hvordan virker forslaget på relationerne?').fill(MECHANISM);
    await submitAndWait(page.getByRole('button', { name: 'Gem og fortsæt' }));

    expect(stage(page.url())).toMatch(/^\/trin-2\//);
    await expect(page.title()).resolves.toMatch(/^Fejl: /);
    const summary = page.locator('#error-summary');
    await expect(summary.isVisible()).resolves.toBe(true);
    await expect(summary.getAttribute('role')).resolves.toBe('alert');
    await expect(summary.getAttribute('aria-labelledby')).resolves.toBe('error-summary-title');
    await expect(page.locator('#error-summary-title').textContent()).resolves.toMatch(
      /^Der er (en|\d+) fejl$/,
    );
    // At the top: before the form and every field in it.
    const before = await summary.evaluate(
      (s) =>
        ((s as unknown as Node4).compareDocumentPosition(
          (s as unknown as Node4).ownerDocument.querySelector('form[action*="/trin-2/"]') as Node4,
        ) &
          4) !==
        0,
    );
    expect(before).toBe(true);
    // app.js moves focus to the summary so a screen reader reads it first.
    await expect(focusInfo(page).then((f) => f.id)).resolves.toBe('error-summary');

    // One link per error, each to a field that exists and is marked as being in error.
    const hrefs = await summary.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
    expect(hrefs).toContain('#direction');
    for (const href of hrefs) expect(await page.locator(href).count()).toBe(1);
    await expect(
      page.locator('#direction').locator('xpath=ancestor::fieldset[1]').getAttribute('aria-describedby'),
    ).resolves.toContain('direction-error');
    await expect(page.locator('#direction-error').textContent()).resolves.toMatch(/^Fejl:/);
    // Following the link puts the field in view.
    await summary.locator('a[href="#direction"]').click();
    expect(new URL(page.url()).hash).toBe('#direction');
    await expect(page.locator('#direction').isVisible()).resolves.toBe(true);

    // What was typed and chosen is still there.
    await expect(page.locator('#mechanism').inputValue()).resolves.toBe(MECHANISM);
    await expect(page.locator('#affected').isChecked()).resolves.toBe(true);
    await check('stage 2, error state', 10, 'stage-2-error');
  });

  it('stage 2: answers the first question in full and "no" to the rest, until the check page', async () => {
    await page.locator('label[for="direction-negative"]').click();
    await page.locator('label[for="magnitude-2"]').click();
    await page.locator('label[for="likelihood-likely"]').click();
    await page.locator('label[for="span-lasting"]').click();
    await page.locator('label[for="provisions-0"]').click();
    await expect(page.locator('#provisions-0').isChecked()).resolves.toBe(true);
    await page.getByRole('button', { name: 'Gem og fortsæt' }).click();
    await page.waitForURL(/\/(trin-2\/[^/]+|tjek)$/);

    let n = 1;
    while (stage(page.url()).startsWith('/trin-2/')) {
      n++;
      expect(n).toBeLessThan(40);
      const { number, total } = await page
        .locator('main p.rt-muted')
        .first()
        .textContent()
        .then((t) => {
          const m = /Spørgsmål (\d+) af (\d+)/.exec(t ?? '');
          return { number: Number(m?.[1]), total: Number(m?.[2]) };
        });
      expect(number).toBe(n);
      expect(total).toBeGreaterThanOrEqual(n);
      await check(`stage 2, question ${n}`, 11, `stage-2-q${n}`);
      await page.locator('label[for="affected-no"]').click();
      await page.getByRole('button', { name: 'Gem og fortsæt' }).click();
      await page.waitForURL(/\/(trin-2\/[^/]+|tjek)$/);
    }
    expect(stage(page.url())).toBe('/tjek');
  });

  it('check your answers: every answer with a change link', async () => {
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Tjek dine svar');
    const change = page.getByRole('link', { name: /^Ret / });
    expect(await change.count()).toBeGreaterThan(1);
    await expect(page.locator('.rt-summary').first().textContent()).resolves.toBeTruthy();
    await expect(page.locator('main').textContent()).resolves.toContain(MECHANISM);
    // Nothing is left unanswered or unconfirmed.
    await expect(page.locator('.alert-warning').count()).resolves.toBe(0);
    await check('check your answers', 12, 'check');

    // A change link opens the answer as it was given, and "save and check answers" comes back here.
    await page.getByRole('link', { name: 'Ret Dannelse af relationer' }).click();
    await page.waitForURL(/\/trin-2\/[^/]+$/);
    await expect(page.locator('#direction-negative').isChecked()).resolves.toBe(true);
    await expect(page.locator('#magnitude-2').isChecked()).resolves.toBe(true);
    await expect(page.locator('#mechanism').inputValue()).resolves.toBe(MECHANISM);
    await page.getByRole('button', { name: 'Gem og gå til tjek af svar' }).click();
    await page.waitForURL('**/tjek');

    // A review comment on a question: shown as an open thread on this page.
    await page.getByLabel('Kommentaren handler om').selectOption({ label: 'Trin 2: Dannelse af relationer' });
    await page.getByLabel('Kommentar', { exact: true }).fill('Er beboernes pårørende hørt?');
    await submitAndWait(page.getByRole('button', { name: 'Tilføj kommentar' }));
    await expect(page.locator('.rt-comment').first().textContent()).resolves.toContain(
      'Er beboernes pårørende hørt?',
    );
    await check('check your answers with an open comment', 23, 'check-comment');
  });

  it('the outcome shows the note, and the Word note downloads', async () => {
    await page.getByRole('link', { name: 'Se resultat og notat' }).click();
    await page.waitForURL('**/resultat');
    await expect(page.locator('.alert-heading').first().textContent()).resolves.toContain(
      'Relationel bundlinje',
    );
    await expect(page.locator('.rt-note').textContent()).resolves.toContain(documentTitle);
    await check('outcome and note', 13, 'outcome');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Hent notatet som Word (.docx)' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^konsekvensnotat-.*\.docx$/);
    const bytes = fs.readFileSync(await download.path());
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    const zip = await JSZip.loadAsync(bytes);
    const xml = await zip.file('word/document.xml')?.async('string');
    expect(xml).toBeDefined();
    const text = (xml ?? '').replace(/<[^>]+>/g, '');
    expect(text).toContain(BILL_TITLE);
    expect(text).toMatch(/Relationel bundlinje|Del A – tekst til lovforslagets almindelige bemærkninger/);
  });

  it('the sign-off page: the admin sends the assessment for approval and may not approve it', async () => {
    await page.getByRole('link', { name: 'Godkendelse' }).click();
    await page.waitForURL('**/godkendelse');
    await expect(page.locator('#status').textContent()).resolves.toBe('kladde');
    await check('sign-off (draft)', 21, 'sign-off');
    await submitAndWait(page.getByRole('button', { name: 'Send til godkendelse' }));
    await expect(page.locator('#status').textContent()).resolves.toBe('til godkendelse');
    // The admin prepared it: no "Godkend" for them.
    expect(await page.getByRole('button', { name: 'Godkend' }).count()).toBe(0);
    await check('sign-off (in review)', 22, 'sign-off-in-review');
    await submitAndWait(page.getByRole('button', { name: 'Send tilbage til kladde' }));
    await expect(page.locator('#status').textContent()).resolves.toBe('kladde');
  });

  it('the assessments list, the users page and the organisations page (admin of the host organisation)', async () => {
    const menu = page.getByRole('navigation', { name: 'Hovedmenu' });
    await menu.getByRole('link', { name: 'Vurderinger' }).click();
    await page.waitForURL('**/vurderinger');
    await expect(page.getByRole('link', { name: BILL_TITLE }).count()).resolves.toBe(1);
    await expect(page.getByRole('row').nth(1).textContent()).resolves.toContain('Resultat');
    await check('assessments list', 14, 'assessments');

    await menu.getByRole('link', { name: 'Brugere' }).click();
    await page.waitForURL('**/brugere');
    await expect(page.getByRole('cell', { name: ADMIN.email }).count()).resolves.toBe(1);
    await check('users (admin)', 15, 'users');

    await menu.getByRole('link', { name: 'Organisationer' }).click();
    await page.waitForURL('**/organisationer');
    await expect(page.getByRole('cell', { name: 'Social- og Boligministeriet' }).count()).resolves.toBe(1);
    await check('organisations (admin of the host)', 16, 'organisations');
  });

  it('a file that cannot be read: the error on the upload page, and on the processing page', async () => {
    await page.goto('/vurderinger/ny');
    await page.getByLabel('Titel på lovforslaget eller politikken').fill('Forslag med en beskadiget fil');
    await page.getByRole('button', { name: 'Opret og fortsæt' }).click();
    await page.waitForURL('**/dokument');
    const second = page.url().replace(/\/dokument$/, '');

    await page.locator('#file').setInputFiles(path.join(ROOT, 'samples', 'bad', 'beskadiget.docx'));
    await submitAndWait(page.getByRole('button', { name: 'Indlæs og screen' }));
    expect(stage(page.url())).toBe('/dokument');
    await expect(page.title()).resolves.toMatch(/^Fejl: /);
    await expect(focusInfo(page).then((f) => f.id)).resolves.toBe('error-summary');
    await expect(page.locator('#error-summary a[href="#file"]').count()).resolves.toBe(1);
    await expect(page.locator('#file').getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(page.locator('#file').getAttribute('aria-describedby')).resolves.toBe(
      'file-hint file-error',
    );
    await check('document upload, file refused', 17, 'document-error');

    // The same failure as the processing page shows it when it comes after the upload page has given up waiting.
    await page.goto(`${second}/behandling`);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      'Dokumentet kunne ikke læses',
    );
    await check('processing, file could not be read', 18, 'processing-failed');
  });

  it('the processing page while a document is being read, moving on to the overview by itself', async () => {
    await page.goto('/vurderinger');
    await page.getByRole('link', { name: 'Forslag med en beskadiget fil' }).click();
    await page.waitForURL(/\/(dokument|behandling)$/);
    const second = page.url().replace(/\/(dokument|behandling)$/, '');
    const token = await page.locator('form.rt-upload input[name="_csrf"]').inputValue();
    const version = await page.locator('form.rt-upload input[name="version"]').inputValue();
    // A long text (the new-law sample 400 times, 5.7 MB) takes the worker a couple of seconds: long enough
    // to see the processing page. It is sent beside the page (same cookies), which then opens that page.
    const long = fs.readFileSync(path.join(ROOT, 'samples', 'lovforslag-ny-lov.txt'), 'utf8').repeat(400);
    const started = Date.now();
    const upload = page.request.post(`${second}/dokument`, {
      multipart: {
        _csrf: token,
        version,
        file: { name: 'langt-lovforslag.txt', mimeType: 'text/plain', buffer: Buffer.from(long, 'utf8') },
      },
      timeout: 60_000,
    });
    let seen = false;
    for (let i = 0; i < 200 && !seen; i++) {
      await page.goto(`${second}/behandling`);
      if (stage(page.url()) === '/overblik') break;
      seen = (await page.locator('#progress').count()) === 1;
      if (!seen) await page.waitForTimeout(50);
    }
    if (seen) {
      await expect(page.locator('main').textContent()).resolves.toContain('langt-lovforslag.txt');
      await check('processing, in progress', 6, 'processing');
      // app.js asks for the status and goes on to the overview by itself.
      await page.waitForURL('**/overblik', { timeout: 60_000 });
    } else {
      // Not a failure of the app, but the page went unchecked: say so in the output.
      process.stderr.write(
        `*** the document was read in ${Date.now() - started} ms, before the processing page could be shown: that page was not checked ***\n`,
      );
    }
    expect((await upload).ok()).toBe(true);
    expect(stage(page.url())).toBe('/overblik');
  });

  it('a page that does not exist', async () => {
    const res = await page.goto('/findes-ikke');
    expect(res?.status()).toBe(404);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Siden findes ikke');
    await check('404 page', 19, 'not-found');
  });

  it('switches to English on one page and back to Danish', async () => {
    await page.goto(`${assessmentUrl}/overblik`);
    await page.getByRole('link', { name: 'English' }).click();
    await page.waitForURL('**/overblik?lang=en');
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      'Overview of the document',
    );
    await check('overview in English', 20, 'overview-english');
    // The choice is remembered on the next page.
    await page.getByRole('link', { name: 'Stage 1: Relevance' }).click();
    await page.waitForURL('**/trin-1');
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en');

    await page.getByRole('link', { name: 'Dansk' }).click();
    await page.waitForURL('**/trin-1?lang=da');
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('da');
    await expect(page.getByRole('button', { name: 'Gem og fortsæt' }).count()).resolves.toBe(1);
  });

  it('found no axe violations on any page', () => {
    expect(axeLog.length).toBeGreaterThanOrEqual(20);
    expect(axeLog.filter((r) => r.violations.length).map((r) => r.label)).toEqual([]);
  });
});

/** Just enough of a DOM node for the position test above (the project's tsconfig has no DOM library). */
interface Node4 {
  compareDocumentPosition(other: Node4): number;
  ownerDocument: { querySelector(selector: string): Node4 | null };
}
