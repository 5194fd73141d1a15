import type { BottomLine } from '../domain/assessment';
import type { Workspace } from './assessment-service';

/** What the archive searches and counts on, kept beside each assessment (the parse stays in JSON). */
export interface AssessmentSummary {
  relevance: 'relevant' | 'not-relevant' | 'unknown';
  bottomLine: BottomLine;
  /** Theme ids found in the document, the strongest first. */
  themes: string[];
  /** When the first document version was processed: the year the bill counts as screened in. */
  screenedAt: string;
}

/** The summary of a workspace; undefined until its current document version has been processed. */
export function summariseAssessment(ws: Workspace): AssessmentSummary | undefined {
  if (!ws.state || !ws.analysis || !ws.document) return undefined;
  const themes = ws.analysis.findings.findings
    .filter((f) => f.kind === 'theme')
    .sort((a, b) => b.score - a.score)
    .map((f) => f.theme);
  // A new version carries its first document's processing time, so it counts in the same year.
  const screenedAt = ws.firstProcessedAt ?? ws.document.finishedAt ?? ws.document.createdAt;
  return {
    relevance: ws.state.relevance,
    bottomLine: ws.state.outcome.bottomLine,
    themes: [...new Set(themes)],
    screenedAt,
  };
}
