import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { assessmentService } from './assessments/assessment-service';
import { createDocumentPool } from './assessments/document-pool';
import { DatabaseSessionStore } from './auth/session-store';
import type { Config } from './config';
import { accountsRepository } from './db/accounts-repository';
import { apiTokensRepository } from './db/api-tokens-repository';
import { archiveRepository } from './db/archive-repository';
import { assessmentsRepository } from './db/assessments-repository';
import { auditRepository } from './db/audit-repository';
import { commentsRepository } from './db/comments-repository';
import { guestsRepository } from './db/guests-repository';
import { openDatabase } from './db/database';

/** Composition: the database, repositories, worker pool and use cases the web app is built from. */
export async function createServices(config: Config, options: { schema?: string } = {}) {
  const log = pino({ level: config.LOG_LEVEL, base: undefined });
  const schema = options.schema ?? config.DATABASE_SCHEMA;
  const db = await openDatabase({
    ...(config.DATABASE_URL ? { databaseUrl: config.DATABASE_URL } : {}),
    dataDir: config.DATA_DIR,
    ...(schema ? { schema } : {}),
  });
  const accounts = accountsRepository(db.db);
  const audit = auditRepository(db.db);
  const pool = createDocumentPool({
    threads: config.WORKERS,
    timeoutMs: config.JOB_TIMEOUT_S * 1000,
    memoryMb: config.JOB_MEMORY_MB,
  });
  // Whole bytes: multer refuses a fractional limit (MAX_UPLOAD_MB=0.1 would stop the app at start).
  const maxUploadBytes = Math.floor(config.MAX_UPLOAD_MB * 1024 * 1024);
  const assessments = assessmentService({
    repo: assessmentsRepository(db.db),
    audit,
    pool,
    retentionDays: config.RETENTION_DAYS,
    maxUploadBytes,
    uploadsPerHour: config.UPLOAD_LIMIT,
    log,
  });
  const sessionSecret = await accounts.setting('session-secret', () => randomBytes(32).toString('base64url'));
  const sessionStore = new DatabaseSessionStore(db.db, config.SESSION_HOURS * 3_600_000);
  return {
    config,
    log,
    db,
    accounts,
    audit,
    comments: commentsRepository(db.db),
    apiTokens: apiTokensRepository(db.db),
    guests: guestsRepository(db.db),
    archive: archiveRepository(db.db),
    assessments,
    sessionStore,
    sessionSecret,
    maxUploadBytes,
    async close(): Promise<void> {
      await assessments.idle();
      await pool.close();
      await db.close();
    },
  };
}

export type Services = Awaited<ReturnType<typeof createServices>>;
