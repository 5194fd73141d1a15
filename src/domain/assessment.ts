/** The user's answers: stage-1 triggers and stage-2 questions. A suggestion is never an answer until confirmed. */
export type TriggerValue = 'yes' | 'no' | 'unknown';

export interface TriggerAnswer {
  value: TriggerValue;
  /** Why "no" or "unknown", or what evidence is still needed. */
  note?: string;
  by?: string;
  at?: string;
}

export type Direction = 'positive' | 'negative' | 'mixed' | 'unclear';
export type Likelihood = 'unlikely' | 'possible' | 'likely';
export type EvidenceGrade = 'register-data' | 'international-research' | 'expert-judgement' | 'assumption';

export interface QuestionAnswer {
  affected: 'yes' | 'no' | 'unknown';
  direction?: Direction;
  magnitude?: 0 | 1 | 2 | 3;
  likelihood?: Likelihood;
  duration?: { span: 'temporary' | 'lasting'; reversible: boolean };
  groups?: { name: string; estimate?: number }[];
  mechanism?: { text: string; provisions: string[] };
  evidence?: { text: string; grade: EvidenceGrade };
  mitigation?: string;
  changedInDraft?: string;
  /** With "unknown": what evidence is missing and who will get it. */
  note?: string;
  by?: string;
  at?: string;
}

export interface Answers {
  triggers: Record<string, TriggerAnswer>;
  questions: Record<string, QuestionAnswer>;
  /** A recorded override of the ruleset's materiality thresholds. */
  materialityOverride?: { material: boolean; reason: string; by?: string };
}

export type BottomLine = 'positive' | 'negative' | 'mixed' | 'none' | 'not-assessed';
