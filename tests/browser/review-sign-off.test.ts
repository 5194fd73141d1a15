/**
 * Review and sign-off in a real browser against the real server, three people in three browser contexts: an
 * author shares the assessment with a reviewer of the cross-party network, who comments; the author answers
 * and resolves the comment and sends the assessment for approval; an approver approves it; the Word note then
 * carries the sign-off and the comment appendix. axe-core on every new page on the way.
 *
 * SCREENSHOTS=1 also writes docs/screenshots/<nn>-<name>.png for each page (numbers 30–39). The approver also
 * makes a personal API key and uses it on the JSON API.
 */
import fs from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import type { Browser, Page } from 'playwright-core';
import { hashPassword } from '../../src/auth/passwords';
import { accountsRepository } from '../../src/db/accounts-repository';
import { openDatabase } from '../../src/db/database';
import {
  ROOT,
  axeSummary,
  browserDescribe,
  checkPage,
  logInAs,
  submitAndWait,
  launchBrowser,
  newBrowserPage,
  startServer,
  type BrowserPage,
  type RunningServer,
} from './browser-support';

jest.setTimeout(120_000);

const PASSWORD = 'korrekt-hest-batteri-hæfteklamme';
const AUTHOR = { name: 'Anna Sagsbehandler', email: 'anna@sm.dk' };
const APPROVER = { name: 'Peter Godkender', email: 'peter@sm.dk' };
const GUEST = { name: 'Nina Netværk', email: 'nina@ft.dk' };
const TITLE = 'Forslag til lov om ændring af lov om social service (besøgsvenner)';
const COMMENT = 'Hvordan rammes pårørende, der bor langt fra plejehjemmet?';
const REPLY = 'Det er belyst under spørgsmål 2; tallene kommer fra Danmarks Statistik.';

const logIn = (page: Page, email: string) => logInAs(page, email, PASSWORD);

browserDescribe()('review → sign-off → note in Chromium, three people', () => {
  let server: RunningServer;
  let browser: Browser;
  const people: BrowserPage[] = [];
  let author: Page;
  let approver: Page;
  let guest: Page;
  let url = '';

  const check = checkPage;

  beforeAll(async () => {
    server = await startServer();
    // The people are seeded straight into the server's database (the setup and invitation pages have their
    // own browser test); the server has migrated it by the time it listens.
    const db = await openDatabase({ dataDir: server.dataDir });
    const accounts = accountsRepository(db.db);
    const hash = await hashPassword(PASSWORD);
    const ministry = await accounts.createOrganisation('Social- og Boligministeriet', 'ministry', true);
    const network = await accounts.createOrganisation(
      'Folketingets tværpolitiske netværk mod ensomhed',
      'network',
    );
    for (const [p, org, role] of [
      [AUTHOR, ministry, 'author'],
      [APPROVER, ministry, 'approver'],
      [GUEST, network, 'reviewer'],
    ] as const)
      await accounts.createUser({ ...p, passwordHash: hash, organisationId: org.id, role });
    await db.close();
    browser = await launchBrowser();
    for (let i = 0; i < 3; i++) people.push(await newBrowserPage(browser, server.url));
    [author, approver, guest] = people.map((p) => p.page) as [Page, Page, Page];
  });

  afterAll(async () => {
    process.stdout.write(`${axeSummary()}\n`);
    await browser?.close();
    await server?.stop();
  });

  it('the author creates the assessment and uploads the bill', async () => {
    await logIn(author, AUTHOR.email);
    await author.getByRole('link', { name: 'Ny vurdering' }).click();
    await author.getByLabel('Titel på lovforslaget eller politikken').fill(TITLE);
    await author.getByRole('button', { name: 'Opret og fortsæt' }).click();
    await author.waitForURL('**/dokument');
    url = author.url().replace(/\/dokument$/, '');
    await author.locator('#file').setInputFiles(path.join(ROOT, 'samples', 'lovforslag-aendring.docx'));
    await author.getByRole('button', { name: 'Indlæs og screen' }).click();
    await author.waitForURL('**/overblik', { timeout: 60_000 });
  });

  it('the author invites the network reviewer on the sign-off page', async () => {
    await author.getByRole('link', { name: 'Godkendelse og deling' }).click();
    await author.waitForURL('**/godkendelse');
    await author.getByLabel('E-mailadresse').fill('ikke-i-netvaerket@sm.dk');
    await submitAndWait(author.getByRole('button', { name: 'Inviter' }));
    await expect(author.locator('#error-summary').textContent()).resolves.toContain(
      'ingen bruger med den e-mailadresse i en netværksorganisation',
    );
    await check(author, 'sharing, e-mail refused', 30, 'share-error');
    await author.getByLabel('E-mailadresse').fill(GUEST.email);
    await submitAndWait(author.getByRole('button', { name: 'Inviter' }));
    await expect(author.getByRole('status').textContent()).resolves.toContain(
      `${GUEST.name} kan nu læse og kommentere vurderingen.`,
    );
    await expect(author.getByRole('table', { name: 'Inviterede læsere' }).textContent()).resolves.toContain(
      GUEST.name,
    );
    await check(author, 'sign-off and sharing, one guest', 31, 'share');
  });

  it('the guest finds the assessment shared with them, reads it and comments', async () => {
    await logIn(guest, GUEST.email);
    await expect(guest.getByRole('heading', { name: 'Delt med dig' }).count()).resolves.toBe(1);
    await check(guest, 'assessments list with one shared', 32, 'shared-with-me');
    await guest.getByRole('link', { name: TITLE }).click();
    await guest.waitForURL('**/overblik');
    await expect(guest.getByRole('note').textContent()).resolves.toContain(
      'Du er inviteret af Social- og Boligministeriet',
    );
    // No way into the steps that change the assessment.
    const steps = guest.getByRole('navigation', { name: 'Trin i vurderingen' });
    expect(await steps.getByRole('link', { name: /Trin 1/ }).count()).toBe(0);
    await check(guest, 'overview as an invited guest', 33, 'guest-overview');

    await steps.getByRole('link', { name: 'Tjek svar' }).click();
    await guest.waitForURL('**/tjek');
    await guest.getByLabel('Kommentar', { exact: true }).fill(COMMENT);
    await submitAndWait(guest.getByRole('button', { name: 'Tilføj kommentar' }));
    await expect(guest.locator('.rt-comment').first().textContent()).resolves.toContain(COMMENT);
    await check(guest, 'check page with the guest’s comment', 34, 'guest-comment');
  });

  it('the author replies, resolves the comment and sends the assessment for approval', async () => {
    await author.goto(`${url}/tjek`);
    const thread = author.locator('.rt-comment').filter({ hasText: COMMENT });
    await thread.getByLabel('Svar').fill(REPLY);
    await submitAndWait(thread.getByRole('button', { name: 'Send svar' }));
    await submitAndWait(
      author
        .locator('.rt-comment')
        .filter({ hasText: COMMENT })
        .getByRole('button', { name: /Markér som løst/ }),
    );
    expect(await author.locator('.rt-comment').filter({ hasText: COMMENT }).count()).toBeLessThanOrEqual(1);
    await check(author, 'check page after resolving', 35, 'comment-resolved');

    await author.goto(`${url}/godkendelse`);
    await submitAndWait(author.getByRole('button', { name: 'Send til godkendelse' }));
    await expect(author.locator('#status').textContent()).resolves.toBe('til godkendelse');
    expect(await author.getByRole('button', { name: 'Godkend' }).count()).toBe(0);
  });

  it('the approver approves it; it is read-only now', async () => {
    await logIn(approver, APPROVER.email);
    await approver.goto(`${url}/godkendelse`);
    await submitAndWait(approver.getByRole('button', { name: 'Godkend', exact: true }));
    await expect(approver.locator('#status').textContent()).resolves.toBe('godkendt');
    await expect(approver.locator('.rt-summary').textContent()).resolves.toContain(APPROVER.name);
    await check(approver, 'sign-off, approved', 36, 'approved');

    // The author's change pages send them to sign-off with the reason.
    await author.goto(`${url}/trin-1`);
    await author.waitForURL('**/godkendelse');
    await expect(author.getByRole('status').textContent()).resolves.toContain('kan ikke længere ændres');
  });

  it('the note shows the sign-off, and the comment appendix when asked for', async () => {
    await approver.goto(`${url}/resultat`);
    await expect(approver.locator('.rt-note').textContent()).resolves.toContain(APPROVER.name);
    await check(approver, 'outcome of an approved assessment', 37, 'approved-outcome');
    const [download] = await Promise.all([
      approver.waitForEvent('download'),
      approver.getByRole('link', { name: 'Hent notatet med kommentarer som bilag' }).click(),
    ]);
    const bytes = fs.readFileSync(await download.path());
    const xml = (await (await JSZip.loadAsync(bytes)).file('word/document.xml')?.async('string')) ?? '';
    const text = xml.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    // The note is headed with the bill's own title, as read from the document.
    expect(text).toContain('Forslag til Lov om ændring af lov om social service, lov om almene boliger');
    expect(text).toMatch(new RegExp(`Udarbejdet af ${AUTHOR.name}`));
    expect(text).toMatch(new RegExp(`Godkendt af ${APPROVER.name}, \\d{1,2}\\.\\d{1,2}\\.\\d{4}`));
    expect(text).toContain('Bilag: Kommentarer fra gennemgangen');
    expect(text).toContain(`${GUEST.name}`);
    expect(text).toContain(COMMENT);
    expect(text).toContain(REPLY);
    expect(text).toMatch(/Løst \d/);
  });

  it('the approver makes a personal API key, reads the outcome with it, and revokes it', async () => {
    await approver
      .getByRole('navigation', { name: 'Hovedmenu' })
      .getByRole('link', { name: 'API-nøgler' })
      .click();
    await approver.waitForURL('**/konto/api-noegler');
    await submitAndWait(approver.getByRole('button', { name: 'Opret API-nøgle' }));
    await expect(approver.locator('#error-summary').textContent()).resolves.toContain('Giv nøglen et navn.');
    await check(approver, 'API keys, name missing', 38, 'api-keys-error');
    await approver.getByLabel('Navn på nøglen').fill('Sagssystem, test');
    await submitAndWait(approver.getByRole('button', { name: 'Opret API-nøgle' }));
    const token = ((await approver.locator('#api-token').textContent()) ?? '').trim();
    expect(token).toMatch(/^rt_/);
    await check(approver, 'API keys, new key shown once', 39, 'api-keys');

    const id = url.split('/').pop() ?? '';
    const api = (t: string) =>
      approver.request.get(`/api/v1/assessments/${id}/outcome`, {
        headers: { Authorization: `Bearer ${t}` },
      });
    const ok = await api(token);
    expect(ok.status()).toBe(200);
    expect(Object.keys((await ok.json()) as object)).toContain('bottomLine');

    await submitAndWait(approver.getByRole('button', { name: /Tilbagekald/ }));
    expect((await api(token)).status()).toBe(401);
    await approver.reload();
    expect(await approver.locator('#api-token').count()).toBe(0); // shown once only
  });

  it('no page had console errors, CSP refusals or failed files', () => {
    expect(people.flatMap((p) => p.problems)).toEqual([]);
  });
});
