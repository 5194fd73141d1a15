import type { MatchExpr } from './ruleset-schema';

/** Every `{ ref }` source object inside a ruleset element, with its path. */
export function collectSources(
  value: unknown,
  at: (string | number)[] = [],
): { ref: string; path: (string | number)[] }[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => collectSources(v, [...at, i]));
  if (value && typeof value === 'object') {
    const out: { ref: string; path: (string | number)[] }[] = [];
    for (const [k, v] of Object.entries(value)) {
      if (k === 'source' && v && typeof v === 'object' && typeof (v as { ref?: unknown }).ref === 'string') {
        out.push({ ref: (v as { ref: string }).ref, path: [...at, 'source'] });
      } else out.push(...collectSources(v, [...at, k]));
    }
    return out;
  }
  return [];
}

/** The lexicons a match expression uses, with their paths inside it. */
export function collectLexiconRefs(
  m: MatchExpr,
  at: (string | number)[] = [],
): { id: string; path: (string | number)[] }[] {
  if ('lexicon' in m) return [{ id: m.lexicon, path: [...at, 'lexicon'] }];
  if ('all' in m) return m.all.flatMap((x, i) => collectLexiconRefs(x, [...at, 'all', i]));
  if ('any' in m) return m.any.flatMap((x, i) => collectLexiconRefs(x, [...at, 'any', i]));
  if ('not' in m) return collectLexiconRefs(m.not, [...at, 'not']);
  if ('near' in m) return m.near.flatMap((x, i) => collectLexiconRefs(x, [...at, 'near', i]));
  return [];
}
