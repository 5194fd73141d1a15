import type { QuestionAnswer, TriggerAnswer, TriggerValue } from '../domain/assessment';
import { localeErrors, questionAnswerSchema } from '../questionnaire/answer-schema';
import type { TriggerState } from '../questionnaire/questionnaire';
import { localText } from '../rulesets/local-text';
import type { Question } from '../rulesets/ruleset-schema';
import type { FieldError, Lang } from './web-context';

/** Form values as the page shows them: strings, and string lists for checkboxes. */
export type FormValues = Record<string, string | string[]>;

export const GROUP_ROWS = 3;

function str(body: Record<string, unknown>, k: string): string {
  const v = body[k];
  return typeof v === 'string' ? v.trim() : Array.isArray(v) && typeof v[0] === 'string' ? v[0].trim() : '';
}

function list(body: Record<string, unknown>, k: string): string[] {
  const v = body[k];
  return (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter(
    (x): x is string => typeof x === 'string',
  );
}

/** What the user typed, kept as typed (for showing the form again). */
export function formValues(body: unknown): FormValues {
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const out: FormValues = {};
  for (const [k, v] of Object.entries(b)) {
    if (k === '_csrf') continue;
    if (typeof v === 'string') out[k] = v;
    else if (Array.isArray(v)) out[k] = v.filter((x): x is string => typeof x === 'string');
  }
  return out;
}

// ---------- stage 1 ----------

/** Stage-1 form → trigger answers, with an error per trigger that needs one. */
export function triggerAnswersFromForm(
  body: unknown,
  triggers: TriggerState[],
  lang: Lang,
): { answers: Record<string, TriggerAnswer>; errors: FieldError[] } {
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const t = (da: string, en: string): string => (lang === 'da' ? da : en);
  const answers: Record<string, TriggerAnswer> = {};
  const errors: FieldError[] = [];
  triggers.forEach((tr, i) => {
    const value = str(b, `value-${tr.trigger}`);
    const note = str(b, `note-${tr.trigger}`);
    const n = i + 1;
    if (value !== 'yes' && value !== 'no' && value !== 'unknown') {
      errors.push({
        field: `value-${tr.trigger}`,
        message: t(
          `Spørgsmål ${n}: vælg ja, nej eller ved ikke.`,
          `Question ${n}: choose yes, no or unknown.`,
        ),
      });
      return;
    }
    if (value === 'unknown' && !note)
      errors.push({
        field: `note-${tr.trigger}`,
        message: t(
          `Spørgsmål ${n}: skriv, hvad der mangler for at kunne svare, og hvem der skaffer det.`,
          `Question ${n}: write what is missing to answer, and who will get it.`,
        ),
      });
    else if (value === 'no' && tr.suggestion === 'yes' && !note)
      errors.push({
        field: `note-${tr.trigger}`,
        message: t(
          `Spørgsmål ${n}: teksten peger på ja – skriv kort, hvorfor svaret er nej.`,
          `Question ${n}: the text points to yes – write briefly why the answer is no.`,
        ),
      });
    answers[tr.trigger] = { value: value as TriggerValue, ...(note ? { note } : {}) };
  });
  return { answers, errors };
}

export function triggerFormValues(
  triggers: TriggerState[],
  given: Record<string, TriggerAnswer>,
): FormValues {
  const out: FormValues = {};
  for (const tr of triggers) {
    out[`value-${tr.trigger}`] = tr.value;
    const note = given[tr.trigger]?.note;
    if (note) out[`note-${tr.trigger}`] = note;
  }
  return out;
}

// ---------- stage 2 ----------

const FIELD_OF: Record<string, string> = {
  affected: 'affected',
  direction: 'direction',
  magnitude: 'magnitude',
  likelihood: 'likelihood',
  duration: 'span',
  groups: 'group1name',
  mechanism: 'mechanism',
  evidence: 'evidenceText',
  note: 'note',
};

/** Stage-2 form → a QuestionAnswer, checked by the same zod schema the CLI's answers file uses. */
export function questionAnswerFromForm(
  body: unknown,
  question: Question,
  lang: Lang,
): { answer: QuestionAnswer; errors: FieldError[] } {
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const t = (da: string, en: string): string => (lang === 'da' ? da : en);
  const errors: FieldError[] = [];
  const title = localText(question.title, lang);
  const candidate: Record<string, unknown> = {};
  const affected = str(b, 'affected');
  if (affected) candidate.affected = affected;
  const yes = affected === 'yes';
  if (yes) {
    for (const k of ['direction', 'likelihood'] as const) if (str(b, k)) candidate[k] = str(b, k);
    if (str(b, 'magnitude')) candidate.magnitude = Number(str(b, 'magnitude'));
    const span = str(b, 'span');
    const reversible = str(b, 'reversible');
    if (span) candidate.duration = { span, reversible: reversible !== 'no' };
    const groups: { name: string; estimate?: number }[] = [];
    for (let i = 1; i <= GROUP_ROWS; i++) {
      const name = str(b, `group${i}name`);
      const est = str(b, `group${i}estimate`).replace(/[.\s]/g, '');
      if (!name && !est) continue;
      if (!name) {
        errors.push({
          field: `group${i}name`,
          message: t(`${title}: skriv navnet på gruppe ${i}.`, `${title}: enter the name of group ${i}.`),
        });
        continue;
      }
      if (est && !/^\d+$/.test(est)) {
        errors.push({
          field: `group${i}estimate`,
          message: t(
            `${title}: antallet i gruppe ${i} skal være et helt tal, fx 2400.`,
            `${title}: the number in group ${i} must be a whole number, e.g. 2400.`,
          ),
        });
        continue;
      }
      groups.push({ name, ...(est ? { estimate: Number(est) } : {}) });
    }
    if (groups.length) candidate.groups = groups;
    const mechanism = str(b, 'mechanism');
    const provisions = [
      ...list(b, 'provisions'),
      ...str(b, 'otherProvisions')
        .split(';')
        .map((p) => p.trim())
        .filter(Boolean),
    ];
    if (mechanism) candidate.mechanism = { text: mechanism, provisions: [...new Set(provisions)] };
    const evidenceText = str(b, 'evidenceText');
    const grade = str(b, 'evidenceGrade');
    if (evidenceText || grade) {
      if (!grade)
        errors.push({
          field: 'evidenceGrade',
          message: t(
            `${title}: angiv, hvor sikker viden bag er.`,
            `${title}: give the grade of the evidence.`,
          ),
        });
      else candidate.evidence = { text: evidenceText, grade };
    }
    for (const k of ['mitigation', 'changedInDraft'] as const) if (str(b, k)) candidate[k] = str(b, k);
  }
  const note = str(b, 'note');
  if (note) candidate.note = note;
  if (affected === 'unknown' && !note)
    errors.push({
      field: 'note',
      message: t(
        `${title}: skriv, hvilken viden der mangler, og hvem der skaffer den.`,
        `${title}: write what evidence is missing and who will get it.`,
      ),
    });
  const parsed = questionAnswerSchema(question, lang).safeParse(candidate, {
    error: localeErrors(lang),
  });
  if (!parsed.success)
    for (const i of parsed.error.issues) {
      const field = FIELD_OF[String(i.path[0] ?? 'affected')] ?? 'affected';
      if (!errors.some((e) => e.field === field)) errors.push({ field, message: i.message });
    }
  return { answer: candidate as unknown as QuestionAnswer, errors };
}

export function questionFormValues(a: QuestionAnswer | undefined): FormValues {
  if (!a) return {};
  const out: FormValues = { affected: a.affected };
  if (a.direction) out.direction = a.direction;
  if (a.magnitude !== undefined) out.magnitude = String(a.magnitude);
  if (a.likelihood) out.likelihood = a.likelihood;
  if (a.duration) {
    out.span = a.duration.span;
    out.reversible = a.duration.reversible ? 'yes' : 'no';
  }
  (a.groups ?? []).slice(0, GROUP_ROWS).forEach((g, i) => {
    out[`group${i + 1}name`] = g.name;
    if (g.estimate !== undefined) out[`group${i + 1}estimate`] = String(g.estimate);
  });
  if (a.mechanism) {
    out.mechanism = a.mechanism.text;
    out.provisions = a.mechanism.provisions;
  }
  if (a.evidence) {
    out.evidenceText = a.evidence.text;
    out.evidenceGrade = a.evidence.grade;
  }
  for (const k of ['mitigation', 'changedInDraft', 'note'] as const) if (a[k]) out[k] = a[k];
  return out;
}
