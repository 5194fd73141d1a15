import path from 'node:path';
import { projectRoot } from '../src/project-root';

/** ../shared/corpus/dk-laws beside the checkout, or under RELATIONSTJEK_SHARED. */
export const CORPUS_DIR = process.env.RELATIONSTJEK_SHARED
  ? path.join(process.env.RELATIONSTJEK_SHARED, 'corpus', 'dk-laws')
  : path.resolve(projectRoot(), '..', 'shared', 'corpus', 'dk-laws');
