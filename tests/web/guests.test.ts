import JSZip from 'jszip';
import {
  createAssessment,
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

/** The text of a .docx response's main part. */
async function docxText(body: Buffer): Promise<string> {
  const xml = await (await JSZip.loadAsync(body)).file('word/document.xml')?.async('string');
  return (xml ?? '').replace(/<[^>]+>/g, '');
}

describe('reviewers invited from the network organisation', () => {
  let t: TestApp;
  let ministry: SeededOrganisation;
  let network: SeededOrganisation;
  let author: FormAgent;
  let guest: FormAgent;
  let shared: string;
  let notShared: string;

  beforeAll(async () => {
    t = await startTestApp();
    ministry = await seedOrganisation(t.services, 'Socialministeriet', { host: true });
    network = await seedOrganisation(t.services, 'Netværket mod ensomhed', { kind: 'network' });
    author = await logIn(t.app, ministry.users.author.email);
    guest = await logIn(t.app, network.users.reviewer.email);
    shared = await createAssessment(author, {
      title: 'Forslag om besøgsvenner',
      authority: 'Socialministeriet',
    });
    notShared = await createAssessment(author, {
      title: 'Hemmeligt forslag',
      authority: 'Socialministeriet',
    });
    for (const id of [shared, notShared]) {
      await uploadDocument(author, id, 'samples/lovforslag-aendring.docx');
      await waitProcessed(author, id);
    }
  });
  afterAll(async () => {
    await t.close();
  });

  const signOff = (id: string) => `/vurderinger/${id}/godkendelse`;

  it('refuses an invitation to someone outside a network organisation, saying what to do', async () => {
    for (const email of [ministry.users.reviewer.email, 'ukendt@ft.dk']) {
      const res = await author.submit(signOff(shared), `/vurderinger/${shared}/deling`, { email });
      expect(res.status).toBe(400);
      expect(res.text).toContain('Der er ingen bruger med den e-mailadresse i en netværksorganisation');
      expect(res.text).toContain(`value="${email}"`); // what was typed is kept
    }
    const empty = await author.submit(signOff(shared), `/vurderinger/${shared}/deling`, { email: '' });
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('Skriv e-mailadressen');
    const bad = await author.submit(signOff(shared), `/vurderinger/${shared}/deling`, {
      email: 'ikke-en-adresse',
    });
    expect(bad.text).toContain('Skriv en gyldig e-mailadresse');
    expect(await t.services.guests.ownerFor(network.users.reviewer.id, shared)).toBeUndefined();
  });

  it('before the invitation, the network reviewer gets the same 404 as for any unknown assessment', async () => {
    const res = await guest.get(`/vurderinger/${shared}/overblik`);
    expect(res.status).toBe(404);
    expect(res.text).not.toContain('besøgsvenner');
  });

  it('an author invites a network reviewer by e-mail: listed, audited, and shown on the invitee’s list', async () => {
    const res = await author.submit(signOff(shared), `/vurderinger/${shared}/deling`, {
      email: network.users.reviewer.email.toUpperCase(),
    });
    expect(res.status).toBe(303);
    const page = await author.get(signOff(shared));
    expect(page.text).toContain('Inviterede læsere');
    expect(page.text).toContain(network.users.reviewer.name);
    const events = await t.services.audit.list(ministry.organisation.id, 50);
    expect(events.map((e) => e.action)).toContain('guest-invited');

    const list = await guest.get('/vurderinger');
    expect(list.text).toContain('Delt med dig');
    expect(list.text).toContain('Forslag om besøgsvenner');
    expect(list.text).not.toContain('Hemmeligt forslag');
  });

  it('the guest reads and comments on that one assessment, and nothing else of the organisation', async () => {
    for (const p of ['overblik', 'tjek', 'resultat', 'godkendelse']) {
      const res = await guest.get(`/vurderinger/${shared}/${p}`);
      expect([p, res.status]).toEqual([p, 200]);
      expect(res.text).toContain('Du er inviteret af Socialministeriet');
      expect(res.text).not.toContain(`/vurderinger/${shared}/trin-1"`); // no links to steps that change it
    }
    for (const p of ['overblik', 'tjek', 'resultat']) {
      const res = await guest.get(`/vurderinger/${notShared}/${p}`);
      expect(res.status).toBe(404);
      expect(res.text).not.toContain('Hemmeligt');
    }
    const c = await guest.submit(`/vurderinger/${shared}/tjek`, `/vurderinger/${shared}/kommentarer`, {
      target: 'general',
      'comment-body': 'Netværket spørger: hvordan rammes ældre på plejehjem?',
    });
    expect(c.status).toBe(303);
    const comments = await t.services.comments.list(ministry.organisation.id, shared);
    expect(comments.map((x) => [x.body, x.author.id])).toEqual([
      ['Netværket spørger: hvordan rammes ældre på plejehjem?', network.users.reviewer.id],
    ]);
    const seen = await author.get(`/vurderinger/${shared}/tjek`);
    expect(seen.text).toContain('hvordan rammes ældre på plejehjem');
  });

  it('the guest cannot change, approve, share or delete the assessment, and the author’s bookmark stays put', async () => {
    const before = await t.services.assessments.assessment(
      { ...ministry.users.author, role: 'author', organisation: ministry.organisation },
      shared,
    );
    for (const p of ['trin-1', 'dokument', 'trin-2'])
      expect((await guest.get(`/vurderinger/${shared}/${p}`)).status).toBe(403);
    const tries = [
      [`/vurderinger/${shared}/tjek`, `/vurderinger/${shared}/trin-1`, { 'value-x': 'yes' }],
      [signOff(shared), `/vurderinger/${shared}/deling`, { email: network.users.author.email }],
      [signOff(shared), `/vurderinger/${shared}/godkendelse`, { action: 'submit' }],
      [signOff(shared), `/vurderinger/${shared}/slet`, { confirm: 'yes' }],
    ] as const;
    for (const [from, to, body] of tries) {
      const res = await guest.submit(from, to, body);
      expect([to, res.status]).toEqual([to, 403]);
    }
    const after = await t.services.assessments.assessment(
      { ...ministry.users.author, role: 'author', organisation: ministry.organisation },
      shared,
    );
    expect(after).toEqual(before);
    expect(await t.services.guests.ownerFor(network.users.author.id, shared)).toBeUndefined();
  });

  it('the note has the review comments as an appendix only when asked for', async () => {
    const plain = await getBinary(author, `/vurderinger/${shared}/notat.docx`);
    const withComments = await getBinary(author, `/vurderinger/${shared}/notat.docx?kommentarer=1`);
    expect(withComments.status).toBe(200);
    const a = await docxText(plain.bytes);
    const b = await docxText(withComments.bytes);
    expect(a).not.toContain('Bilag: Kommentarer fra gennemgangen');
    expect(b).toContain('Bilag: Kommentarer fra gennemgangen');
    expect(b).toContain('Netværket spørger: hvordan rammes ældre på plejehjem?');
    expect(b).toContain(network.users.reviewer.name);
    expect(b).toContain('Åben');
    // The guest may download it too: read access.
    expect((await guest.get(`/vurderinger/${shared}/notat.docx`)).status).toBe(200);
  });

  it('after the access is removed the guest gets 404 again; removal is audited', async () => {
    const res = await author.submit(
      signOff(shared),
      `/vurderinger/${shared}/deling/${network.users.reviewer.id}/fjern`,
      {},
    );
    expect(res.status).toBe(303);
    expect((await guest.get(`/vurderinger/${shared}/overblik`)).status).toBe(404);
    expect((await guest.get('/vurderinger')).text).not.toContain('Delt med dig');
    const events = await t.services.audit.list(ministry.organisation.id, 50);
    expect(events.map((e) => e.action)).toContain('guest-removed');
    const again = await author.submit(
      signOff(shared),
      `/vurderinger/${shared}/deling/${network.users.reviewer.id}/fjern`,
      {},
    );
    expect(again.status).toBe(404);
  });
});
