import { spawnSync } from 'node:child_process';
import path from 'node:path';
import request from 'supertest';
import { apiRoutes } from '../../src/api/api-routes';
import { openApiPath } from '../../src/api/openapi';
import { describeEachDatabase } from '../helpers/test-databases';
import { startTestApp, type TestApp } from '../helpers/test-app';

const ROOT = path.join(__dirname, '../..');

/**
 * Validates a document with @seriousme/openapi-schema-validator (the official OpenAPI 3.1 JSON Schema). The
 * package is ESM-only, which jest's CommonJS runtime cannot load: it runs in a child node.
 */
function validateOpenApi(doc: unknown): { valid: boolean; version: string; errors?: unknown } {
  const script = `
    import { Validator } from '@seriousme/openapi-schema-validator';
    let input = '';
    for await (const chunk of process.stdin) input += chunk;
    const validator = new Validator();
    const result = await validator.validate(JSON.parse(input));
    process.stdout.write(JSON.stringify({ ...result, version: validator.version }));
  `;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: ROOT,
    input: JSON.stringify(doc),
    encoding: 'utf8',
    timeout: 30_000,
  });
  if (r.status !== 0) throw new Error(`the validator did not run: ${r.stderr || r.error?.message}`);
  return JSON.parse(r.stdout) as { valid: boolean; version: string; errors?: unknown };
}

type Doc = {
  openapi: string;
  paths: Record<string, Record<string, { responses: Record<string, unknown>; security?: unknown[] }>>;
  components: { schemas: Record<string, unknown> };
};

/** The router's own routes: method and path, as express registered them. */
function routesOf(t: TestApp): { method: string; path: string }[] {
  const router = apiRoutes(t.services) as unknown as {
    stack: { route?: { path: string; methods: Record<string, boolean> } }[];
  };
  return router.stack.flatMap((layer) =>
    layer.route
      ? Object.keys(layer.route.methods).map((method) => ({ method, path: layer.route?.path ?? '' }))
      : [],
  );
}

describeEachDatabase('the OpenAPI document of /api/v1', (getDb) => {
  let t: TestApp;
  let doc: Doc;

  beforeAll(async () => {
    t = await startTestApp(getDb().dialect);
    const res = await request(t.app).get('/api/v1/openapi.json');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('application/json');
    doc = res.body as Doc;
  });
  afterAll(async () => {
    await t.close();
  });

  it('is served without a token and is OpenAPI 3.1', () => {
    expect(doc.openapi).toBe('3.1.0');
  });

  it('validates against the OpenAPI 3.1 schema', () => {
    const result = validateOpenApi(doc);
    expect(result.version).toBe('3.1');
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
  });

  it('the validator does refuse a broken document (so »valid« means something)', () => {
    const broken = JSON.parse(JSON.stringify(doc)) as Record<string, unknown> & Doc;
    delete broken.info;
    expect(validateOpenApi(broken).valid).toBe(false);
    const badResponse = JSON.parse(JSON.stringify(doc)) as Doc;
    const first = Object.values(badResponse.paths)[0] as Record<string, { responses: unknown }>;
    const op = Object.values(first)[0] as { responses: unknown };
    op.responses = { 200: { content: {} } }; // a response without its required description
    expect(validateOpenApi(badResponse).valid).toBe(false);
  });

  it('documents every route the router has, and nothing it does not have', () => {
    const routes = routesOf(t);
    expect(routes.length).toBeGreaterThanOrEqual(10);
    for (const r of routes)
      expect([r.method, r.path, doc.paths[openApiPath(r.path)]?.[r.method] !== undefined]).toEqual([
        r.method,
        r.path,
        true,
      ]);
    const documented = Object.entries(doc.paths).flatMap(([p, ops]) =>
      Object.keys(ops).map((m) => `${m} ${p}`),
    );
    expect(documented.sort()).toEqual(routes.map((r) => `${r.method} ${openApiPath(r.path)}`).sort());
  });

  it('every operation that needs a token says so and documents 401 and 403; the document itself is public', () => {
    for (const [p, ops] of Object.entries(doc.paths))
      for (const [m, op] of Object.entries(ops)) {
        if (p === '/openapi.json') {
          expect(op.security).toEqual([]);
          continue;
        }
        expect([m, p, Object.keys(op.responses)]).toEqual([m, p, expect.arrayContaining(['401', '403'])]);
        if (p.includes('{id}')) expect(Object.keys(op.responses)).toContain('404');
      }
  });

  it('takes its schemas from the zod schemas, with references that resolve', () => {
    const text = JSON.stringify(doc);
    expect(doc.components.schemas).toHaveProperty('CreateAssessmentRequest');
    expect(doc.components.schemas).toHaveProperty('QuestionAnswerInput');
    expect(doc.components.schemas).toHaveProperty('Error');
    for (const m of text.matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g))
      expect(doc.components.schemas).toHaveProperty([m[1] as string]);
    // The zod schemas' limits made it into the document.
    expect(doc.components.schemas.CreateAssessmentRequest).toMatchObject({
      properties: { title: { maxLength: 500, minLength: 1 }, mode: { enum: ['a', 'b'] } },
      required: expect.arrayContaining(['title', 'authority', 'rulesetId', 'mode']),
      additionalProperties: false,
    });
  });
});
