import fs from 'node:fs';
import path from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { projectRoot } from '../project-root';
import type { ProcessInput, ProcessOutput } from '../workers/process-document';

export interface PoolOptions {
  threads: number;
  /** Wall-clock limit per document; the worker is stopped when it is passed. */
  timeoutMs: number;
  /** Heap limit per worker; a document that needs more fails alone. */
  memoryMb: number;
}

export interface DocumentPool {
  run(input: Omit<ProcessInput, 'port'>, onProgress: (stage: string) => void): Promise<ProcessOutput>;
  /** Documents waiting or running. */
  pending(): number;
  close(): Promise<void>;
}

/** The compiled worker: worker threads load JavaScript, so jest (which runs src/ as TypeScript) uses dist/ too. */
export function workerFile(): string {
  const file = path.join(projectRoot(), 'dist', 'src', 'workers', 'process-document.js');
  if (!fs.existsSync(file))
    throw new Error(`Arbejdsprocessen findes ikke: ${file}. Kør "npm run build" (the worker is not built).`);
  return file;
}

/** ingest → parse → detect in worker threads, with per-document time and memory limits. */
export function createDocumentPool(options: PoolOptions): DocumentPool {
  const pool = new Piscina({
    filename: workerFile(),
    minThreads: 1,
    maxThreads: options.threads,
    idleTimeout: 60_000,
    resourceLimits: { maxOldGenerationSizeMb: options.memoryMb },
  });
  let inFlight = 0;
  return {
    async run(input, onProgress) {
      inFlight++;
      const { port1, port2 } = new MessageChannel();
      port1.on('message', (m: unknown) => onProgress(String(m)));
      const bytes = new Uint8Array(input.bytes); // a copy the worker can own
      try {
        return (await pool.run(
          { ...input, bytes, port: port2 },
          { transferList: [port2, bytes.buffer], signal: AbortSignal.timeout(options.timeoutMs) },
        )) as ProcessOutput;
      } catch (e) {
        const err = e as Error & { code?: string; name?: string };
        if (err.name === 'AbortError' || err.name === 'TimeoutError')
          return {
            ok: false,
            error: {
              code: 'timeout',
              da: `Dokumentet kunne ikke behandles inden for ${Math.round(options.timeoutMs / 1000)} sekunder. Del det op, eller kontakt support.`,
              en: `The document could not be processed within ${Math.round(options.timeoutMs / 1000)} seconds. Split it, or contact support.`,
            },
          };
        if (err.code === 'ERR_WORKER_OUT_OF_MEMORY')
          return {
            ok: false,
            error: {
              code: 'out-of-memory',
              da: `Dokumentet kræver mere hukommelse end de ${options.memoryMb} MB, en behandling må bruge. Del det op.`,
              en: `The document needs more memory than the ${options.memoryMb} MB a job may use. Split it.`,
            },
          };
        throw e;
      } finally {
        inFlight--;
        port1.close();
      }
    },
    pending: () => inFlight,
    close: () => pool.destroy(),
  };
}
