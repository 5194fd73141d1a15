import { createHash } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import { z } from 'zod';
import { hashPassword, verifyPassword } from '../auth/passwords';
import { organisationFields, passwordFields, samePasswords } from './account-forms';
import type { AppServices } from './app';
import { typedValues, validateForm } from './form-validation';
import { say, type FieldError } from './web-context';

export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A new session id at login (no session fixation); the return address and any kept form survive it. */
function logIn(req: Request, res: Response, userId: string): Promise<void> {
  const { returnTo, pendingForm } = req.session;
  return new Promise((resolve, reject) => {
    req.session.regenerate((err) => {
      if (err) return reject(err instanceof Error ? err : new Error(String(err)));
      req.session.userId = userId;
      if (pendingForm) req.session.pendingForm = pendingForm;
      res.cookie('rt.in', '1', { httpOnly: true, sameSite: 'lax', maxAge: 30 * 86_400_000 });
      const to =
        returnTo && returnTo.startsWith('/') && !returnTo.startsWith('//') ? returnTo : '/vurderinger';
      req.session.save((e) =>
        e ? reject(e instanceof Error ? e : new Error(String(e))) : resolve(void res.redirect(303, to)),
      );
    });
  });
}

export function authRoutes(services: AppServices): Router {
  const { accounts, audit } = services;
  const r = Router();

  const loginLimit = rateLimit({
    windowMs: 15 * 60_000,
    limit: services.config.LOGIN_LIMIT,
    skipSuccessfulRequests: true,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (req, res) => {
      res.status(429).render('login', {
        values: { email: typedValues(req.body).email ?? '' },
        errors: [
          {
            field: 'email',
            message: say(
              res,
              'For mange mislykkede forsøg på at logge ind. Vent 15 minutter, og prøv igen.',
              'Too many failed login attempts. Wait 15 minutes and try again.',
            ),
          },
        ],
      });
    },
  });

  r.get('/', (_req, res) => res.redirect(303, '/vurderinger'));

  r.get('/opsaetning', async (_req, res) => {
    if (await accounts.hasUsers()) return res.redirect(303, '/log-ind');
    res.render('setup', { values: { kind: 'ministry' }, errors: [] });
  });

  r.post('/opsaetning', loginLimit, async (req, res) => {
    if (await accounts.hasUsers()) return res.redirect(303, '/log-ind');
    const schema = z
      .object({
        ...organisationFields(res),
        name: z
          .string()
          .trim()
          .min(1, say(res, 'Skriv dit navn.', 'Enter your name.')),
        email: z
          .string()
          .trim()
          .email(
            say(
              res,
              'Skriv en gyldig e-mailadresse, fx navn@ministerium.dk.',
              'Enter a valid email address, e.g. name@ministry.dk.',
            ),
          ),
        ...passwordFields(res),
      })
      .superRefine(samePasswords(res));
    const v = validateForm(schema, req.body);
    if (!v.ok) return res.status(400).render('setup', { values: typedValues(req.body), errors: v.errors });
    const org = await accounts.createOrganisation(v.data.organisation, v.data.kind, true);
    const user = await accounts.createUser({
      email: v.data.email,
      name: v.data.name,
      passwordHash: await hashPassword(v.data.password),
      organisationId: org.id,
      role: 'admin',
    });
    await audit.record({ organisationId: org.id, userId: user.id, action: 'first-admin-created' });
    await logIn(req, res, user.id);
  });

  r.get('/log-ind', (req, res) => {
    if (res.locals.member) return res.redirect(303, '/vurderinger');
    const info =
      req.query['logget-ud'] !== undefined
        ? { kind: 'success', da: 'Du er logget ud.', en: 'You are logged out.' }
        : undefined;
    res.render('login', { values: {}, errors: [], info });
  });

  r.post('/log-ind', loginLimit, async (req, res) => {
    const email = typeof req.body?.email === 'string' ? req.body.email.trim() : '';
    const password = typeof req.body?.password === 'string' ? req.body.password : '';
    const errors: FieldError[] = [];
    if (!email)
      errors.push({
        field: 'email',
        message: say(res, 'Skriv din e-mailadresse.', 'Enter your email address.'),
      });
    if (!password)
      errors.push({ field: 'password', message: say(res, 'Skriv din adgangskode.', 'Enter your password.') });
    if (errors.length) return res.status(400).render('login', { values: { email }, errors });
    const found = await accounts.credentials(email);
    // The same work and the same answer whether or not the address exists.
    const ok = await verifyPassword(password, found?.passwordHash ?? DUMMY_HASH);
    if (!found || !ok) {
      await audit.record({ action: 'login-failed', detail: { email: email.toLowerCase() } });
      return res.status(401).render('login', {
        values: { email },
        errors: [
          {
            field: 'email',
            message: say(
              res,
              'E-mailadressen eller adgangskoden er forkert.',
              'The email address or password is wrong.',
            ),
          },
        ],
      });
    }
    const member = await accounts.member(found.id);
    await audit.record({ organisationId: member?.organisation.id, userId: found.id, action: 'login' });
    await logIn(req, res, found.id);
  });

  r.post('/log-ud', (req, res, next) => {
    const userId = req.session.userId;
    req.session.destroy((err) => {
      if (err) return next(err);
      res.clearCookie('rt.sid');
      res.clearCookie('rt.in');
      if (userId) void audit.record({ userId, action: 'logout' }).catch(() => undefined);
      res.redirect(303, '/log-ind?logget-ud');
    });
  });

  async function openInvitation(req: Request, res: Response) {
    const token = String(req.params.token ?? '');
    const inv = /^[A-Za-z0-9_-]{20,100}$/.test(token)
      ? await accounts.invitation(tokenHash(token))
      : undefined;
    if (!inv || inv.acceptedAt || inv.expiresAt <= new Date().toISOString()) {
      res.status(404).render('error', {
        title: say(res, 'Invitationen gælder ikke', 'The invitation is not valid'),
        message: say(
          res,
          'Linket er brugt, udløbet eller forkert. Bed din administrator om en ny invitation.',
          'The link has been used, has expired or is wrong. Ask your administrator for a new invitation.',
        ),
      });
      return undefined;
    }
    return { token, inv };
  }

  r.get('/invitation/:token', async (req, res) => {
    const found = await openInvitation(req, res);
    if (!found) return;
    res.render('invitation', {
      invitation: found.inv,
      token: found.token,
      values: { name: found.inv.name },
      errors: [],
    });
  });

  r.post('/invitation/:token', loginLimit, async (req, res) => {
    const found = await openInvitation(req, res);
    if (!found) return;
    const schema = z
      .object({
        name: z
          .string()
          .trim()
          .min(1, say(res, 'Skriv dit navn.', 'Enter your name.')),
        ...passwordFields(res),
      })
      .superRefine(samePasswords(res));
    const v = validateForm(schema, req.body);
    if (!v.ok)
      return res.status(400).render('invitation', {
        invitation: found.inv,
        token: found.token,
        values: typedValues(req.body),
        errors: v.errors,
      });
    if (await accounts.emailTaken(found.inv.email))
      return res.status(409).render('invitation', {
        invitation: found.inv,
        token: found.token,
        values: typedValues(req.body),
        errors: [
          {
            field: 'name',
            message: say(
              res,
              'Der findes allerede en bruger med denne e-mailadresse. Log ind i stedet.',
              'A user with this email address already exists. Log in instead.',
            ),
          },
        ],
      });
    const user = await accounts.acceptInvitation(
      tokenHash(found.token),
      await hashPassword(v.data.password),
      v.data.name,
    );
    if (!user) return res.redirect(303, req.originalUrl);
    await audit.record({
      organisationId: found.inv.organisationId,
      userId: user.id,
      action: 'invitation-accepted',
    });
    await logIn(req, res, user.id);
  });

  return r;
}

// A real scrypt hash of a random password, so unknown addresses cost as much as known ones.
const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$' + Buffer.alloc(64, 1).toString('base64');
