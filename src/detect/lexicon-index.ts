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
  /** The phrases that may start with this word (their first stem is its stem, and it is not excluded). */
  phrases: CompiledEntry[];
}

export interface WordHit {
  entry: CompiledEntry;
  how: MatchHow;
}

/** FNV-1a over a word's UTF-16 code units: `h = wordHash(h, code)` for each, from `WORD_HASH_START`. */
export const WORD_HASH_START = 0x811c9dc5 | 0;
export const wordHash = (h: number, code: number): number => Math.imul(h ^ code, 16777619);

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
   * matches, the phrases that may start with it.
   */
  info(word: string): WordInfo {
    let i = this.infos.get(word);
    if (!i) {
      const stem = this.stem(word);
      const phrases = (this.phrases.get(stem) ?? []).filter((e) => !this.excluded(e, word));
      i = { word, stem, hits: this.matchWord(word), startsPhrase: this.phrases.has(stem), phrases };
      this.infos.set(word, i);
    }
    return i;
  }

  // Word ids: each distinct word seen by `wordId` gets a small number, found from the word's characters where it
  // stands in the text (open addressing over FNV-1a hashes, the characters kept in one flat pool). A document's
  // words then need no substring, no string hashing and no object per word: lookups take half their time in a Map.
  private slots = new Int32Array(1 << 15).fill(-1);
  private hashes = new Int32Array(1 << 14);
  private offsets = new Int32Array(1 << 14);
  private lengths = new Int32Array(1 << 14);
  private pool = new Uint16Array(1 << 17);
  private poolUsed = 0;
  /** Word infos by id. */
  readonly byId: WordInfo[] = [];
  /** 1 for a word that has a lexicon hit or may start a phrase, by id. */
  interesting = new Uint8Array(1 << 14);
  /** Scratch space of `detect` for counting document frequencies, by id (see there). */
  docStamp = new Int32Array(1 << 14);
  seenIn = new Int32Array(1 << 14);
  df = new Int32Array(1 << 14);

  /**
   * The id of `text.slice(start, end)`, for a text already lower-cased; its info is `byId[id]`. `hash`, when
   * given, is `wordHash` of those characters, computed by a caller that reads them anyway.
   */
  wordId(text: string, start: number, end: number, hash?: number): number {
    let h = hash ?? WORD_HASH_START;
    if (hash === undefined) for (let k = start; k < end; k++) h = wordHash(h, text.charCodeAt(k));
    const mask = this.slots.length - 1;
    const length = end - start;
    for (let at = h & mask; ; at = (at + 1) & mask) {
      const id = this.slots[at] ?? -1;
      if (id < 0) break;
      if (this.hashes[id] !== h || this.lengths[id] !== length) continue;
      const o = this.offsets[id] ?? 0;
      let k = 0;
      while (k < length && this.pool[o + k] === text.charCodeAt(start + k)) k++;
      if (k === length) return id;
    }
    return this.newId(text, start, end, h);
  }

  private newId(text: string, start: number, end: number, hash: number): number {
    const id = this.byId.length;
    const length = end - start;
    // Ids at most half the slots: probes stay short.
    if (2 * (id + 1) > this.slots.length) {
      const size = this.slots.length * 2;
      const grow = <T extends Int32Array | Uint8Array>(a: T, make: (n: number) => T): T => {
        const b = make(size / 2);
        b.set(a);
        return b;
      };
      this.hashes = grow(this.hashes, (n) => new Int32Array(n));
      this.offsets = grow(this.offsets, (n) => new Int32Array(n));
      this.lengths = grow(this.lengths, (n) => new Int32Array(n));
      this.interesting = grow(this.interesting, (n) => new Uint8Array(n));
      this.docStamp = grow(this.docStamp, (n) => new Int32Array(n));
      this.seenIn = grow(this.seenIn, (n) => new Int32Array(n));
      this.df = grow(this.df, (n) => new Int32Array(n));
      this.slots = new Int32Array(size).fill(-1);
      for (let i = 0; i < id; i++) this.place(i);
    }
    if (this.poolUsed + length > this.pool.length) {
      const pool = new Uint16Array(Math.max(this.pool.length * 2, this.poolUsed + length));
      pool.set(this.pool);
      this.pool = pool;
    }
    // A copy of the word, not a slice: a slice would keep the whole lower-cased document alive.
    for (let k = 0; k < length; k++) this.pool[this.poolUsed + k] = text.charCodeAt(start + k);
    let word = '';
    for (let k = 0; k < length; k += 4096)
      word += String.fromCharCode(
        ...this.pool.subarray(this.poolUsed + k, this.poolUsed + Math.min(length, k + 4096)),
      );
    const info = this.info(word);
    this.byId.push(info);
    this.hashes[id] = hash;
    this.offsets[id] = this.poolUsed;
    this.lengths[id] = length;
    this.poolUsed += length;
    this.interesting[id] = info.hits.length > 0 || info.startsPhrase ? 1 : 0;
    this.docStamp[id] = 0;
    this.place(id);
    return id;
  }

  private place(id: number): void {
    const mask = this.slots.length - 1;
    let at = (this.hashes[id] ?? 0) & mask;
    while ((this.slots[at] ?? -1) >= 0) at = (at + 1) & mask;
    this.slots[at] = id;
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
