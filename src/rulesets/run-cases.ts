import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { Answers } from '../domain/assessment';
import type { DocumentKind } from '../domain/legal-document';
import { questionnaire } from '../questionnaire/questionnaire';
import { detect } from '../detect/detect';
import { ingest } from '../ingest/ingest';
import { parse } from '../parse/parse';
import { projectRoot } from '../project-root';
import type { Ruleset } from './ruleset-schema';

const Case = z
  .object({
    name: z.string().min(1),
    text: z.string().optional(),
    sample: z.string().optional(),
    kind: z
      .enum(['dk-bill', 'dk-act', 'municipal-agenda-item', 'municipal-policy', 'uk-bill', 'generic'])
      .optional(),
    expect: z
      .object({
        rules: z.array(z.string()).default([]),
        notRules: z.array(z.string()).default([]),
        themes: z.array(z.string()).default([]),
        notThemes: z.array(z.string()).default([]),
        triggers: z.record(z.string(), z.enum(['yes', 'no', 'unknown'])).default({}),
        relevance: z.enum(['relevant', 'not-relevant', 'unknown']).optional(),
        /** Stage 2: the questions visible given `answers`, and the outcome. */
        visible: z.array(z.string()).optional(),
        bottomLine: z.enum(['positive', 'negative', 'mixed', 'none', 'not-assessed']).optional(),
      })
      .strict(),
    /** Answers to run through the questionnaire (triggers and stage-2 questions), as in an answers file. */
    answers: z
      .object({
        triggers: z.record(z.string(), z.object({ value: z.enum(['yes', 'no', 'unknown']), note: z.string().optional() }).strict()).default({}),
        questions: z.record(z.string(), z.record(z.string(), z.unknown())).default({}),
      })
      .strict()
      .optional(),
  })
  .strict()
  .refine((c) => (c.text === undefined) !== (c.sample === undefined), 'angiv enten text eller sample');

export type RulesetCase = z.infer<typeof Case>;

export interface CaseResult {
  file: string;
  name: string;
  failures: string[];
  /** Rules that fired, for the "every rule fires once and misses once" check. */
  fired: string[];
}

/** Read `cases/*.yaml` of a ruleset; a malformed case is an error with its file and index. */
export function loadCases(ruleset: Ruleset): { file: string; cases: RulesetCase[] }[] {
  const dir = path.join(ruleset.dir, 'cases');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((file) => {
      const raw: unknown = parseYaml(readFileSync(path.join(dir, file), 'utf8'));
      const parsed = z.array(Case).safeParse(raw, { error: z.locales.da().localeError });
      if (!parsed.success) {
        const msg = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
        throw new Error(`cases/${file}: ${msg}`);
      }
      return { file, cases: parsed.data };
    });
}

/** Run one case: the text (or sample) through ingest, parse and detect, and compare with what it expects. */
export async function runCase(ruleset: Ruleset, file: string, c: RulesetCase): Promise<CaseResult> {
  const bytes = c.sample
    ? readFileSync(path.join(projectRoot(), 'samples', c.sample))
    : Buffer.from(c.text ?? '', 'utf8');
  const doc = parse(
    await ingest(bytes, { fileName: c.sample ?? 'case.txt' }),
    c.kind ? { kind: c.kind as DocumentKind } : {},
  );
  const found = detect(doc, ruleset);
  // A finding lists every rule that fired for it (its evidence list may be cut short).
  const fired = [...new Set(found.findings.flatMap((f) => f.rules))];
  const themes = new Set(found.findings.map((f) => f.theme));
  const failures: string[] = [];
  const e = c.expect;
  for (const r of e.rules)
    if (!fired.includes(r)) failures.push(`reglen ${r} skulle slå an, men gjorde det ikke`);
  for (const r of e.notRules) {
    if (fired.includes(r)) {
      const ev = found.findings.flatMap((f) => f.evidence).find((x) => x.ruleId === r);
      failures.push(`reglen ${r} må ikke slå an, men ramte ${ev ? `${ev.label}: ${ev.marked}` : ''}`);
    }
  }
  for (const t of e.themes) if (!themes.has(t)) failures.push(`${t} skulle findes, men blev ikke`);
  for (const t of e.notThemes) if (themes.has(t)) failures.push(`${t} må ikke findes, men blev`);
  for (const [id, want] of Object.entries(e.triggers)) {
    const got = found.triggers.find((t) => t.trigger === id);
    if (!got) failures.push(`ukendt trigger ${id}`);
    else if (got.suggestion !== want)
      failures.push(`trigger ${id}: forventede ${want}, fik ${got.suggestion} (score ${got.score})`);
  }
  if (e.visible || e.bottomLine) {
    const state = questionnaire(ruleset, found, (c.answers ?? { triggers: {}, questions: {} }) as unknown as Answers, doc.kind);
    const visible = state.visible.map((v) => v.question.id);
    if (e.visible && JSON.stringify(visible) !== JSON.stringify(e.visible)) {
      failures.push(`synlige spørgsmål: forventede ${e.visible.join(', ') || '–'}, fik ${visible.join(', ') || '–'}`);
    }
    if (e.bottomLine && state.outcome.bottomLine !== e.bottomLine) failures.push(`bundlinje: forventede ${e.bottomLine}, fik ${state.outcome.bottomLine}`);
  }
  if (e.relevance && found.relevance.suggestion !== e.relevance) {
    failures.push(
      `relevans: forventede ${e.relevance}, fik ${found.relevance.suggestion} (${found.relevance.reasons.join('; ')})`,
    );
  }
  return { file, name: c.name, failures, fired };
}

export interface RulesetTestReport {
  results: CaseResult[];
  /** Rules without a case where they fire, or without a near miss where they must not. */
  uncovered: string[];
}

export async function runRulesetCases(ruleset: Ruleset): Promise<RulesetTestReport> {
  const results: CaseResult[] = [];
  const firesIn = new Set<string>();
  const missesIn = new Set<string>();
  for (const { file, cases } of loadCases(ruleset)) {
    for (const c of cases) {
      results.push(await runCase(ruleset, file, c));
      c.expect.rules.forEach((r) => firesIn.add(r));
      c.expect.notRules.forEach((r) => missesIn.add(r));
    }
  }
  const uncovered = ruleset.rules.flatMap((r) => [
    ...(firesIn.has(r.id) ? [] : [`${r.id}: ingen case hvor reglen slår an`]),
    ...(missesIn.has(r.id) ? [] : [`${r.id}: ingen near-miss-case hvor reglen ikke må slå an`]),
  ]);
  return { results, uncovered };
}
