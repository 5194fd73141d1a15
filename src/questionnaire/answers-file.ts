import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { Answers } from '../domain/assessment';
import type { Findings } from '../domain/findings';
import type { LegalDocument } from '../domain/legal-document';
import type { Ruleset } from '../rulesets/ruleset-schema';
import { localText } from '../rulesets/local-text';

/**
 * The answers file a user edits to do an assessment without the web app: stage 1 pre-filled from the findings
 * (marked `suggested: true` until the user confirms), stage-2 questions as commented templates.
 */
const AnswersFile = z
  .object({
    schema: z.literal('relationstjek/answers@1'),
    document: z.object({ file: z.string(), title: z.string(), sha256: z.string() }).strict(),
    ruleset: z.object({ id: z.string(), version: z.string() }).strict(),
    triggers: z
      .record(
        z.string(),
        z
          .object({
            value: z.enum(['yes', 'no', 'unknown']),
            suggested: z.boolean().default(false),
            note: z.string().optional(),
            by: z.string().optional(),
            at: z.string().optional(),
          })
          .strict(),
      )
      .default({}),
    questions: z.record(z.string(), z.unknown()).nullable().default({}),
    materialityOverride: z
      .object({ material: z.boolean(), reason: z.string().min(1), by: z.string().optional() })
      .strict()
      .optional(),
  })
  .strict();

export type AnswersFile = z.infer<typeof AnswersFile>;

function quote(s: string): string {
  return JSON.stringify(s);
}

export function answersFileText(file: string, doc: LegalDocument, ruleset: Ruleset, found: Findings): string {
  const lang = ruleset.language;
  const da = lang === 'da';
  const out: string[] = [];
  out.push(
    `# Relationstjek – ${da ? 'svarfil' : 'answers file'}: ${doc.metadata.title || file}`,
    da
      ? '# Trin 1 er udfyldt med forslag fra dokumentet (suggested: true). Ret value (yes / no / unknown), og slet'
      : '# Stage 1 is pre-filled with suggestions from the document (suggested: true). Correct value (yes / no / unknown)',
    da
      ? '# suggested-linjen, når du har taget stilling. Ved no og unknown: skriv en note (hvorfor / hvilken evidens der mangler).'
      : '# and delete the suggested line once you have decided. With no and unknown: write a note (why / what evidence is missing).',
    'schema: relationstjek/answers@1',
    `document: { file: ${quote(file)}, title: ${quote(doc.metadata.title)}, sha256: ${doc.sha256} }`,
    `ruleset: { id: ${ruleset.id}, version: ${ruleset.version} }`,
    'triggers:',
  );
  for (const t of found.triggers) {
    out.push(`  # ${t.title}: ${t.question}`);
    for (const e of t.evidence.slice(0, 3)) {
      const line = e.marked.replace(/\s+/g, ' ');
      out.push(
        `  #   ${e.label} (${da ? 's.' : 'p.'} ${e.page}): ${line.length > 160 ? `${line.slice(0, 160).replace(/\s\S*$/, '')}…` : line}`,
      );
    }
    out.push(`  ${t.trigger}:`, `    value: ${t.suggestion}`, `    suggested: true`);
  }
  out.push(
    '',
    da
      ? '# Trin 2 – besvar de spørgsmål, der er relevante (se forklaringen ved hvert):'
      : '# Stage 2 – answer the questions that apply:',
    'questions:',
  );
  for (const q of ruleset.questions) {
    out.push(
      `  # ${q.id}: ${localText(q.title, lang)} – ${localText(q.text, lang)}`,
      `  # ${q.id}:`,
      `  #   affected: yes        # yes / no / unknown`,
      `  #   direction: negative  # positive / negative / mixed / unclear`,
      `  #   magnitude: 2         # 0–3`,
      `  #   likelihood: likely   # unlikely / possible / likely`,
      `  #   mechanism: { text: "…", provisions: ["§ 1, nr. 3"] }`,
      `  #   groups: [{ name: "…", estimate: 1000 }]`,
      `  #   evidence: { text: "…", grade: expert-judgement }`,
    );
  }
  return `${out.join('\n')}\n`;
}

/** The ruleset an answers file was written for, read before the ruleset (and its language) is known. */
export function answersFileRuleset(source: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = parseYaml(source);
  } catch {
    return undefined; // readAnswersFile reports the YAML error with its message.
  }
  const id = (parsed as { ruleset?: { id?: unknown } } | null)?.ruleset?.id;
  return typeof id === 'string' ? id : undefined;
}

/** An answers file that cannot be read: the user's input, so a bad-input error listing every problem. */
export class AnswersFileError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `Svarfilen kan ikke læses (the answers file cannot be read):\n${problems.map((p) => `  ${p}`).join('\n')}`,
    );
    this.name = 'AnswersFileError';
  }
}

export interface LoadedAnswers {
  file: AnswersFile;
  answers: Answers;
  /** Triggers still carrying an unconfirmed suggestion: the note must say so. */
  unconfirmed: string[];
  errors: string[];
}

/** Read an answers file; every problem is listed (in the ruleset's language) and no answer is thrown away. */
export function readAnswersFile(source: string, ruleset: Ruleset): LoadedAnswers {
  let raw: unknown;
  try {
    raw = parseYaml(source);
  } catch (e) {
    throw new AnswersFileError([`YAML: ${(e as Error).message.split('\n')[0]}`]);
  }
  const parsed = AnswersFile.safeParse(raw, { error: z.locales[ruleset.language]().localeError });
  if (!parsed.success) {
    throw new AnswersFileError(
      parsed.error.issues.map((i) => `${i.path.join('.') || '(roden)'}: ${i.message}`),
    );
  }
  const file = parsed.data;
  const errors: string[] = [];
  const answers: Answers = { triggers: {}, questions: {} };
  const unconfirmed: string[] = [];
  for (const [id, t] of Object.entries(file.triggers)) {
    if (t.suggested) {
      unconfirmed.push(id);
      continue;
    }
    answers.triggers[id] = {
      value: t.value,
      ...(t.note ? { note: t.note } : {}),
      ...(t.by ? { by: t.by } : {}),
      ...(t.at ? { at: t.at } : {}),
    };
  }
  for (const [id, raw] of Object.entries(file.questions ?? {})) {
    const q = ruleset.questions.find((x) => x.id === id);
    if (!q) {
      errors.push(`questions.${id}: ${ruleset.language === 'da' ? 'ukendt spørgsmål' : 'unknown question'}`);
      continue;
    }
    // Kept even when incomplete: the questionnaire shows its errors next to the question.
    if (raw && typeof raw === 'object') answers.questions[id] = raw as Answers['questions'][string];
    else
      errors.push(
        `questions.${id}: ${ruleset.language === 'da' ? 'svaret skal være en tabel af felter' : 'the answer must be a mapping of fields'}`,
      );
  }
  if (file.materialityOverride) answers.materialityOverride = file.materialityOverride;
  return { file, answers, unconfirmed, errors };
}
