import type { Answers, QuestionAnswer } from '../domain/assessment';
import type { Findings } from '../domain/findings';
import type { LegalDocument } from '../domain/legal-document';
import { localText } from '../rulesets/local-text';
import type { QuestionnaireState } from '../questionnaire/questionnaire';
import type { Ruleset } from '../rulesets/ruleset-schema';
import { NOTE_TEXTS, type NoteTexts } from './note-texts';

/** Where a sentence of the note comes from: an answer, a finding, or a fixed text of the ruleset. */
export type Origin =
  | { kind: 'answer'; question: string }
  | { kind: 'trigger'; trigger: string }
  | { kind: 'template'; key: string }
  | { kind: 'outcome' };

export interface Sentence {
  text: string;
  origin: Origin;
}

export type NoteVariant = 'ministry' | 'network' | 'municipal';

export interface ImpactNote {
  language: 'da' | 'en';
  variant: NoteVariant;
  /** Network review: draft committee questions to the minister. */
  committeeQuestions?: Sentence[];
  /** Municipal: the consequences paragraph for the council's agenda item. */
  municipalParagraph?: Sentence;
  header: {
    title: string;
    ministry: string;
    caseNumber: string;
    draftVersion: string;
    date: string;
    ruleset: string;
    sha256: string;
  };
  /** Set when stage 1 still rests on suggestions nobody has confirmed: said on the first page. */
  unconfirmedWarning?: string;
  summary: Sentence[];
  bottomLine: string;
  /** "Comply or explain": why a relevant bill was not assessed in stage 2, as the author stated it. */
  notAssessedReason?: string;
  partA: {
    mode: 'a' | 'b';
    /** Mode (b): the ruleset's statement that it presumes a change to the guidance. */
    note?: string;
    heading: string;
    paragraphs: Sentence[];
    skemaRow?: { heading: string[]; row: string[] };
  };
  partB: {
    trigger: string;
    question: string;
    answer: string;
    status: string;
    evidence: { label: string; page: number; quote: string }[];
  }[];
  partC: {
    question: string;
    affected: string;
    direction: string;
    magnitude: string;
    likelihood: string;
    duration: string;
    mechanism: string;
    evidence: string;
    mitigation: string;
    changedInDraft: string;
  }[];
  groups: { group: string; estimate: string; question: string }[];
  initiatives: { number: number; title: string }[];
  method: { rulesFired: string[]; answeredBy: string[]; classifiedShare: string };
  signOff: { preparedBy: string; approvedBy: string };
  /** Review comments, added on request as an appendix: one row per thread. */
  comments?: { target: string; thread: string; status: string }[];
}

export interface NoteInput {
  doc: LegalDocument;
  ruleset: Ruleset;
  findings: Findings;
  state: QuestionnaireState;
  answers: Answers;
  unconfirmed: string[];
  meta: {
    ministry?: string;
    caseNumber?: string;
    draftVersion?: string;
    preparedBy?: string;
    approvedBy?: string;
    notAssessedReason?: string;
  };
  mode: 'a' | 'b';
  /** Ministry (default), the network's review, or a municipal agenda item (default for municipal documents). */
  variant?: NoteVariant;
  /** Injected so output is reproducible. */
  now: Date;
}

function localDate(d: Date, lang: 'da' | 'en'): string {
  return d.toLocaleDateString(lang === 'da' ? 'da-DK' : 'en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'Europe/Copenhagen',
  });
}

function who(a: QuestionAnswer, T: NoteTexts, lang: 'da' | 'en'): string {
  if (!a.groups?.length) return T.theAffected;
  return a.groups
    .map((g) =>
      g.estimate
        ? `${g.name} (${lang === 'da' ? 'ca.' : 'about'} ${g.estimate.toLocaleString(lang === 'da' ? 'da-DK' : 'en-GB')})`
        : g.name,
    )
    .join(', ');
}

/** "§ 1, nr. 7, og § 1, nr. 11" – the Danish comma before og in lists of provisions. */
function listProvisions(p: string[], lang: 'da' | 'en'): string {
  if (p.length < 2) return p[0] ?? '';
  return `${p.slice(0, -1).join(', ')}${lang === 'da' ? ', og ' : ' and '}${p[p.length - 1]}`;
}

function parts(a: QuestionAnswer, title: string, T: NoteTexts, lang: 'da' | 'en') {
  const mechanism = (a.mechanism?.text ?? (lang === 'da' ? 'Lovforslaget' : 'The policy')).replace(/\.$/, '');
  return {
    mechanism: `${mechanism.charAt(0).toUpperCase()}${mechanism.slice(1)}`,
    provisions: a.mechanism?.provisions.length ? ` (${listProvisions(a.mechanism.provisions, lang)})` : '',
    who: who(a, T, lang),
    topic: title.toLowerCase(),
  };
}

/** Assessment → ImpactNote model. Pure: every sentence comes from an answer or a fixed text, and says which. */
export function buildImpactNote(input: NoteInput): ImpactNote {
  const { doc, ruleset, findings, state, answers, mode } = input;
  const lang = ruleset.language;
  const T = NOTE_TEXTS[lang];
  const variant = input.variant ?? (doc.kind.startsWith('municipal') ? 'municipal' : 'ministry');
  const outcome = state.outcome;
  const affected = state.visible.filter((v) => v.answer?.affected === 'yes' && v.errors.length === 0);
  const line = outcome.bottomLine;
  const significant = outcome.material && (line === 'negative' || line === 'positive' || line === 'mixed');
  // A council decides on a proposal ("forslaget"), not a bill.
  const subject = (t: string): string =>
    variant === 'municipal' && lang === 'da' ? t.replace(/^Lovforslaget(s?) /, 'Forslaget$1 ') : t;
  // The ruleset's own wording wins where it has it: rules and texts are data a policy expert can change.
  const own = (key: string): string | undefined => {
    const v = localText(ruleset.templates[key], lang);
    return v
      ? v
          .trim()
          .replace(/^[»"]|[«"]$/g, '')
          .trim()
      : undefined;
  };
  const fixed = line === 'none' ? own('none') : line === 'not-assessed' ? own('not-assessed') : undefined;
  const bottom: Sentence = {
    text: subject(
      fixed ?? (line === 'none' ? T.none : line === 'not-assessed' ? T.notAssessed : T.bottom(line)),
    ),
    origin: fixed
      ? { kind: 'template', key: line === 'none' ? 'none' : 'not-assessed' }
      : { kind: 'outcome' },
  };
  const effects: Sentence[] = affected.map((v) => {
    const a = v.answer as QuestionAnswer;
    return {
      text: T.effect({
        ...parts(a, localText(v.question.title, lang), T, lang),
        direction: a.direction ?? 'unclear',
        magnitude: a.magnitude ?? 0,
        likelihood: T.likelihood[a.likelihood ?? 'possible'] ?? '',
        ...(a.duration ? { lasting: a.duration.span === 'lasting' } : {}),
        ...(a.mitigation ? { mitigation: a.mitigation.replace(/\.$/, '') } : {}),
      }),
      origin: { kind: 'answer', question: v.question.id },
    };
  });
  const titles = (dir: (d: string | undefined) => boolean): string =>
    affected
      .filter((v) => dir(v.answer?.direction))
      .map((v) => localText(v.question.title, lang))
      .join('; ') || (lang === 'da' ? 'Ingen' : 'None');
  const partA: ImpactNote['partA'] = {
    mode,
    heading:
      own(mode === 'a' ? 'mode-a-heading' : 'mode-b-heading') ?? own('significant-heading') ?? T.partAHeading,
    paragraphs:
      mode === 'b' || significant
        ? [bottom, ...effects]
        : [{ text: T.notSignificant, origin: { kind: 'outcome' } }],
  };
  const modeBNote = mode === 'b' ? own('mode-b-note') : undefined;
  if (modeBNote) partA.note = modeBNote;
  if (mode === 'b' && lang === 'da') {
    partA.skemaRow = {
      heading: [
        '',
        'Positive konsekvenser/mindreudgifter (hvis ja, angiv omfang/Hvis nej, anfør »Ingen«)',
        'Negative konsekvenser/merudgifter (hvis ja, angiv omfang/Hvis nej, anfør »Ingen«)',
      ],
      row: [
        T.partAHeading,
        titles((d) => d === 'positive' || d === 'mixed'),
        titles((d) => d === 'negative' || d === 'mixed'),
      ],
    };
  }
  const note: ImpactNote = {
    language: lang,
    variant,
    header: {
      title: doc.metadata.title,
      ministry: input.meta.ministry ?? '',
      caseNumber: input.meta.caseNumber ?? '',
      draftVersion: input.meta.draftVersion ?? '',
      date: localDate(input.now, lang),
      ruleset: `${ruleset.id}@${ruleset.version}`,
      sha256: doc.sha256,
    },
    summary: [bottom, ...effects.slice(0, 2)],
    bottomLine: T.bottomLine[line] ?? line,
    ...(line === 'not-assessed' && input.meta.notAssessedReason
      ? { notAssessedReason: input.meta.notAssessedReason }
      : {}),
    partA,
    partB: state.triggers.map((t) => ({
      trigger: findings.triggers.find((x) => x.trigger === t.trigger)?.title ?? t.trigger,
      question: findings.triggers.find((x) => x.trigger === t.trigger)?.question ?? '',
      answer: T.value[t.value] ?? t.value,
      status: T.status[t.status] ?? t.status,
      evidence: t.evidence.slice(0, 3).map((e) => ({ label: e.label, page: e.page, quote: e.quote })),
    })),
    partC: state.visible.map((v) => {
      const a = v.answer;
      return {
        question: localText(v.question.title, lang),
        affected: a ? (T.value[a.affected] ?? a.affected) : T.notAnswered,
        direction: a?.direction ? (T.direction[a.direction] ?? a.direction) : '–',
        magnitude: a?.magnitude !== undefined ? `${a.magnitude} (${T.magnitude[a.magnitude]})` : '–',
        likelihood: a?.likelihood ? (T.likelihood[a.likelihood] ?? a.likelihood) : '–',
        duration: a?.duration ? T.lasting(a.duration.span === 'lasting', a.duration.reversible) : '–',
        mechanism: a?.mechanism
          ? `${a.mechanism.text}${a.mechanism.provisions.length ? ` (${a.mechanism.provisions.join(', ')})` : ''}`
          : '–',
        evidence: a?.evidence ? `${a.evidence.text} (${T.grade[a.evidence.grade] ?? a.evidence.grade})` : '–',
        mitigation: a?.mitigation ?? '–',
        changedInDraft: a?.changedInDraft ?? '–',
      };
    }),
    groups: affected.flatMap((v) =>
      (v.answer?.groups ?? []).map((g) => ({
        group: g.name,
        estimate: g.estimate?.toLocaleString(lang === 'da' ? 'da-DK' : 'en-GB') ?? '–',
        question: localText(v.question.title, lang),
      })),
    ),
    initiatives: [...new Set(findings.findings.flatMap((f) => f.initiatives))]
      .sort((a, b) => a - b)
      .map((number) => ({
        number,
        title: localText(ruleset.initiatives.find((i) => i.number === number)?.title, lang),
      })),
    method: {
      rulesFired: findings.trace,
      answeredBy: [
        ...Object.entries(answers.triggers).map(
          ([id, a]) => `${id}: ${T.value[a.value]}${a.by ? `, ${a.by}` : ''}${a.at ? `, ${a.at}` : ''}`,
        ),
        ...Object.entries(answers.questions).map(
          ([id, a]) =>
            `${id}: ${T.value[a.affected] ?? a.affected}${a.by ? `, ${a.by}` : ''}${a.at ? `, ${a.at}` : ''}`,
        ),
      ],
      classifiedShare: `${Math.round(doc.quality.classifiedShare * 100)} %`,
    },
    signOff: { preparedBy: input.meta.preparedBy ?? '', approvedBy: input.meta.approvedBy ?? '' },
  };
  if (variant === 'network') {
    // Questions for the committee: one per provision-backed effect, in the form of the answered questions in seeds 000 and 004.
    note.committeeQuestions = affected.map((v) => ({
      text: T.committeeQuestion(
        parts(v.answer as QuestionAnswer, localText(v.question.title, lang), T, lang),
      ),
      origin: { kind: 'answer', question: v.question.id },
    }));
  }
  if (variant === 'municipal') {
    note.municipalParagraph = {
      text: T.municipal([bottom.text, ...effects.map((e) => e.text)]),
      origin: { kind: 'outcome' },
    };
  }
  if (input.unconfirmed.length > 0)
    note.unconfirmedWarning = T.unconfirmed(input.unconfirmed.length, state.triggers.length);
  return note;
}
