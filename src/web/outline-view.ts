import { DOCUMENT_KIND_NAMES } from '../domain/document-kinds';
import type { LegalDocument, Provision } from '../domain/legal-document';

export interface OutlineRow {
  depth: number;
  label: string;
  heading?: string;
  page: number;
}

export interface OutlineViewModel {
  title: string;
  shortTitle?: string;
  kind: string;
  classifiedPercent: string;
  rows: OutlineRow[];
  amendments: { label: string; operation: string; target: string }[];
  notes: string[];
  unclassified: { page: number; reason: string; excerpt: string }[];
}

/** View model for the outline page: views receive data, never domain logic. */
export function outlineView(doc: LegalDocument, maxDepth = 2): OutlineViewModel {
  const rows: OutlineRow[] = [];
  const walk = (nodes: Provision[], depth: number): void => {
    for (const n of nodes) {
      const row: OutlineRow = { depth, label: n.label, page: n.page };
      if (n.heading && n.heading !== n.label) row.heading = n.heading;
      rows.push(row);
      if (depth < maxDepth) walk(n.children, depth + 1);
    }
  };
  walk(doc.body, 0);
  const vm: OutlineViewModel = {
    title: doc.metadata.title,
    kind: DOCUMENT_KIND_NAMES[doc.kind].da + (doc.metadata.isAmendingBill ? ' (ændringslov)' : ''),
    classifiedPercent: (doc.quality.classifiedShare * 100).toLocaleString('da-DK', {
      maximumFractionDigits: 1,
    }),
    rows,
    amendments: doc.amendments.map((a) => ({ label: a.label, operation: a.operation, target: a.target })),
    notes: doc.quality.notes.map((n) => n.da),
    unclassified: doc.quality.unclassified.map((u) => ({
      page: u.page,
      reason: u.reason,
      excerpt: doc.text.slice(u.start, Math.min(u.end, u.start + 120)),
    })),
  };
  if (doc.metadata.shortTitle) vm.shortTitle = doc.metadata.shortTitle;
  return vm;
}
