import { z } from 'zod';
import {
  AnswersRequest,
  AnswersSaved,
  ApiError,
  apiRegistry,
  AssessmentList,
  AssessmentSummary,
  CreateAssessmentRequest,
  DocumentAccepted,
  DocumentStatus,
  Findings,
  Outcome,
  UploadRequest,
} from './api-schemas';

export const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

type Json = Record<string, unknown>;

interface Body {
  contentType: 'application/json' | 'multipart/form-data';
  schema: z.ZodType;
}

interface ResponseSpec {
  description: string;
  schema?: z.ZodType;
  /** A non-JSON body (the note). */
  contentType?: string;
}

/** One endpoint as documented. `path` is the router's own (express syntax, relative to /api/v1). */
export interface ApiOperation {
  method: 'get' | 'post' | 'put';
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  /** What the token's role must allow; false: no token needed. */
  permission: false | 'assessment:read' | 'assessment:write';
  body?: Body;
  ifMatch?: boolean;
  responses: Record<number, ResponseSpec>;
}

const error = (description: string): ResponseSpec => ({ description, schema: ApiError });
const notProcessed = error('Dokumentet er ikke behandlet endnu (not-processed).');

/** The endpoints of the API. tests/api/openapi.test.ts checks that every route of the router is here. */
export const API_OPERATIONS: ApiOperation[] = [
  {
    method: 'get',
    path: '/openapi.json',
    operationId: 'getOpenApi',
    summary: 'Denne beskrivelse af API’et (OpenAPI 3.1)',
    permission: false,
    responses: { 200: { description: 'OpenAPI-dokumentet' } },
  },
  {
    method: 'post',
    path: '/assessments',
    operationId: 'createAssessment',
    summary: 'Opret en vurdering',
    permission: 'assessment:write',
    body: { contentType: 'application/json', schema: CreateAssessmentRequest },
    responses: {
      201: { description: 'Vurderingen er oprettet', schema: AssessmentSummary },
      400: error('Ugyldig krop (validation, invalid-json)'),
    },
  },
  {
    method: 'get',
    path: '/assessments',
    operationId: 'listAssessments',
    summary: 'Organisationens vurderinger, senest ændrede først',
    permission: 'assessment:read',
    responses: { 200: { description: 'Vurderingerne', schema: AssessmentList } },
  },
  {
    method: 'get',
    path: '/assessments/:id',
    operationId: 'getAssessment',
    summary: 'Én vurdering',
    description: 'Headeren ETag er vurderingens version; send den tilbage som If-Match.',
    permission: 'assessment:read',
    responses: { 200: { description: 'Vurderingen', schema: AssessmentSummary } },
  },
  {
    method: 'post',
    path: '/assessments/:id/documents',
    operationId: 'uploadDocument',
    summary: 'Indlæs et (nyt udkast af) dokumentet',
    description:
      'Dokumentet behandles i baggrunden: følg med på /documents/latest. Versionen sendes som If-Match eller som feltet version.',
    permission: 'assessment:write',
    ifMatch: true,
    body: { contentType: 'multipart/form-data', schema: UploadRequest },
    responses: {
      202: { description: 'Modtaget; behandles nu', schema: DocumentAccepted },
      400: error('Ingen fil, eller filen er tom (empty-file)'),
      409: error(
        'Versionskonflikt (conflict, med currentVersion), eller vurderingen er godkendt (read-only)',
      ),
      413: error('Filen er for stor (file-too-large)'),
      428: error('Versionen mangler (version-required)'),
      429: error('For mange dokumenter indlæst den seneste time (upload-limit); se Retry-After'),
    },
  },
  {
    method: 'get',
    path: '/assessments/:id/documents/latest',
    operationId: 'getLatestDocument',
    summary: 'Behandlingen af det seneste udkast: queued, processing, done eller failed',
    permission: 'assessment:read',
    responses: {
      200: { description: 'Status for det seneste udkast', schema: DocumentStatus },
      404: error('Vurderingen findes ikke (not-found), eller der er intet dokument endnu (no-document)'),
    },
  },
  {
    method: 'get',
    path: '/assessments/:id/findings',
    operationId: 'getFindings',
    summary: 'Trin 1: forslag med belæg og fundne temaer',
    permission: 'assessment:read',
    responses: { 200: { description: 'Fundene', schema: Findings }, 409: notProcessed },
  },
  {
    method: 'put',
    path: '/assessments/:id/answers',
    operationId: 'saveAnswers',
    summary: 'Gem svar i trin 1 og/eller trin 2',
    description:
      'Gemmer de svar, der sendes med; andre svar bevares. Ukendte id’er og ugyldige svar afvises samlet (400) uden at noget gemmes.',
    permission: 'assessment:write',
    body: { contentType: 'application/json', schema: AnswersRequest },
    responses: {
      200: { description: 'Gemt', schema: AnswersSaved },
      400: error('Ugyldige svar (validation, med issues)'),
      409: error(
        'Versionskonflikt (conflict), godkendt vurdering (read-only) eller ikke behandlet (not-processed)',
      ),
    },
  },
  {
    method: 'get',
    path: '/assessments/:id/outcome',
    operationId: 'getOutcome',
    summary: 'Relevans, bundlinje, profil og næste ubesvarede spørgsmål',
    permission: 'assessment:read',
    responses: { 200: { description: 'Resultatet', schema: Outcome }, 409: notProcessed },
  },
  {
    method: 'get',
    path: '/assessments/:id/note.docx',
    operationId: 'getNoteDocx',
    summary: 'Konsekvensnotatet som Word-dokument',
    permission: 'assessment:read',
    responses: { 200: { description: 'Notatet (.docx)', contentType: DOCX }, 409: notProcessed },
  },
];

/** `/assessments/:id` → `/assessments/{id}`. */
export function openApiPath(expressPath: string): string {
  return expressPath.replace(/:([A-Za-z_]\w*)/g, '{$1}');
}

const ref = (id: string): Json => ({ $ref: `#/components/schemas/${id}` });

function schemaRef(schema: z.ZodType): Json {
  const id = apiRegistry.get(schema)?.id;
  if (!id) throw new Error('every schema in an operation is registered with an id in api-schemas.ts');
  return ref(id);
}

/** The components from the zod schemas: one call to zod's own converter, `$ref`s into components. */
function componentSchemas(): Record<string, Json> {
  const { schemas } = z.toJSONSchema(apiRegistry, {
    target: 'draft-2020-12',
    // The descriptions live in the same registry as the ids (zod reads the global one unless told).
    metadata: apiRegistry,
    io: 'input',
    uri: (id) => `#/components/schemas/${id}`,
  });
  // `$schema` and `$id` are per-file keywords; inside an OpenAPI document the dialect is given once.
  return Object.fromEntries(
    Object.entries(schemas).map(([id, s]) => {
      const { $schema: _s, $id: _i, ...rest } = s as Json;
      void _s;
      void _i;
      return [id, rest];
    }),
  );
}

function operation(op: ApiOperation): Json {
  const params: Json[] = [...op.path.matchAll(/:([A-Za-z_]\w*)/g)].map((m) => ({
    name: m[1],
    in: 'path',
    required: true,
    schema: { type: 'string', format: 'uuid' },
  }));
  if (op.ifMatch)
    params.push({
      name: 'If-Match',
      in: 'header',
      required: false,
      description: 'Vurderingens version, fx "3" (som ETag fra GET /assessments/{id}).',
      schema: { type: 'string' },
    });
  const responses: Record<string, Json> = {};
  const all: Record<number, ResponseSpec> = { ...op.responses };
  if (op.permission) {
    all[401] ??= error('Manglende, ukendt eller tilbagekaldt API-nøgle (unauthorized)');
    all[403] ??= error('Rollen giver ikke adgang (forbidden)');
  }
  if (op.path.includes(':id')) all[404] ??= error('Vurderingen findes ikke i din organisation (not-found)');
  if (op.permission) all[500] ??= error('Intern fejl (internal)');
  for (const [status, r] of Object.entries(all)) {
    const content: Json = r.contentType
      ? { [r.contentType]: {} }
      : { 'application/json': { schema: r.schema ? schemaRef(r.schema) : { type: 'object' } } };
    responses[status] = { description: r.description, content };
  }
  return {
    operationId: op.operationId,
    summary: op.summary,
    ...(op.description ? { description: op.description } : {}),
    tags: [op.path.startsWith('/assessments') ? 'assessments' : 'meta'],
    ...(params.length ? { parameters: params } : {}),
    ...(op.body
      ? {
          requestBody: {
            required: true,
            content: { [op.body.contentType]: { schema: schemaRef(op.body.schema) } },
          },
        }
      : {}),
    ...(op.permission ? {} : { security: [] }),
    responses,
  };
}

/** The OpenAPI 3.1 document of /api/v1. */
export function openApiDocument(version: string): Json {
  const paths: Record<string, Record<string, Json>> = {};
  for (const op of API_OPERATIONS) (paths[openApiPath(op.path)] ??= {})[op.method] = operation(op);
  return {
    openapi: '3.1.0',
    info: {
      title: 'Relationstjek API',
      version,
      description:
        'JSON-API til Relationstjek: opret vurderinger, indlæs lovforslag, læs fund, gem svar og hent konsekvensnotatet. Log ind i webappen og opret en personlig API-nøgle under »API-nøgler«; send den som Authorization: Bearer <nøgle>. Nøglen har samme rettigheder som din rolle i organisationen.',
    },
    servers: [{ url: '/api/v1' }],
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    tags: [
      { name: 'assessments', description: 'Vurderinger' },
      { name: 'meta', description: 'Om API’et' },
    ],
    security: [{ bearerAuth: [] }],
    paths,
    components: {
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          description: 'En personlig API-nøgle (rt_…) fra siden API-nøgler i webappen.',
        },
      },
      schemas: componentSchemas(),
    },
  };
}
