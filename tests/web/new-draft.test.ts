import {
  createAssessment,
  logIn,
  seedOrganisation,
  stage1Defaults,
  startTestApp,
  uploadDocument,
  waitProcessed,
  type FormAgent,
  type TestApp,
} from '../helpers/test-app';

const V1 = 'tests/fixtures/drafts/lovforslag-aendring-v1.txt';
const V2 = 'tests/fixtures/drafts/lovforslag-aendring-v2.txt';

async function upload(agent: FormAgent, id: string, file: string): Promise<void> {
  expect((await uploadDocument(agent, id, file)).status).toBe(303);
  expect((await waitProcessed(agent, id)).status).toBe('done');
}

describe('a new draft of the bill in the same assessment', () => {
  let t: TestApp;
  let author: FormAgent;
  let id: string;
  const questions: string[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    const org = await seedOrganisation(t.services, 'Socialministeriet', { host: true });
    author = await logIn(t.app, org.users.author.email);
    id = await createAssessment(author, {
      title: 'Ændring af lov om social service',
      authority: 'Socialministeriet',
    });
    await upload(author, id, V1);
    const stage1 = await author.get(`/vurderinger/${id}/trin-1`);
    const body = stage1Defaults(stage1.text);
    const to = await author.submit(`/vurderinger/${id}/trin-1`, `/vurderinger/${id}/trin-1`, body);
    let next = String(to.headers.location);
    // The first question cites the item v2 changes, the second one an item v2 only renumbers; the rest "no".
    const cite = ['§ 1, nr. 11', '§ 1, nr. 5'];
    while (next.includes('/trin-2/')) {
      questions.push(next.split('/').pop() as string);
      const provisions = cite[questions.length - 1];
      const res = await author.submit(
        next,
        next,
        provisions
          ? {
              affected: 'yes',
              direction: 'negative',
              magnitude: '2',
              likelihood: 'likely',
              mechanism: 'Beboere skal flytte længere væk fra deres pårørende',
              otherProvisions: provisions,
            }
          : { affected: 'no' },
      );
      expect(res.status).toBe(303);
      next = String(res.headers.location);
    }
    expect(questions.length).toBeGreaterThanOrEqual(2);
    // Answers given before the new draft arrives are older than it.
    await new Promise((r) => setTimeout(r, 20));
    await upload(author, id, V2);
  });
  afterAll(async () => {
    await t.close();
  });

  it('lists what the new draft changed: the added, the changed and the removed amendment item, renumbered ones apart', async () => {
    const page = await author.get(`/vurderinger/${id}/aendringer`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Ændringer fra udkast 1 til udkast 2');
    const section = page.text.slice(
      page.text.indexOf('Ændringsnumre'),
      page.text.indexOf('Bestemmelser og bemærkninger'),
    );
    expect(section).toMatch(/Tilføjet \(1\)[\s\S]*§ 1, nr\. 4/);
    expect(section).toMatch(/Fjernet \(1\)[\s\S]*§ 2, nr\. 1/);
    expect(section).toMatch(/Ændret \(1\)[\s\S]*§ 1, nr\. 12<\/strong> \(før § 1, nr\. 11\)/);
    expect(section).toContain('Kun nyt nummer');
  });

  it('marks for re-check only the answers tied to what changed; the rest carry over', async () => {
    const check = await author.get(`/vurderinger/${id}/tjek`);
    expect(check.text).toContain('Vurderingen gælder nu udkast 2');
    const row = (q: string): string => {
      const at = check.text.indexOf(`/trin-2/${q}"`);
      return check.text.slice(check.text.lastIndexOf('<div class="rt-summary-row">', at), at);
    };
    expect(row(questions[0] as string)).toContain('Tjek igen: udkastet er ændret');
    expect(row(questions[1] as string)).not.toContain('Tjek igen');
    for (const q of questions.slice(2)) expect(row(q)).not.toContain('Tjek igen');
    // Answered again after the new draft: no longer marked.
    const link = `/vurderinger/${id}/trin-2/${questions[0]}`;
    await author.submit(link, link, { affected: 'no' });
    const after = await author.get(`/vurderinger/${id}/tjek`);
    const at = after.text.indexOf(`/trin-2/${questions[0]}"`);
    expect(after.text.slice(after.text.lastIndexOf('<div class="rt-summary-row">', at), at)).not.toContain(
      'Tjek igen',
    );
  });

  it('the note says which draft it describes', async () => {
    const outcome = await author.get(`/vurderinger/${id}/resultat`);
    expect(outcome.text).toContain('2 (lovforslag-aendring-v2.txt)');
  });
});
