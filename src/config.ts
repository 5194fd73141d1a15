import os from 'node:os';
import { z } from 'zod';

const flag = z.enum(['true', 'false']).transform((v) => v === 'true');

/** The only reader of process.env: every setting parsed and checked once, at start. */
const ConfigSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  /** Where the embedded SQLite database lives. */
  DATA_DIR: z.string().default('data'),
  /** PostgreSQL instead of SQLite, e.g. postgresql://user@host:5432/db. */
  DATABASE_URL: z.preprocess((v) => (v === '' ? undefined : v), z.string().url().optional()),
  /** PostgreSQL only: the schema to keep the tables in (created if missing), e.g. one database for several. */
  DATABASE_SCHEMA: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z
      .string()
      .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'lowercase letters, digits and _, at most 63')
      .optional(),
  ),
  MAX_UPLOAD_MB: z.coerce.number().positive().max(1024).default(50),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Worker threads for ingest/parse/detect. */
  WORKERS: z.coerce
    .number()
    .int()
    .min(1)
    .max(64)
    .default(Math.max(1, Math.min(4, os.availableParallelism() - 1))),
  JOB_TIMEOUT_S: z.coerce.number().int().min(5).max(3600).default(180),
  JOB_MEMORY_MB: z.coerce.number().int().min(128).max(16384).default(1536),
  /** Days the uploaded original files are kept; extracted text and answers stay. */
  RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  SESSION_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 30)
    .default(8),
  /** Secure cookies: "auto" sets them when the request came over TLS (behind a proxy: set TRUST_PROXY). */
  COOKIE_SECURE: z.enum(['auto', 'true', 'false']).default('auto'),
  TRUST_PROXY: flag.default(false),
  /** Failed logins allowed per address per 15 minutes. */
  LOGIN_LIMIT: z.coerce.number().int().min(1).max(10000).default(10),
  /** Documents one user may upload per hour, web and API together (each costs a worker seconds of CPU). */
  UPLOAD_LIMIT: z.coerce.number().int().min(1).max(100000).default(60),
});

export type Config = z.infer<typeof ConfigSchema>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Ugyldig konfiguration (invalid configuration): ${problems}`);
  }
  return parsed.data;
}
