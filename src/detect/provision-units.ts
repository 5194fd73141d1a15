import type { Amendment, LegalDocument, Provision } from '../domain/legal-document';
import { quotedRanges } from '../parse/danish-amendments';
import type { Scope } from '../rulesets/ruleset-schema';

/**
 * The smallest pieces of a document that rules look at: the text a node has of its own (not covered by its
 * children), with the scope of every part — the bill's own law text, wording an amendment inserts or
 * removes, or the remarks.
 */
export interface Unit {
  node: Provision;
  start: number;
  end: number;
  scope: Scope;
}

const REMARK_KINDS = new Set([
  'remarks',
  'remarks-general',
  'remarks-special',
  'remark',
  'explanatory-notes',
]);

export function provisionUnits(doc: LegalDocument): Unit[] {
  const units: Unit[] = [];
  const amendments = new Map(doc.amendments.map((a) => [a.id, a]));
  const walk = (nodes: Provision[], inRemarks: boolean, amendment: Amendment | undefined): void => {
    for (const node of nodes) {
      // A table of contents only repeats headings found elsewhere.
      if (node.kind === 'contents') continue;
      const remarks = inRemarks || REMARK_KINDS.has(node.kind);
      const item = node.kind === 'amendment' ? amendments.get(node.id) : amendment;
      let pos = node.start;
      const own = (to: number): void => {
        if (to > pos) pushOwn(units, doc.text, node, pos, to, remarks, item);
      };
      for (const child of node.children) {
        own(child.start);
        pos = Math.max(pos, child.end);
      }
      own(node.end);
      // Quoted provisions inside an insert are new law text wherever they sit in the tree.
      walk(node.children, remarks, item);
    }
  };
  walk(doc.body, false, undefined);
  return units;
}

function pushOwn(
  units: Unit[],
  text: string,
  node: Provision,
  start: number,
  end: number,
  remarks: boolean,
  item: Amendment | undefined,
): void {
  if (!/\S/.test(text.slice(start, end))) return;
  if (remarks) {
    units.push({ node, start, end, scope: 'remarks' });
    return;
  }
  if (!item) {
    units.push({ node, start, end, scope: 'law' });
    return;
  }
  // Inside an amendment item: quoted wording is inserted or repealed, the instruction around it is law text.
  const quotes = quotedRanges(text, item.start, item.end);
  let pos = start;
  quotes.forEach((q, i) => {
    const a = Math.max(q.start, start);
    const b = Math.min(q.end, end);
    if (b <= a) return;
    if (a > pos) units.push({ node, start: pos, end: a, scope: 'law' });
    const removes =
      item.operation === 'delete-text' ||
      ((item.operation === 'replace-text' || item.operation === 'replace-everywhere') && i === 0);
    units.push({ node, start: a, end: b, scope: removes ? 'repealed' : 'inserted' });
    pos = b;
  });
  if (end > pos) units.push({ node, start: pos, end, scope: 'law' });
}
