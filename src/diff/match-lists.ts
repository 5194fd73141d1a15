/**
 * Pairs the elements of two lists (the same kind of thing in two drafts) by content, not by position or
 * number, so that inserting or removing an element in the middle does not shift the pairing.
 */
export interface Matcher<T> {
  /** Elements in different groups are never paired (a § is not paired with a stk.). */
  group(x: T): string;
  /** Equal keys mean equal content (normalised text). */
  key(x: T): string;
  /** Content similarity, 0–1. */
  similarity(a: T, b: T): number;
  /** Whether a similarity is enough to call `b` an edited `a`. */
  accept(a: T, b: T, similarity: number): boolean;
  /** Pairs known before looking at content (a remark on an item that was paired with the other's item). */
  anchored?(a: T, b: T): boolean;
  /** Pairs that must not be made whatever the content says. */
  forbidden?(a: T, b: T): boolean;
  /** Last resort for what is left: the same position or id (a § rewritten beyond recognition). */
  fallback?(a: T, b: T): boolean;
}

export interface Pair {
  a: number;
  b: number;
  /** Paired on equal keys. */
  exact: boolean;
  similarity: number;
}

/** Above this many leftover comparisons only elements near the same relative position are compared. */
const MAX_COMPARISONS = 250_000;
const BAND = 0.1;

/**
 * Steps, each on what the earlier left: anchors; equal keys (in document order, so duplicates pair in order);
 * the most similar accepted pairs first (ties: nearest relative position); the fallback.
 */
export function matchLists<T>(as: readonly T[], bs: readonly T[], m: Matcher<T>): Pair[] {
  const pairs: Pair[] = [];
  const takenA = new Set<number>();
  const takenB = new Set<number>();
  const ok = (i: number, j: number): boolean =>
    !takenA.has(i) &&
    !takenB.has(j) &&
    m.group(as[i] as T) === m.group(bs[j] as T) &&
    !(m.forbidden?.(as[i] as T, bs[j] as T) ?? false);
  const take = (i: number, j: number, exact: boolean, similarity: number): void => {
    pairs.push({ a: i, b: j, exact, similarity });
    takenA.add(i);
    takenB.add(j);
  };

  if (m.anchored) {
    for (let i = 0; i < as.length; i++) {
      for (let j = 0; j < bs.length; j++) {
        if (ok(i, j) && m.anchored(as[i] as T, bs[j] as T)) {
          const key = m.key(as[i] as T) === m.key(bs[j] as T);
          take(i, j, key, key ? 1 : m.similarity(as[i] as T, bs[j] as T));
          break;
        }
      }
    }
  }

  const byKey = new Map<string, number[]>();
  bs.forEach((b, j) => {
    if (takenB.has(j)) return;
    const k = `${m.group(b)}\u0000${m.key(b)}`;
    const list = byKey.get(k);
    if (list) list.push(j);
    else byKey.set(k, [j]);
  });
  as.forEach((a, i) => {
    if (takenA.has(i)) return;
    const list = byKey.get(`${m.group(a)}\u0000${m.key(a)}`);
    const j = list?.find((c) => ok(i, c));
    if (j !== undefined) take(i, j, true, 1);
  });

  const restA = as.map((_, i) => i).filter((i) => !takenA.has(i));
  const restB = bs.map((_, j) => j).filter((j) => !takenB.has(j));
  const rel = (i: number, n: number): number => (n <= 1 ? 0 : i / (n - 1));
  const banded = restA.length * restB.length > MAX_COMPARISONS;
  const candidates: { i: number; j: number; s: number; dist: number; sum: number }[] = [];
  for (const i of restA) {
    for (const j of restB) {
      const dist = Math.abs(rel(i, as.length) - rel(j, bs.length));
      if (banded && dist > BAND) continue;
      if (!ok(i, j)) continue;
      const s = m.similarity(as[i] as T, bs[j] as T);
      if (m.accept(as[i] as T, bs[j] as T, s))
        candidates.push({ i, j, s, dist, sum: rel(i, as.length) + rel(j, bs.length) });
    }
  }
  candidates.sort((x, y) => y.s - x.s || x.dist - y.dist || x.sum - y.sum);
  for (const c of candidates) if (ok(c.i, c.j)) take(c.i, c.j, false, c.s);

  if (m.fallback) {
    for (const i of restA) {
      for (const j of restB) {
        if (ok(i, j) && m.fallback(as[i] as T, bs[j] as T)) {
          take(i, j, false, m.similarity(as[i] as T, bs[j] as T));
          break;
        }
      }
    }
  }
  return pairs.sort((x, y) => x.a - y.a);
}
