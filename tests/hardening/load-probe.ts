/** Page requests made again and again while a bad input is handled: the server must keep answering others. */
export interface ProbeResult {
  requests: number;
  statuses: number[];
  slowestMs: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Starts requesting at once (at least one request is always made) until `stop()`; then how they went. */
export function startProbe(
  get: () => PromiseLike<{ status: number }>,
  pauseMs = 50,
): { stop(): Promise<ProbeResult> } {
  let stopped = false;
  const result: ProbeResult = { requests: 0, statuses: [], slowestMs: 0 };
  const loop = (async () => {
    do {
      const started = performance.now();
      const res = await get();
      result.slowestMs = Math.max(result.slowestMs, performance.now() - started);
      result.statuses.push(res.status);
      result.requests++;
      if (!stopped) await sleep(pauseMs);
    } while (!stopped);
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      return result;
    },
  };
}

/**
 * The peak resident memory of this process (the app, its worker threads and the test itself) while `run`
 * runs, sampled every 20 ms, and how much it grew over the memory at the start: jest reuses its processes, so
 * the start already holds whatever earlier test files left. With the time it took.
 */
export async function measured<T>(
  run: () => Promise<T>,
): Promise<{ value: T; ms: number; peakRssMb: number; growthMb: number }> {
  const start = process.memoryUsage.rss();
  let peak = start;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 20);
  const started = performance.now();
  try {
    const value = await run();
    peak = Math.max(peak, process.memoryUsage.rss());
    return {
      value,
      ms: Math.round(performance.now() - started),
      peakRssMb: Math.round(peak / 1024 / 1024),
      growthMb: Math.round((peak - start) / 1024 / 1024),
    };
  } finally {
    clearInterval(timer);
  }
}
