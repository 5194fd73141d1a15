import { describeEachDatabase } from '../helpers/test-databases';
import {
  createAssessment,
  csrfOf,
  logIn,
  seedOrganisation,
  stage1Defaults,
  startTestApp,
  uploadDocument,
  waitProcessed,
  type FormAgent,
  type SeededOrganisation,
  type TestApp,
} from '../helpers/test-app';

/**
 * Two people editing one assessment: the second, stale save is never a silent overwrite. It gets a conflict page
 * (409) with both versions – what they typed, kept in the form, and what is saved now, by whom and when – and can
 * then save deliberately.
 */
const versionOf = (html: string): string => /name="version" value="(\d+)"/.exec(html)?.[1] ?? '';

/** Text of the page without tags, whitespace collapsed (to read the comparison table as a person would). */
const plain = (html: string): string =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#34;|&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ');

/** The stage-1 form as the page fills it in: the checked answers and the notes (unescaped). */
function filledIn(html: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of html.matchAll(/name="(value-[a-z0-9-]+)" value="(yes|no|unknown)" checked/g))
    out[m[1] as string] = m[2] as string;
  for (const m of html.matchAll(/name="(note-[a-z0-9-]+)" rows="\d+"[^>]*>([^<]*)<\/textarea>/g))
    if (m[2]) out[m[1] as string] = plain(m[2]);
  return out;
}

/** The comparison table's rows: [label, yours, saved]. */
function comparison(html: string): string[][] {
  const table = /<table class="table rt-conflict-table">([\s\S]*?)<\/table>/.exec(html)?.[1] ?? '';
  const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(table)?.[1] ?? '';
  return [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((r) =>
    [...(r[1] ?? '').matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) => plain(c[1] ?? '').trim()),
  );
}

describeEachDatabase('two sessions editing one assessment', (getDb) => {
  let t: TestApp;
  let org: SeededOrganisation;
  let author: FormAgent;
  let admin: FormAgent;
  let id: string;
  /** The stage-2 question the tests write to. */
  let question: string;
  const url = (p: string) => `/vurderinger/${id}/${p}`;

  const answerRows = async (prefix: string) =>
    t.services.db.db
      .selectFrom('answers')
      .select(['key', 'value_json', 'updated_by'])
      .where('assessment_id', '=', id)
      .where('key', 'like', `${prefix}%`)
      .execute();
  const historyOf = async (key: string) =>
    (
      await t.services.db.db
        .selectFrom('answer_history')
        .select(['value_json', 'seq'])
        .where('assessment_id', '=', id)
        .where('key', '=', key)
        .orderBy('seq')
        .execute()
    ).map((h) => JSON.parse(h.value_json) as { value?: string; affected?: string; note?: string });
  const status = async () =>
    (
      await t.services.db.db
        .selectFrom('assessments')
        .select('status')
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
    ).status;
  const version = async () =>
    Number(
      (
        await t.services.db.db
          .selectFrom('assessments')
          .select('version')
          .where('id', '=', id)
          .executeTakeFirstOrThrow()
      ).version,
    );

  beforeAll(async () => {
    t = await startTestApp(getDb().dialect);
    org = await seedOrganisation(t.services, 'Konfliktministeriet', { host: true });
    author = await logIn(t.app, org.users.author.email);
    admin = await logIn(t.app, org.users.admin.email);
    id = await createAssessment(author, {
      title: 'Forslag til lov om lokale fællesskabshuse',
      authority: 'Kulturministeriet',
    });
    expect((await uploadDocument(author, id, 'samples/lovforslag-ny-lov.txt')).status).toBe(303);
    expect((await waitProcessed(author, id)).status).toBe('done');
  });
  afterAll(async () => {
    await t.close();
  });

  it('stage 1: the stale save gets 409 with both versions; the first save stays; the second can then save', async () => {
    // Both open stage 1 at the same version.
    const a = await author.get(url('trin-1'));
    const b = await admin.get(url('trin-1'));
    expect(versionOf(a.text)).toBe(versionOf(b.text));
    const defaults = stage1Defaults(a.text);
    const triggers = Object.keys(defaults)
      .filter((k) => k.startsWith('value-'))
      .map((k) => k.slice('value-'.length));
    expect(triggers.length).toBeGreaterThan(1);
    const [first, second] = triggers as [string, string];
    const notes = (text: string) => Object.fromEntries(triggers.map((tr) => [`note-${tr}`, text]));

    // The author saves first…
    const saved = await author
      .post(url('trin-1'))
      .type('form')
      .send({
        _csrf: csrfOf(a.text),
        version: versionOf(a.text),
        ...defaults,
        ...notes('Forfatterens begrundelse'),
        [`value-${first}`]: 'yes',
      });
    expect(saved.status).toBe(303);

    // …then the admin saves the page they read before: other values for the first two questions.
    const stale = {
      _csrf: csrfOf(b.text),
      version: versionOf(b.text),
      ...defaults,
      ...notes('Forfatterens begrundelse'),
      [`value-${first}`]: 'unknown',
      [`note-${first}`]: 'Administratoren: vi mangler tal fra kommunerne',
      [`value-${second}`]: 'no',
      [`note-${second}`]: 'Administratoren: ingen betydning for "foreningslivet"',
    };
    const conflict = await admin.post(url('trin-1')).type('form').send(stale);
    expect(conflict.status).toBe(409);
    expect(conflict.text).toContain('En anden har gemt ændringer i vurderingen');
    expect(conflict.text).toContain('href="#konflikt"');
    expect(conflict.text).toContain('id="konflikt"');
    // Both versions, clearly labelled, only the answers that differ.
    expect(conflict.text).toContain('Dit svar (ikke gemt)');
    expect(plain(conflict.text)).toContain(`Gemt af ${org.users.author.name},`);
    const rows = comparison(conflict.text);
    expect(rows).toHaveLength(2);
    expect(rows[0]?.[1]).toBe('Ved ikke – Administratoren: vi mangler tal fra kommunerne');
    expect(rows[0]?.[2]).toBe('Ja – Forfatterens begrundelse');
    expect(rows[1]?.[1]).toBe('Nej – Administratoren: ingen betydning for "foreningslivet"');
    expect(rows[1]?.[2]).toMatch(/^(Ja|Nej|Ved ikke) – Forfatterens begrundelse$/);
    // Each row leads to its question in the form; the saved answer can be taken instead of one's own.
    expect(conflict.text).toContain(`<a href="#value-${first}">`);
    expect(conflict.text).toContain(`<a href="/vurderinger/${id}/trin-1">Brug det gemte svar i stedet`);
    // What the admin typed is kept in the form, at the version saved now.
    expect(conflict.text).toMatch(new RegExp(`name="value-${first}" value="unknown" checked`));
    expect(conflict.text).toContain('Administratoren: vi mangler tal fra kommunerne</textarea>');
    expect(versionOf(conflict.text)).toBe(String(await version()));

    // Nothing of the author's save was overwritten, and the refused save left no trace in the history.
    const stored = await answerRows('trigger:');
    expect(stored).toHaveLength(triggers.length);
    for (const r of stored) {
      expect(r.updated_by).toBe(org.users.author.id);
      expect(JSON.parse(r.value_json)).toMatchObject({ note: 'Forfatterens begrundelse' });
    }
    expect(JSON.parse(stored.find((r) => r.key === `trigger:${first}`)?.value_json ?? '{}')).toMatchObject({
      value: 'yes',
    });
    expect((await historyOf(`trigger:${first}`)).map((h) => h.note)).toEqual(['Forfatterens begrundelse']);

    // The admin has now seen both and saves deliberately: the form of the conflict page goes through.
    const deliberate = await admin
      .post(url('trin-1'))
      .type('form')
      .send({ ...stale, _csrf: csrfOf(conflict.text), version: versionOf(conflict.text) });
    expect(deliberate.status).toBe(303);
    expect((await historyOf(`trigger:${first}`)).map((h) => h.note)).toEqual([
      'Forfatterens begrundelse',
      'Administratoren: vi mangler tal fra kommunerne',
    ]);
  });

  it('stage 2: the stale answer to a question gets 409 with the fields that differ and who saved', async () => {
    const start = await author.get(url('trin-2'));
    const q = /\/trin-2\/([a-z0-9-]+)$/.exec(String(start.headers.location))?.[1] as string;
    expect(q).toBeTruthy();
    question = q;
    const a = await author.get(url(`trin-2/${q}`));
    const b = await admin.get(url(`trin-2/${q}`));
    expect(
      (
        await author
          .post(url(`trin-2/${q}`))
          .type('form')
          .send({ _csrf: csrfOf(a.text), version: versionOf(a.text), affected: 'no', note: 'Ingen berørte' })
      ).status,
    ).toBe(303);
    const stale = {
      _csrf: csrfOf(b.text),
      version: versionOf(b.text),
      affected: 'unknown',
      note: 'Vi venter på KL’s opgørelse',
    };
    const conflict = await admin
      .post(url(`trin-2/${q}`))
      .type('form')
      .send(stale);
    expect(conflict.status).toBe(409);
    expect(conflict.text).toContain('En anden har gemt ændringer i vurderingen');
    expect(plain(conflict.text)).toContain(`Gemt af ${org.users.author.name},`);
    expect(comparison(conflict.text)).toEqual([
      ['Berøres nogen af dette?', 'Ved ikke', 'Nej'],
      ['Bemærkning', 'Vi venter på KL’s opgørelse', 'Ingen berørte'],
    ]);
    expect(conflict.text).toMatch(/name="affected" value="unknown" checked/);
    expect(conflict.text).toContain('Vi venter på KL’s opgørelse</textarea>');
    const row = (await answerRows(`question:${q}`))[0];
    expect(JSON.parse(row?.value_json ?? '{}')).toMatchObject({ affected: 'no', note: 'Ingen berørte' });
    expect((await historyOf(`question:${q}`)).map((h) => h.note)).toEqual(['Ingen berørte']);

    // The same in English.
    const english = await admin
      .post(`${url(`trin-2/${q}`)}?lang=en`)
      .type('form')
      .send(stale);
    expect(english.status).toBe(409);
    expect(english.text).toContain('Someone else saved changes to the assessment');
    expect(english.text).toContain('Your answer (not saved)');
    expect(plain(english.text)).toContain(`Saved by ${org.users.author.name},`);
    expect(comparison(english.text)[0]).toEqual(['Is anyone affected by this?', 'Unknown', 'No']);
    await admin.get(`${url(`trin-2/${q}`)}?lang=da`);

    const deliberate = await admin
      .post(url(`trin-2/${q}`))
      .type('form')
      .send({ ...stale, _csrf: csrfOf(conflict.text), version: versionOf(conflict.text) });
    expect(deliberate.status).toBe(303);
    expect(JSON.parse((await answerRows(`question:${q}`))[0]?.value_json ?? '{}')).toMatchObject({
      affected: 'unknown',
      note: 'Vi venter på KL’s opgørelse',
      by: org.users.admin.name,
    });
  });

  it('a conflict caused elsewhere in the assessment says the answers on the page are the same', async () => {
    const b = await admin.get(url('trin-1'));
    // The author saves something else meanwhile (a stage-2 answer): the assessment's version moves on.
    const page = await author.get(url(`trin-2/${question}`));
    expect(
      (
        await author
          .post(url(`trin-2/${question}`))
          .type('form')
          .send({ _csrf: csrfOf(page.text), version: versionOf(page.text), affected: 'no' })
      ).status,
    ).toBe(303);
    const same = await admin
      .post(url('trin-1'))
      .type('form')
      .send({ _csrf: csrfOf(b.text), ...filledIn(b.text), version: versionOf(b.text) });
    expect(same.status).toBe(409);
    expect(same.text).toContain('Dine svar her er de samme som dem, der er gemt nu');
    expect(same.text).not.toContain('rt-conflict-table');
  });

  it('sign-off: a stale move is not made; the page says why and shows the status now', async () => {
    const b = await admin.get(url('godkendelse'));
    // The author changes an answer meanwhile (version + 1): the admin's "send for approval" is stale.
    const page1 = await author.get(url('trin-1'));
    expect(
      (
        await author
          .post(url('trin-1'))
          .type('form')
          .send({
            _csrf: csrfOf(page1.text),
            version: versionOf(page1.text),
            ...stage1Defaults(page1.text, 'Forfatteren igen'),
          })
      ).status,
    ).toBe(303);
    const stale = await admin
      .post(url('godkendelse'))
      .type('form')
      .send({ _csrf: csrfOf(b.text), version: versionOf(b.text), action: 'submit' });
    expect(stale.status).toBe(409);
    expect(plain(stale.text)).toContain('»Send til godkendelse« er ikke udført. Vurderingen er nu kladde.');
    expect(stale.text).toContain('href="#status"');
    expect(versionOf(stale.text)).toBe(String(await version()));
    expect(await status()).toBe('draft');

    // The admin reads the page again; the author sends it for approval first: the admin's move no longer fits,
    // and the page shows the status as it is now, not as it was read.
    const c = await admin.get(url('godkendelse'));
    const mine = await author.get(url('godkendelse'));
    expect(
      (
        await author
          .post(url('godkendelse'))
          .type('form')
          .send({ _csrf: csrfOf(mine.text), version: versionOf(mine.text), action: 'submit' })
      ).status,
    ).toBe(303);
    const late = await admin
      .post(url('godkendelse'))
      .type('form')
      .send({ _csrf: csrfOf(c.text), version: versionOf(c.text), action: 'submit' });
    expect(late.status).toBe(403);
    expect(late.text).toContain('Vurderingen er til godkendelse');
    expect(late.text).toContain('<strong id="status">til godkendelse</strong>');
    expect(await status()).toBe('in-review');
    // Back to draft for the next test.
    const back = await author.get(url('godkendelse'));
    expect(
      (
        await author
          .post(url('godkendelse'))
          .type('form')
          .send({ _csrf: csrfOf(back.text), version: versionOf(back.text), action: 'return' })
      ).status,
    ).toBe(303);
  });

  it('upload: a stale upload is not stored; the page names the newest document version and keeps the text', async () => {
    const b = await admin.get(url('dokument'));
    expect(
      (await uploadDocument(author, id, { text: (await sampleText()) + '\nAndet udkast.' })).status,
    ).toBe(303);
    const before = await t.services.db.db
      .selectFrom('document_versions')
      .select('number')
      .where('assessment_id', '=', id)
      .execute();
    const stale = await admin
      .post(url('dokument'))
      .field('_csrf', csrfOf(b.text))
      .field('version', versionOf(b.text))
      .field('text', 'Administratorens udkast');
    expect(stale.status).toBe(409);
    expect(stale.text).toContain('Dit dokument er ikke indlæst');
    expect(plain(stale.text)).toContain(`Den nyeste dokumentversion er nu nr. ${before.length}`);
    expect(stale.text).toContain('Administratorens udkast</textarea>');
    const after = await t.services.db.db
      .selectFrom('document_versions')
      .select(['number', 'file_name', 'created_by'])
      .where('assessment_id', '=', id)
      .execute();
    expect(after).toHaveLength(before.length);
    expect(after.some((d) => d.created_by === org.users.admin.id)).toBe(false);
    await waitProcessed(author, id);
  });
});

async function sampleText(): Promise<string> {
  const { readFile } = await import('node:fs/promises');
  return readFile('samples/lovforslag-ny-lov.txt', 'utf8');
}
