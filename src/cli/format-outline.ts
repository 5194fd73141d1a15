import { AMENDMENT_OPERATION_NAMES as OPERATIONS, DOCUMENT_KIND_NAMES } from '../domain/document-kinds';
import type { LegalDocument, Provision } from '../domain/legal-document';

function percent(x: number, lang: 'da' | 'en'): string {
  return `${(x * 100).toLocaleString(lang === 'da' ? 'da-DK' : 'en-GB', { maximumFractionDigits: 1 })} %`;
}

function clip(s: string, n: number): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > n ? `${one.slice(0, n - 1)}…` : one;
}

/** A readable outline of a parsed document and its import-quality report, for the terminal. */
export function formatOutline(doc: LegalDocument, lang: 'da' | 'en' = 'da', maxDepth = 3): string {
  const t = (da: string, en: string): string => (lang === 'da' ? da : en);
  const out: string[] = [];
  const m = doc.metadata;
  out.push(m.title || t('(uden titel)', '(untitled)'));
  if (m.shortTitle) out.push(`(${m.shortTitle})`);
  const pages = doc.pages.length;
  out.push(
    `${t('Type', 'Kind')}: ${DOCUMENT_KIND_NAMES[doc.kind][lang]}${m.isAmendingBill ? t(' (ændringslov)', ' (amending bill)') : ''} · ${t('Format', 'Format')}: ${doc.format.toUpperCase()} · ${pages} ${t(pages === 1 ? 'side' : 'sider', pages === 1 ? 'page' : 'pages')} · SHA-256 ${doc.sha256.slice(0, 12)}…`,
  );
  if (m.commencement)
    out.push(
      `${t('Ikrafttræden', 'Commencement')}: ${m.commencement.iso ?? m.commencement.text} (${m.commencement.label})`,
    );
  if (m.authority) out.push(`${t('Myndighed', 'Authority')}: ${m.authority}`);
  if (m.referencedActs.length > 0) {
    out.push('', `${t('Henviste love', 'Referenced acts')} (${m.referencedActs.length}):`);
    for (const a of m.referencedActs.slice(0, 12))
      out.push(`  – ${[a.title, a.citation].filter(Boolean).join(', ')}`);
  }
  out.push('', t('Disposition', 'Outline'));
  const walk = (nodes: Provision[], depth: number): void => {
    for (const n of nodes) {
      if (depth > maxDepth) return;
      const heading = n.heading && n.heading !== n.label ? `  ${clip(n.heading, 70)}` : '';
      out.push(`${'  '.repeat(depth)}${n.label}${heading}  [${t('s.', 'p.')} ${n.page}]`);
      if (n.kind !== 'amendment') walk(n.children, depth + 1);
    }
  };
  walk(doc.body, 1);
  if (doc.amendments.length > 0) {
    out.push('', `${t('Ændringer', 'Amendments')} (${doc.amendments.length}):`);
    for (const a of doc.amendments) {
      out.push(
        `  ${a.label.padEnd(12)} ${OPERATIONS[a.operation]?.[lang] ?? a.operation}  ${a.target || '–'}  (${clip(a.targetAct, 50)})`,
      );
    }
  }
  if (doc.consequenceSections.length > 0) {
    out.push('', t('Konsekvensafsnit i bemærkningerne:', 'Consequence sections in the remarks:'));
    for (const c of doc.consequenceSections)
      out.push(`  ${c.nodeId.replace('bem/alm/', 'pkt. ')}  ${c.heading}`);
  }
  if (doc.summaryTable) {
    out.push(
      '',
      `${t('Sammenfattende skema', 'Summary table')} (${doc.summaryTable.length} ${t('rækker', 'rows')}):`,
    );
    for (const r of doc.summaryTable)
      out.push(`  ${clip(r.row, 60)}: + ${clip(r.positive, 40)} / − ${clip(r.negative, 40)}`);
  }
  const q = doc.quality;
  out.push(
    '',
    `${t('Importkvalitet', 'Import quality')}: ${percent(q.classifiedShare, lang)} ${t('af teksten er klassificeret', 'of the text is classified')}`,
  );
  for (const u of q.unclassified) {
    out.push(
      `  – ${t('Ikke klassificeret', 'Unclassified')} (${t('s.', 'p.')} ${u.page}, ${u.end - u.start} ${t('tegn', 'chars')}): ${u.reason}: »${clip(doc.text.slice(u.start, u.end), 60)}«`,
    );
  }
  for (const a of q.unclassifiedAmendments)
    out.push(`  – ${t('Uklassificeret ændring', 'Unclassified amendment')}: ${clip(a, 90)}`);
  for (const n of q.notes) out.push(`  – ${n[lang]}`);
  return `${out.join('\n')}\n`;
}
