import type { MatchExpr } from '../rulesets/ruleset-schema';
import type { MatchHow } from './lexicon-index';

export interface Hit {
  word: string;
  term: string;
  lexicon: string;
  how: MatchHow;
  weight: number;
}

/** A matched run of tokens [from, to] (indices into the tokens being evaluated). */
export interface Span {
  from: number;
  to: number;
  hits: Hit[];
}

export interface EvalResult {
  ok: boolean;
  spans: Span[];
}

/**
 * Evaluate a match expression over the tokens of one provision. `lookup` gives the spans of a lexicon (cached
 * by the caller); inline terms are lexicons named `term:<text>`.
 */
export function evaluate(expr: MatchExpr, lookup: (lexicon: string) => Span[]): EvalResult {
  if ('lexicon' in expr) {
    const spans = lookup(expr.lexicon);
    return { ok: spans.length > 0, spans };
  }
  if ('term' in expr) {
    const spans = lookup(`term:${expr.term}`);
    return { ok: spans.length > 0, spans };
  }
  if ('all' in expr) {
    const parts = expr.all.map((e) => evaluate(e, lookup));
    return parts.every((p) => p.ok)
      ? { ok: true, spans: parts.flatMap((p) => p.spans) }
      : { ok: false, spans: [] };
  }
  if ('any' in expr) {
    const parts = expr.any.map((e) => evaluate(e, lookup)).filter((p) => p.ok);
    return { ok: parts.length > 0, spans: parts.flatMap((p) => p.spans) };
  }
  if ('not' in expr) {
    return { ok: !evaluate(expr.not, lookup).ok, spans: [] };
  }
  const [a, b] = expr.near.map((e) => evaluate(e, lookup));
  return near(a?.spans ?? [], b?.spans ?? [], expr.within);
}

export type Lookup = (lexicon: string) => Span[];
export type CompiledExpr = (lookup: Lookup) => EvalResult;

/** Shared by every failed match: callers only read results. */
const FAILED: EvalResult = { ok: false, spans: [] };

/**
 * `evaluate` turned into closures once per rule: detection evaluates rules tens of thousands of times per corpus,
 * and the shape tests, term keys and intermediate arrays of `evaluate` were a fifth of that. Same results: where
 * a part fails the whole does (all, near), so the other parts need not be looked up.
 */
export function compile(expr: MatchExpr): CompiledExpr {
  if ('lexicon' in expr || 'term' in expr) {
    const key = 'lexicon' in expr ? expr.lexicon : `term:${expr.term}`;
    return (lookup) => {
      const spans = lookup(key);
      return spans.length > 0 ? { ok: true, spans } : FAILED;
    };
  }
  if ('all' in expr) {
    const parts = expr.all.map(compile);
    return (lookup) => {
      const results: EvalResult[] = [];
      for (const part of parts) {
        const r = part(lookup);
        if (!r.ok) return FAILED;
        results.push(r);
      }
      return {
        ok: true,
        spans: results.length === 1 ? (results[0]?.spans ?? []) : results.flatMap((r) => r.spans),
      };
    };
  }
  if ('any' in expr) {
    const parts = expr.any.map(compile);
    return (lookup) => {
      let first: EvalResult | undefined;
      let more: Span[] | undefined;
      for (const part of parts) {
        const r = part(lookup);
        if (!r.ok) continue;
        if (!first) first = r;
        else (more ??= [...first.spans]).push(...r.spans);
      }
      return first ? { ok: true, spans: more ?? first.spans } : FAILED;
    };
  }
  if ('not' in expr) {
    const inner = compile(expr.not);
    return (lookup) => (inner(lookup).ok ? FAILED : { ok: true, spans: [] });
  }
  const [a, b] = expr.near.map(compile);
  const within = expr.within;
  return (lookup) => {
    const x = a ? a(lookup).spans : [];
    if (x.length === 0) return FAILED;
    return near(x, b ? b(lookup).spans : [], within);
  };
}

function byFrom(spans: Span[]): Span[] {
  for (let i = 1; i < spans.length; i++)
    if ((spans[i - 1]?.from ?? 0) > (spans[i]?.from ?? 0)) return [...spans].sort((x, y) => x.from - y.from);
  return spans;
}

/**
 * Pairs of spans at most `within` words apart: for each span of `a`, the nearest span of `b` (spans arrive in
 * document order). Linear in the number of spans, so a long provision full of both words stays cheap.
 */
function near(a: Span[], b: Span[], within: number): EvalResult {
  const spans: Span[] = [];
  // Sorting is stable: spans already in order (the usual case) need no sorted copy.
  const sorted = byFrom(b);
  let j = 0;
  for (const x of byFrom(a)) {
    while (j < sorted.length && (sorted[j]?.to ?? 0) < x.from - within - 1) j++;
    let best: Span | undefined;
    let bestGap = Infinity;
    for (let k = j; k < sorted.length; k++) {
      const y = sorted[k];
      if (!y || y.from > x.to + within + 1) break;
      const gap = x.to < y.from ? y.from - x.to - 1 : y.to < x.from ? x.from - y.to - 1 : 0;
      if (gap <= within && gap < bestGap) {
        best = y;
        bestGap = gap;
      }
    }
    if (best)
      spans.push({
        from: Math.min(x.from, best.from),
        to: Math.max(x.to, best.to),
        hits: [...x.hits, ...best.hits],
      });
  }
  return { ok: spans.length > 0, spans };
}

export function collectTerms(expr: MatchExpr): string[] {
  if ('term' in expr) return [expr.term];
  if ('all' in expr) return expr.all.flatMap(collectTerms);
  if ('any' in expr) return expr.any.flatMap(collectTerms);
  if ('not' in expr) return collectTerms(expr.not);
  if ('near' in expr) return expr.near.flatMap(collectTerms);
  return [];
}
