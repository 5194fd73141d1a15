import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { projectRoot } from '../src/project-root';

/**
 * The real server (dist/src/server.js) as a child process, and a browser-like HTTP session for it: shared by the
 * crash-safety script and the graceful-shutdown test, which both need to kill or stop the process themselves.
 */
export const SERVER_JS = path.join(projectRoot(), 'dist', 'src', 'server.js');

export interface LiveServer {
  base: string;
  port: number;
  pid: number;
  child: ChildProcess;
  /** Resolves when the process has ended, with how. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** The last lines the server wrote (stdout and stderr), for messages. */
  output(): string;
}

/** Starts the server with `env` on top of this process's; resolves once it says where it listens. */
export async function spawnServer(env: Record<string, string>, timeoutMs = 30_000): Promise<LiveServer> {
  const child = spawn(process.execPath, [SERVER_JS], {
    cwd: projectRoot(),
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error('the server could not be started');
  const lines: string[] = [];
  const keep = (l: string): void => {
    lines.push(l);
    if (lines.length > 40) lines.shift();
  };
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  createInterface({ input: child.stderr }).on('line', keep);
  const base = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the server did not start in ${timeoutMs} ms:\n${lines.join('\n')}`));
    }, timeoutMs);
    createInterface({ input: child.stdout }).on('line', (l) => {
      keep(l);
      const m = /kører på (http:\/\/[^/\s]+)\//.exec(l);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`the server stopped at start (${code ?? signal}):\n${lines.join('\n')}`));
    });
  });
  return { base, port: Number(new URL(base).port), pid, child, exited, output: () => lines.join('\n') };
}

export interface Reply {
  status: number;
  location: string;
  text: string;
}

/** A browser-like session: its own cookies, no redirects followed, the CSRF token and version read from pages. */
export class HttpSession {
  private readonly cookies = new Map<string, string>();

  constructor(public base: string) {}

  async request(method: 'GET' | 'POST', url: string, body?: URLSearchParams | FormData): Promise<Reply> {
    const res = await fetch(this.base + url, {
      method,
      redirect: 'manual',
      headers: this.cookies.size ? { cookie: this.cookieHeader() } : {},
      ...(body ? { body } : {}),
      signal: AbortSignal.timeout(60_000),
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const at = pair?.indexOf('=') ?? -1;
      if (!pair || at < 1) continue;
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(c)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return { status: res.status, location: res.headers.get('location') ?? '', text: await res.text() };
  }

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async get(url: string, status = 200): Promise<Reply> {
    const r = await this.request('GET', url);
    if (r.status !== status) throw new Error(`GET ${url} answered ${r.status}, not ${status} ${r.location}`);
    return r;
  }

  /** A form page: its HTML, CSRF token and the version it was read at (if it has one). */
  async form(url: string): Promise<{ text: string; csrf: string; version: string }> {
    const { text } = await this.get(url);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(text)?.[1];
    if (!csrf) throw new Error(`no CSRF token on ${url}`);
    return { text, csrf, version: /name="version" value="(\d+)"/.exec(text)?.[1] ?? '' };
  }

  /** Posts fields with the token of `formPage`; the reply must have `status` (303 unless told). */
  async submit(url: string, fields: Record<string, string>, formPage = url, status = 303): Promise<Reply> {
    const { csrf } = await this.form(formPage);
    const r = await this.request('POST', url, new URLSearchParams({ _csrf: csrf, ...fields }));
    if (r.status !== status)
      throw new Error(`POST ${url} answered ${r.status}, not ${status}: ${errorsOn(r.text)}`);
    return r;
  }
}

/** The error summary of a page, for messages. */
export function errorsOn(html: string): string {
  const found = [...html.matchAll(/<a href="#[^"]*">([^<]+)<\/a>/g)].map((m) => m[1]).slice(0, 5);
  return found.length ? found.join(' | ') : html.replace(/\s+/g, ' ').slice(0, 300);
}

/** Sets up a fresh server: the first admin through /opsaetning, then an author invited by the admin. */
export async function setUpUsers(
  base: string,
  password: string,
): Promise<{ admin: HttpSession; author: HttpSession }> {
  const admin = new HttpSession(base);
  await admin.submit('/opsaetning', {
    organisation: 'Testministeriet',
    kind: 'ministry',
    name: 'Anna Admin',
    email: 'anna@test.example',
    password,
    password2: password,
  });
  const invited = await admin.submit(
    '/brugere',
    { name: 'Bo Bruger', email: 'bo@test.example', role: 'author' },
    '/brugere',
    201,
  );
  const link = /id="invitation-link">[^<]*?(\/invitation\/[A-Za-z0-9_-]+)</.exec(invited.text)?.[1];
  if (!link) throw new Error('no invitation link on the users page');
  const author = new HttpSession(base);
  await author.submit(link, { name: 'Bo Bruger', password, password2: password });
  return { admin, author };
}

/** Creates an assessment through the form; its id. */
export async function newAssessment(s: HttpSession, title: string): Promise<string> {
  const r = await s.submit('/vurderinger/ny', {
    title,
    authority: 'Testministeriet',
    caseNumber: '',
    rulesetId: 'dk-lovforslag',
    mode: 'a',
  });
  const id = /\/vurderinger\/([0-9a-f-]{36})\//.exec(r.location)?.[1];
  if (!id) throw new Error(`no assessment id in the redirect to "${r.location}"`);
  return id;
}
