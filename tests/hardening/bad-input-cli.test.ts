import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from '../../src/project-root';
import { BAD_INPUTS, ensureBadInput } from '../fixtures/bad-input/make-bad-input';

/** EXIT.badInput of src/cli/main.ts, not imported: the test runs the built CLI, not the sources. */
const BAD_INPUT_EXIT = 2;
const TIME_LIMIT_MS = 60_000;
const MEMORY_LIMIT_MB = 1024;
const rows: string[] = [];

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
  /** Peak resident memory of the CLI process, from its own resource usage at exit. */
  maxRssMb: number | undefined;
}

describe('bad input through the CLI: exit code 2, the message on stderr, bounded time and memory', () => {
  let dir: string;
  let tmp: string;
  let preload: string;

  beforeAll(async () => {
    dir = await ensureBadInput();
    tmp = mkdtempSync(path.join(os.tmpdir(), 'rt-cli-bad-'));
    // Loaded before the CLI: writes the process's own peak memory when it exits (no /usr/bin/time needed).
    preload = path.join(tmp, 'usage.js');
    writeFileSync(
      preload,
      "process.on('exit', () => require('fs').writeFileSync(process.env.RT_USAGE_FILE, String(process.resourceUsage().maxRSS)));\n",
    );
  }, 120_000);
  afterAll(() => {
    rmSync(tmp, { recursive: true, force: true });
    process.stdout.write(`\nCLI: command file | exit | ms | peak RSS MB\n${rows.join('\n')}\n`);
  });

  function run(args: string[]): Promise<Run> {
    const usage = path.join(tmp, `usage-${Math.random().toString(36).slice(2)}`);
    const started = performance.now();
    return new Promise((resolve, reject) => {
      const child = spawn(
        process.execPath,
        ['-r', preload, path.join(projectRoot(), 'bin', 'relationstjek.js'), ...args],
        { cwd: projectRoot(), env: { ...process.env, RT_USAGE_FILE: usage }, timeout: TIME_LIMIT_MS },
      );
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      child.on('error', reject);
      child.on('close', (code) => {
        let maxRssMb: number | undefined;
        try {
          maxRssMb = Math.round(Number(readFileSync(usage, 'utf8')) / 1024);
        } catch {
          maxRssMb = undefined; // killed before its exit handler ran
        }
        resolve({ code, stdout, stderr, ms: Math.round(performance.now() - started), maxRssMb });
      });
    });
  }

  const cases = BAD_INPUTS.flatMap((f) =>
    (['parse', 'screen'] as const).map((cmd) => [cmd, f.file, f] as const),
  );

  it.each(cases)('%s %s', async (cmd, _file, f) => {
    const r = await run([cmd, path.join(dir, f.file)]);
    rows.push(`${cmd} ${f.file} | ${r.code} | ${r.ms} | ${r.maxRssMb ?? '?'}`);
    expect(r.code).toBe(BAD_INPUT_EXIT);
    expect(r.stderr).toMatch(f.da);
    expect(r.stderr).toMatch(f.en);
    expect(r.stderr).not.toMatch(/\n\s+at /); // never a stack trace
    expect(r.stderr).not.toMatch(/Intern fejl/);
    expect(r.stdout).toBe('');
    expect(r.ms).toBeLessThan(TIME_LIMIT_MS);
    expect(r.maxRssMb).toBeLessThan(MEMORY_LIMIT_MB);
  });
});
