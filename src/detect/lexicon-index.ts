import type { Lexicon, LexiconEntry } from '../rulesets/ruleset-schema';
import type { Stem } from './stemmer';
import { words } from './tokenize';

export type MatchHow = 'stem' | 'modifier' | 'head' | 'phrase';

export interface CompiledEntry {
  lexicon: string;
  term: string;
  words: string[];
  stems: string[];
  weight: number;
  compound: LexiconEntry['compound'];
  excludeWords: Set<string>;
  excludePrefixes: string[];
}

export interface WordInfo {
  word: string;
  stem: string;
  hits: WordHit[];
  startsPhrase: boolean;
  df: number;
  seenIn: number;
  docStamp: number;
}

export interface WordHit {
  entry: CompiledEntry;
  how: MatchHow;
}

/** Shortest term that may match inside a compound: shorter ones hide in too many unrelated words. */
const MIN_COMPOUND = 4;
/** Letters a compound must have besides the term. */
const MIN_REST = 3;

/**
 * All lexicons of a ruleset compiled for fast matching: each distinct word of a document is looked up once
 * (memoised), with map lookups for its stem, its prefixes (modifier) and its stem's suffixes (head).
 */
export class LexiconIndex {
  private readonly exact = new Map<string, CompiledEntry[]>();
  private readonly modifiers = new Map<string, CompiledEntry[]>();
  private readonly heads = new Map<string, CompiledEntry[]>();
  /** Phrases by the stem of their first word. */
  private readonly phrases = new Map<string, CompiledEntry[]>();
  readonly entriesByLexicon = new Map<string, CompiledEntry[]>();

  constructor(
    lexicons: Lexicon[],
    readonly stem: Stem,
  ) {
    for (const lex of lexicons) {
      for (const e of lex.entries) this.add(lex.id, e);
    }
  }

  /** An inline `{ term }` of a rule, compiled as a lexicon of its own. */
  addInline(id: string, term: string): void {
    if (!this.entriesByLexicon.has(id))
      this.add(id, { term, compound: 'both', exclude: [], weight: 1, source: { ref: 'inline' } });
  }

  private add(lexicon: string, e: LexiconEntry): void {
    const ws = words(e.term);
    const entry: CompiledEntry = {
      lexicon,
      term: e.term,
      words: ws,
      stems: ws.map((w) => this.stem(w)),
      weight: e.weight,
      compound: e.compound,
      excludeWords: new Set(e.exclude.filter((x) => !x.endsWith('*')).map((x) => x.toLowerCase())),
      excludePrefixes: e.exclude.filter((x) => x.endsWith('*')).map((x) => x.slice(0, -1).toLowerCase()),
    };
    const list = this.entriesByLexicon.get(lexicon) ?? [];
    list.push(entry);
    this.entriesByLexicon.set(lexicon, list);
    const push = (map: Map<string, CompiledEntry[]>, key: string): void => {
      const l = map.get(key) ?? [];
      if (!l.includes(entry)) l.push(entry);
      map.set(key, l);
    };
    if (ws.length > 1) {
      push(this.phrases, entry.stems[0] ?? '');
      return;
    }
    const word = ws[0] ?? '';
    const stem = entry.stems[0] ?? '';
    push(this.exact, stem);
    if (word.length < MIN_COMPOUND || e.compound === 'none') return;
    if (e.compound === 'modifier' || e.compound === 'both') {
      push(this.modifiers, word);
      if (stem.length >= MIN_COMPOUND) push(this.modifiers, stem);
    }
    if (e.compound === 'head' || e.compound === 'both')
      push(this.heads, stem.length >= MIN_COMPOUND ? stem : word);
  }

  private excluded(entry: CompiledEntry, word: string): boolean {
    return entry.excludeWords.has(word) || entry.excludePrefixes.some((p) => word.startsWith(p));
  }

  private readonly infos = new Map<string, WordInfo>();

  /**
   * Everything detection needs to know about a word, computed once per distinct word: its stem, the entries it
   * matches, whether a phrase may start with it. `df`/`seenIn`/`docStamp` are scratch space for counting
   * document frequencies without another map lookup per token.
   */
  info(word: string): WordInfo {
    let i = this.infos.get(word);
    if (!i) {
      const stem = this.stem(word);
      i = {
        word,
        stem,
        hits: this.matchWord(word),
        startsPhrase: this.phrases.has(stem),
        df: 0,
        seenIn: -1,
        docStamp: -1,
      };
      this.infos.set(word, i);
    }
    return i;
  }

  /** Lexicon entries a single word matches, and how. */
  matchWord(word: string): WordHit[] {
    const hits: WordHit[] = [];
    const seen = new Set<CompiledEntry>();
    const hit = (entries: CompiledEntry[] | undefined, how: MatchHow): void => {
      for (const entry of entries ?? []) {
        if (seen.has(entry) || this.excluded(entry, word)) continue;
        seen.add(entry);
        hits.push({ entry, how });
      }
    };
    const stem = this.stem(word);
    hit(this.exact.get(stem), 'stem');
    if (word.length >= MIN_COMPOUND + MIN_REST) {
      for (let i = MIN_COMPOUND; i <= word.length - MIN_REST; i++) {
        const entries = this.modifiers.get(word.slice(0, i));
        if (!entries) continue;
        // A linking -s- or -e- may join the parts: plejehjem-s-beboere, samvær-s-ret.
        let rest = word.length - i;
        if ((word[i] === 's' || word[i] === 'e') && rest - 1 >= MIN_REST) rest--;
        if (rest >= MIN_REST) hit(entries, 'modifier');
      }
      for (let i = MIN_REST; i <= stem.length - MIN_COMPOUND; i++) hit(this.heads.get(stem.slice(i)), 'head');
    }
    return hits;
  }

  /** Phrases starting at position i of a word sequence (each word with its stem). */
  matchPhrases(
    words: readonly { word: string; stem: string }[],
    i: number,
  ): { entry: CompiledEntry; length: number }[] {
    const out: { entry: CompiledEntry; length: number }[] = [];
    for (const entry of this.phrases.get(words[i]?.stem ?? '') ?? []) {
      if (this.excluded(entry, words[i]?.word ?? '')) continue;
      if (entry.stems.every((s, k) => words[i + k]?.stem === s))
        out.push({ entry, length: entry.stems.length });
    }
    return out;
  }
}
