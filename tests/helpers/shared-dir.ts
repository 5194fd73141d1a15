import { existsSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../src/project-root';

/** ../shared beside the checkout (the corpus and seeds); tests that need it say loudly when it is missing. */
export const SHARED_DIR = process.env.RELATIONSTJEK_SHARED ?? path.resolve(projectRoot(), '..', 'shared');
export const CORPUS_DIR = path.join(SHARED_DIR, 'corpus', 'dk-laws');
export const hasCorpus = existsSync(path.join(CORPUS_DIR, 'manifest.jsonl'));
