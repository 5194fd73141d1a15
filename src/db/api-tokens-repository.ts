import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from './schema';

/** A personal API token as its owner sees it in the list: never the token nor its hash. */
export interface ApiToken {
  id: string;
  userId: string;
  organisationId: string;
  name: string;
  /** The first characters of the token, to tell tokens apart. */
  prefix: string;
  createdAt: string;
  lastUsedAt?: string;
  revokedAt?: string;
}

/** Who a valid token acts for. */
export interface TokenIdentity {
  userId: string;
  organisationId: string;
  tokenId: string;
}

const TOKEN_PREFIX = 'rt_';
const PREFIX_LENGTH = 10;
/** `rt_` + 32 random bytes in base64url (43 characters). */
const TOKEN_SHAPE = /^rt_[A-Za-z0-9_-]{43}$/;
/** Using a token is recorded at most this often: a busy client does not write on every request. */
const LAST_USED_EVERY_MS = 60_000;

export function apiTokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

type Row = Database['api_tokens'];

function apiToken(r: Omit<Row, 'token_hash'>): ApiToken {
  return {
    id: r.id,
    userId: r.user_id,
    organisationId: r.organisation_id,
    name: r.name,
    prefix: r.prefix,
    createdAt: r.created_at,
    ...(r.last_used_at ? { lastUsedAt: r.last_used_at } : {}),
    ...(r.revoked_at ? { revokedAt: r.revoked_at } : {}),
  };
}

/** Personal API tokens: only the SHA-256 of a token is stored; the token itself is handed out once. */
export function apiTokensRepository(db: Kysely<Database>, options: { now?: () => Date } = {}) {
  const now = options.now ?? (() => new Date());
  return {
    /** A new token for the user in one organisation; `token` is the only copy there will ever be. */
    async create(input: {
      userId: string;
      organisationId: string;
      name: string;
    }): Promise<{ token: string; apiToken: ApiToken }> {
      const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
      const row: Row = {
        id: randomUUID(),
        user_id: input.userId,
        organisation_id: input.organisationId,
        name: input.name,
        token_hash: apiTokenHash(token),
        prefix: token.slice(0, PREFIX_LENGTH),
        created_at: now().toISOString(),
        last_used_at: null,
        revoked_at: null,
      };
      await db.insertInto('api_tokens').values(row).execute();
      return { token, apiToken: apiToken(row) };
    },

    /** The user's tokens, newest first, revoked ones too (so the list shows what was revoked). */
    async list(userId: string): Promise<ApiToken[]> {
      const rows = await db
        .selectFrom('api_tokens')
        .select([
          'id',
          'user_id',
          'organisation_id',
          'name',
          'prefix',
          'created_at',
          'last_used_at',
          'revoked_at',
        ])
        .where('user_id', '=', userId)
        .orderBy('created_at', 'desc')
        .orderBy('id')
        .execute();
      return rows.map(apiToken);
    },

    /** Revokes the user's own token; false when the user has no token with that id (someone else's included). */
    async revoke(userId: string, tokenId: string): Promise<boolean> {
      const found = await db
        .selectFrom('api_tokens')
        .select(['id', 'revoked_at'])
        .where('id', '=', tokenId)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      if (!found) return false;
      if (!found.revoked_at)
        await db
          .updateTable('api_tokens')
          .set({ revoked_at: now().toISOString() })
          .where('id', '=', tokenId)
          .where('user_id', '=', userId)
          .where('revoked_at', 'is', null)
          .execute();
      return true;
    },

    /** The identity of a valid token; undefined for anything unknown, malformed or revoked. */
    async authenticate(token: string): Promise<TokenIdentity | undefined> {
      if (!TOKEN_SHAPE.test(token)) return undefined;
      const r = await db
        .selectFrom('api_tokens')
        .select(['id', 'user_id', 'organisation_id', 'last_used_at', 'revoked_at'])
        .where('token_hash', '=', apiTokenHash(token))
        .executeTakeFirst();
      if (!r || r.revoked_at) return undefined;
      const at = now();
      const before = new Date(at.getTime() - LAST_USED_EVERY_MS).toISOString();
      if (!r.last_used_at || r.last_used_at <= before)
        // Conditional, so two requests in the same minute write once between them.
        await db
          .updateTable('api_tokens')
          .set({ last_used_at: at.toISOString() })
          .where('id', '=', r.id)
          .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<=', before)]))
          .execute();
      return { userId: r.user_id, organisationId: r.organisation_id, tokenId: r.id };
    },
  };
}

export type ApiTokensRepository = ReturnType<typeof apiTokensRepository>;
