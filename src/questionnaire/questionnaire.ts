import type { Answers, BottomLine, QuestionAnswer, TriggerValue } from '../domain/assessment';
import type { Evidence, Findings } from '../domain/findings';
import { evaluateCondition, type Facts } from '../rulesets/conditions';
import type { Question, Ruleset } from '../rulesets/ruleset-schema';
import { localeErrors, questionAnswerSchema } from './answer-schema';

export type TriggerStatus = 'suggested' | 'confirmed' | 'changed';

export interface TriggerState {
  trigger: string;
  /** What detection suggested, with its evidence. */
  suggestion: TriggerValue;
  confidence: number;
  evidence: Evidence[];
  /** The value in force: the user's answer, or the suggestion until they answer. */
  value: TriggerValue;
  status: TriggerStatus;
  /** "unknown" asks for evidence; it is never silently "no". */
  needsEvidence: boolean;
}

export interface VisibleQuestion {
  question: Question;
  /** "Why am I asked this?": the facts that made it visible. */
  why: string[];
  answer?: QuestionAnswer;
  errors: string[];
}

export interface Outcome {
  bottomLine: BottomLine;
  /** One line per answered question: direction and magnitude. */
  profile: {
    question: string;
    affected: QuestionAnswer['affected'];
    direction?: string;
    magnitude?: number;
    likelihood?: string;
  }[];
  material: boolean;
  materialBy: 'thresholds' | 'override';
  materialReason?: string;
}

export interface QuestionnaireState {
  triggers: TriggerState[];
  relevance: 'relevant' | 'not-relevant' | 'unknown';
  visible: VisibleQuestion[];
  /** Answers kept for questions a change has hidden: never deleted, flagged. */
  stale: string[];
  /** The first visible question still unanswered or invalid. */
  next?: string;
  outcome: Outcome;
}

const LIKELIHOOD = { unlikely: 0, possible: 1, likely: 2 } as const;

/**
 * Ruleset × Findings × Answers → state. A checklist, not a flowchart: every call recomputes what is visible from
 * the ruleset's conditions over the facts (the trigger values in force, the findings), so the order answers were
 * given in never matters.
 */
export function questionnaire(
  ruleset: Ruleset,
  findings: Findings,
  answers: Answers,
  kind?: string,
): QuestionnaireState {
  const triggers: TriggerState[] = findings.triggers.map((s) => {
    const given = answers.triggers[s.trigger];
    const value = given?.value ?? s.suggestion;
    return {
      trigger: s.trigger,
      suggestion: s.suggestion,
      confidence: s.confidence,
      evidence: s.evidence,
      value,
      status: !given ? 'suggested' : given.value === s.suggestion ? 'confirmed' : 'changed',
      needsEvidence: value === 'unknown' && !given?.note,
    };
  });
  const values = triggers.map((t) => t.value);
  const relevance = values.includes('yes')
    ? 'relevant'
    : values.includes('unknown')
      ? 'unknown'
      : 'not-relevant';
  const found = (kind: string): Record<string, boolean> =>
    Object.fromEntries(findings.findings.filter((f) => f.kind === kind).map((f) => [f.theme, true]));
  const facts: Facts = {
    relevance,
    triggers: Object.fromEntries(triggers.map((t) => [t.trigger, t.value])),
    themes: found('theme'),
    riskGroups: found('risk-group'),
    transitions: found('transition'),
    document: { kind },
  };
  const visible: VisibleQuestion[] = [];
  for (const q of ruleset.questions) {
    const c = evaluateCondition(q.visibleWhen, facts);
    if (!c.ok) continue;
    const answer = answers.questions[q.id];
    let errors: string[] = [];
    if (answer) {
      const parsed = questionAnswerSchema(q, ruleset.language).safeParse(answer, {
        error: localeErrors(ruleset.language),
      });
      if (!parsed.success) errors = parsed.error.issues.map((i) => i.message);
    }
    visible.push({ question: q, why: c.why, ...(answer ? { answer } : {}), errors });
  }
  const visibleIds = new Set(visible.map((v) => v.question.id));
  const stale = Object.keys(answers.questions).filter((id) => !visibleIds.has(id));
  const next = visible.find((v) => !v.answer || v.errors.length > 0)?.question.id;
  const state: QuestionnaireState = {
    triggers,
    relevance,
    visible,
    stale,
    outcome: outcome(ruleset, relevance, visible, answers),
  };
  if (next) state.next = next;
  return state;
}

function outcome(
  ruleset: Ruleset,
  relevance: QuestionnaireState['relevance'],
  visible: VisibleQuestion[],
  answers: Answers,
): Outcome {
  const answered = visible.filter((v) => v.answer && v.errors.length === 0);
  const profile = answered.map((v) => {
    const a = v.answer as QuestionAnswer;
    return {
      question: v.question.id,
      affected: a.affected,
      ...(a.direction ? { direction: a.direction } : {}),
      ...(a.magnitude !== undefined ? { magnitude: a.magnitude } : {}),
      ...(a.likelihood ? { likelihood: a.likelihood } : {}),
    };
  });
  const affected = answered.map((v) => v.answer as QuestionAnswer).filter((a) => a.affected === 'yes');
  let bottomLine: BottomLine;
  if (relevance === 'not-relevant') bottomLine = 'none';
  else if (
    relevance === 'unknown' ||
    answered.length < visible.length ||
    answered.some((v) => v.answer?.affected === 'unknown')
  ) {
    bottomLine = 'not-assessed';
  } else if (affected.length === 0) bottomLine = 'none';
  else {
    const dirs = new Set(affected.map((a) => a.direction));
    bottomLine =
      dirs.size === 1 && dirs.has('positive')
        ? 'positive'
        : dirs.size === 1 && dirs.has('negative')
          ? 'negative'
          : 'mixed';
  }
  const { significantMagnitude, significantLikelihood } = ruleset.outcomes;
  const byThresholds = affected.some(
    (a) =>
      (a.magnitude ?? 0) >= significantMagnitude &&
      LIKELIHOOD[a.likelihood ?? 'unlikely'] >= LIKELIHOOD[significantLikelihood],
  );
  const o = answers.materialityOverride;
  return o
    ? { bottomLine, profile, material: o.material, materialBy: 'override', materialReason: o.reason }
    : { bottomLine, profile, material: byThresholds, materialBy: 'thresholds' };
}
