import { randomBytes, timingSafeEqual } from 'node:crypto';

/** A synchronizer token kept in the session; every form posts it back as `_csrf`. */
export function csrfToken(sess: { csrf?: string }): string {
  sess.csrf ??= randomBytes(24).toString('base64url');
  return sess.csrf;
}

export function csrfValid(sess: { csrf?: string } | undefined, sent: unknown): boolean {
  if (!sess?.csrf || typeof sent !== 'string') return false;
  const a = Buffer.from(sess.csrf);
  const b = Buffer.from(sent);
  return a.length === b.length && timingSafeEqual(a, b);
}
