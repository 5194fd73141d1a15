import type { Provision } from './legal-document';

/** Every node of a tree, depth first in document order. */
export function allNodes(nodes: Provision[]): Provision[] {
  return nodes.flatMap((n) => [n, ...allNodes(n.children)]);
}

export function findNode(nodes: Provision[], pred: (n: Provision) => boolean): Provision | undefined {
  for (const n of nodes) {
    if (pred(n)) return n;
    const c = findNode(n.children, pred);
    if (c) return c;
  }
  return undefined;
}

export function findById(nodes: Provision[], id: string): Provision | undefined {
  return findNode(nodes, (n) => n.id === id);
}

/** The § (or clause) nodes of a law text, through parts and chapters but not into amendments. */
export function sectionNodes(nodes: Provision[]): Provision[] {
  return nodes.flatMap((n) =>
    n.kind === 'section' ? [n] : n.kind === 'chapter' || n.kind === 'part' ? sectionNodes(n.children) : [],
  );
}
