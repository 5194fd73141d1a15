import type { Answers, QuestionAnswer } from '../domain/assessment';
import type { Findings } from '../domain/findings';
import type { LegalDocument } from '../domain/legal-document';
import { text } from '../detect/detect';
import type { QuestionnaireState } from '../questionnaire/questionnaire';
import type { Ruleset } from '../rulesets/ruleset-schema';

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

export interface ImpactNote {
  language: 'da' | 'en';
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
  partA: {
    mode: 'a' | 'b';
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
  }[];
  groups: { group: string; estimate: string; question: string }[];
  initiatives: number[];
  method: { rulesFired: string[]; answeredBy: string[]; classifiedShare: string };
  signOff: { preparedBy: string; approvedBy: string };
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
  };
  mode: 'a' | 'b';
  /** Injected so output is reproducible. */
  now: Date;
}

const DIRECTION: Record<string, string> = {
  positive: 'positiv',
  negative: 'negativ',
  mixed: 'blandet',
  unclear: 'uklar',
};
const LIKELIHOOD: Record<string, string> = {
  unlikely: 'usandsynlig',
  possible: 'mulig',
  likely: 'sandsynlig',
};
const MAGNITUDE = ['ingen', 'lille', 'moderat', 'betydelig'];
const BOTTOM: Record<string, string> = {
  positive: 'positiv',
  negative: 'negativ',
  mixed: 'blandet',
  none: 'ingen konsekvenser',
  'not-assessed': 'ikke vurderet',
};
const GRADE: Record<string, string> = {
  'register-data': 'danske register- eller surveydata',
  'international-research': 'international forskning',
  'expert-judgement': 'faglig vurdering',
  assumption: 'antagelse',
};
const VALUE: Record<string, string> = { yes: 'Ja', no: 'Nej', unknown: 'Ved ikke' };
const STATUS: Record<string, string> = {
  suggested: 'forslag, ikke bekræftet',
  confirmed: 'bekræftet',
  changed: 'ændret af sagsbehandler',
};
const NONE_SENTENCE =
  'Lovforslaget vurderes ikke at have konsekvenser for borgernes muligheder for at indgå i og fastholde nære relationer og fællesskaber.';

function danishDate(d: Date): string {
  return d.toLocaleDateString('da-DK', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'Europe/Copenhagen',
  });
}

function effectSentence(question: string, title: string, a: QuestionAnswer): string {
  const provisions = a.mechanism?.provisions.length ? ` (${a.mechanism.provisions.join(', ')})` : '';
  const who = a.groups?.length
    ? a.groups
        .map((g) => (g.estimate ? `${g.name} (ca. ${g.estimate.toLocaleString('da-DK')})` : g.name))
        .join(', ')
    : 'de berørte borgere';
  const way =
    a.direction === 'positive'
      ? 'gøre det lettere'
      : a.direction === 'negative'
        ? 'gøre det vanskeligere'
        : 'få både positive og negative virkninger';
  const mechanism = (a.mechanism?.text ?? '').replace(/\.$/, '');
  return `${mechanism ? `${mechanism[0]?.toUpperCase()}${mechanism.slice(1)}${provisions}` : `Lovforslaget${provisions}`} vurderes at ${way} for ${who}, for så vidt angår ${title.toLowerCase()}. Virkningen vurderes at være ${MAGNITUDE[a.magnitude ?? 0]} og ${LIKELIHOOD[a.likelihood ?? 'possible']}${a.duration ? `, ${a.duration.span === 'lasting' ? 'varig' : 'midlertidig'}` : ''}.${a.mitigation ? ` ${a.mitigation.replace(/\.$/, '')}.` : ''}`;
}

/** Assessment → ImpactNote model. Pure: every sentence comes from an answer or a fixed text, and says which. */
export function buildImpactNote(input: NoteInput): ImpactNote {
  const { doc, ruleset, findings, state, answers, mode } = input;
  const lang = ruleset.language;
  const outcome = state.outcome;
  const affected = state.visible.filter((v) => v.answer?.affected === 'yes' && v.errors.length === 0);
  const significant =
    outcome.material &&
    (outcome.bottomLine === 'negative' ||
      outcome.bottomLine === 'positive' ||
      outcome.bottomLine === 'mixed');
  const bottom: Sentence =
    outcome.bottomLine === 'none'
      ? { text: NONE_SENTENCE, origin: { kind: 'outcome' } }
      : outcome.bottomLine === 'not-assessed'
        ? {
            text: 'Lovforslagets konsekvenser for nære relationer og fællesskaber er endnu ikke vurderet.',
            origin: { kind: 'outcome' },
          }
        : {
            text: `Lovforslaget vurderes samlet at have ${BOTTOM[outcome.bottomLine]}e konsekvenser for borgernes muligheder for at indgå i og fastholde nære relationer og fællesskaber.`.replace(
              'blandete',
              'blandede',
            ),
            origin: { kind: 'outcome' },
          };
  const effects: Sentence[] = affected.map((v) => ({
    text: effectSentence(v.question.id, text(v.question.title, lang), v.answer as QuestionAnswer),
    origin: { kind: 'answer', question: v.question.id },
  }));
  const heading = 'Konsekvenser for fællesskaber og nære relationer';
  const partA: ImpactNote['partA'] =
    mode === 'b'
      ? {
          mode,
          heading,
          paragraphs: [bottom, ...effects],
          skemaRow: {
            heading: [
              '',
              'Positive konsekvenser/mindreudgifter (hvis ja, angiv omfang/Hvis nej, anfør »Ingen«)',
              'Negative konsekvenser/merudgifter (hvis ja, angiv omfang/Hvis nej, anfør »Ingen«)',
            ],
            row: [
              heading,
              affected.some((v) => v.answer?.direction === 'positive' || v.answer?.direction === 'mixed')
                ? affected
                    .filter((v) => v.answer?.direction !== 'negative')
                    .map((v) => text(v.question.title, lang))
                    .join('; ')
                : 'Ingen',
              affected.some((v) => v.answer?.direction === 'negative' || v.answer?.direction === 'mixed')
                ? affected
                    .filter((v) => v.answer?.direction !== 'positive')
                    .map((v) => text(v.question.title, lang))
                    .join('; ')
                : 'Ingen',
            ],
          },
        }
      : {
          mode,
          heading,
          paragraphs: significant
            ? [bottom, ...effects]
            : [
                {
                  text: 'Konsekvenserne vurderes ikke at være væsentlige. Der skrives derfor ikke et afsnit i lovforslagets bemærkninger (model a); screeningen er dokumenteret i del B.',
                  origin: { kind: 'outcome' },
                },
              ],
        };
  const note: ImpactNote = {
    language: lang,
    header: {
      title: doc.metadata.title,
      ministry: input.meta.ministry ?? '',
      caseNumber: input.meta.caseNumber ?? '',
      draftVersion: input.meta.draftVersion ?? '',
      date: danishDate(input.now),
      ruleset: `${ruleset.id}@${ruleset.version}`,
      sha256: doc.sha256,
    },
    summary: [bottom, ...effects.slice(0, 2)],
    bottomLine: BOTTOM[outcome.bottomLine] ?? outcome.bottomLine,
    partA,
    partB: state.triggers.map((t) => ({
      trigger: findings.triggers.find((x) => x.trigger === t.trigger)?.title ?? t.trigger,
      question: findings.triggers.find((x) => x.trigger === t.trigger)?.question ?? '',
      answer: VALUE[t.value] ?? t.value,
      status: STATUS[t.status] ?? t.status,
      evidence: t.evidence.slice(0, 3).map((e) => ({ label: e.label, page: e.page, quote: e.quote })),
    })),
    partC: state.visible.map((v) => {
      const a = v.answer;
      return {
        question: text(v.question.title, lang),
        affected: a ? (VALUE[a.affected] ?? a.affected) : 'Ikke besvaret',
        direction: a?.direction ? (DIRECTION[a.direction] ?? a.direction) : '–',
        magnitude: a?.magnitude !== undefined ? `${a.magnitude} (${MAGNITUDE[a.magnitude]})` : '–',
        likelihood: a?.likelihood ? (LIKELIHOOD[a.likelihood] ?? a.likelihood) : '–',
        duration: a?.duration
          ? `${a.duration.span === 'lasting' ? 'varig' : 'midlertidig'}, ${a.duration.reversible ? 'kan rulles tilbage' : 'kan ikke rulles tilbage'}`
          : '–',
        mechanism: a?.mechanism
          ? `${a.mechanism.text}${a.mechanism.provisions.length ? ` (${a.mechanism.provisions.join(', ')})` : ''}`
          : '–',
        evidence: a?.evidence ? `${a.evidence.text} (${GRADE[a.evidence.grade] ?? a.evidence.grade})` : '–',
        mitigation: a?.mitigation ?? '–',
      };
    }),
    groups: affected.flatMap((v) =>
      (v.answer?.groups ?? []).map((g) => ({
        group: g.name,
        estimate: g.estimate?.toLocaleString('da-DK') ?? 'ukendt',
        question: text(v.question.title, lang),
      })),
    ),
    initiatives: [...new Set(findings.findings.flatMap((f) => f.initiatives))].sort((a, b) => a - b),
    method: {
      rulesFired: findings.trace,
      answeredBy: [
        ...Object.entries(answers.triggers).map(
          ([id, a]) => `Trigger ${id}: ${VALUE[a.value]}${a.by ? `, ${a.by}` : ''}${a.at ? `, ${a.at}` : ''}`,
        ),
        ...Object.entries(answers.questions).map(
          ([id, a]) =>
            `Spørgsmål ${id}: ${VALUE[a.affected] ?? a.affected}${a.by ? `, ${a.by}` : ''}${a.at ? `, ${a.at}` : ''}`,
        ),
      ],
      classifiedShare: `${Math.round(doc.quality.classifiedShare * 100)} %`,
    },
    signOff: { preparedBy: input.meta.preparedBy ?? '', approvedBy: input.meta.approvedBy ?? '' },
  };
  if (input.unconfirmed.length > 0) {
    note.unconfirmedWarning = `Notatet bygger på forslag, som ingen har bekræftet: ${input.unconfirmed.length} af ${state.triggers.length} spørgsmål i trin 1 er besvaret automatisk ud fra dokumentets ordlyd. Det er ikke en vurdering.`;
  }
  return note;
}
