import session from 'express-session';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';

type Callback<T = unknown> = (err?: unknown, value?: T) => void;

/** express-session's store on the application's own database connection (SQLite or PostgreSQL). */
export class DatabaseSessionStore extends session.Store {
  private lastPrune = 0;
  private readonly touched = new Map<string, number>();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly defaultTtlMs: number,
  ) {
    super();
  }

  private expiry(sess: session.SessionData): string {
    const ms = sess.cookie?.expires
      ? new Date(sess.cookie.expires).getTime()
      : Date.now() + this.defaultTtlMs;
    return new Date(ms).toISOString();
  }

  override get(sid: string, cb: Callback<session.SessionData | null>): void {
    this.db
      .selectFrom('sessions')
      .select(['data', 'expires_at'])
      .where('sid', '=', sid)
      .executeTakeFirst()
      .then((r) => {
        if (!r || r.expires_at <= new Date().toISOString()) return cb(undefined, null);
        cb(undefined, JSON.parse(r.data) as session.SessionData);
      }, cb);
  }

  override set(sid: string, sess: session.SessionData, cb?: Callback): void {
    const data = JSON.stringify(sess);
    const expires = this.expiry(sess);
    this.db
      .insertInto('sessions')
      .values({ sid, data, expires_at: expires })
      .onConflict((oc) => oc.column('sid').doUpdateSet({ data, expires_at: expires }))
      .execute()
      .then(() => this.prune())
      .then(
        () => cb?.(),
        (e: unknown) => cb?.(e),
      );
  }

  override destroy(sid: string, cb?: Callback): void {
    this.db
      .deleteFrom('sessions')
      .where('sid', '=', sid)
      .execute()
      .then(
        () => cb?.(),
        (e: unknown) => cb?.(e),
      );
  }

  override touch(sid: string, sess: session.SessionData, cb?: Callback): void {
    // A rolling session is touched on every request; writing its expiry once a minute is enough.
    const now = Date.now();
    if (now - (this.touched.get(sid) ?? 0) < 60_000) return cb?.();
    this.touched.set(sid, now);
    if (this.touched.size > 10_000) this.touched.clear();
    this.db
      .updateTable('sessions')
      .set({ expires_at: this.expiry(sess) })
      .where('sid', '=', sid)
      .execute()
      .then(
        () => cb?.(),
        (e: unknown) => cb?.(e),
      );
  }

  /** Deletes expired sessions, at most once a minute. */
  private async prune(): Promise<void> {
    if (Date.now() - this.lastPrune < 60_000) return;
    this.lastPrune = Date.now();
    await this.db.deleteFrom('sessions').where('expires_at', '<=', new Date().toISOString()).execute();
  }
}
