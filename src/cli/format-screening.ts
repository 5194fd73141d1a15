import type { Findings } from '../domain/findings';
import type { LegalDocument } from '../domain/legal-document';

const SUGGESTION: Record<string, { da: string; en: string }> = {
  relevant: { da: 'RELEVANT', en: 'RELEVANT' },
  'not-relevant': { da: 'IKKE RELEVANT', en: 'NOT RELEVANT' },
  unknown: { da: 'UAFKLARET', en: 'UNCLEAR' },
  yes: { da: 'ja', en: 'yes' },
  no: { da: 'nej', en: 'no' },
};

/** The screening for the terminal: suggestion, triggers, findings with their evidence, coverage. */
export function formatScreening(
  file: string,
  doc: LegalDocument,
  found: Findings,
  lang: 'da' | 'en',
  maxEvidence = 3,
): string {
  const t = (da: string, en: string): string => (lang === 'da' ? da : en);
  const pct = (x: number): string => `${Math.round(x * 100)} %`;
  const out: string[] = [];
  out.push(`${file}: ${doc.metadata.title || t('(uden titel)', '(untitled)')}`);
  out.push(`${t('Regelsæt', 'Ruleset')}: ${found.ruleset.id}@${found.ruleset.version}`);
  out.push(
    `${t('Forslag til relevans', 'Suggested relevance')}: ${SUGGESTION[found.relevance.suggestion]?.[lang]} (${t('sikkerhed', 'confidence')} ${pct(found.relevance.confidence)})`,
  );
  for (const r of found.relevance.reasons) out.push(`  – ${r}`);
  out.push('', t('Trin 1 – triggere:', 'Stage 1 – triggers:'));
  for (const tr of found.triggers) {
    out.push(
      `  ${(SUGGESTION[tr.suggestion]?.[lang] ?? tr.suggestion).padEnd(9)} ${tr.title}${tr.score ? ` (score ${tr.score})` : ''}`,
    );
  }
  out.push('', `${t('Fund', 'Findings')} (${found.findings.length}):`);
  for (const f of found.findings) {
    out.push(
      `  ${f.title} [${f.kind}] – score ${f.score}${f.initiatives.length ? `, ${t('initiativ', 'initiative')} ${f.initiatives.join(', ')}` : ''}`,
    );
    for (const e of f.evidence.slice(0, maxEvidence))
      out.push(`      ${e.label} (${t('s.', 'p.')} ${e.page}, ${e.ruleId}): ${e.marked}`);
    if (f.evidence.length > maxEvidence)
      out.push(`      … ${f.evidence.length - maxEvidence} ${t('mere', 'more')}`);
  }
  out.push('', `${t('Dækning', 'Coverage')}: ${found.coverage.note}`);
  return `${out.join('\n')}\n`;
}
