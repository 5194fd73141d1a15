import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { projectRoot } from '../src/project-root';

/**
 * `npm run bench [-- --quick]`: every benchmark in turn, each given the same arguments. The full run (no
 * --quick) rewrites docs/benchmarks.md with the pipeline figures, then adds the page-load section to it.
 */
const ROOT = projectRoot();
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const runs: [string, string[]][] = [
  ['pipeline-vs-pdftotext.js', args],
  ['web-load.js', quick || args.includes('--out') ? args : [...args, '--out', 'docs/benchmarks.md']],
];
for (const [i, [file, argv]] of runs.entries()) {
  if (i > 0) process.stdout.write('\n');
  const r = spawnSync(process.execPath, [path.join(ROOT, 'dist', 'bench', file), ...argv], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (r.error) throw r.error;
  if (r.status !== 0) {
    process.stderr.write(`${file} failed (exit code ${r.status ?? r.signal})\n`);
    process.exit(r.status ?? 1);
  }
}
