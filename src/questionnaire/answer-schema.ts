import { z } from 'zod';
import { localText } from '../rulesets/local-text';
import type { Question } from '../rulesets/ruleset-schema';

/**
 * zod schemas for answers, built from the ruleset's questions, with messages in the ruleset's language.
 * "affected: yes" requires the assessment fields (direction, magnitude, likelihood, mechanism).
 */
export function questionAnswerSchema(question: Question, lang: 'da' | 'en'): z.ZodType {
  // Built once per question and language: every page load checks every answer against it.
  let byLang = SCHEMAS.get(question);
  if (!byLang) SCHEMAS.set(question, (byLang = {}));
  return (byLang[lang] ??= buildSchema(question, lang));
}

const SCHEMAS = new WeakMap<Question, Partial<Record<'da' | 'en', z.ZodType>>>();

/** zod's own messages in the given language, made once. */
export function localeErrors(lang: 'da' | 'en'): z.core.$ZodErrorMap {
  return (LOCALES[lang] ??= z.locales[lang]().localeError);
}

const LOCALES: Partial<Record<'da' | 'en', z.core.$ZodErrorMap>> = {};

function buildSchema(question: Question, lang: 'da' | 'en'): z.ZodType {
  const t = (da: string, en: string): string => (lang === 'da' ? da : en);
  const title = localText(question.title, lang) || question.id;
  return z
    .object({
      affected: z.enum(['yes', 'no', 'unknown'], {
        error: t(`${title}: svar ja, nej eller ved ikke`, `${title}: answer yes, no or unknown`),
      }),
      direction: z.enum(['positive', 'negative', 'mixed', 'unclear']).optional(),
      magnitude: z
        .union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)], {
          error: t('omfang skal være 0, 1, 2 eller 3', 'magnitude must be 0, 1, 2 or 3'),
        })
        .optional(),
      likelihood: z.enum(['unlikely', 'possible', 'likely']).optional(),
      duration: z
        .object({ span: z.enum(['temporary', 'lasting']), reversible: z.boolean() })
        .strict()
        .optional(),
      groups: z
        .array(
          z.object({ name: z.string().min(1), estimate: z.number().int().nonnegative().optional() }).strict(),
        )
        .optional(),
      mechanism: z
        .object({ text: z.string().min(1), provisions: z.array(z.string()) })
        .strict()
        .optional(),
      evidence: z
        .object({
          text: z.string(),
          grade: z.enum(['register-data', 'international-research', 'expert-judgement', 'assumption']),
        })
        .strict()
        .optional(),
      mitigation: z.string().optional(),
      changedInDraft: z.string().optional(),
      note: z.string().optional(),
      by: z.string().optional(),
      at: z.string().optional(),
    })
    .strict()
    .superRefine((a, ctx) => {
      if (a.affected !== 'yes') return;
      const need: [keyof typeof a, string, string][] = [
        [
          'direction',
          'angiv retning (positiv, negativ, blandet eller uklar)',
          'give the direction (positive, negative, mixed or unclear)',
        ],
        ['magnitude', 'angiv omfang (0–3)', 'give the magnitude (0–3)'],
        ['likelihood', 'angiv sandsynlighed', 'give the likelihood'],
        [
          'mechanism',
          'beskriv mekanismen og hvilke bestemmelser der virker',
          'describe the mechanism and the provisions',
        ],
      ];
      for (const [key, da, en] of need) {
        if (a[key] === undefined)
          ctx.addIssue({ code: 'custom', path: [key], message: `${title}: ${t(da, en)}` });
      }
    });
}
