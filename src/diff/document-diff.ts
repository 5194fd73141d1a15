import type { Evidence } from '../domain/findings';
import type {
  Amendment,
  AmendmentOperation,
  LegalDocument,
  NodeKind,
  Provision,
} from '../domain/legal-document';
import { allNodes, sectionNodes } from '../domain/provision-tree';
import { matchLists, type Matcher } from './match-lists';
import {
  dice,
  excerptPair,
  opening,
  squashSpace,
  stripEnumerator,
  stripNumber,
  wordSet,
} from './text-compare';

/**
 * The structural diff between two drafts of a bill (issue 6): which provisions and amendment items were added,
 * removed or changed, and for every node of the earlier draft what became of it, so that answers citing
 * evidence in a changed or removed node can be marked for re-check and the rest carried over.
 *
 * Matching is by content, never by number: inserting an amendment item in the middle renumbers the items after
 * it ("nr. 4" becomes "nr. 5"), and those are reported as `renumbered`, not as changed. See `diffDocuments`.
 */

/** Word-set Dice similarity at or above which an unmatched element is an edited version of another. */
export const SIMILARITY_THRESHOLD = 0.6;
/** Amendment items that act on the same provision (same target) need only this similarity. */
export const SAME_TARGET_THRESHOLD = 0.3;

export interface Change {
  /** How it is cited: the later draft's label for added, changed and renumbered, the earlier's for removed. */
  label: string;
  /** Label in the earlier draft (absent for added). */
  beforeLabel?: string;
  /** Label in the later draft (absent for removed). */
  afterLabel?: string;
  /** Node id in the earlier draft (absent for added). */
  beforeId?: string;
  /** Node id in the later draft (absent for removed). */
  afterId?: string;
  kind: NodeKind;
  heading?: string;
  /** Amendment items: what the item does, to which provision of which act (as in the later draft if any). */
  operation?: AmendmentOperation;
  target?: string;
  targetAct?: string;
  /**
   * Short excerpts, whitespace squashed: for changed the words around the difference, for added/removed/renumbered
   * the opening words. `before` is absent for added, `after` for removed.
   */
  before?: string;
  after?: string;
  /** Word-set Dice similarity of the paired texts (changed and renumbered only). */
  similarity?: number;
}

export interface ChangeSet {
  added: Change[];
  removed: Change[];
  changed: Change[];
  /** Same text, new number (`§ 1, nr. 4` → `§ 1, nr. 5`). Not a change: also counted in `unchanged`. */
  renumbered: Change[];
}

export type NodeStatus = 'unchanged' | 'renumbered' | 'changed' | 'removed';

/** What became of one node of the earlier draft. */
export interface NodeFate {
  status: NodeStatus;
  /** `amendment` for item nodes and everything inside them: they share their item's fate. */
  unit: 'provision' | 'amendment';
  label: string;
  afterId?: string;
  afterLabel?: string;
}

export interface DocumentDiff {
  /** Law text outside amendment items, remarks, annexes: every node, compared on its own text. */
  provisions: ChangeSet;
  /** Amendment items (`§ 1, nr. 3`), compared as a whole: instruction, quoted wording, renumbering sentence. */
  amendments: ChangeSet;
  /** Provisions and amendment items in both drafts with the same text (renumbered ones included). */
  unchanged: number;
  /** Every node id of the earlier draft → its fate. Nodes inside an amendment item share the item's fate. */
  fates: Record<string, NodeFate>;
}

const FLATTEN: ReadonlySet<NodeKind> = new Set<NodeKind>(['chapter', 'part']);
/** How the bill cites its own items and sections: `denne lovs § 1, nr. 9`, `jf. lovforslagets § 1, nr. 10`. */
const OWN_PREFIX = '(denne lovs|lovforslagets|forslagets|nærværende lovs)';
const ITEM_REF = new RegExp(`${OWN_PREFIX} §\\s?(\\d+(?: [a-z](?![\\p{L}\\p{N}]))?), nr\\. (\\d+)`, 'giu');
const NUM = '\\d+(?: [a-z](?![\\p{L}\\p{N}]))?';
/** `§ 4`, `§ 7 a`, `§§ 6, 7 og 7 a`, `§§ 4-6`, optionally after one of the prefixes above. */
const SECTION_REF = new RegExp(
  `(?:${OWN_PREFIX} )?(§§?) ?(${NUM}(?:(?:, | og | eller | til |-|–)${NUM})*)`,
  'giu',
);
const ONE_NUM = new RegExp(NUM, 'giu');

interface Item {
  am: Amendment;
  /** Whitespace-squashed text without the item number. */
  body: string;
  firstLine: string;
  act: string;
  target: string;
}

/** One draft, with the tokens its cross-references are rewritten to so the two drafts compare. */
class Side {
  readonly itemIds: Set<string>;
  readonly byId: Map<string, Provision>;
  readonly items: Item[];
  /** Squashed item label → token shared with the paired item of the other draft. */
  readonly itemToken = new Map<string, string>();
  /** Number + first line of paired items (`7. § 109 ophæves.`), as an annex table repeats them. */
  readonly itemLines: { needle: string; replacement: string }[] = [];
  readonly sectionToken = new Map<string, string>();
  readonly sections: Set<Provision>;
  private readonly fullCache = new Map<Provision, { key: string; words: Set<string> }>();

  constructor(readonly doc: LegalDocument) {
    this.items = doc.amendments.map((am) => itemOf(doc.text, am));
    this.itemIds = new Set(doc.amendments.map((a) => a.id));
    this.byId = new Map(allNodes(doc.body).map((n) => [n.id, n]));
    this.sections = new Set(sectionNodes(doc.body));
  }

  /** The node's whole text, without its number, item references shared: what pairs nodes. */
  full(node: Provision): { key: string; words: Set<string> } {
    let f = this.fullCache.get(node);
    if (!f) {
      const key = this.normalise(
        squashSpace(stripLabel(node, this.doc.text.slice(node.start, node.end))),
        false,
      );
      f = { key, words: wordSet(key) };
      this.fullCache.set(node, f);
    }
    return f;
  }

  /** The text the node has of its own (not its children's), normalised: what decides changed or not. */
  own(node: Provision): string {
    return this.normalise(squashSpace(stripLabel(node, ownText(this.doc.text, node))), true);
  }

  /** The own text for display: whitespace squashed, nothing rewritten. */
  ownDisplay(node: Provision): string {
    return squashSpace(stripLabel(node, ownText(this.doc.text, node)));
  }

  private normalise(s: string, withSections: boolean): string {
    let out = s.replace(ITEM_REF, (m: string, pre: string, sec: string, nr: string) => {
      const token = this.itemToken.get(`§ ${sec}, nr. ${nr}`);
      return token ? `${pre} ${token}` : m;
    });
    for (const { needle, replacement } of this.itemLines) out = replaceWhole(out, needle, replacement);
    if (!withSections || this.sectionToken.size === 0) return out;
    const amending = this.doc.metadata.isAmendingBill;
    return out.replace(SECTION_REF, (m: string, pre: string | undefined, signs: string, list: string) => {
      if (amending && !pre) return m;
      // A single § cites one provision; what follows a comma is something else (`§ 4, 5 og 6`is not written).
      const nums = signs === '§' ? list.replace(/(?:, | og | eller | til |-|–).*$/u, '') : list;
      const rest = list.slice(nums.length);
      const mapped = nums.replace(ONE_NUM, (n: string) => this.sectionRef(n));
      return `${pre ? `${pre} ` : ''}${signs} ${mapped}${rest}`;
    });
  }

  /** `7 a` → the token of `§ 7 a` (or of `§ 7`, keeping the letter), else unchanged. */
  private sectionRef(n: string): string {
    const exact = this.sectionToken.get(`§ ${n}`);
    if (exact) return exact;
    const [digits, letter] = n.split(' ');
    const plain = this.sectionToken.get(`§ ${digits}`);
    return plain ? `${plain}${letter ? ` ${letter}` : ''}` : n;
  }
}

function itemOf(text: string, am: Amendment): Item {
  const raw = text.slice(am.start, am.end).replace(new RegExp(`^\\s*${am.item}\\.(?=\\s)`), '');
  const body = squashSpace(raw);
  return {
    am,
    body,
    firstLine: squashSpace(raw.trimStart().split('\n')[0] ?? ''),
    act: squashSpace(am.targetAct).toLowerCase(),
    target: squashSpace(am.target).toLowerCase(),
  };
}

function stripLabel(node: Provision, s: string): string {
  if (node.number === undefined && node.kind === 'heading') return stripEnumerator(s);
  return stripNumber(s, node.number);
}

function ownText(text: string, node: Provision): string {
  const parts: string[] = [];
  let pos = node.start;
  for (const child of node.children) {
    if (child.start > pos) parts.push(text.slice(pos, child.start));
    pos = Math.max(pos, child.end);
  }
  if (node.end > pos) parts.push(text.slice(pos, node.end));
  return parts.join(' ');
}

/** Replaces `needle` where it starts the text or follows a space. */
function replaceWhole(s: string, needle: string, replacement: string): string {
  let out = '';
  let pos = 0;
  for (let at = s.indexOf(needle); at >= 0; at = s.indexOf(needle, at + 1)) {
    if (at < pos || (at > 0 && s[at - 1] !== ' ')) continue;
    out += s.slice(pos, at) + replacement;
    pos = at + needle.length;
  }
  return out + s.slice(pos);
}

const emptySet = (): ChangeSet => ({ added: [], removed: [], changed: [], renumbered: [] });

/**
 * The structural diff of two drafts. Pure; never throws for documents `parse` made.
 *
 * Amendment items are paired across the whole bill, within the same amended act: first items whose text
 * (without the item number, whitespace squashed) is equal, in document order; then the most similar remaining
 * pairs by word-set Dice ≥ `SIMILARITY_THRESHOLD` (≥ `SAME_TARGET_THRESHOLD` when both act on the same
 * provision). A paired item with equal text but another label is `renumbered`; with other text `changed`.
 *
 * Provisions (every node outside amendment items, including remarks and annexes) are paired level by level —
 * sections across chapters, then stk. within paired sections, and so on — by the same content rule on their
 * whole text without their own number, remarks on an item or § following that item's or §'s pairing, and as a
 * last resort by equal id. A paired node is `changed` when its own text (not its children's) differs. Before
 * comparing, the bill's references to its own items and sections (`denne lovs § 1, nr. 11`, an annex row
 * `7. § 109 ophæves.`, in a new act any `§ 4`) are rewritten to the pairing, so renumbering alone changes nothing.
 */
export function diffDocuments(before: LegalDocument, after: LegalDocument): DocumentDiff {
  const a = new Side(before);
  const b = new Side(after);
  // No prototype: node ids are keys, whatever a heading's slug turns out to be.
  const fates = Object.create(null) as Record<string, NodeFate>;
  const diff: DocumentDiff = { provisions: emptySet(), amendments: emptySet(), unchanged: 0, fates };
  const idMap = new Map<string, string>();
  const revMap = new Map<string, string>();

  // --- amendment items ---
  const itemPairs = matchLists(a.items, b.items, itemMatcher);
  const pairedB = new Set<number>();
  itemPairs.forEach((p, k) => {
    const x = a.items[p.a] as Item;
    const y = b.items[p.b] as Item;
    pairedB.add(p.b);
    idMap.set(x.am.id, y.am.id);
    revMap.set(y.am.id, x.am.id);
    const token = `⟦nr${k}⟧`;
    a.itemToken.set(squashSpace(x.am.label), token);
    b.itemToken.set(squashSpace(y.am.label), token);
    if (x.firstLine.length >= 8)
      a.itemLines.push({ needle: `${x.am.item}. ${x.firstLine}`, replacement: `${token} ${x.firstLine}` });
    if (y.firstLine.length >= 8)
      b.itemLines.push({ needle: `${y.am.item}. ${y.firstLine}`, replacement: `${token} ${y.firstLine}` });
    const same = x.body === y.body;
    const status: NodeStatus = same ? (x.am.label === y.am.label ? 'unchanged' : 'renumbered') : 'changed';
    if (same) diff.unchanged++;
    if (status === 'changed') {
      diff.amendments.changed.push({
        ...itemChange(x, y),
        ...excerptPair(x.body, y.body),
        similarity: round(p.similarity),
      });
    } else if (status === 'renumbered') {
      diff.amendments.renumbered.push({
        ...itemChange(x, y),
        before: opening(x.body),
        after: opening(y.body),
        similarity: 1,
      });
    }
    setItemFates(diff, a, b, x.am, {
      status,
      unit: 'amendment',
      label: x.am.label,
      afterId: y.am.id,
      afterLabel: y.am.label,
    });
  });
  const pairedA = new Set(itemPairs.map((p) => p.a));
  a.items.forEach((x, i) => {
    if (pairedA.has(i)) return;
    diff.amendments.removed.push({ ...itemChange(x, undefined), before: opening(x.body) });
    setItemFates(diff, a, b, x.am, { status: 'removed', unit: 'amendment', label: x.am.label });
  });
  b.items.forEach((y, j) => {
    if (!pairedB.has(j)) diff.amendments.added.push({ ...itemChange(undefined, y), after: opening(y.body) });
  });

  // --- provisions: pair level by level, then compare own texts once every pairing is known ---
  const pairs: [Provision, Provision][] = [];
  const removed: Provision[] = [];
  const added: Provision[] = [];
  const matcher = provisionMatcher(idMap, revMap);
  const level = (xs: Provision[], ys: Provision[]): void => {
    const found = matchLists(
      xs.map((node) => ({ node, side: a })),
      ys.map((node) => ({ node, side: b })),
      matcher,
    );
    const takenX = new Set(found.map((p) => p.a));
    const takenY = new Set(found.map((p) => p.b));
    for (const p of found) {
      const x = xs[p.a] as Provision;
      const y = ys[p.b] as Provision;
      pairs.push([x, y]);
      idMap.set(x.id, y.id);
      revMap.set(y.id, x.id);
    }
    xs.forEach((x, i) => takenX.has(i) || removed.push(x));
    ys.forEach((y, j) => takenY.has(j) || added.push(y));
    for (const p of found) level(childrenOf(a, xs[p.a] as Provision), childrenOf(b, ys[p.b] as Provision));
  };
  level(siblings(a, before.body), siblings(b, after.body));

  // Sections paired: the new act's references to its own §§ follow the pairing.
  let k = 0;
  for (const [x, y] of pairs) {
    if (!a.sections.has(x) || !b.sections.has(y)) continue;
    const token = `⟦§${k++}⟧`;
    a.sectionToken.set(squashSpace(x.label), token);
    b.sectionToken.set(squashSpace(y.label), token);
  }

  for (const [x, y] of pairs.sort((p, q) => p[0].start - q[0].start)) {
    const same = a.own(x) === b.own(y);
    const renumbered = same && x.number !== y.number;
    const status: NodeStatus = same ? (renumbered ? 'renumbered' : 'unchanged') : 'changed';
    if (same) diff.unchanged++;
    if (status === 'changed') {
      const sim = dice(wordSet(a.own(x)), wordSet(b.own(y)));
      diff.provisions.changed.push({
        ...nodeChange(x, y),
        ...excerptPair(a.ownDisplay(x), b.ownDisplay(y)),
        similarity: round(sim),
      });
    } else if (renumbered) {
      diff.provisions.renumbered.push({
        ...nodeChange(x, y),
        before: opening(a.ownDisplay(x)),
        after: opening(b.ownDisplay(y)),
        similarity: 1,
      });
    }
    diff.fates[x.id] = { status, unit: 'provision', label: x.label, afterId: y.id, afterLabel: y.label };
  }
  for (const x of removed.sort((p, q) => p.start - q.start)) {
    diff.provisions.removed.push({
      ...nodeChange(x, undefined),
      before: opening(before.text.slice(x.start, x.end)),
    });
    markRemoved(diff, a, x);
  }
  for (const y of added.sort((p, q) => p.start - q.start)) {
    diff.provisions.added.push({
      ...nodeChange(undefined, y),
      after: opening(after.text.slice(y.start, y.end)),
    });
  }
  return diff;
}

const itemMatcher: Matcher<Item> = {
  group: (x) => x.act,
  key: (x) => x.body,
  similarity: (x, y) => dice(wordSet(x.body), wordSet(y.body)),
  accept: (x, y, s) =>
    s >= SIMILARITY_THRESHOLD || (x.target !== '' && x.target === y.target && s >= SAME_TARGET_THRESHOLD),
};

/** A node with the draft it belongs to (ids alone are shared between drafts). */
interface Placed {
  node: Provision;
  side: Side;
}

function provisionMatcher(idMap: Map<string, string>, revMap: Map<string, string>): Matcher<Placed> {
  const anchored = ({ node: x }: Placed, { node: y }: Placed): boolean =>
    x.refersTo !== undefined && y.refersTo !== undefined && idMap.get(x.refersTo) === y.refersTo;
  return {
    group: (p) => p.node.kind,
    key: (p) => p.side.full(p.node).key,
    similarity: (p, q) => dice(p.side.full(p.node).words, q.side.full(q.node).words),
    accept: (_p, _q, s) => s >= SIMILARITY_THRESHOLD,
    anchored,
    // A remark on an item or § that was paired elsewhere is not this remark.
    forbidden: (p, q) =>
      p.node.refersTo !== undefined &&
      q.node.refersTo !== undefined &&
      (idMap.has(p.node.refersTo) || revMap.has(q.node.refersTo)) &&
      !anchored(p, q),
    fallback: (p, q) => p.node.id === q.node.id,
  };
}

/** Siblings to pair: item nodes left out (paired on their own), chapters and parts see-through. */
function siblings(side: Side, nodes: Provision[]): Provision[] {
  const out: Provision[] = [];
  for (const n of nodes) {
    if (side.itemIds.has(n.id)) continue;
    out.push(n);
    if (FLATTEN.has(n.kind)) out.push(...siblings(side, n.children));
  }
  return out;
}

function childrenOf(side: Side, node: Provision): Provision[] {
  return FLATTEN.has(node.kind) ? [] : siblings(side, node.children);
}

function markRemoved(diff: DocumentDiff, side: Side, node: Provision): void {
  diff.fates[node.id] = { status: 'removed', unit: 'provision', label: node.label };
  for (const c of childrenOf(side, node)) markRemoved(diff, side, c);
}

/** The item's node and everything inside it (quoted §§, stk.) share the item's fate. */
function setItemFates(diff: DocumentDiff, a: Side, b: Side, am: Amendment, fate: NodeFate): void {
  diff.fates[am.id] = fate;
  const node = a.byId.get(am.id);
  if (!node) return;
  for (const inner of allNodes(node.children)) {
    const f: NodeFate = { status: fate.status, unit: 'amendment', label: inner.label };
    if (fate.afterId) {
      const mapped = fate.afterId + inner.id.slice(am.id.length);
      const afterId = inner.id.startsWith(am.id) && b.byId.has(mapped) ? mapped : fate.afterId;
      f.afterId = afterId;
      const afterLabel = b.byId.get(afterId)?.label;
      if (afterLabel) f.afterLabel = afterLabel;
    }
    diff.fates[inner.id] = f;
  }
}

function itemChange(x: Item | undefined, y: Item | undefined): Change {
  const am = (y ?? x)?.am as Amendment;
  const c: Change = { label: am.label, kind: 'amendment', operation: am.operation, target: am.target };
  if (am.targetAct) c.targetAct = am.targetAct;
  if (x) {
    c.beforeLabel = x.am.label;
    c.beforeId = x.am.id;
  }
  if (y) {
    c.afterLabel = y.am.label;
    c.afterId = y.am.id;
  }
  return c;
}

function nodeChange(x: Provision | undefined, y: Provision | undefined): Change {
  const n = (y ?? x) as Provision;
  const c: Change = { label: n.label, kind: n.kind };
  if (n.heading) c.heading = n.heading;
  if (x) {
    c.beforeLabel = x.label;
    c.beforeId = x.id;
  }
  if (y) {
    c.afterLabel = y.label;
    c.afterId = y.id;
  }
  return c;
}

const round = (s: number): number => Math.round(s * 1000) / 1000;

/** Nothing added, removed or changed (renumbering alone is no change). */
export function isEmptyDiff(diff: DocumentDiff): boolean {
  return [diff.provisions, diff.amendments].every(
    (s) => s.added.length === 0 && s.removed.length === 0 && s.changed.length === 0,
  );
}

export type EvidenceStatus = NodeStatus | 'unknown';

/** What became of the node a piece of evidence (from the earlier draft) points at; `unknown` if not in it. */
export function evidenceStatus(diff: DocumentDiff, evidence: Pick<Evidence, 'nodeId'>): EvidenceStatus {
  return Object.hasOwn(diff.fates, evidence.nodeId)
    ? (diff.fates[evidence.nodeId] as NodeFate).status
    : 'unknown';
}

/**
 * The evidence (found in the earlier draft) whose provision or amendment item was changed or removed in the
 * later draft — or that points at no node of the earlier draft, which cannot be vouched for. Answers citing it
 * are to be re-checked; evidence in unchanged or merely renumbered nodes carries over.
 */
export function staleEvidence<E extends Pick<Evidence, 'nodeId'>>(
  diff: DocumentDiff,
  evidence: readonly E[],
): E[] {
  return evidence.filter((e) => {
    const s = evidenceStatus(diff, e);
    return s === 'changed' || s === 'removed' || s === 'unknown';
  });
}
