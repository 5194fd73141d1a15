import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { can, type Action } from '../../src/auth/permissions';
import type { Member, Role } from '../../src/domain/assessment';
import {
  buffered,
  csrfOf,
  logIn,
  seedOrganisation,
  startTestApp,
  type FormAgent,
  type SeededOrganisation,
  type TestApp,
} from '../helpers/test-app';

/**
 * Every route × every role: what a role may do it gets, what it may not do is a 403 that changes nothing,
 * without a login it is the login page, and another organisation's assessment is a 404 that shows none of it.
 */

const TITLE = 'Fortrolig vurdering Q7X – lokale mødesteder';
/** A phrase from the sample document: must never reach another organisation. */
const PHRASE = 'fællesskabshus';
const SAMPLE = fs.readFileSync(path.join(__dirname, '../../samples/lovforslag-ny-lov.txt'), 'utf8');
const WORD = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const ROLES: readonly Role[] = ['admin', 'author', 'reviewer'];

type Method = 'GET' | 'POST';
type BodyKind = 'form' | 'multipart';

interface Route {
  method: Method;
  /** With `:id` and `:questionId` filled in at run time. */
  path: string;
  action: Action;
  body?: BodyKind;
  /** What an allowed role gets (POSTs are sent with an empty form, which changes nothing). */
  ok: {
    status: number;
    location?: (id: string, questionId: string) => RegExp;
    /** Where a redirect goes, for the test's name. */
    to?: string;
    word?: boolean;
  };
}

const at = (s: string) => (id: string) => new RegExp(`^/vurderinger/${id}/${s}$`);

const ROUTES: Route[] = [
  { method: 'GET', path: '/vurderinger', action: 'assessment:read', ok: { status: 200 } },
  { method: 'GET', path: '/vurderinger/ny', action: 'assessment:write', ok: { status: 200 } },
  { method: 'POST', path: '/vurderinger/ny', action: 'assessment:write', body: 'form', ok: { status: 400 } },
  {
    method: 'GET',
    path: '/vurderinger/:id',
    action: 'assessment:read',
    ok: {
      status: 303,
      location: at('(dokument|behandling|overblik|trin-1|trin-2|tjek|resultat)'),
      to: 'its step',
    },
  },
  { method: 'GET', path: '/vurderinger/:id/dokument', action: 'assessment:write', ok: { status: 200 } },
  {
    method: 'POST',
    path: '/vurderinger/:id/dokument',
    action: 'assessment:write',
    body: 'multipart',
    ok: { status: 400 },
  },
  {
    method: 'GET',
    path: '/vurderinger/:id/behandling',
    action: 'assessment:read',
    ok: { status: 303, location: at('overblik'), to: '/vurderinger/:id/overblik' },
  },
  { method: 'GET', path: '/vurderinger/:id/status', action: 'assessment:read', ok: { status: 200 } },
  { method: 'GET', path: '/vurderinger/:id/overblik', action: 'assessment:read', ok: { status: 200 } },
  { method: 'GET', path: '/vurderinger/:id/trin-1', action: 'assessment:write', ok: { status: 200 } },
  {
    method: 'POST',
    path: '/vurderinger/:id/trin-1',
    action: 'assessment:write',
    body: 'form',
    ok: { status: 400 },
  },
  {
    method: 'GET',
    path: '/vurderinger/:id/trin-2',
    action: 'assessment:write',
    ok: { status: 303, location: (id, q) => at(`trin-2/${q}`)(id), to: 'the first question' },
  },
  {
    method: 'GET',
    path: '/vurderinger/:id/trin-2/:questionId',
    action: 'assessment:write',
    ok: { status: 200 },
  },
  {
    method: 'POST',
    path: '/vurderinger/:id/trin-2/:questionId',
    action: 'assessment:write',
    body: 'form',
    ok: { status: 400 },
  },
  { method: 'GET', path: '/vurderinger/:id/tjek', action: 'assessment:read', ok: { status: 200 } },
  { method: 'GET', path: '/vurderinger/:id/resultat', action: 'assessment:read', ok: { status: 200 } },
  {
    method: 'GET',
    path: '/vurderinger/:id/notat.docx',
    action: 'assessment:read',
    ok: { status: 200, word: true },
  },
  // With one draft there are no changes to show: to the overview.
  {
    method: 'GET',
    path: '/vurderinger/:id/aendringer',
    action: 'assessment:read',
    ok: { status: 303, location: at('overblik'), to: '/vurderinger/:id/overblik' },
  },
  // Every reader may comment (reviewers above all); an empty comment is refused (400).
  {
    method: 'POST',
    path: '/vurderinger/:id/kommentarer',
    action: 'assessment:read',
    body: 'form',
    ok: { status: 400 },
  },
  { method: 'GET', path: '/vurderinger/:id/godkendelse', action: 'assessment:read', ok: { status: 200 } },
  // Every reader may post here; the sign-off rules (tests/assessments/sign-off.test.ts) decide who may do what.
  {
    method: 'POST',
    path: '/vurderinger/:id/godkendelse',
    action: 'assessment:read',
    body: 'form',
    ok: { status: 400 },
  },
  // Admins only; without the confirmation box ticked nothing is deleted (400).
  {
    method: 'POST',
    path: '/vurderinger/:id/slet',
    action: 'assessment:delete',
    body: 'form',
    ok: { status: 400 },
  },
  // Only from an approved assessment: a draft gets 409 with the reason.
  {
    method: 'POST',
    path: '/vurderinger/:id/ny-version',
    action: 'assessment:write',
    body: 'form',
    ok: { status: 409 },
  },
  // Sharing with a network reviewer; an empty form is refused (400) and changes nothing.
  {
    method: 'POST',
    path: '/vurderinger/:id/deling',
    action: 'assessment:write',
    body: 'form',
    ok: { status: 400 },
  },
  // `:userId` is someone never invited: an allowed role gets 404 and nothing changes.
  {
    method: 'POST',
    path: '/vurderinger/:id/deling/:userId/fjern',
    action: 'assessment:write',
    body: 'form',
    ok: { status: 404 },
  },
  // The archive and the yearly counts: every member, of their own organisation only.
  { method: 'GET', path: '/arkiv', action: 'assessment:read', ok: { status: 200 } },
  { method: 'GET', path: '/arkiv.csv', action: 'assessment:read', ok: { status: 200 } },
  { method: 'GET', path: '/arkiv/aarsoversigt', action: 'assessment:read', ok: { status: 200 } },
  { method: 'GET', path: '/arkiv/aarsoversigt.csv', action: 'assessment:read', ok: { status: 200 } },
  // "Comply or explain": the reason a relevant bill is not assessed; an empty form is refused.
  {
    method: 'POST',
    path: '/vurderinger/:id/begrundelse',
    action: 'assessment:write',
    body: 'form',
    ok: { status: 400 },
  },
  // Personal API tokens: every member manages their own (an empty name is refused; an unknown token is a 404).
  { method: 'GET', path: '/konto/api-noegler', action: 'assessment:read', ok: { status: 200 } },
  {
    method: 'POST',
    path: '/konto/api-noegler',
    action: 'assessment:read',
    body: 'form',
    ok: { status: 400 },
  },
  {
    method: 'POST',
    path: '/konto/api-noegler/:tokenId/tilbagekald',
    action: 'assessment:read',
    body: 'form',
    ok: { status: 404 },
  },
  { method: 'GET', path: '/brugere', action: 'users:manage', ok: { status: 200 } },
  { method: 'POST', path: '/brugere', action: 'users:manage', body: 'form', ok: { status: 400 } },
  { method: 'GET', path: '/organisationer', action: 'organisations:manage', ok: { status: 200 } },
  {
    method: 'POST',
    path: '/organisationer',
    action: 'organisations:manage',
    body: 'form',
    ok: { status: 400 },
  },
];

const ID_ROUTES = ROUTES.filter((r) => r.path.includes(':id'));

// ---------- the app, the two organisations, one agent per role ----------

let t: TestApp;
let host: SeededOrganisation;
let other: SeededOrganisation;
/** The cross-party network: its reviewer is invited to the host's assessment `id`, not to `unshared`. */
let network: SeededOrganisation;
let guest: FormAgent;
let guestToken = '';
let unshared = '';
const agents = {} as Record<'host' | 'other', Record<Role, FormAgent>>;
const tokens = {} as Record<'host' | 'other', Record<Role, string>>;
let id = '';
let questionId = '';
/** Stage-1 answers as the suggestions give them. */
let stage1: Record<string, string> = {};

async function member(role: Role, org: SeededOrganisation = host): Promise<Member> {
  const m = await t.services.accounts.member(org.users[role].id);
  if (!m) throw new Error(`no member for ${role}`);
  return m;
}

async function workspace() {
  const w = await t.services.assessments.workspace(await member('author'), id);
  if (!w) throw new Error('the assessment is gone');
  return w;
}

/** Everything a request could change: compared before and after every refused request. */
async function snapshot() {
  const w = await workspace();
  const { accounts, audit, assessments } = t.services;
  const orgs = [host, other];
  return {
    assessment: w.assessment,
    answers: w.answers,
    document: w.document && { id: w.document.id, number: w.document.number, status: w.document.status },
    assessments: await Promise.all(
      orgs.map(async (o) => (await assessments.list(await member('admin', o))).map((a) => a.id)),
    ),
    organisations: (await accounts.organisations()).map((o) => o.id),
    members: await Promise.all(orgs.map(async (o) => (await accounts.members(o.organisation.id)).length)),
    invitations: await Promise.all(
      orgs.map(async (o) => (await accounts.pendingInvitations(o.organisation.id)).map((i) => i.email)),
    ),
    audit: await Promise.all(orgs.map(async (o) => (await audit.list(o.organisation.id, 100_000)).length)),
    comments: (await t.services.comments.list(host.organisation.id, id)).length,
    guests: (await t.services.guests.guests(host.organisation.id, id)).map((g) => g.userId),
    apiTokens: (await t.services.db.db.selectFrom('api_tokens').select('id').execute()).length,
  };
}

function fill(p: string, assessmentId = id): string {
  return p
    .replace(':id', assessmentId)
    .replace(':questionId', questionId)
    .replace(':userId', other.users.reviewer.id)
    .replace(':tokenId', '00000000-0000-4000-8000-000000000000');
}

/** A body that would change something if the route let it through. */
async function validBody(route: Route): Promise<Record<string, string>> {
  const version = String((await workspace()).assessment.version);
  if (route.path === '/vurderinger/ny')
    return {
      title: 'Forbudt vurdering',
      authority: 'Ingen',
      caseNumber: '',
      rulesetId: 'dk-lovforslag',
      mode: 'a',
    };
  if (route.path.endsWith('/dokument')) return { version, text: 'Forbudt tekst. § 1. Ingen.' };
  if (route.path.endsWith('/trin-1')) {
    const body: Record<string, string> = { version };
    for (const k of Object.keys(stage1))
      if (k.startsWith('value-')) {
        body[k] = 'unknown';
        body[`note-${k.slice('value-'.length)}`] = 'Forbudt ændring';
      }
    return body;
  }
  if (route.path.endsWith('/:questionId'))
    return { version, affected: 'unknown', note: 'Forbudt ændring', goto: 'next' };
  if (route.path.endsWith('/godkendelse')) return { version, action: 'submit' };
  if (route.path.endsWith('/ny-version')) return {};
  if (route.path.endsWith('/kommentarer')) return { target: 'general', 'comment-body': 'Forbudt kommentar' };
  if (route.path.endsWith('/slet')) return { confirm: 'yes' };
  if (route.path.endsWith('/deling')) return { email: network.users.author.email };
  if (route.path.endsWith('/fjern') || route.path.endsWith('/tilbagekald')) return {};
  if (route.path === '/konto/api-noegler') return { name: 'Forbudt nøgle' };
  if (route.path.endsWith('/begrundelse')) return { version, reason: 'Forbudt begrundelse' };
  if (route.path === '/brugere')
    return { name: 'Forbudt Person', email: 'forbudt-bruger@eksempel.dk', role: 'admin' };
  if (route.path === '/organisationer')
    return {
      organisation: 'Forbudt Kommune',
      kind: 'municipality',
      name: 'Forbudt Admin',
      email: 'forbudt-org@eksempel.dk',
    };
  throw new Error(`no body for ${route.path}`);
}

/** Sends the route's request: `token` undefined sends no CSRF token; `body` 'empty' sends only the token (and version). */
async function send(
  agent: TestAgent,
  route: Route,
  opts: { token?: string; body: 'empty' | 'valid'; assessmentId?: string },
) {
  const url = fill(route.path, opts.assessmentId);
  if (route.method === 'GET') {
    return route.ok.word ? buffered(agent.get(url)) : agent.get(url);
  }
  const fields: Record<string, string> =
    opts.body === 'valid'
      ? await validBody(route)
      : route.body === 'multipart'
        ? { version: String((await workspace()).assessment.version) }
        : {};
  if (opts.token !== undefined) fields._csrf = opts.token;
  if (route.body === 'multipart') {
    const req = agent.post(url);
    for (const [k, v] of Object.entries(fields)) req.field(k, v);
    return req;
  }
  return agent.post(url).type('form').send(fields);
}

function textOf(res: request.Response): string {
  if (typeof res.text === 'string') return res.text;
  return Buffer.isBuffer(res.body) ? res.body.toString('utf8') : JSON.stringify(res.body ?? '');
}

function expectNothingOfTheAssessment(res: request.Response): void {
  const text = textOf(res);
  expect(text).not.toContain(TITLE);
  expect(text).not.toContain(PHRASE);
  expect(text).not.toContain('Lov om lokale');
}

beforeAll(async () => {
  t = await startTestApp();
  host = await seedOrganisation(t.services, 'Værtsministeriet', { host: true });
  other = await seedOrganisation(t.services, 'Andenkommune', { kind: 'municipality' });
  network = await seedOrganisation(t.services, 'Netværket', { kind: 'network' });
  guest = await logIn(t.app, network.users.reviewer.email);
  guestToken = csrfOf((await guest.get('/vurderinger')).text);
  for (const [key, org] of [
    ['host', host],
    ['other', other],
  ] as const) {
    agents[key] = {} as Record<Role, FormAgent>;
    tokens[key] = {} as Record<Role, string>;
    for (const role of ROLES) {
      const agent = await logIn(t.app, org.users[role].email);
      agents[key][role] = agent;
      tokens[key][role] = csrfOf((await agent.get('/vurderinger')).text);
    }
  }

  // The host organisation's author creates the assessment, uploads the sample and answers stage 1.
  const author = agents.host.author;
  const created = await author.submit('/vurderinger/ny', '/vurderinger/ny', {
    title: TITLE,
    authority: 'Værtsministeriet',
    caseNumber: '2026-0042',
    rulesetId: 'dk-lovforslag',
    mode: 'a',
  });
  expect(created.status).toBe(303);
  const m = /^\/vurderinger\/([0-9a-f-]{36})\/dokument$/.exec(String(created.headers.location));
  if (!m?.[1]) throw new Error(`unexpected redirect ${created.headers.location}`);
  id = m[1];

  const uploaded = await author
    .post(`/vurderinger/${id}/dokument`)
    .field('_csrf', tokens.host.author)
    .field('version', '1')
    .field('text', SAMPLE);
  expect(uploaded.status).toBe(303);

  const deadline = Date.now() + 60_000;
  for (;;) {
    const s = await author.get(`/vurderinger/${id}/status`);
    const status = (s.body as { status?: string }).status;
    if (status === 'done') break;
    if (status === 'failed' || Date.now() > deadline)
      throw new Error(`processing ended as ${status}: ${JSON.stringify(s.body)}`);
    await new Promise((r) => setTimeout(r, 100));
  }

  const page = await author.get(`/vurderinger/${id}/trin-1`);
  expect(page.status).toBe(200);
  // One section per trigger: its suggestion line and its radios (the suggested value is checked).
  const sections = page.text.split('<section class="rt-trigger"').slice(1);
  expect(sections.length).toBeGreaterThan(0);
  stage1 = {};
  for (const section of sections) {
    const radios = [
      ...section.matchAll(
        /<input class="form-radio" type="radio" id="[^"]*" name="value-([^"]+)" value="([^"]+)"( checked)?>/g,
      ),
    ];
    const trigger = radios[0]?.[1];
    if (!trigger) throw new Error('a stage-1 question without radios');
    const value = radios.find((r) => r[3])?.[2] ?? 'unknown';
    stage1[`value-${trigger}`] = value;
    const suggestedYes = /Forslag: <strong>Ja</.test(section);
    if (value === 'unknown' || (value === 'no' && suggestedYes))
      stage1[`note-${trigger}`] = 'Afventer oplysninger fra kommunerne.';
  }
  const answered = await author.submit(`/vurderinger/${id}/trin-1`, `/vurderinger/${id}/trin-1`, {
    version: String((await workspace()).assessment.version),
    ...stage1,
  });
  expect(answered.status).toBe(303);
  expect(answered.headers.location).toMatch(new RegExp(`^/vurderinger/${id}/trin-2/`));
  const stage2 = await author.get(`/vurderinger/${id}/trin-2`);
  expect(stage2.status).toBe(303);
  const q = new RegExp(`^/vurderinger/${id}/trin-2/([^/?]+)$`).exec(String(stage2.headers.location));
  if (!q?.[1]) throw new Error(`unexpected stage-2 redirect ${stage2.headers.location}`);
  questionId = q[1];

  // The network reviewer is invited to this assessment; a second one of the host stays unshared.
  expect(
    await t.services.guests.grant(host.organisation.id, id, network.users.reviewer.id, host.users.admin.id),
  ).toBe(true);
  const second = await author.submit('/vurderinger/ny', '/vurderinger/ny', {
    title: 'Ikke delt vurdering',
    authority: 'Værtsministeriet',
    caseNumber: '',
    rulesetId: 'dk-lovforslag',
    mode: 'a',
  });
  unshared = /([0-9a-f-]{36})/.exec(String(second.headers.location))?.[1] ?? '';
  expect(unshared).not.toBe('');
});

afterAll(async () => {
  await t?.close();
});

// ---------- the matrix: the host organisation's roles, and no login ----------

type Who = Role | 'anonymous';

interface Case {
  name: string;
  route: Route;
  who: Who;
  allowed: boolean;
}

const cases: Case[] = ROUTES.flatMap((route) =>
  (['admin', 'author', 'reviewer', 'anonymous'] as const).map((who) => {
    const allowed = who !== 'anonymous' && can(who, route.action, true);
    const outcome =
      who === 'anonymous'
        ? '303 /log-ind'
        : allowed
          ? `${route.ok.status}${route.ok.to ? ` ${route.ok.to}` : ''}${route.ok.word ? ' Word' : ''}`
          : '403';
    return {
      name: `${route.method} ${route.path} as ${who === 'anonymous' ? 'not logged in' : who} → ${outcome}`,
      route,
      who,
      allowed,
    };
  }),
);

describe('route access in the host organisation', () => {
  test.each(cases)('$name', async ({ route, who, allowed }) => {
    if (allowed && who !== 'anonymous') {
      const res = await send(agents.host[who], route, { token: tokens.host[who], body: 'empty' });
      expect(res.status).toBe(route.ok.status);
      if (route.ok.location) expect(res.headers.location).toMatch(route.ok.location(id, questionId));
      if (route.ok.word) {
        expect(res.headers['content-type']).toContain(WORD);
        expect((res.body as Buffer).subarray(0, 2).toString('latin1')).toBe('PK');
      }
      if (route.path.endsWith('/status')) {
        expect(res.headers['content-type']).toContain('application/json');
        expect((res.body as { status: string }).status).toBe('done');
      }
      return;
    }
    const before = await snapshot();
    const res =
      who === 'anonymous'
        ? // A fresh client: no cookies, no session, no CSRF token.
          await send(request.agent(t.app), route, { body: 'valid' })
        : // With the session's valid token, so only the role can stop a POST.
          await send(agents.host[who], route, { token: tokens.host[who], body: 'valid' });
    if (who === 'anonymous') {
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/log-ind');
    } else {
      expect(res.status).toBe(403);
      expect(textOf(res)).toContain('Du har ikke adgang');
    }
    expectNothingOfTheAssessment(res);
    expect(await snapshot()).toEqual(before);
  });

  it('a not-logged-in POST with a valid token of an anonymous session also goes to the login page', async () => {
    const anon = request.agent(t.app);
    const token = csrfOf((await anon.get('/log-ind')).text);
    const before = await snapshot();
    for (const route of ROUTES.filter((r) => r.method === 'POST')) {
      const res = await send(anon, route, { token, body: 'valid' });
      expect([route.path, res.status, res.headers.location]).toEqual([route.path, 303, '/log-ind']);
    }
    expect(await snapshot()).toEqual(before);
  });

  it('a logged-in POST without the CSRF token is refused (403) and changes nothing', async () => {
    const before = await snapshot();
    for (const route of ROUTES.filter((r) => r.method === 'POST' && r.body === 'form')) {
      const res = await send(agents.host.admin, route, { body: 'valid' });
      expect([route.path, res.status]).toEqual([route.path, 403]);
      expect(res.text).toContain('Formularen kunne ikke sendes');
    }
    expect(await snapshot()).toEqual(before);
  });

  it('shows the »Ny vurdering« button to admins and authors, not to reviewers', async () => {
    for (const role of ['admin', 'author'] as const) {
      const res = await agents.host[role].get('/vurderinger');
      expect(res.text).toContain('href="/vurderinger/ny"');
      expect(res.text).toContain('Ny vurdering');
      expect(res.text).toContain(TITLE);
    }
    const res = await agents.host.reviewer.get('/vurderinger');
    expect(res.status).toBe(200);
    expect(res.text).toContain(TITLE);
    expect(res.text).not.toContain('href="/vurderinger/ny"');
    expect(res.text).not.toContain('Ny vurdering');
  });

  it('resumes where the assessment was left, but a reviewer on a page a reviewer may read', async () => {
    expect((await agents.host.author.get(`/vurderinger/${id}/trin-1`)).status).toBe(200);
    const author = await agents.host.author.get(`/vurderinger/${id}`);
    expect(author.headers.location).toBe(`/vurderinger/${id}/trin-1`);
    const reviewer = await agents.host.reviewer.get(`/vurderinger/${id}`);
    expect(reviewer.headers.location).toBe(`/vurderinger/${id}/overblik`);
  });

  it('shows the assessment and its document to its own organisation (so the isolation checks mean something)', async () => {
    const res = await agents.host.reviewer.get(`/vurderinger/${id}/overblik`);
    expect(res.status).toBe(200);
    expect(res.text).toContain(TITLE);
    expect(res.text).toContain(PHRASE);
  });
});

// ---------- isolation: another organisation never sees the assessment ----------

const isolationCases = ID_ROUTES.flatMap((route) =>
  ROLES.map((role) => {
    // The assessment is looked up in the member's own organisation first: another organisation's is a 404 for every
    // role, whatever the role may do.
    const status = 404;
    return {
      name: `${route.method} ${route.path} as ${role} of another organisation → ${status}`,
      route,
      role,
      status,
    };
  }),
);

describe('another organisation', () => {
  test.each(isolationCases)('$name', async ({ route, role, status }) => {
    const before = await snapshot();
    const res = await send(agents.other[role], route, { token: tokens.other[role], body: 'valid' });
    expect(res.status).toBe(status);
    expect(res.headers.location).toBeUndefined();
    expect(textOf(res)).toContain(status === 404 ? 'Vurderingen findes ikke' : 'Du har ikke adgang');
    expectNothingOfTheAssessment(res);
    expect(await snapshot()).toEqual(before);
  });

  it('a 404 for another organisation’s assessment is the same page as for an id that does not exist (no existence oracle)', async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    for (const route of ID_ROUTES) {
      const real = await send(agents.other.reviewer, route, { token: tokens.other.reviewer, body: 'valid' });
      const fake = await send(agents.other.reviewer, route, {
        token: tokens.other.reviewer,
        body: 'valid',
        assessmentId: missing,
      });
      expect([route.path, real.status, fake.status]).toEqual([route.path, 404, 404]);
      // The pages differ only in the address (the language link repeats it).
      expect(textOf(real).replaceAll(id, '…')).toBe(textOf(fake).replaceAll(missing, '…'));
    }
  });

  it('its assessment list does not show the first organisation’s assessment', async () => {
    for (const role of ROLES) {
      const res = await agents.other[role].get('/vurderinger');
      expect(res.status).toBe(200);
      expect(res.text).not.toContain(TITLE);
      expect(res.text).not.toContain(id);
      expect(res.text).toContain('Der er endnu ingen vurderinger i din organisation.');
    }
  });

  it('its admin (not the host organisation) gets 403 on /organisationer, GET and POST, and nothing is created', async () => {
    const before = await snapshot();
    const get = await agents.other.admin.get('/organisationer');
    expect(get.status).toBe(403);
    expect(get.text).toContain('Du har ikke adgang');
    const route = ROUTES.find((r) => r.method === 'POST' && r.path === '/organisationer');
    if (!route) throw new Error('no route');
    const post = await send(agents.other.admin, route, { token: tokens.other.admin, body: 'valid' });
    expect(post.status).toBe(403);
    expect(post.text).toContain('Du har ikke adgang');
    expect(await snapshot()).toEqual(before);
    // …while it may manage its own users.
    expect((await agents.other.admin.get('/brugere')).status).toBe(200);
  });
});

// ---------- an invited reviewer from the network organisation ----------

const guestCases = ID_ROUTES.map((route) => {
  // On the assessment they are invited to, a guest is a reviewer of the owning organisation, nothing more.
  const allowed = can('reviewer', route.action);
  return {
    name: `${route.method} ${route.path} as an invited network reviewer → ${allowed ? route.ok.status : 403}`,
    route,
    allowed,
  };
});

describe('an invited reviewer from the network organisation', () => {
  test.each(guestCases)('$name', async ({ route, allowed }) => {
    const before = await snapshot();
    if (allowed) {
      const res = await send(guest, route, { token: guestToken, body: 'empty' });
      expect(res.status).toBe(route.ok.status);
      if (route.ok.location) expect(res.headers.location).toMatch(route.ok.location(id, questionId));
      if (route.ok.word) expect(res.headers['content-type']).toContain(WORD);
      expect(await snapshot()).toEqual(before);
      return;
    }
    const res = await send(guest, route, { token: guestToken, body: 'valid' });
    expect(res.status).toBe(403);
    expect(textOf(res)).toContain('Du har ikke adgang');
    expect(await snapshot()).toEqual(before);
  });

  test.each(
    ID_ROUTES.map((route) => ({
      name: `${route.method} ${route.path} on an assessment not shared → 404`,
      route,
    })),
  )('$name', async ({ route }) => {
    const before = await snapshot();
    const res = await send(guest, route, { token: guestToken, body: 'valid', assessmentId: unshared });
    expect(res.status).toBe(404);
    expect(textOf(res)).toContain('Vurderingen findes ikke');
    expect(textOf(res)).not.toContain('Ikke delt vurdering');
    expect(await snapshot()).toEqual(before);
  });

  it('sees the shared assessment in its list, not the organisation’s other assessments', async () => {
    const res = await guest.get('/vurderinger');
    expect(res.text).toContain('Delt med dig');
    expect(res.text).toContain(TITLE);
    expect(res.text).not.toContain('Ikke delt vurdering');
  });
});

// ---------- malformed and unknown ids ----------

const BAD_IDS = [
  'abc',
  '../etc/passwd',
  '00000000-0000-4000-8000-000000000000',
  '------------------------------------',
  "1' OR '1'='1",
];

const malformedCases = ID_ROUTES.flatMap((route) =>
  BAD_IDS.map((bad) => ({
    name: `${route.method} ${route.path} with id ${JSON.stringify(bad)} → 404`,
    route,
    bad,
  })),
);

describe('malformed or unknown ids', () => {
  test.each(malformedCases)('$name', async ({ route, bad }) => {
    const before = await snapshot();
    const res = await send(agents.host.author, route, {
      token: tokens.host.author,
      body: 'valid',
      assessmentId: encodeURIComponent(bad),
    });
    expect(res.status).toBe(404);
    expect(textOf(res)).toContain('Vurderingen findes ikke');
    expectNothingOfTheAssessment(res);
    expect(await snapshot()).toEqual(before);
  });

  it('an unencoded path traversal does not reach anything either', async () => {
    const res = await agents.host.author.get('/vurderinger/../etc/passwd');
    expect(res.status).toBe(404);
    expect(res.text).not.toContain('root:');
  });
});

// ---------- control: the refused bodies were real attempts ----------

describe('control', () => {
  it('the bodies refused above change things when an allowed role sends them (so »nothing changed« means something)', async () => {
    const posts = [
      '/vurderinger/ny',
      '/brugere',
      '/organisationer',
      '/vurderinger/:id/trin-2/:questionId',
      '/vurderinger/:id/trin-1',
      '/vurderinger/:id/dokument',
      '/konto/api-noegler',
    ];
    for (const p of posts) {
      const route = ROUTES.find((r) => r.method === 'POST' && r.path === p);
      if (!route) throw new Error(`no route ${p}`);
      const before = await snapshot();
      const res = await send(agents.host.admin, route, { token: tokens.host.admin, body: 'valid' });
      expect([p, res.status]).toEqual([
        p,
        ['/brugere', '/organisationer', '/konto/api-noegler'].includes(p) ? 201 : 303,
      ]);
      expect(await snapshot()).not.toEqual(before);
    }
  });
});
