import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { Client } from 'pg';
import { openDatabase, type Db } from '../../src/db/database';

/** The PostgreSQL server the tests use: CI sets nothing and gets the machine's server. */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';

let reachable: boolean | undefined;

/**
 * Whether PostgreSQL answers, checked once and synchronously (jest cannot decide on skipping asynchronously).
 * With REQUIRE_POSTGRES=1 (CI) a missing server fails instead of skipping.
 */
export function postgresReachable(): boolean {
  if (reachable !== undefined) return reachable;
  const probe = `const {Client}=require('pg');const c=new Client({connectionString:process.argv[1],connectionTimeoutMillis:2000});c.connect().then(()=>c.end()).then(()=>process.exit(0),(e)=>{console.error(String(e));process.exit(1)})`;
  const r = spawnSync(process.execPath, ['-e', probe, TEST_DATABASE_URL], {
    encoding: 'utf8',
    timeout: 10000,
  });
  reachable = r.status === 0;
  if (!reachable) {
    const why = (r.stderr || r.error?.message || '').trim();
    if (process.env.REQUIRE_POSTGRES === '1')
      throw new Error(
        `PostgreSQL is required (REQUIRE_POSTGRES=1) but ${TEST_DATABASE_URL} did not answer: ${why}`,
      );
    process.stderr.write(
      `\n*** SKIPPING the PostgreSQL runs: ${TEST_DATABASE_URL} did not answer (${why}). They run in CI. ***\n\n`,
    );
  }
  return reachable;
}

export interface TestDb extends Db {
  /** Drops the test's database (SQLite file or PostgreSQL schema). */
  drop(): Promise<void>;
}

/** A fresh, migrated database: SQLite in a temporary folder, or a PostgreSQL schema of its own. */
export async function freshDatabase(kind: 'sqlite' | 'postgres'): Promise<TestDb> {
  if (kind === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-db-'));
    const db = await openDatabase({ dataDir: dir });
    return {
      ...db,
      drop: async () => {
        await db.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const schema = `rt_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const db = await openDatabase({ databaseUrl: TEST_DATABASE_URL, dataDir: os.tmpdir(), schema });
  return {
    ...db,
    drop: async () => {
      await db.close();
      const c = new Client({ connectionString: TEST_DATABASE_URL });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await c.end();
    },
  };
}

/**
 * Runs the same suite against SQLite and PostgreSQL. The PostgreSQL run is skipped (loudly) only when no server
 * answers and REQUIRE_POSTGRES is not set.
 */
export function describeEachDatabase(title: string, suite: (getDb: () => TestDb) => void): void {
  for (const kind of ['sqlite', 'postgres'] as const) {
    const run = kind === 'sqlite' || postgresReachable() ? describe : describe.skip;
    run(`${title} [${kind}]`, () => {
      let db: TestDb | undefined;
      beforeAll(async () => {
        db = await freshDatabase(kind);
      });
      afterAll(async () => {
        await db?.drop();
      });
      suite(() => {
        if (!db) throw new Error('database not opened');
        return db;
      });
    });
  }
}
