import { readFileSync } from 'node:fs';
import { createDocumentPool } from '../../src/assessments/document-pool';

const sample = readFileSync('samples/lovforslag-aendring.docx');

describe('document pool (piscina worker threads)', () => {
  it('runs ingest → parse → detect off the main thread and reports each stage', async () => {
    const pool = createDocumentPool({ threads: 1, timeoutMs: 60_000, memoryMb: 1024 });
    try {
      const stages: string[] = [];
      // The event loop stays free while the worker works: a timer keeps ticking.
      let ticks = 0;
      const timer = setInterval(() => ticks++, 5);
      const out = await pool.run(
        {
          bytes: sample,
          fileName: 'lovforslag-aendring.docx',
          rulesetId: 'dk-lovforslag',
          maxBytes: 50 * 1024 * 1024,
        },
        (s) => stages.push(s),
      );
      clearInterval(timer);
      expect(out.ok).toBe(true);
      if (out.ok) {
        expect(JSON.parse(out.documentJson).kind).toBe('dk-bill');
        expect(JSON.parse(out.findingsJson).triggers.length).toBeGreaterThan(0);
      }
      expect(stages).toEqual(['ingest', 'parse', 'detect']);
      expect(ticks).toBeGreaterThan(0);
      expect(pool.pending()).toBe(0);
    } finally {
      await pool.close();
    }
  });

  it('answers bad input with the specific bilingual message, not an exception', async () => {
    const pool = createDocumentPool({ threads: 1, timeoutMs: 60_000, memoryMb: 1024 });
    try {
      const out = await pool.run(
        {
          bytes: readFileSync('samples/bad/krypteret.pdf'),
          fileName: 'krypteret.pdf',
          rulesetId: 'dk-lovforslag',
          maxBytes: 1e8,
        },
        () => undefined,
      );
      expect(out).toEqual({
        ok: false,
        error: expect.objectContaining({ code: 'encrypted-pdf', da: expect.stringContaining('adgangskode') }),
      });
    } finally {
      await pool.close();
    }
  });

  it('stops a job that passes its time limit and says so in Danish', async () => {
    const pool = createDocumentPool({ threads: 1, timeoutMs: 5, memoryMb: 1024 });
    try {
      const big = Buffer.from(readFileSync('samples/lovforslag-ny-lov.txt', 'utf8').repeat(200));
      const out = await pool.run(
        { bytes: big, fileName: 'stor.txt', rulesetId: 'dk-lovforslag', maxBytes: 1e9 },
        () => undefined,
      );
      expect(out.ok).toBe(false);
      if (!out.ok) {
        expect(out.error.code).toBe('timeout');
        expect(out.error.da).toContain('kunne ikke behandles inden for');
      }
    } finally {
      await pool.close();
    }
  });

  it('stops a job that passes its memory limit, and the next job runs in a fresh worker', async () => {
    const pool = createDocumentPool({ threads: 1, timeoutMs: 120_000, memoryMb: 48 });
    try {
      const huge = Buffer.from(readFileSync('samples/lovforslag-ny-lov.txt', 'utf8').repeat(3000));
      const out = await pool.run(
        { bytes: huge, fileName: 'enorm.txt', rulesetId: 'dk-lovforslag', maxBytes: 1e9 },
        () => undefined,
      );
      expect(out.ok).toBe(false);
      if (!out.ok) expect(out.error.code).toBe('out-of-memory');
      const small = await pool.run(
        {
          bytes: Buffer.from('§ 1. Loven træder i kraft den 1. juli 2027.'),
          fileName: 'lille.txt',
          rulesetId: 'dk-lovforslag',
          maxBytes: 1e9,
        },
        () => undefined,
      );
      expect(small.ok).toBe(true);
    } finally {
      await pool.close();
    }
  });
});
