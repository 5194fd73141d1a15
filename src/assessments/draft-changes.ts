import type { Answers } from '../domain/assessment';
import type { Findings } from '../domain/findings';
import { staleEvidence, type DocumentDiff } from '../diff/document-diff';

/** What a new draft of the document changed, and which answers that puts in question. */
export interface DraftChanges {
  /** Document version numbers compared. */
  from: number;
  to: number;
  diff: DocumentDiff;
  /** Answers given before the new draft whose grounds changed: to be checked again (the rest carry over). */
  recheck: { triggers: string[]; questions: string[] };
}

/** Does a cited provision (`§ 1, nr. 7`, `§ 192 a, stk. 3 (§ 1, nr. 11)`) name the node labelled `label`? */
function cites(cited: string, label: string): boolean {
  const c = cited.replace(/\s+/g, ' ').trim();
  return c === label || c.includes(`(${label})`) || c.startsWith(`${label},`) || c.startsWith(`${label} (`);
}

/**
 * Pure: the answers to check again after a new draft. A stage-1 answer is, when the evidence it rested on lies in
 * a changed or removed provision, or when detection now suggests something else; a stage-2 answer is, when the
 * provisions its mechanism cites were changed or removed. Answers given after the new draft arrived are current.
 */
export function draftChanges(
  before: { number: number; findings: Findings },
  after: { number: number; createdAt: string; findings: Findings },
  answers: Answers,
  diff: DocumentDiff,
): DraftChanges {
  const old = (at: string | undefined): boolean => !at || at < after.createdAt;
  const gone = [
    ...diff.amendments.changed,
    ...diff.amendments.removed,
    ...diff.provisions.changed,
    ...diff.provisions.removed,
  ].map((c) => c.beforeLabel ?? c.label);
  const triggers = Object.entries(answers.triggers)
    .filter(([id, a]) => {
      if (!old(a.at)) return false;
      const was = before.findings.triggers.find((t) => t.trigger === id);
      const now = after.findings.triggers.find((t) => t.trigger === id);
      if (!was || !now) return true;
      return was.suggestion !== now.suggestion || staleEvidence(diff, was.evidence).length > 0;
    })
    .map(([id]) => id);
  const questions = Object.entries(answers.questions)
    .filter(
      ([, a]) => old(a.at) && (a.mechanism?.provisions ?? []).some((p) => gone.some((g) => cites(p, g))),
    )
    .map(([id]) => id);
  return { from: before.number, to: after.number, diff, recheck: { triggers, questions } };
}
