import type { NodeKind, Provision } from '../domain/legal-document';

/** A place where a node begins; `level` orders nesting (smaller encloses larger). */
export interface Marker {
  level: number;
  start: number;
  id: string;
  kind: NodeKind;
  label: string;
  number?: string;
  heading?: string;
  refersTo?: string;
  /** Children found later inside the node's own range (e.g. stk. inside a §). */
  expand?: (node: Provision) => Provision[];
}

/**
 * Turn ordered markers into a tree of contiguous nodes: a node runs until the next marker of the same or
 * an enclosing level, or the end of the range. Nodes therefore never overlap and, from the first marker
 * on, cover every character of the range.
 */
export function buildTree(markers: Marker[], end: number, pageOf: (offset: number) => number): Provision[] {
  const sorted = [...markers].sort((a, b) => a.start - b.start || a.level - b.level);
  const roots: Provision[] = [];
  const stack: { node: Provision; level: number }[] = [];
  const expanders = new Map<Provision, NonNullable<Marker['expand']>>();
  const close = (until: number, level: number): void => {
    while (stack.length > 0 && (stack[stack.length - 1]?.level ?? -1) >= level) {
      const top = stack.pop();
      if (top) top.node.end = until;
    }
  };
  for (const m of sorted) {
    close(m.start, m.level);
    const node: Provision = {
      id: m.id,
      kind: m.kind,
      label: m.label,
      start: m.start,
      end,
      page: pageOf(m.start),
      children: [],
    };
    if (m.number !== undefined) node.number = m.number;
    if (m.heading !== undefined) node.heading = m.heading;
    if (m.refersTo !== undefined) node.refersTo = m.refersTo;
    const parent = stack[stack.length - 1];
    (parent ? parent.node.children : roots).push(node);
    if (m.expand) expanders.set(node, m.expand);
    stack.push({ node, level: m.level });
  }
  close(end, -Infinity);
  // Expansion runs after every end is known.
  const expandAll = (nodes: Provision[]): void => {
    for (const n of nodes) {
      const expand = expanders.get(n);
      if (expand) n.children.push(...expand(n));
      n.children.sort((a, b) => a.start - b.start);
      expandAll(n.children);
    }
  };
  expandAll(roots);
  return roots;
}

/** Make ids unique within a document without changing the first (stable) one. */
export function dedupeIds(nodes: Provision[], seen = new Map<string, number>()): void {
  for (const n of nodes) {
    const count = seen.get(n.id) ?? 0;
    seen.set(n.id, count + 1);
    if (count > 0) n.id = `${n.id}~${count + 1}`;
    dedupeIds(n.children, seen);
  }
}
