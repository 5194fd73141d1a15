import type { QuestionAnswer, TriggerAnswer } from '../domain/assessment';
import { NOTE_TEXTS } from '../report/note-texts';
import { formatDate, type Lang } from './web-context';

/**
 * A stale save (someone else saved in between) is refused, never merged: the page shows what the user typed next
 * to what is saved now, answer by answer, so they can choose which is to stand.
 */
export interface ConflictRow {
  label: string;
  /** The id of the form field the row is about, to go and change it. */
  field: string;
  yours: string;
  saved: string;
  /** Who saved this answer and when, when the rows were not all saved in one go. */
  savedBy?: string;
}

export interface ConflictView {
  /** The first column's heading: what the rows are. */
  subject: string;
  /** "Gemt af <name>, <time>" when one save holds every differing answer; otherwise "Gemt nu". */
  savedHeading: string;
  rows: ConflictRow[];
}

const t = (lang: Lang, da: string, en: string): string => (lang === 'da' ? da : en);

function savedByText(a: { by?: string; at?: string } | undefined, lang: Lang): string | undefined {
  if (!a?.by && !a?.at) return undefined;
  const who = a.by || t(lang, 'en anden', 'someone else');
  return `${t(lang, 'Gemt af', 'Saved by')} ${who}${a.at ? `, ${formatDate(a.at, lang, true)}` : ''}`;
}

/** Puts the saver in the heading when all rows share one, else in each row. */
function view(
  subject: string,
  rows: (ConflictRow & { savedBy?: string })[],
  lang: Lang,
  fallbackSaver?: string,
): ConflictView {
  const savers = new Set(rows.map((r) => r.savedBy ?? ''));
  const one = savers.size <= 1 ? ([...savers][0] ?? '') : undefined;
  return {
    subject,
    savedHeading: one || fallbackSaver || t(lang, 'Gemt nu', 'Saved now'),
    rows: rows.map(({ savedBy, ...r }) => (one === undefined && savedBy ? { ...r, savedBy } : r)),
  };
}

// ---------- stage 1 ----------

function triggerText(a: TriggerAnswer | undefined, lang: Lang): string {
  if (!a) return NOTE_TEXTS[lang].notAnswered;
  return `${NOTE_TEXTS[lang].value[a.value]}${a.note ? ` – ${a.note}` : ''}`;
}

/** The stage-1 answers that differ between the form and what is saved now, in the page's order. */
export function stage1Conflict(
  triggers: { id: string; number: number; title: string }[],
  typed: Record<string, TriggerAnswer>,
  saved: Record<string, TriggerAnswer>,
  lang: Lang,
): ConflictView {
  const rows = triggers.flatMap((tr) => {
    const yours = triggerText(typed[tr.id], lang);
    const now = triggerText(saved[tr.id], lang);
    if (yours === now) return [];
    const by = savedByText(saved[tr.id], lang);
    const row = { label: `${tr.number}. ${tr.title}`, field: `value-${tr.id}`, yours, saved: now };
    return [by ? { ...row, savedBy: by } : row];
  });
  return view(t(lang, 'Spørgsmål', 'Question'), rows, lang);
}

// ---------- stage 2 ----------

/** A stage-2 answer, field by field, as text: [form field id, label, value], in the form's order. */
function questionFields(a: QuestionAnswer | undefined, lang: Lang): [string, string, string][] {
  const T = NOTE_TEXTS[lang];
  const out: [string, string, string][] = [];
  const add = (field: string, label: string, value: string | undefined): void =>
    void out.push([field, label, value ?? '']);
  add(
    'affected',
    t(lang, 'Berøres nogen af dette?', 'Is anyone affected by this?'),
    a ? T.value[a.affected] : T.notAnswered,
  );
  add('direction', t(lang, 'Retning', 'Direction'), a?.direction && T.direction[a.direction]);
  add(
    'magnitude',
    t(lang, 'Omfang', 'Magnitude'),
    a?.magnitude !== undefined ? `${a.magnitude} – ${T.magnitude[a.magnitude]}` : '',
  );
  add('likelihood', t(lang, 'Sandsynlighed', 'Likelihood'), a?.likelihood && T.likelihood[a.likelihood]);
  add(
    'span',
    t(lang, 'Varighed', 'Duration'),
    a?.duration && T.lasting(a.duration.span === 'lasting', a.duration.reversible),
  );
  add(
    'group1name',
    t(lang, 'Hvem berøres', 'Who is affected'),
    (a?.groups ?? [])
      .map((g) => (g.estimate !== undefined ? `${g.name} (${g.estimate})` : g.name))
      .join('; '),
  );
  add('mechanism', t(lang, 'Mekanisme', 'Mechanism'), a?.mechanism?.text);
  add('otherProvisions', t(lang, 'Bestemmelser', 'Provisions'), a?.mechanism?.provisions.join('; '));
  add(
    'evidenceText',
    t(lang, 'Viden bag vurderingen', 'Evidence behind the assessment'),
    a?.evidence && `${a.evidence.text}${a.evidence.text ? ' – ' : ''}${T.grade[a.evidence.grade]}`,
  );
  add('mitigation', t(lang, 'Afbødning', 'Mitigation'), a?.mitigation);
  add('changedInDraft', t(lang, 'Ændret i udkastet', 'Changed in the draft'), a?.changedInDraft);
  add('note', t(lang, 'Bemærkning', 'Note'), a?.note);
  return out;
}

/** The fields of one stage-2 answer that differ between the form and what is saved now. */
export function stage2Conflict(
  typed: QuestionAnswer,
  saved: QuestionAnswer | undefined,
  lang: Lang,
): ConflictView {
  const now = new Map(questionFields(saved, lang).map(([field, , value]) => [field, value]));
  const empty = t(lang, '(tomt)', '(empty)');
  const rows = questionFields(typed, lang).flatMap(([field, label, yours]) => {
    const s = now.get(field) ?? '';
    return yours === s ? [] : [{ label, field, yours: yours || empty, saved: s || empty }];
  });
  return view(t(lang, 'Felt', 'Field'), rows, lang, savedByText(saved, lang));
}
