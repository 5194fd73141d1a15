import type { Findings } from '../domain/findings';
import type { LegalDocument } from '../domain/legal-document';

export const SCREENING_SCHEMA = 'relationstjek/screening@1';

/**
 * The documented, versioned JSON other tools read (docs/screening-json.md). Fields are only ever added
 * within a schema version.
 */
export function screeningJson(file: string, doc: LegalDocument, found: Findings): unknown {
  return {
    schema: SCREENING_SCHEMA,
    file,
    document: {
      kind: doc.kind,
      language: doc.language,
      format: doc.format,
      title: doc.metadata.title,
      shortTitle: doc.metadata.shortTitle,
      sha256: doc.sha256,
      pages: doc.pages.length,
      classifiedShare: Math.round(doc.quality.classifiedShare * 1000) / 1000,
    },
    ruleset: found.ruleset,
    relevance: found.relevance,
    triggers: found.triggers.map((t) => ({
      trigger: t.trigger,
      title: t.title,
      suggestion: t.suggestion,
      confidence: t.confidence,
      score: t.score,
      findings: t.findings,
      evidence: t.evidence.map(slimEvidence),
    })),
    findings: found.findings.map((f) => ({
      kind: f.kind,
      theme: f.theme,
      title: f.title,
      score: f.score,
      rules: f.rules,
      initiatives: f.initiatives,
      evidence: f.evidence.map(slimEvidence),
    })),
    coverage: found.coverage,
    trace: found.trace,
  };
}

function slimEvidence(e: Findings['findings'][number]['evidence'][number]): unknown {
  return {
    ruleId: e.ruleId,
    nodeId: e.nodeId,
    label: e.label,
    page: e.page,
    scope: e.scope,
    quote: e.quote,
    matchStart: e.matchStart,
    matchEnd: e.matchEnd,
    matched: e.matched,
    score: e.score,
  };
}
