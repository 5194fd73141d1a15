/**
 * Uploads per user per hour. Each upload costs a worker seconds of CPU, so one account (or one leaked API token)
 * must not be able to keep the pool busy for everyone else. A fixed window is enough: the point is a ceiling,
 * not fairness within the hour. In memory: a restart resets it, which errs on the side of letting people work.
 */
export class UploadQuota {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly perHour: number,
    private readonly windowMs = 3_600_000,
  ) {}

  /** Counts one upload for `userId`; false (with the seconds until the window ends) when over the limit. */
  take(userId: string, now: number): { ok: true } | { ok: false; retryAfterS: number } {
    let w = this.windows.get(userId);
    if (!w || now - w.start >= this.windowMs) {
      w = { start: now, count: 0 };
      this.windows.set(userId, w);
      // Forget windows that have ended, so the map does not grow with every user ever seen.
      if (this.windows.size > 10_000)
        for (const [k, v] of this.windows) if (now - v.start >= this.windowMs) this.windows.delete(k);
    }
    if (w.count >= this.perHour)
      return { ok: false, retryAfterS: Math.max(1, Math.ceil((w.start + this.windowMs - now) / 1000)) };
    w.count++;
    return { ok: true };
  }
}
