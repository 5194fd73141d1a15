import { existsSync } from 'node:fs';
import path from 'node:path';

/** The checkout's root (where package.json is), the same whether run from src/ by jest or from dist/. */
export function projectRoot(from: string = __dirname): string {
  let dir = from;
  while (!existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir) return process.cwd();
    dir = up;
  }
  return dir;
}
