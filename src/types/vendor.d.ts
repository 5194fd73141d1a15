declare module 'snowball-stemmers' {
  interface Stemmer {
    stem(word: string): string;
  }
  export function newStemmer(language: string): Stemmer;
  export function algorithms(): string[];
}

declare module 'natural/lib/natural/tfidf' {
  export class TfIdf {
    addDocument(document: string[] | string, key?: unknown): void;
    tfidf(terms: string[] | string, d: number): number;
    idf(term: string, force?: boolean): number;
  }
}
