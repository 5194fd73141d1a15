import type { Answers } from '../domain/assessment';
import type { Findings } from '../domain/findings';
import type { LegalDocument } from '../domain/legal-document';
import { detect } from '../detect/detect';
import { questionnaire, type QuestionnaireState } from '../questionnaire/questionnaire';
import { buildImpactNote, type ImpactNote, type NoteInput } from '../report/impact-note';
import type { Ruleset } from '../rulesets/ruleset-schema';

export interface AssessInput {
  doc: LegalDocument;
  ruleset: Ruleset;
  answers: Answers;
  /** Stage-1 triggers still resting on unconfirmed suggestions. */
  unconfirmed: string[];
  meta: NoteInput['meta'];
  mode: 'a' | 'b';
  variant?: NoteInput['variant'];
  now: Date;
}

/** The use case behind the CLI, the bench and (later) the web app: detect → questionnaire → ImpactNote. */
export function assess(input: AssessInput): {
  findings: Findings;
  state: QuestionnaireState;
  note: ImpactNote;
} {
  const findings = detect(input.doc, input.ruleset);
  const state = questionnaire(input.ruleset, findings, input.answers, input.doc.kind);
  const note = buildImpactNote({ ...input, findings, state });
  return { findings, state, note };
}
