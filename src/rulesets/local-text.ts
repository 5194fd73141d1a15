import type { LocalText } from './ruleset-schema';

/** A ruleset text in the wanted language, falling back to the other one (rulesets must give at least one). */
export function localText(t: LocalText | undefined, lang: 'da' | 'en'): string {
  return (lang === 'da' ? (t?.da ?? t?.en) : (t?.en ?? t?.da)) ?? '';
}
