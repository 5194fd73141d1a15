import JSZip from 'jszip';
import request from 'supertest';
import { copenhagenYear } from '../../src/db/archive-repository';
import { assessmentsRepository } from '../../src/db/assessments-repository';
import { pagination, toCsv } from '../../src/web/archive-views';
import { describeEachDatabase } from '../helpers/test-databases';
import {
  buffered,
  createAssessment,
  csrfOf,
  getBinary,
  logIn,
  seedOrganisation,
  startTestApp,
  uploadDocument,
  waitProcessed,
  type FormAgent,
  type SeededOrganisation,
  type TestApp,
} from '../helpers/test-app';

const BILL = 'Forslag til lov om lokale fællesskaber';
const UNSCREENED = 'Forslag om 100% gebyrfritagelse';
const SECRET = 'Hemmeligt forslag Q9 fra en anden kommune';
const SAMPLE = 'samples/lovforslag-ny-lov.txt';
const BOM = '\uFEFF';

/** A CSV response's body as text (supertest leaves unknown types as a buffer). */
function csvText(res: request.Response): string {
  return Buffer.isBuffer(res.body) ? res.body.toString('utf8') : res.text;
}

describe('archive view helpers', () => {
  it('pagination: first, last and the neighbours of the current page, gaps between', () => {
    const p = pagination(5, 9, (n) => `/arkiv?page=${n}`);
    expect(p.items.map((i) => (i.gap ? '…' : i.current ? `[${i.page}]` : String(i.page)))).toEqual([
      '1',
      '…',
      '4',
      '[5]',
      '6',
      '…',
      '9',
    ]);
    expect(p.previous).toBe('/arkiv?page=4');
    expect(p.next).toBe('/arkiv?page=6');
    const first = pagination(1, 2, (n) => `?page=${n}`);
    expect(first.previous).toBeUndefined();
    expect(first.items.map((i) => (i.gap ? '…' : i.page))).toEqual([1, 2]);
  });

  it('CSV cells: quoted when they hold ; " or a line break, and formulas kept as text', () => {
    const csv = toCsv([['a;b', 'sagt "nej"', 'to\nlinjer', '=HYPERLINK("x")', '-5', 7, 'æøå']]);
    expect(csv).toBe(`${BOM}"a;b";"sagt ""nej""";"to\nlinjer";"'=HYPERLINK(""x"")";'-5;7;æøå\r\n`);
  });
});

describeEachDatabase('the archive in the web app', (getDb) => {
  let t: TestApp;
  let org: SeededOrganisation;
  let other: SeededOrganisation;
  let author: FormAgent;
  let reviewer: FormAgent;
  let otherAuthor: FormAgent;
  let bill = '';
  let unscreened = '';
  let secret = '';
  const year = copenhagenYear(new Date().toISOString());

  beforeAll(async () => {
    t = await startTestApp(getDb().dialect);
    org = await seedOrganisation(t.services, 'Kulturministeriet', { host: true });
    other = await seedOrganisation(t.services, 'Andenkommune', { kind: 'municipality' });
    author = await logIn(t.app, org.users.author.email);
    reviewer = await logIn(t.app, org.users.reviewer.email);
    otherAuthor = await logIn(t.app, other.users.author.email);
    bill = await createAssessment(author, {
      title: BILL,
      authority: 'Kulturministeriet',
      caseNumber: '2026-0100',
    });
    unscreened = await createAssessment(author, { title: UNSCREENED, authority: 'Skatteministeriet' });
    secret = await createAssessment(otherAuthor, { title: SECRET, authority: 'Andenkommune' });
    await uploadDocument(author, bill, SAMPLE);
    await uploadDocument(otherAuthor, secret, SAMPLE);
    expect((await waitProcessed(author, bill)).status).toBe('done');
    expect((await waitProcessed(otherAuthor, secret)).status).toBe('done');
  });
  afterAll(async () => {
    await t.close();
  });

  async function row(id: string) {
    return t.services.db.db
      .selectFrom('assessments')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
  }

  it('keeps a summary once the document is processed: relevance, bottom line, themes, screening time', async () => {
    const r = await row(bill);
    expect(r?.relevance).toBe('relevant');
    expect(r?.bottom_line).toBe('not-assessed');
    expect(r?.themes).toMatch(/^ [a-z0-9 -]+ $/);
    expect(r?.screened_at).toMatch(/^\d{4}-\d\d-\d\dT/);
    const never = await row(unscreened);
    expect(never?.relevance).toBeNull();
    expect(never?.screened_at).toBeNull();
  });

  it('is in the main menu, and needs a login', async () => {
    const page = await reviewer.get('/arkiv');
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/<a href="\/arkiv" aria-current="page">Arkiv<\/a>/);
    const anonymous = await request(t.app).get('/arkiv');
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.location).toBe('/log-ind');
    expect((await request(t.app).get('/arkiv/aarsoversigt')).headers.location).toBe('/log-ind');
    expect((await request(t.app).get('/arkiv.csv')).headers.location).toBe('/log-ind');
  });

  it("lists the organisation's own assessments for any member, and never another organisation's", async () => {
    const page = await reviewer.get('/arkiv');
    expect(page.text).toContain('2 vurderinger fundet.');
    expect(page.text).toContain(`<a href="/vurderinger/${bill}">${BILL}</a>`);
    expect(page.text).toContain(`<a href="/vurderinger/${unscreened}">`);
    expect(page.text).toContain('Sag 2026-0100');
    expect(page.text).not.toContain(SECRET);
    expect(page.text).not.toContain('Andenkommune</option>');
    // The authority filter offers the organisation's own authorities.
    expect(page.text).toContain('<option value="Skatteministeriet">Skatteministeriet</option>');
    const theirs = await otherAuthor.get('/arkiv');
    expect(theirs.text).toContain(SECRET);
    expect(theirs.text).not.toContain(BILL);
  });

  it('searches by words and filters; says so when nothing matches', async () => {
    const words = await reviewer.get(`/arkiv?q=${encodeURIComponent('FÆLLESSKABER')}`);
    expect(words.text).toContain('1 vurdering fundet.');
    expect(words.text).toContain(BILL);
    expect(words.text).toContain('value="FÆLLESSKABER"');
    const percent = await reviewer.get(`/arkiv?q=${encodeURIComponent('100%')}`);
    expect(percent.text).toContain(UNSCREENED);
    expect(percent.text).not.toContain(`>${BILL}<`);
    const notAssessed = await reviewer.get('/arkiv?bottomLine=not-assessed&ruleset=dk-lovforslag');
    expect(notAssessed.text).toContain('1 vurdering fundet.');
    expect(notAssessed.text).toMatch(/<option value="not-assessed" selected>/);
    const theme = (await row(bill))?.themes.trim().split(' ')[0] ?? '';
    expect((await reviewer.get(`/arkiv?theme=${theme}`)).text).toContain('1 vurdering fundet.');
    const dated = await reviewer.get(`/arkiv?from=${year}-01-01&to=${year}-12-31`);
    expect(dated.text).toContain('1 vurdering fundet.');
    const created = await reviewer.get(`/arkiv?dateField=created&from=${year - 1}-01-01`);
    expect(created.text).toContain('2 vurderinger fundet.');
    const none = await reviewer.get('/arkiv?status=published');
    expect(none.status).toBe(200);
    expect(none.text).toContain('Ingen vurderinger passer til søgningen.');
    expect(none.text).not.toContain('<table');
  });

  it('an invalid filter is a 400 with an error summary that links to the field, not a crash', async () => {
    const bad = await reviewer.get('/arkiv?from=2026-02-30&ruleset=findes-ikke');
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('<title>Fejl: Arkiv – Relationstjek</title>');
    expect(bad.text).toContain('Der er 2 fejl');
    expect(bad.text).toContain(
      '<a href="#from">Fra-datoen 2026-02-30 findes ikke. Skriv en gyldig dato, fx 2026-03-31.</a>',
    );
    expect(bad.text).toContain('<a href="#ruleset">Vælg et regelsæt fra listen.</a>');
    expect(bad.text).toMatch(
      /id="from" name="from" type="date" value="2026-02-30" aria-describedby="from-hint from-error" aria-invalid="true"/,
    );
    expect(bad.text).not.toContain('<table');
    const reversed = await reviewer.get('/arkiv?from=2026-05-01&to=2026-04-01');
    expect(reversed.status).toBe(400);
    expect(reversed.text).toContain(
      '<a href="#to">Til-datoen skal være samme dag som eller efter fra-datoen.</a>',
    );
    const twice = await reviewer.get('/arkiv?q=a&q=b');
    expect(twice.status).toBe(400);
    // A page past the end is no error: the last page.
    expect((await reviewer.get('/arkiv?page=999')).status).toBe(200);
    expect((await reviewer.get('/arkiv?page=abc')).status).toBe(200);
  });

  it('exports the search as CSV for Danish Excel: BOM, semicolons, Danish header, attachment', async () => {
    const res = await buffered(reviewer.get('/arkiv.csv'));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename="relationstjek-arkiv-\d{4}-\d\d-\d\d\.csv"$/,
    );
    const text = csvText(res);
    expect(text.startsWith(BOM)).toBe(true);
    const lines = text.slice(1).trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'Titel;Sagsnummer;Ministerium eller kommune;Regelsæt;Status;Afløst af ny version;Relevans (trin 1);Relationel bundlinje;Begrundelse for ikke at gennemføre trin 2;Temaer;Screenet;Oprettet',
    );
    expect(lines).toHaveLength(3);
    const billLine = lines.find((l) => l.startsWith(BILL)) ?? '';
    expect(billLine.split(';').slice(0, 9)).toEqual([
      BILL,
      '2026-0100',
      'Kulturministeriet',
      'Danske lovforslag og love',
      'kladde',
      'nej',
      'relevant',
      'ikke vurderet',
      'Ingen begrundelse angivet',
    ]);
    expect(text).not.toContain(SECRET);
    const filtered = csvText(await buffered(reviewer.get(`/arkiv.csv?q=${encodeURIComponent('100%')}`)));
    expect(filtered.trimEnd().split('\r\n')).toHaveLength(2);
    expect(filtered).toContain(UNSCREENED);
    const bad = await reviewer.get('/arkiv.csv?to=31-12-2026');
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(bad.text).toBe('Til-datoen skal være en gyldig dato, fx 2026-03-31.');
  });

  it('the yearly overview: a chart and a table with the same figures, and the bills not assessed', async () => {
    const page = await reviewer.get('/arkiv/aarsoversigt');
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/<svg [^>]*role="img" aria-labelledby="year-chart-title year-chart-desc"/);
    expect(page.text).not.toMatch(/style="/);
    expect(page.text).toContain(
      '<caption id="year-table-caption">Screenede og vurderede forslag pr. år</caption>',
    );
    expect(page.text).toContain(
      `<tr><th scope="row">${year}</th><td class="rt-number">1</td><td class="rt-number">1</td><td class="rt-number">0</td><td class="rt-number">1</td></tr>`,
    );
    expect(page.text).toContain(`<a href="/vurderinger/${bill}/resultat">${BILL}</a>`);
    expect(page.text).toContain('Ingen begrundelse angivet');
    expect(page.text).toContain('1 forslag mangler en begrundelse');
    expect(page.text).not.toContain(SECRET);
    expect(page.text).not.toContain(UNSCREENED);
  });

  it('the yearly figures as CSV', async () => {
    const res = await buffered(reviewer.get('/arkiv/aarsoversigt.csv'));
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="relationstjek-aarsoversigt.csv"');
    expect(csvText(res)).toBe(
      `${BOM}År;Screenet;Fundet relevante;Vurderet (trin 2);Relevante, ikke vurderet\r\n${year};1;1;0;1\r\nI alt;1;1;0;1\r\n`,
    );
  });

  describe('comply or explain: the reason for not completing stage 2', () => {
    const url = () => `/vurderinger/${bill}/resultat`;
    const action = () => `/vurderinger/${bill}/begrundelse`;

    it('the outcome page asks the author for the reason; a reviewer sees that none is given', async () => {
      const page = await author.get(url());
      expect(page.status).toBe(200);
      expect(page.text).toContain(`<form method="post" action="${action()}" novalidate>`);
      expect(page.text).toContain(
        '<label class="form-label" for="reason">Begrundelse for ikke at gennemføre trin 2</label>',
      );
      const read = await reviewer.get(url());
      expect(read.text).not.toContain(action());
      expect(read.text).toContain('Ingen begrundelse angivet');
    });

    it('an empty or too long reason is refused with an error summary; what was typed is kept', async () => {
      const empty = await author.submit(url(), action(), { reason: '   ' });
      expect(empty.status).toBe(400);
      expect(empty.text).toContain('<a href="#reason">Skriv begrundelsen for ikke at gennemføre trin 2.</a>');
      expect(empty.text).toMatch(
        /id="reason" name="reason" rows="5" aria-describedby="reason-hint reason-error" aria-invalid="true"/,
      );
      const long = await author.submit(url(), action(), { reason: 'x'.repeat(2001) });
      expect(long.status).toBe(400);
      expect(long.text).toContain('Begrundelsen må højst være 2.000 tegn.');
      expect(long.text).toContain(`>${'x'.repeat(2001)}</textarea>`);
      expect((await row(bill))?.not_assessed_reason).toBeNull();
    });

    it('a reviewer may not give it (403), nor another organisation (404), nor a form without its token', async () => {
      const page = await reviewer.get(url());
      const version = String((await row(bill))?.version);
      const refused = await reviewer
        .post(action())
        .type('form')
        .send({ _csrf: csrfOf(page.text), version, reason: 'Forbudt' });
      expect(refused.status).toBe(403);
      const theirs = await otherAuthor
        .post(action())
        .type('form')
        .send({ _csrf: csrfOf((await otherAuthor.get('/arkiv')).text), version, reason: 'Forbudt' });
      expect(theirs.status).toBe(404);
      expect(theirs.text).not.toContain(BILL);
      const noToken = await author.post(action()).type('form').send({ version, reason: 'Forbudt' });
      expect(noToken.status).toBe(403);
      expect((await row(bill))?.not_assessed_reason).toBeNull();
    });

    it('a form read before someone else saved is a conflict (409), the text kept', async () => {
      const page = await author.get(url());
      const stale = String(Number((await row(bill))?.version) - 1);
      const res = await author
        .post(action())
        .type('form')
        .send({ _csrf: csrfOf(page.text), version: stale, reason: 'Gammel formular' });
      expect(res.status).toBe(409);
      expect(res.text).toContain('En anden har gemt ændringer');
      expect(res.text).toContain('>Gammel formular</textarea>');
    });

    it('saved: an audit event, shown on the outcome page, in the archive, the CSV and the yearly overview', async () => {
      const reason = 'Lovforslaget hastebehandles; konsekvenserne vurderes i bekendtgørelsen & vejledningen.';
      const res = await author.submit(url(), action(), { reason: `  ${reason}  ` });
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe(`${url()}#begrundelse`);
      expect((await row(bill))?.not_assessed_reason).toBe(reason);
      const events = await t.services.audit.list(org.organisation.id);
      expect(events.find((e) => e.action === 'not-assessed-reason-saved')).toMatchObject({
        assessmentId: bill,
        userId: org.users.author.id,
        detail: { reason },
      });
      const escaped = reason.replace(/&/g, '&amp;');
      expect((await author.get(url())).text).toContain(`>${escaped}</textarea>`);
      expect((await reviewer.get(url())).text).toContain(
        `<p class="rt-reason" id="reason-text">${escaped}</p>`,
      );
      expect((await reviewer.get('/arkiv')).text).toContain(escaped);
      expect(csvText(await buffered(reviewer.get('/arkiv.csv')))).toContain(`;"${reason}";`);
      const years = await reviewer.get('/arkiv/aarsoversigt');
      expect(years.text).toContain(escaped);
      expect(years.text).not.toContain('Ingen begrundelse angivet');
      // …and in the note, under the bottom line.
      const docx = await getBinary(reviewer, `/vurderinger/${bill}/notat.docx`);
      const xml =
        (await (await JSZip.loadAsync(docx.bytes)).file('word/document.xml')?.async('string')) ?? '';
      expect(xml.replace(/<[^>]+>/g, '')).toContain(
        `Begrundelse for ikke at gennemføre trin 2: ${reason.replace(/&/g, '&amp;')}`,
      );
    });
  });

  it('the summary follows stage 1: every trigger answered "no" makes the bill not relevant, with no reason asked', async () => {
    const page = await author.get(`/vurderinger/${bill}/trin-1`);
    const body: Record<string, string> = {};
    for (const m of page.text.matchAll(/name="(value-[a-z0-9-]+)" value="no"/g)) {
      const field = m[1] as string;
      body[field] = 'no';
      body[`note-${field.slice('value-'.length)}`] = 'Forslaget ændrer kun gebyrer.';
    }
    expect(
      (await author.submit(`/vurderinger/${bill}/trin-1`, `/vurderinger/${bill}/trin-1`, body)).status,
    ).toBe(303);
    const r = await row(bill);
    expect(r?.relevance).toBe('not-relevant');
    expect(r?.bottom_line).toBe('none');
    expect((await author.get(`/vurderinger/${bill}/resultat`)).text).not.toContain('/begrundelse');
    const refused = await author.submit(`/vurderinger/${bill}/resultat`, `/vurderinger/${bill}/begrundelse`, {
      reason: 'Unødvendig',
    });
    expect(refused.status).toBe(303);
    expect(refused.headers.location).toBe(`/vurderinger/${bill}/resultat`);
    const years = csvText(await buffered(reviewer.get('/arkiv/aarsoversigt.csv')));
    expect(years).toContain(`\r\n${year};1;0;0;0\r\n`);
  });

  it('at start, assessments processed before the archive existed get their summary', async () => {
    await t.services.db.db
      .updateTable('assessments')
      .set({ relevance: null, bottom_line: null, screened_at: null, themes: '' })
      .where('id', 'in', [bill, secret])
      .execute();
    expect(await t.services.assessments.refreshMissingSummaries()).toBe(2);
    expect((await row(bill))?.relevance).toBe('not-relevant');
    expect((await row(secret))?.relevance).toBe('relevant');
    expect((await row(secret))?.screened_at).not.toBeNull();
    expect(await t.services.assessments.refreshMissingSummaries()).toBe(0);
  });

  it('in English when the member chose English; the CSV stays Danish', async () => {
    const admin = await logIn(t.app, org.users.admin.email);
    const page = await admin.get('/arkiv/aarsoversigt?lang=en');
    expect(page.text).toContain('<html lang="en">');
    expect(page.text).toContain('Yearly overview: screened and assessed proposals');
    expect(page.text).toContain(
      '<title id="year-chart-title">Screened and assessed proposals per year</title>',
    );
    expect((await admin.get('/arkiv')).text).toContain('2 assessments found.');
    // The figures go into reports to Folketinget.
    expect(csvText(await buffered(admin.get('/arkiv.csv')))).toContain('Titel;Sagsnummer;');
  });

  it('pages of 50 hits, with links that keep the search; the CSV has all hits', async () => {
    const repo = assessmentsRepository(t.services.db.db);
    for (let i = 0; i < 50; i++)
      await repo.create({
        organisationId: org.organisation.id,
        title: `Udkast nr. ${i + 1}`,
        authority: 'Kulturministeriet',
        caseNumber: '',
        rulesetId: 'dk-lovforslag',
        mode: 'a',
        createdBy: org.users.author.id,
      });
    const first = await reviewer.get('/arkiv?authority=Kulturministeriet');
    expect(first.text).toContain('51 vurderinger fundet – viser 1–50.');
    expect(first.text).toContain('<nav class="pagination rt-pagination" aria-label="Sider med resultater">');
    expect(first.text).toContain(
      'href="/arkiv?authority=Kulturministeriet&amp;page=2" class="button button-arrow button-next" rel="next"',
    );
    expect(first.text).toMatch(
      /class="button current-page" aria-current="page"><span class="sr-only">Side <\/span>1<\/a>/,
    );
    expect(first.text.match(/<th scope="row"/g)).toHaveLength(50);
    const second = await reviewer.get('/arkiv?authority=Kulturministeriet&page=2');
    expect(second.text).toContain('viser 51–51.');
    expect(second.text.match(/<th scope="row"/g)).toHaveLength(1);
    expect(second.text).toContain('rel="prev"');
    expect(second.text).not.toContain('rel="next"');
    const csv = csvText(await buffered(reviewer.get('/arkiv.csv?authority=Kulturministeriet')));
    expect(csv.trimEnd().split('\r\n')).toHaveLength(52);
  });
});
