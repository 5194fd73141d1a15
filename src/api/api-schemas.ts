import { z } from 'zod';
import { rulesetIds } from '../rulesets/load-ruleset';

/**
 * Every request body and response of the JSON API, as zod schemas. The OpenAPI document is generated from these
 * (openapi.ts), so what is validated and what is documented cannot drift apart. Schemas with an `id` become
 * components; descriptions are kept in the same registry (zod reads a registry's own metadata only).
 */
export const apiRegistry = z.registry<z.GlobalMeta>();

function doc<T extends z.ZodType>(schema: T, meta: z.GlobalMeta): T {
  apiRegistry.add(schema, meta);
  return schema;
}

const isoTime = doc(z.string(), { description: 'Tidspunkt i UTC (ISO 8601)', format: 'date-time' });
const uuid = doc(z.string(), { description: 'Id (UUID)', format: 'uuid' });

// ---------- errors ----------

export const ApiIssue = doc(
  z.object({
    path: z.array(z.union([z.string(), z.number()])),
    message: z.string(),
  }),
  { id: 'Issue', description: 'Én fejl i forespørgslen: hvor (sti i JSON-kroppen) og hvad.' },
);

export const ApiError = doc(
  z.object({
    error: z.object({
      code: doc(z.string(), {
        description:
          'Maskinlæsbar kode: unauthorized, forbidden, not-found, invalid-json, too-large, bad-request, validation, empty-file, file-too-large, version-required, conflict, read-only, not-processed, no-document, internal.',
      }),
      message: doc(z.string(), { description: 'Fejlen på dansk.' }),
      messageEn: doc(z.string().optional(), { description: 'Fejlen på engelsk.' }),
      issues: z.array(ApiIssue).optional(),
      currentVersion: doc(z.number().int().optional(), {
        description: 'Ved konflikt: vurderingens aktuelle version.',
      }),
    }),
  }),
  { id: 'Error', description: 'Alle fejl har denne form.' },
);

// ---------- assessments ----------

const TITLE_MAX = 500;

export const CreateAssessmentRequest = doc(
  z.strictObject({
    title: z
      .string()
      .trim()
      .min(1, 'Skriv titlen på lovforslaget eller politikken.')
      .max(TITLE_MAX, 'Titlen må højst være 500 tegn.'),
    authority: z
      .string()
      .trim()
      .min(1, 'Skriv ministeriet eller kommunen.')
      .max(200, 'Ministeriet eller kommunen må højst være 200 tegn.'),
    caseNumber: z.string().trim().max(100, 'Sagsnummeret må højst være 100 tegn.').optional(),
    rulesetId: doc(
      z.string().refine((v) => rulesetIds().includes(v), 'Regelsættet findes ikke. Brug fx dk-lovforslag.'),
      { description: 'Regelsættets id, fx dk-lovforslag.', examples: ['dk-lovforslag'] },
    ),
    mode: doc(z.enum(['a', 'b'], { error: 'Vælg mode a eller b.' }), {
      description:
        'a: afsnit i notatet kun når konsekvenserne er væsentlige; b: altid (»Ingen«, når der ingen er).',
    }),
  }),
  { id: 'CreateAssessmentRequest' },
);

export const AssessmentSummary = doc(
  z.object({
    id: uuid,
    title: z.string(),
    authority: z.string(),
    caseNumber: z.string(),
    rulesetId: z.string(),
    mode: z.enum(['a', 'b']),
    status: z.enum(['draft', 'in-review', 'approved', 'published']),
    version: doc(z.number().int().positive(), {
      description: 'Optimistisk samtidighed: send den som If-Match eller version ved næste ændring.',
    }),
    step: z.string(),
    previousId: uuid.optional(),
    createdAt: isoTime,
    updatedAt: isoTime,
  }),
  { id: 'AssessmentSummary' },
);

export const AssessmentList = doc(z.object({ assessments: z.array(AssessmentSummary) }), {
  id: 'AssessmentList',
});

// ---------- documents ----------

export const UploadRequest = doc(
  z.object({
    file: doc(z.string(), {
      description: 'Dokumentet: .docx, .pdf, .html, .md eller .txt.',
      contentMediaType: 'application/octet-stream',
    }),
    version: doc(z.string().regex(/^\d+$/).optional(), {
      description: 'Vurderingens version (i stedet for headeren If-Match).',
    }),
  }),
  { id: 'UploadRequest' },
);

export const DocumentStatus = doc(
  z.object({
    id: uuid,
    number: doc(z.number().int().positive(), { description: 'Udkastets nummer: 1, 2, …' }),
    fileName: z.string(),
    size: z.number().int().nonnegative(),
    status: z.enum(['queued', 'processing', 'done', 'failed']),
    progress: doc(z.string(), { description: 'Trinnet i behandlingen: queued, ingest, parse, detect, …' }),
    error: z.object({ message: z.string(), messageEn: z.string() }).optional(),
    createdAt: isoTime,
    finishedAt: isoTime.optional(),
  }),
  { id: 'DocumentStatus' },
);

export const DocumentAccepted = doc(
  DocumentStatus.extend({
    assessmentVersion: doc(z.number().int().positive(), {
      description: 'Vurderingens version efter indlæsningen.',
    }),
  }),
  { id: 'DocumentAccepted' },
);

// ---------- findings ----------

const EvidenceItem = doc(
  z.object({
    label: doc(z.string(), { description: 'Bestemmelsen, fx »§ 1, nr. 3«.' }),
    page: z.number().int(),
    quote: z.string(),
    matchStart: z.number().int().nonnegative(),
    matchEnd: z.number().int().nonnegative(),
  }),
  { id: 'Evidence', description: 'Et sted i dokumentet, der fik en regel til at slå ud.' },
);

const TriggerValue = z.enum(['yes', 'no', 'unknown']);

export const Findings = doc(
  z.object({
    document: z.object({ id: uuid, number: z.number().int().positive(), fileName: z.string() }),
    relevance: z.object({
      suggestion: z.enum(['relevant', 'not-relevant', 'unknown']),
      confidence: z.number(),
      reasons: z.array(z.string()),
    }),
    triggers: z.array(
      z.object({
        id: z.string(),
        title: z.string(),
        question: z.string(),
        suggestion: TriggerValue,
        confidence: z.number(),
        value: doc(z.enum(['yes', 'no', 'unknown']), {
          description: 'Værdien i kraft: svaret, eller forslaget indtil der er svaret.',
        }),
        status: z.enum(['suggested', 'confirmed', 'changed']),
        answer: z.object({ value: TriggerValue, note: z.string().optional() }).optional(),
        evidence: z.array(EvidenceItem),
      }),
    ),
    themes: z.array(
      z.object({
        kind: z.enum(['theme', 'risk-group', 'transition']),
        id: z.string(),
        title: z.string(),
        score: z.number(),
        provisions: doc(z.array(z.string()), { description: 'Bestemmelserne med belæg.' }),
      }),
    ),
  }),
  {
    id: 'Findings',
    description: 'Trin 1: forslagene fra screeningen med belæg, og de temaer der er fundet.',
  },
);

// ---------- answers ----------

export const TriggerAnswerInput = doc(
  z.strictObject({
    value: TriggerValue,
    note: doc(z.string().trim().max(5000).optional(), {
      description:
        'Påkrævet ved unknown (hvad mangler, og hvem skaffer det) og ved no, når teksten peger på yes.',
    }),
  }),
  { id: 'TriggerAnswerInput' },
);

const text = z.string().trim().max(5000);

export const QuestionAnswerInput = doc(
  z.strictObject({
    affected: z.enum(['yes', 'no', 'unknown']),
    direction: z.enum(['positive', 'negative', 'mixed', 'unclear']).optional(),
    magnitude: doc(z.literal([0, 1, 2, 3]).optional(), { description: 'Omfang 0–3.' }),
    likelihood: z.enum(['unlikely', 'possible', 'likely']).optional(),
    duration: z.strictObject({ span: z.enum(['temporary', 'lasting']), reversible: z.boolean() }).optional(),
    groups: z
      .array(
        z.strictObject({
          name: z.string().trim().min(1).max(200),
          estimate: z.number().int().nonnegative().optional(),
        }),
      )
      .max(50)
      .optional(),
    mechanism: z
      .strictObject({ text: text.min(1), provisions: z.array(z.string().trim().min(1).max(200)).max(200) })
      .optional(),
    evidence: z
      .strictObject({
        text,
        grade: z.enum(['register-data', 'international-research', 'expert-judgement', 'assumption']),
      })
      .optional(),
    mitigation: text.optional(),
    changedInDraft: text.optional(),
    note: doc(text.optional(), { description: 'Påkrævet ved affected: unknown.' }),
  }),
  {
    id: 'QuestionAnswerInput',
    description:
      'Svar på et spørgsmål i trin 2. Ved affected: yes kræves direction, magnitude, likelihood og mechanism; de øvrige felter end note gemmes kun ved yes.',
  },
);

export const AnswersRequest = doc(
  z
    .strictObject({
      version: doc(z.number().int().positive(), { description: 'Vurderingens version, som du læste den.' }),
      triggers: doc(z.record(z.string(), TriggerAnswerInput).optional(), {
        description: 'Trin 1: svar pr. trigger-id (se findings).',
      }),
      questions: doc(z.record(z.string(), QuestionAnswerInput).optional(), {
        description:
          'Trin 2: svar pr. spørgsmåls-id (se outcome). Kræver, at alle spørgsmål i trin 1 er besvaret.',
      }),
    })
    .refine((b) => Object.keys(b.triggers ?? {}).length + Object.keys(b.questions ?? {}).length > 0, {
      message: 'Angiv mindst ét svar i triggers eller questions.',
      path: ['triggers'],
    }),
  { id: 'AnswersRequest' },
);

export const AnswersSaved = doc(
  z.object({
    version: doc(z.number().int().positive(), { description: 'Vurderingens version efter gemningen.' }),
    saved: z.object({ triggers: z.array(z.string()), questions: z.array(z.string()) }),
  }),
  { id: 'AnswersSaved' },
);

// ---------- outcome ----------

export const Outcome = doc(
  z.object({
    relevance: z.enum(['relevant', 'not-relevant', 'unknown']),
    bottomLine: z.enum(['positive', 'negative', 'mixed', 'none', 'not-assessed']),
    material: z.boolean(),
    materialBy: z.enum(['thresholds', 'override']),
    profile: z.array(
      z.object({
        question: z.string(),
        affected: z.enum(['yes', 'no', 'unknown']),
        direction: z.string().optional(),
        magnitude: z.number().int().optional(),
        likelihood: z.string().optional(),
      }),
    ),
    unansweredTriggers: doc(z.array(z.string()), { description: 'Trin 1-spørgsmål uden svar.' }),
    next: doc(z.string().nullable(), {
      description: 'Det første synlige spørgsmål i trin 2, der mangler et gyldigt svar.',
    }),
    questions: doc(
      z.array(
        z.object({ id: z.string(), title: z.string(), answered: z.boolean(), errors: z.array(z.string()) }),
      ),
      { description: 'De spørgsmål i trin 2, der er aktuelle for vurderingen, i rækkefølge.' },
    ),
  }),
  { id: 'Outcome', description: 'Relevans, bundlinje, profil og det næste ubesvarede spørgsmål.' },
);

export type CreateAssessmentRequest = z.infer<typeof CreateAssessmentRequest>;
export type AnswersRequest = z.infer<typeof AnswersRequest>;
export type QuestionAnswerInput = z.infer<typeof QuestionAnswerInput>;
export type AssessmentSummary = z.infer<typeof AssessmentSummary>;
export type DocumentStatus = z.infer<typeof DocumentStatus>;
export type Findings = z.infer<typeof Findings>;
export type Outcome = z.infer<typeof Outcome>;
