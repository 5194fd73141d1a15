import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { Client } from 'pg';
import { accountsRepository } from '../../src/db/accounts-repository';
import { openDatabase, type Db } from '../../src/db/database';
import type { Dialect } from '../../src/db/migrations';
import { describeEachDatabase, TEST_DATABASE_URL } from '../helpers/test-databases';
import { orgWithUser, rejectionOf, unique } from './fixtures';

/** A brand-new location for a database of the given kind; `cleanup` removes it. */
function freshLocation(dialect: Dialect) {
  if (dialect === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-db-mig-'));
    return {
      open: () => openDatabase({ dataDir: dir }),
      cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }),
    };
  }
  const schema = `rt_test_mig_${process.pid}_${unique()}`;
  return {
    open: () => openDatabase({ databaseUrl: TEST_DATABASE_URL, dataDir: os.tmpdir(), schema }),
    cleanup: async () => {
      const c = new Client({ connectionString: TEST_DATABASE_URL });
      await c.connect();
      try {
        await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      } finally {
        await c.end();
      }
    },
  };
}

/** Opens the database `db` lives in a second time (same SQLite folder, same PostgreSQL schema). */
async function reopen(db: Db): Promise<Db> {
  if (db.dialect === 'sqlite') return openDatabase({ dataDir: path.dirname(db.where) });
  const schema = await sql<{ s: string }>`select current_schema() as s`.execute(db.db);
  return openDatabase({ databaseUrl: TEST_DATABASE_URL, dataDir: os.tmpdir(), schema: schema.rows[0]?.s });
}

/** The migrations the database has run, with when. */
async function migrationsRun(db: Db): Promise<{ name: string; timestamp: string }[]> {
  const rows = await sql<{ name: string; timestamp: string }>`
    select name, timestamp from kysely_migration order by name`.execute(db.db);
  return rows.rows;
}

async function migrationNames(db: Db): Promise<string[]> {
  return (await migrationsRun(db)).map((r) => r.name);
}

describeEachDatabase('database and migrations', (getDb) => {
  it('migrates a fresh database to the latest migration', async () => {
    expect(await migrationNames(getDb())).toEqual([
      '0001-initial',
      '0002-sign-off',
      '0003-comments',
      '0004-guests-tokens-archive',
    ]);
  });

  it('opens the same database a second time without migrating again and sees its data', async () => {
    const ran = await migrationsRun(getDb());
    const org = await accountsRepository(getDb().db).createOrganisation(`Shared ${unique()}`, 'network');
    for (let i = 0; i < 2; i++) {
      const again = await reopen(getDb());
      try {
        expect(await migrationsRun(again)).toEqual(ran);
        expect(await accountsRepository(again.db).organisations()).toContainEqual(org);
      } finally {
        await again.close();
      }
    }
    // The first connection still works after the others closed.
    expect(await accountsRepository(getDb().db).organisations()).toContainEqual(org);
  });

  it('migrates a brand-new database next to an existing one, and keeps its data across reopening', async () => {
    const location = freshLocation(getDb().dialect);
    const opened: Db[] = [];
    try {
      const first = await location.open();
      opened.push(first);
      const ran = await migrationsRun(first);
      expect(ran.map((r) => r.name)).toEqual([
        '0001-initial',
        '0002-sign-off',
        '0003-comments',
        '0004-guests-tokens-archive',
      ]);
      const org = await accountsRepository(first.db).createOrganisation(
        'Kept across opens',
        'ministry',
        true,
      );
      await first.close();
      opened.pop();

      const second = await location.open();
      opened.push(second);
      expect(await migrationsRun(second)).toEqual(ran);
      expect(await accountsRepository(second.db).organisations()).toEqual([org]);
    } finally {
      for (const d of opened) await d.close();
      await location.cleanup();
    }
  });

  it('configures the connection for the dialect', async () => {
    const db = getDb();
    if (db.dialect === 'sqlite') {
      const fk = await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(db.db);
      expect(fk.rows).toEqual([{ foreign_keys: 1 }]);
      const journal = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(db.db);
      expect(journal.rows).toEqual([{ journal_mode: 'wal' }]);
      const busy = await sql<{ timeout: number }>`pragma busy_timeout`.execute(db.db);
      expect(busy.rows).toEqual([{ timeout: 5000 }]);
      expect(db.where).toMatch(/relationstjek\.sqlite$/);
    } else {
      // Each test suite lives in a schema of its own; the tables must be there, not in public.
      const schema = await sql<{ s: string }>`select current_schema() as s`.execute(db.db);
      expect(schema.rows[0]?.s).toMatch(/^rt_test_/);
      const tables = await sql<{ table_name: string }>`
        select table_name from information_schema.tables
        where table_schema = current_schema() and table_name = 'assessments'`.execute(db.db);
      expect(tables.rows).toHaveLength(1);
      // Where it lives is shown in messages: the server and database, never the credentials.
      const url = new URL(TEST_DATABASE_URL);
      expect(db.where).toBe(`postgresql://${url.host}${url.pathname}`);
      expect(db.where).not.toContain('@');
    }
  });

  it('stores document originals in a binary column', async () => {
    const db = getDb();
    if (db.dialect === 'sqlite') {
      const cols = await sql<{ name: string; type: string }>`pragma table_info(document_versions)`.execute(
        db.db,
      );
      expect(cols.rows.find((c) => c.name === 'original')?.type.toLowerCase()).toBe('blob');
    } else {
      const cols = await sql<{ data_type: string }>`
        select data_type from information_schema.columns
        where table_schema = current_schema() and table_name = 'document_versions' and column_name = 'original'`.execute(
        db.db,
      );
      expect(cols.rows).toEqual([{ data_type: 'bytea' }]);
    }
  });

  it('rejects a membership of an unknown user (foreign keys are enforced)', async () => {
    const { org } = await orgWithUser(getDb().db);
    const error = await rejectionOf(
      getDb()
        .db.insertInto('memberships')
        .values({
          user_id: `no-such-user-${unique()}`,
          organisation_id: org.id,
          role: 'admin',
          created_at: new Date().toISOString(),
        })
        .execute(),
    );
    expect(error.message).toMatch(/foreign key/i);
    const rows = await getDb()
      .db.selectFrom('memberships')
      .selectAll()
      .where('organisation_id', '=', org.id)
      .execute();
    expect(rows).toHaveLength(1);
  });

  it('rejects an assessment of an unknown organisation', async () => {
    const { user } = await orgWithUser(getDb().db);
    const t = new Date().toISOString();
    const error = await rejectionOf(
      getDb()
        .db.insertInto('assessments')
        .values({
          id: `a-${unique()}`,
          organisation_id: `no-such-organisation-${unique()}`,
          title: 't',
          authority: 'a',
          case_number: 'c',
          ruleset_id: 'r',
          mode: 'a',
          version: 1,
          step: 'document',
          created_by: user.id,
          created_at: t,
          updated_at: t,
        })
        .execute(),
    );
    expect(error.message).toMatch(/foreign key/i);
  });
});
