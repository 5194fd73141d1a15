import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';

/**
 * What every benchmark hands to bench/run-all.ts, which writes them into one report (docs/benchmarks.md):
 * a markdown section and the goals it measured. A benchmark run alone prints its section.
 */
export interface Goal {
  /** What was measured, e.g. "ingest + parse of a 140-page PDF, warm". */
  what: string;
  /** The goal, e.g. "≤ 1.5× pdftotext". */
  goal: string;
  /** The figure with its ratio, e.g. "1.32× (171 ms vs 129 ms)". */
  figure: string;
  met: boolean;
  /** By how much it is missed, e.g. "0.04× (6 ms)". */
  by?: string;
  /** Why it is missed (shown only then). */
  why?: string;
}

export interface Section {
  /** The section's heading, without the ##. */
  title: string;
  /** The section's markdown, without its heading. */
  lines: string[];
  goals: Goal[];
}

/** "met", or "not met by X (why)". */
export function verdict(g: Goal): string {
  if (g.met) return 'met';
  return `not met${g.by ? ` by ${g.by}` : ''}${g.why ? ` (${g.why})` : ''}`;
}

/** The goal lines at the end of a section. */
export function goalLines(goals: Goal[]): string[] {
  return goals.map((g) => `**Goal: ${g.what}, ${g.goal} — ${verdict(g)}.** Figure: ${g.figure}.`);
}

function osName(): string {
  try {
    const pretty = /^PRETTY_NAME="?([^"\n]+)"?/m.exec(readFileSync('/etc/os-release', 'utf8'))?.[1];
    if (pretty) return `${pretty} (${os.platform()} ${os.release()})`;
  } catch {
    // not Linux, or no os-release
  }
  return `${os.platform()} ${os.release()}`;
}

/** CPU model, cores, memory, Node and OS, in one line. */
export function machine(): string {
  const cpus = os.cpus();
  return `${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${cpus.length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}, ${osName()}`;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

/** Prints the section; with `--json FILE` also writes it there for run-all. */
export function emit(section: Section): void {
  process.stdout.write(
    `## ${section.title}\n\n${[...section.lines, '', ...goalLines(section.goals)].join('\n')}\n`,
  );
  const i = process.argv.indexOf('--json');
  const file = i >= 0 ? process.argv[i + 1] : undefined;
  if (file) writeFileSync(file, JSON.stringify(section));
}

/** Busy CPU time of the whole machine (all cores), in clock ticks (100 a second on Linux). */
export function machineTicks(): number {
  try {
    const f = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '')
      .trim()
      .split(/\s+/)
      .slice(1)
      .map(Number);
    const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = f;
    return user + nice + system + irq + softirq + steal;
  } catch {
    return NaN;
  }
}

/** CPU time of this process and of its children that have ended (the benchmarks it ran), in clock ticks. */
function ownTicks(): number {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return [11, 12, 13, 14].reduce((sum, i) => sum + Number(f[i]), 0);
  } catch {
    return NaN;
  }
}

/** How busy the rest of the machine was while a benchmark ran: other people's work disturbs the figures. */
export interface Load {
  /** 1-minute load average before and after. */
  before: number;
  after: number;
  /** CPU used by other processes, in % of one core (the machine has cores × 100 %). */
  others: number;
  seconds: number;
}

export function loadMeter(): { stop(): Load } {
  const before = os.loadavg()[0] ?? NaN;
  const t0 = performance.now();
  const machine0 = machineTicks();
  const own0 = ownTicks();
  return {
    stop() {
      const seconds = (performance.now() - t0) / 1000;
      const others = (machineTicks() - machine0 - (ownTicks() - own0)) / seconds;
      return { before, after: os.loadavg()[0] ?? NaN, others: Math.max(0, others), seconds };
    },
  };
}

export function loadLine(load: Load): string {
  const cores = os.cpus().length;
  return (
    `Load on the machine while this section ran (${load.seconds.toFixed(0)} s): 1-minute load average ${load.before.toFixed(2)} before, ${load.after.toFixed(2)} after; ` +
    `other processes used ${Number.isFinite(load.others) ? load.others.toFixed(0) : '?'} % of one core (of ${cores * 100} %).`
  );
}
