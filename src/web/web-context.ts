import type { NextFunction, Request, Response } from 'express';
import type { Member } from '../domain/assessment';
import { csrfValid } from '../auth/csrf';
import { can, type Action } from '../auth/permissions';

export type Lang = 'da' | 'en';

declare module 'express-session' {
  interface SessionData {
    userId?: string;
    csrf?: string;
    /** Where to go after logging in. */
    returnTo?: string;
    /** What the user typed when their session ran out, given back on the page after logging in. */
    pendingForm?: { path: string; body: Record<string, unknown> };
    /** A one-time message for the next page. */
    flash?: { da: string; en: string; kind: 'success' | 'info' | 'error' };
  }
}

/** A field error for the error summary: `field` is the id of the input it links to. */
export interface FieldError {
  field: string;
  message: string;
}

export function lang(res: Response): Lang {
  return res.locals.lang === 'en' ? 'en' : 'da';
}

/** Picks the wording for the page's language. */
export function say(res: Response, da: string, en: string): string {
  return lang(res) === 'en' ? en : da;
}

/**
 * Who acts on this request: the logged-in member, or on an assessment they are invited to, the same user as a
 * reviewer in the owning organisation (set by the assessment loader as `actor`).
 */
export function currentMember(res: Response): Member {
  const m = (res.locals.actor ?? res.locals.member) as Member | undefined;
  if (!m) throw new Error('no member on a route that requires one');
  return m;
}

const MAX_KEPT_FORM = 256 * 1024;

/** Not logged in: remember where they were (and what they typed, on a POST) and go to the login page. */
export function toLogin(req: Request, res: Response, expired: boolean): void {
  const back = req.method === 'GET' ? req.originalUrl : req.originalUrl.split('?')[0];
  if (back && back.startsWith('/') && !back.startsWith('//')) req.session.returnTo = back;
  // Only a session that ran out gets its form back, and only a form-sized one: nothing is kept for strangers.
  if (
    expired &&
    req.method === 'POST' &&
    req.body &&
    typeof req.body === 'object' &&
    JSON.stringify(req.body).length <= MAX_KEPT_FORM
  ) {
    const { _csrf: _ignored, ...body } = req.body as Record<string, unknown>;
    void _ignored;
    req.session.pendingForm = { path: back ?? '/', body };
  }
  if (expired)
    req.session.flash = {
      kind: 'info',
      da:
        req.method === 'POST'
          ? 'Din session er udløbet. Log ind igen – det, du skrev, er gemt og bliver udfyldt igen.'
          : 'Din session er udløbet. Log ind igen.',
      en:
        req.method === 'POST'
          ? 'Your session has expired. Log in again – what you typed has been kept and will be filled in again.'
          : 'Your session has expired. Log in again.',
    };
  res.redirect(303, '/log-ind');
}

/** `rt.in` is set at login and cleared at logout: with it but no session, the session has run out. */
function loggedInBefore(req: Request): boolean {
  return /(?:^|;\s*)rt\.in=1/.test(req.headers.cookie ?? '');
}

export function requireMember(req: Request, res: Response, next: NextFunction): void {
  if (res.locals.member) return next();
  toLogin(req, res, loggedInBefore(req));
}

/** Deny by default: the route names the action; the member's role in their organisation must grant it. */
export function requireAction(action: Action) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const m = (res.locals.actor ?? res.locals.member) as Member | undefined;
    if (!m) return requireMember(req, res, next);
    if (can(m.role, action, m.organisation.isHost)) return next();
    res.status(403).render('error', {
      title: say(res, 'Du har ikke adgang', 'You do not have access'),
      message: say(
        res,
        'Din rolle giver ikke adgang til denne side. Spørg en administrator i din organisation.',
        'Your role does not give access to this page. Ask an administrator in your organisation.',
      ),
    });
  };
}

/** What the user typed before their session ran out, if it was on this page; given once. */
export function takePendingForm(req: Request): Record<string, unknown> | undefined {
  const p = req.session.pendingForm;
  if (!p || p.path !== req.path) return undefined;
  delete req.session.pendingForm;
  return p.body;
}

export function flash(req: Request, kind: 'success' | 'info' | 'error', da: string, en: string): void {
  req.session.flash = { kind, da, en };
}

/** A text field from a form body: trimmed, never undefined. */
export function field(body: unknown, name: string): string {
  const v = body && typeof body === 'object' ? (body as Record<string, unknown>)[name] : undefined;
  return typeof v === 'string' ? v.trim() : '';
}

const DATE_OPTIONS: Intl.DateTimeFormatOptions = {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'Europe/Copenhagen',
};
const DATES = {
  da: [
    new Intl.DateTimeFormat('da-DK', DATE_OPTIONS),
    new Intl.DateTimeFormat('da-DK', { ...DATE_OPTIONS, hour: '2-digit', minute: '2-digit' }),
  ],
  en: [
    new Intl.DateTimeFormat('en-GB', DATE_OPTIONS),
    new Intl.DateTimeFormat('en-GB', { ...DATE_OPTIONS, hour: '2-digit', minute: '2-digit' }),
  ],
} as const;

/** Danish (or English) date and time in Copenhagen time. */
export function formatDate(iso: string, l: Lang, withTime = false): string {
  return DATES[l][withTime ? 1 : 0].format(new Date(iso));
}
/** A POST without the session's CSRF token: an expired session goes to login (typed text kept), else 403. */
export function checkCsrf(req: Request, res: Response, next: NextFunction): void {
  if (csrfValid(req.session, (req.body as Record<string, unknown> | undefined)?._csrf)) return next();
  if (
    !res.locals.member &&
    req.path !== '/log-ind' &&
    req.path !== '/opsaetning' &&
    !req.path.startsWith('/invitation')
  )
    return toLogin(req, res, loggedInBefore(req));
  res.status(403).render('error', {
    title: say(res, 'Formularen kunne ikke sendes', 'The form could not be sent'),
    message: say(
      res,
      'Sikkerhedstjekket på formularen slog fejl, fordi siden var for gammel. Gå tilbage, genindlæs siden og prøv igen.',
      'The form’s security check failed because the page was too old. Go back, reload the page and try again.',
    ),
  });
}
