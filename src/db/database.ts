import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import {
  Kysely,
  Migrator,
  PostgresDialect,
  SqliteDialect,
  type SqliteDatabase,
  type SqliteStatement,
} from 'kysely';
import { Pool, types } from 'pg';
import { migrations, type Dialect } from './migrations';
import type { Database } from './schema';

export interface Db {
  db: Kysely<Database>;
  dialect: Dialect;
  /** Where it lives, for messages: a file path, or the server without credentials. */
  where: string;
  close(): Promise<void>;
}

export interface DbOptions {
  /** PostgreSQL when set. */
  databaseUrl?: string;
  /** Folder of the embedded SQLite database (`relationstjek.sqlite`). */
  dataDir: string;
  /** PostgreSQL only: a schema to use (tests run each suite in its own). */
  schema?: string;
}

// PostgreSQL returns 64-bit integers (count(*)) as strings; our counts fit in a double.
types.setTypeParser(20, (v) => Number(v));

/** Opens the database, runs the migrations, returns it ready for use. */
export async function openDatabase(options: DbOptions): Promise<Db> {
  let out: Db;
  if (options.databaseUrl) {
    const pool = new Pool({
      connectionString: options.databaseUrl,
      max: 10,
      ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
    });
    if (options.schema) {
      const c = await pool.connect();
      try {
        await c.query(`CREATE SCHEMA IF NOT EXISTS "${options.schema.replace(/"/g, '')}"`);
      } finally {
        c.release();
      }
    }
    const url = new URL(options.databaseUrl);
    out = {
      db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }),
      dialect: 'postgres',
      where: `postgresql://${url.host}${url.pathname}`,
      close: async () => out.db.destroy(),
    };
  } else {
    fs.mkdirSync(options.dataDir, { recursive: true });
    const file = path.join(options.dataDir, 'relationstjek.sqlite');
    const sqlite = new BetterSqlite3(file);
    // WAL: readers never wait for the writer; foreign keys are off by default in SQLite.
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    // NORMAL in WAL mode: a commit is written to the WAL (in the OS's cache) before it is acknowledged, so a crash
    // or SIGKILL of this process loses nothing (bench/crash-safety.ts checks it). Only an OS crash or power loss
    // could drop the last commits – never corrupt the file; FULL would fsync every commit to cover that too.
    sqlite.pragma('synchronous = NORMAL');
    out = {
      db: new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) }),
      dialect: 'sqlite',
      where: file,
      close: async () => out.db.destroy(),
    };
  }
  try {
    await migrate(out, options.schema);
  } catch (e) {
    await out.close();
    throw e;
  }
  return out;
}

/** kysely prepares every query anew; the same SQL text reuses its compiled statement (pages run the same few). */
function withStatementCache(sqlite: BetterSqlite3.Database): SqliteDatabase {
  const cache = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      let stmt = cache.get(sql);
      if (!stmt) {
        stmt = sqlite.prepare(sql);
        if (cache.size >= 500) cache.clear();
        cache.set(sql, stmt);
      }
      return stmt as unknown as SqliteStatement;
    },
  };
}

async function migrate(d: Db, schema?: string): Promise<void> {
  const migrator = new Migrator({
    db: d.db,
    provider: { getMigrations: async () => migrations(d.dialect) },
    // Kysely looks for its own tables in every schema unless told which one is ours.
    ...(d.dialect === 'postgres' ? { migrationTableSchema: schema ?? 'public' } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(
      `Databasen kunne ikke opdateres (${d.where}): migrering ${failed?.migrationName ?? ''} fejlede: ${
        error instanceof Error ? error.message : String(error)
      }`,
    );
  }
}
