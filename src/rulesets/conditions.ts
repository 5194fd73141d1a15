import type { Condition, OperatorName } from './ruleset-schema';

/** Facts a condition can read: plain data, addressed by dotted paths (`triggers.contact`, `relevance`). */
export type Facts = Record<string, unknown>;

export interface ConditionResult {
  ok: boolean;
  /** Why, one line per fact compared: the source of "why am I asked this?". */
  why: string[];
}

function factAt(facts: Facts, path: string): unknown {
  return path.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), facts);
}

const show = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

/** The closed set of operators a ruleset may name; nothing else can run. */
const OPERATORS: Record<OperatorName, (actual: unknown, expected: unknown) => boolean> = {
  eq: (a, e) => a === e,
  ne: (a, e) => a !== e,
  gt: (a, e) => typeof a === 'number' && typeof e === 'number' && a > e,
  gte: (a, e) => typeof a === 'number' && typeof e === 'number' && a >= e,
  lt: (a, e) => typeof a === 'number' && typeof e === 'number' && a < e,
  lte: (a, e) => typeof a === 'number' && typeof e === 'number' && a <= e,
  in: (a, e) => Array.isArray(e) && e.includes(a),
  contains: (a, e) => (Array.isArray(a) ? a.includes(e) : typeof a === 'string' && typeof e === 'string' && a.includes(e)),
  exists: (a) => a !== undefined && a !== null && a !== false,
  empty: (a) => a === undefined || a === null || a === '' || (Array.isArray(a) && a.length === 0),
};

/** Evaluate a condition over facts and say why it holds or not (json-rules-engine style, without code in data). */
export function evaluateCondition(c: Condition, facts: Facts): ConditionResult {
  if ('all' in c) {
    const parts = c.all.map((x) => evaluateCondition(x, facts));
    return { ok: parts.every((p) => p.ok), why: parts.flatMap((p) => p.why) };
  }
  if ('any' in c) {
    const parts = c.any.map((x) => evaluateCondition(x, facts));
    const ok = parts.some((p) => p.ok);
    return { ok, why: (ok ? parts.filter((p) => p.ok) : parts).flatMap((p) => p.why) };
  }
  if ('not' in c) {
    const inner = evaluateCondition(c.not, facts);
    return { ok: !inner.ok, why: inner.why.map((w) => `ikke: ${w}`) };
  }
  const actual = factAt(facts, c.fact);
  const ok = OPERATORS[c.op](actual, c.value);
  const expected = c.value === undefined ? '' : ` ${show(c.value)}`;
  return { ok, why: [`${c.fact} = ${show(actual)} (${c.op}${expected}: ${ok ? 'opfyldt' : 'ikke opfyldt'})`] };
}
