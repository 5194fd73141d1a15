import type { Scope } from '../rulesets/ruleset-schema';

/** One place in the document that made a rule fire: the words that caused a suggestion. */
export interface Evidence {
  ruleId: string;
  nodeId: string;
  /** `§ 9, stk. 2`, `§ 1, nr. 3`, `§ 83 b, stk. 2 (§ 1, nr. 3)` */
  label: string;
  page: number;
  scope: Scope;
  /** The provision's words around the match. */
  quote: string;
  /** The match inside `quote` ([matchStart, matchEnd)). */
  matchStart: number;
  matchEnd: number;
  /** `quote` with the match marked ⟦like this⟧, for plain-text output. */
  marked: string;
  /** Offsets of the match in `LegalDocument.text`. */
  start: number;
  end: number;
  /** The matched words and the lexicon terms they matched. */
  matched: { word: string; term: string; lexicon: string; how: 'stem' | 'modifier' | 'head' | 'phrase' }[];
  score: number;
}

export type FindingKind = 'theme' | 'risk-group' | 'transition';

export interface Finding {
  kind: FindingKind;
  /** The theme, risk group or transition id. */
  theme: string;
  title: string;
  score: number;
  rules: string[];
  evidence: Evidence[];
  /** Action-plan initiatives the theme serves. */
  initiatives: number[];
}

export type Suggestion = 'yes' | 'no' | 'unknown';

export interface TriggerSuggestion {
  trigger: string;
  title: string;
  question: string;
  suggestion: Suggestion;
  confidence: number;
  score: number;
  /** The findings that inform this trigger. */
  findings: string[];
  evidence: Evidence[];
}

export interface RelevanceSuggestion {
  suggestion: 'relevant' | 'not-relevant' | 'unknown';
  confidence: number;
  reasons: string[];
}

export interface Coverage {
  /** What the ruleset looked for. */
  looked: { kind: FindingKind; id: string; title: string; found: boolean }[];
  notFound: string[];
  /** Share of the document's text the parser understood: findings cannot come from what it could not read. */
  classifiedShare: number;
  note: string;
}

/** What detection hands on: findings with evidence, stage-1 suggestions, the overall suggestion, coverage, trace. */
export interface Findings {
  ruleset: { id: string; version: string };
  findings: Finding[];
  triggers: TriggerSuggestion[];
  relevance: RelevanceSuggestion;
  coverage: Coverage;
  /** One line per evidence: "rule X matched stem Y in § 9, stk. 2". */
  trace: string[];
}
