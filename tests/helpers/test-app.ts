import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { hashPassword } from '../../src/auth/passwords';
import { loadConfig } from '../../src/config';
import type { Organisation, Role, User } from '../../src/domain/assessment';
import { createServices, type Services } from '../../src/services';
import { createApp } from '../../src/web/app';
import { TEST_DATABASE_URL } from './test-databases';

export const PASSWORD = 'korrekt-hest-batteri-hæfteklamme';

export interface TestApp {
  app: ReturnType<typeof createApp>;
  services: Services;
  close(): Promise<void>;
}

/** The real app on a fresh database (SQLite in a temp folder, or a PostgreSQL schema), with a worker pool. */
export async function startTestApp(
  kind: 'sqlite' | 'postgres' = 'sqlite',
  env: Record<string, string> = {},
): Promise<TestApp> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-app-'));
  const schema =
    kind === 'postgres' ? `rt_app_${process.pid}_${Math.random().toString(36).slice(2, 8)}` : undefined;
  const config = loadConfig({
    DATA_DIR: dir,
    LOG_LEVEL: 'silent',
    WORKERS: '1',
    ...(kind === 'postgres' ? { DATABASE_URL: TEST_DATABASE_URL } : {}),
    ...env,
  });
  const services = await createServices(config, schema ? { schema } : {});
  return {
    app: createApp(services),
    services,
    async close() {
      await services.close();
      if (schema) {
        const { Client } = await import('pg');
        const c = new Client({ connectionString: TEST_DATABASE_URL });
        await c.connect();
        await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        await c.end();
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface SeededOrganisation {
  organisation: Organisation;
  users: Record<Role, User>;
}

let counter = 0;

/** An organisation with one user per role, all with PASSWORD. */
export async function seedOrganisation(
  services: Services,
  name: string,
  options: { host?: boolean; kind?: Organisation['kind'] } = {},
): Promise<SeededOrganisation> {
  const organisation = await services.accounts.createOrganisation(
    name,
    options.kind ?? 'ministry',
    options.host ?? false,
  );
  const passwordHash = await hashPassword(PASSWORD);
  const users = {} as Record<Role, User>;
  for (const role of ['admin', 'author', 'reviewer'] as const) {
    counter++;
    users[role] = await services.accounts.createUser({
      email: `${role}${counter}@${name.toLowerCase().replace(/[^a-z]+/g, '')}.dk`,
      name: `${role[0]?.toUpperCase()}${role.slice(1)} ${counter}`,
      passwordHash,
      organisationId: organisation.id,
      role,
    });
  }
  return { organisation, users };
}

/** The CSRF token in a page's forms. */
export function csrfOf(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!m?.[1]) throw new Error('no CSRF token on the page');
  return m[1];
}

/** A logged-in browser-like agent (cookies kept), with a helper to post forms with the page's token. */
export async function logIn(app: TestApp['app'], email: string, password = PASSWORD) {
  const agent = request.agent(app);
  const page = await agent.get('/log-ind');
  const res = await agent
    .post('/log-ind')
    .type('form')
    .send({ _csrf: csrfOf(page.text), email, password });
  if (res.status !== 303) throw new Error(`login failed for ${email}: ${res.status}`);
  return withForms(agent);
}

export function withForms(agent: TestAgent) {
  return Object.assign(agent, {
    /** Fetches `formPage` for its token, then posts `body` to `action`. */
    async submit(formPage: string, action: string, body: Record<string, string | string[]>) {
      const page = await agent.get(formPage);
      // The version the page was read at, as a browser would post it back.
      const version = /name="version" value="(\d+)"/.exec(page.text)?.[1];
      return agent
        .post(action)
        .type('form')
        .send({ _csrf: csrfOf(page.text), ...(version ? { version } : {}), ...body });
    },
  });
}

export type FormAgent = Awaited<ReturnType<typeof logIn>>;

/** Creates an assessment through the form (the dk-lovforslag ruleset unless told); its id. */
export async function createAssessment(
  agent: FormAgent,
  fields: { title: string; authority: string; caseNumber?: string; mode?: 'a' | 'b' },
): Promise<string> {
  const res = await agent.submit('/vurderinger/ny', '/vurderinger/ny', {
    caseNumber: '',
    rulesetId: 'dk-lovforslag',
    mode: 'a',
    ...fields,
  });
  const id = /\/vurderinger\/([0-9a-f-]{36})\/dokument/.exec(String(res.headers.location))?.[1];
  if (res.status !== 303 || !id)
    throw new Error(`assessment not created: ${res.status} ${res.headers.location}`);
  return id;
}

/** Uploads a file (path) or pasted text to an assessment, at the version its upload page shows; the response. */
export async function uploadDocument(agent: FormAgent, id: string, file: string | { text: string }) {
  const page = await agent.get(`/vurderinger/${id}/dokument`);
  const version = /name="version" value="(\d+)"/.exec(page.text)?.[1] ?? '1';
  const req = agent
    .post(`/vurderinger/${id}/dokument`)
    .field('_csrf', csrfOf(page.text))
    .field('version', version);
  return typeof file === 'string' ? req.attach('file', file) : req.field('text', file.text);
}

/** Waits until the worker pool has processed (or refused) the assessment's latest document; its status. */
export async function waitProcessed(agent: FormAgent, id: string): Promise<{ status: string }> {
  for (let i = 0; i < 240; i++) {
    const s = (await agent.get(`/vurderinger/${id}/status`)).body as { status: string };
    if (s.status === 'done' || s.status === 'failed') return s;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('document not processed in 60 s');
}

/** The stage-1 form as the page pre-fills it: every trigger's suggested value, a note where it is "unknown". */
export function stage1Defaults(html: string, note = 'Afventer tal.'): Record<string, string> {
  const body: Record<string, string> = {};
  for (const m of html.matchAll(/name="(value-[a-z0-9-]+)" value="(yes|no|unknown)" checked/g)) {
    const [, field, value] = m as unknown as [string, string, string];
    body[field] = value;
    if (value === 'unknown') body[`note-${field.slice('value-'.length)}`] = note;
  }
  return body;
}

/** A request whose response body is kept whole as bytes (a .docx, a CSV with a BOM). */
export function buffered(req: request.Test): request.Test {
  return req.buffer(true).parse((r, cb) => {
    const chunks: Buffer[] = [];
    r.on('data', (c: Buffer) => chunks.push(c));
    r.on('end', () => cb(null, Buffer.concat(chunks)));
  });
}

/** GETs a binary response (a .docx) whole: its status, headers and bytes. */
export async function getBinary(agent: TestAgent, url: string) {
  const res = await buffered(agent.get(url));
  return { status: res.status, headers: res.headers, bytes: res.body as Buffer };
}
