/**
 * Two people on one assessment in two browser contexts against the real server: both open stage 1, the first
 * saves, the second's save is refused with the conflict page – both versions side by side – and the second then
 * saves deliberately. The same for one stage-2 question. axe-core on the conflict pages.
 *
 * SCREENSHOTS=1 also writes docs/screenshots/40-conflict.png and 41-conflict-stage-2.png.
 */
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { hashPassword } from '../../src/auth/passwords';
import { accountsRepository } from '../../src/db/accounts-repository';
import { openDatabase } from '../../src/db/database';
import {
  ROOT,
  axeSummary,
  browserDescribe,
  checkPage,
  launchBrowser,
  logInAs,
  newBrowserPage,
  startServer,
  submitAndWait,
  type BrowserPage,
  type RunningServer,
} from './browser-support';

jest.setTimeout(120_000);

const PASSWORD = 'korrekt-hest-batteri-hæfteklamme';
const ANNA = { name: 'Anna Sagsbehandler', email: 'anna@kum.dk' };
const BO = { name: 'Bo Kollega', email: 'bo@kum.dk' };
const TITLE = 'Forslag til lov om lokale fællesskabshuse';
const ANNA_NOTE = 'Husene åbner for alle aldersgrupper; det styrker relationerne på tværs.';
const BO_NOTE = 'Vi mangler Kulturministeriets tal for, hvor mange huse der faktisk åbner.';

browserDescribe()('two people save the same assessment: the conflict page in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  const people: BrowserPage[] = [];
  let anna: Page;
  let bo: Page;
  let url = '';

  beforeAll(async () => {
    server = await startServer();
    const db = await openDatabase({ dataDir: server.dataDir });
    const accounts = accountsRepository(db.db);
    const hash = await hashPassword(PASSWORD);
    const ministry = await accounts.createOrganisation('Kulturministeriet', 'ministry', true);
    for (const p of [ANNA, BO])
      await accounts.createUser({ ...p, passwordHash: hash, organisationId: ministry.id, role: 'author' });
    await db.close();
    browser = await launchBrowser();
    for (let i = 0; i < 2; i++) people.push(await newBrowserPage(browser, server.url));
    [anna, bo] = people.map((p) => p.page) as [Page, Page];
  });

  afterAll(async () => {
    process.stdout.write(`${axeSummary()}\n`);
    await browser?.close();
    await server?.stop();
  });

  afterEach(() => {
    for (const p of people) expect(p.problems).toEqual([]);
  });

  it('Anna creates the assessment and uploads the bill', async () => {
    await logInAs(anna, ANNA.email, PASSWORD);
    await anna.getByRole('link', { name: 'Ny vurdering' }).click();
    await anna.getByLabel('Titel på lovforslaget eller politikken').fill(TITLE);
    await anna.getByRole('button', { name: 'Opret og fortsæt' }).click();
    await anna.waitForURL('**/dokument');
    url = anna.url().replace(/\/dokument$/, '');
    await anna.locator('#file').setInputFiles(path.join(ROOT, 'samples', 'lovforslag-ny-lov.txt'));
    await anna.getByRole('button', { name: 'Indlæs og screen' }).click();
    await anna.waitForURL('**/overblik', { timeout: 60_000 });
  });

  it('both open stage 1; Anna saves first; Bo’s save gets the conflict page with both versions', async () => {
    await logInAs(bo, BO.email, PASSWORD);
    await anna.goto(`${url}/trin-1`);
    await bo.goto(`${url}/trin-1`);
    const first = await anna.locator('input[type="radio"][name^="value-"]').first().getAttribute('name');
    const trigger = String(first).slice('value-'.length);

    // Anna: "yes" with a reason, and a note wherever the suggestion is "unknown".
    await anna.locator(`label[for="value-${trigger}"]`).click();
    await anna.locator(`#note-${trigger}`).fill(ANNA_NOTE);
    for (const n of await anna.locator('input[type="radio"][value="unknown"]:checked').all()) {
      const name = String(await n.getAttribute('name')).slice('value-'.length);
      await anna.locator(`#note-${name}`).fill('Afventer tal fra KL.');
    }
    await anna.getByRole('button', { name: 'Gem og fortsæt' }).click();
    await anna.waitForURL(/\/(trin-2\/[^/]+|tjek)$/);

    // Bo, on the page he read before: "unknown", with what is missing.
    await bo.locator(`label[for="value-${trigger}-unknown"]`).click();
    await bo.locator(`#note-${trigger}`).fill(BO_NOTE);
    for (const n of await bo.locator('input[type="radio"][value="unknown"]:checked').all()) {
      const name = String(await n.getAttribute('name')).slice('value-'.length);
      if (name !== trigger) await bo.locator(`#note-${name}`).fill('Afventer tal fra KL.');
    }
    await submitAndWait(bo.getByRole('button', { name: 'Gem og fortsæt' }));
    expect(new URL(bo.url()).pathname).toBe(new URL(`${url}/trin-1`).pathname);
    await expect(bo.title()).resolves.toMatch(/^Fejl: /);
    await expect(bo.locator('#error-summary').textContent()).resolves.toContain(
      'En anden har gemt ændringer i vurderingen',
    );
    const table = bo.getByRole('table', { name: 'Svar, der er forskellige' });
    await expect(table.getByRole('columnheader').allTextContents()).resolves.toEqual([
      'Spørgsmål',
      'Dit svar (ikke gemt)',
      expect.stringMatching(new RegExp(`^Gemt af ${ANNA.name}, \\d{1,2}\\. \\w+ \\d{4}`)),
    ]);
    const row = table.getByRole('row').nth(1);
    await expect(row.getByRole('cell').allTextContents()).resolves.toEqual([
      `Ved ikke – ${BO_NOTE}`,
      `Ja – ${ANNA_NOTE}`,
    ]);
    // What Bo typed is still in the form.
    await expect(bo.locator(`#note-${trigger}`).inputValue()).resolves.toBe(BO_NOTE);
    await expect(bo.locator(`#value-${trigger}-unknown`).isChecked()).resolves.toBe(true);
    await checkPage(bo, 'stage 1, conflict with both versions', 40, 'conflict');

    // Bo has seen Anna's answer and saves his own deliberately.
    await bo.getByRole('button', { name: 'Gem og fortsæt' }).click();
    await bo.waitForURL(/\/(trin-2\/[^/]+|tjek)$/);
    await anna.goto(`${url}/trin-1`);
    await expect(anna.locator(`#note-${trigger}`).inputValue()).resolves.toBe(BO_NOTE);
  });

  it('one stage-2 question: the conflict page lists the fields that differ', async () => {
    await anna.goto(`${url}/trin-2`);
    await anna.waitForURL(/\/trin-2\/[^/]+$/);
    const question = anna.url();
    await bo.goto(question);
    await anna.locator('label[for="affected-no"]').click();
    await anna.locator('#note').fill('Ingen berørte: husene findes allerede i alle kommuner.');
    await anna.getByRole('button', { name: 'Gem og fortsæt' }).click();
    await anna.waitForURL((u) => u.toString() !== question);

    await bo.locator('label[for="affected-unknown"]').click();
    await bo.locator('#note').fill(BO_NOTE);
    await submitAndWait(bo.getByRole('button', { name: 'Gem og fortsæt' }));
    expect(bo.url()).toBe(question);
    const table = bo.getByRole('table', { name: 'Svar, der er forskellige' });
    await expect(table.getByRole('rowheader').allTextContents()).resolves.toEqual([
      'Berøres nogen af dette?',
      'Bemærkning',
    ]);
    await expect(bo.locator('#note').inputValue()).resolves.toBe(BO_NOTE);
    await checkPage(bo, 'stage 2, conflict with both versions', 41, 'conflict-stage-2');
  });
});
