/**
 * Stage 1 with the keyboard only: log in, find the assessment, go to stage 1, change one answer with the
 * arrow keys, open "why am I asked this?" with Space, and save with Enter – Tab, Shift+Tab, Space, the
 * arrow keys and Enter are the only things that move focus or change the page. Focus must be visible.
 */
import fs from 'node:fs';
import path from 'node:path';
import { request as httpRequest, type Browser, type Page } from 'playwright-core';
import {
  ROOT,
  browserDescribe,
  focusInfo,
  launchBrowser,
  newBrowserPage,
  tabTo,
  type BrowserPage,
  type FocusInfo,
  type RunningServer,
  startServer,
} from './browser-support';

jest.setTimeout(120_000);

const ADMIN = { name: 'Karl Keyboard', email: 'karl@kommune.dk', password: 'tastatur-uden-mus-2026' };
const TITLE = 'Forslag til lov om ændring af lov om social service (tastaturtest)';

/** The assessment and its processed document, made over HTTP like a browser would (no UI under test). */
async function createAssessment(baseURL: string): Promise<string> {
  const api = await httpRequest.newContext({ baseURL });
  const csrf = async (p: string): Promise<{ token: string; html: string }> => {
    const html = await (await api.get(p)).text();
    const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
    if (!token) throw new Error(`no CSRF token on ${p}`);
    return { token, html };
  };
  try {
    const setup = await api.post('/opsaetning', {
      form: {
        _csrf: (await csrf('/opsaetning')).token,
        organisation: 'Fjordby Kommune',
        kind: 'municipality',
        ...ADMIN,
        password2: ADMIN.password,
      },
    });
    expect(new URL(setup.url()).pathname).toBe('/vurderinger');
    const created = await api.post('/vurderinger/ny', {
      form: {
        _csrf: (await csrf('/vurderinger/ny')).token,
        title: TITLE,
        authority: 'Fjordby Kommune',
        caseNumber: '',
        rulesetId: 'dk-lovforslag',
        mode: 'a',
      },
    });
    const id = /\/vurderinger\/([0-9a-f-]{36})\/dokument$/.exec(new URL(created.url()).pathname)?.[1];
    if (!id) throw new Error(`no assessment was created: ${created.url()}`);
    const doc = await csrf(`/vurderinger/${id}/dokument`);
    const uploaded = await api.post(`/vurderinger/${id}/dokument`, {
      multipart: {
        _csrf: doc.token,
        version: /name="version" value="(\d+)"/.exec(doc.html)?.[1] ?? '1',
        file: {
          name: 'lovforslag-aendring.docx',
          mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
          buffer: fs.readFileSync(path.join(ROOT, 'samples', 'lovforslag-aendring.docx')),
        },
      },
    });
    expect(uploaded.ok()).toBe(true);
    for (let i = 0; i < 200; i++) {
      const s = (await (await api.get(`/vurderinger/${id}/status`)).json()) as { status: string };
      if (s.status === 'done') return id;
      if (s.status === 'failed') throw new Error('the sample could not be read');
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('the sample was not processed in 20 s');
  } finally {
    await api.dispose();
  }
}

/** Each stage-1 question as the page shows it (read only). */
async function stage1Groups(page: Page) {
  return page.locator('section.rt-trigger').evaluateAll((sections) =>
    sections.map((el) => {
      const s = el as unknown as {
        querySelector(q: string): { value?: string; name?: string; textContent: string | null } | null;
      };
      const checked = s.querySelector('input[type="radio"]:checked');
      const name = s.querySelector('input[type="radio"]')?.name ?? '';
      const note = s.querySelector('textarea');
      return {
        name,
        noteId: `note-${name.slice('value-'.length)}`,
        value: checked?.value ?? '',
        suggestion: s.querySelector('.rt-suggestion-line strong')?.textContent?.trim() ?? '',
        noteEmpty: !(note?.value ?? '').trim(),
      };
    }),
  );
}

const expectFocusVisible = (f: FocusInfo): void => {
  expect({ focused: `${f.tag}${f.id ? '#' + f.id : ''} ${f.text}`, indicator: f.indicator }).toEqual({
    focused: expect.any(String),
    indicator: expect.stringMatching(/^(outline: [1-9]|box-shadow: )/),
  });
};

browserDescribe()('stage 1 with the keyboard only', () => {
  let server: RunningServer;
  let browser: Browser;
  let bp: BrowserPage;
  let page: Page;
  let id = '';

  beforeAll(async () => {
    server = await startServer();
    id = await createAssessment(server.url);
    browser = await launchBrowser();
    bp = await newBrowserPage(browser, server.url);
    page = bp.page;
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  afterEach(() => {
    expect(bp?.problems.splice(0) ?? []).toEqual([]);
  });

  it('logs in: the skip link comes first and shows focus; Enter in the password field sends the form', async () => {
    await page.goto('/log-ind');
    await page.keyboard.press('Tab');
    const skip = await focusInfo(page);
    expect(skip.href).toBe('#main-content');
    expectFocusVisible(skip);
    await expect(page.locator('.skipnav').isVisible()).resolves.toBe(true);

    await tabTo(page, (f) => f.id === 'email');
    await page.keyboard.type(ADMIN.email);
    await page.keyboard.press('Tab');
    expect((await focusInfo(page)).id).toBe('password');
    await page.keyboard.type(ADMIN.password);
    await page.keyboard.press('Enter');
    await page.waitForURL('**/vurderinger');
  });

  it('opens the assessment and goes to stage 1 from the overview', async () => {
    const link = await tabTo(page, (f) => f.tag === 'a' && f.text === TITLE);
    expectFocusVisible(link);
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/vurderinger/${id}/overblik`);

    const toStage1 = await tabTo(page, (f) => f.tag === 'a' && f.text === 'Gå til trin 1');
    expectFocusVisible(toStage1);
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/vurderinger/${id}/trin-1`);
  });

  it('changes one answer with the arrow keys, opens the help with Space, and saves with Enter', async () => {
    const groups = await stage1Groups(page);
    const [first] = groups;
    if (!first) throw new Error('stage 1 has no questions');

    // Into the first question: focus lands on its checked radio, and shows.
    const radio = await tabTo(page, (f) => f.name === first.name);
    expect(radio).toMatchObject({ type: 'radio', checked: true, value: first.value });
    expectFocusVisible(radio);

    // On past the note to "Why am I asked this?", open it with Space, and back with Shift+Tab.
    const summary = await tabTo(page, (f) => f.tag === 'summary');
    expectFocusVisible(summary);
    const details = page.locator('section.rt-trigger').first().locator('details');
    await expect(details.evaluate((d) => (d as unknown as { open: boolean }).open)).resolves.toBe(false);
    await page.keyboard.press('Space');
    await expect(details.evaluate((d) => (d as unknown as { open: boolean }).open)).resolves.toBe(true);
    await tabTo(page, (f) => f.id === first.noteId, { backwards: true, max: 3 });
    await tabTo(page, (f) => f.name === first.name, { backwards: true, max: 3 });
    // Out again, past the opened help text (it has no focusable content).
    await tabTo(page, (f) => f.tag === 'summary', { max: 3 });

    // The answer to change: a "no" becomes "yes" (ArrowLeft); failing that a "yes" becomes "no" (ArrowRight).
    const target = groups.find((g) => g.value === 'no') ?? groups.find((g) => g.value === 'yes');
    if (!target) throw new Error('no "yes" or "no" answer to change in stage 1');
    const changeTo = target.value === 'no' ? 'yes' : 'no';
    const suggestionWas: Record<string, string> = { Ja: 'yes', Nej: 'no', 'Ved ikke': 'unknown' };
    for (const g of groups) {
      if (g === target) {
        // The first question is behind the focus now (on its summary): back with Shift+Tab.
        await tabTo(
          page,
          (f) => f.name === g.name && f.checked,
          g === first ? { backwards: true, max: 3 } : {},
        );
        await page.keyboard.press(changeTo === 'yes' ? 'ArrowLeft' : 'ArrowRight');
        const now = await focusInfo(page);
        expect(now).toMatchObject({ name: g.name, value: changeTo, checked: true });
        expectFocusVisible(now);
        g.value = changeTo;
      }
      // "Unknown", and a "no" where the text points to yes, need a note: typed, of course.
      const needsNote = g.value === 'unknown' || (g.value === 'no' && suggestionWas[g.suggestion] === 'yes');
      if (needsNote && g.noteEmpty) {
        await tabTo(page, (f) => f.id === g.noteId);
        await page.keyboard.type('Afklares med kommunernes tilsyn; svaret skrives af sagsbehandleren.');
      }
    }

    const save = await tabTo(page, (f) => f.tag === 'button' && f.text === 'Gem og fortsæt');
    expectFocusVisible(save);
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`/vurderinger/${id}/(trin-2/[^/]+|tjek)$`));

    // Saved: stage 1 shows the new answer, no longer a suggestion.
    await page.goto(`/vurderinger/${id}/trin-1`);
    await expect(page.locator(`input[name="${target.name}"]:checked`).inputValue()).resolves.toBe(changeTo);
    await expect(page.locator('.rt-suggestion-line em').count()).resolves.toBe(0); // "ikke bekræftet"
  });
});
