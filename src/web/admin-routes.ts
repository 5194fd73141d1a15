import { randomBytes } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { Role } from '../domain/assessment';
import type { AppServices } from './app';
import { emailTakenError, inviteFields, organisationFields } from './account-forms';
import { tokenHash } from './auth-routes';
import { typedValues, validateForm } from './form-validation';
import { currentMember, requireAction, say, type FieldError } from './web-context';

const INVITATION_DAYS = 14;

export function adminRoutes(services: AppServices): Router {
  const { accounts, audit } = services;
  const r = Router();

  /** A one-time invitation link; only its hash is stored. */
  async function invite(req: Request, organisationId: string, email: string, name: string, role: Role) {
    const token = randomBytes(24).toString('base64url');
    await accounts.createInvitation({
      tokenHash: tokenHash(token),
      organisationId,
      email,
      name,
      role,
      createdBy: currentMemberId(req),
      expiresAt: new Date(Date.now() + INVITATION_DAYS * 86_400_000).toISOString(),
    });
    return `${req.protocol}://${req.get('host') ?? 'localhost'}/invitation/${token}`;
  }
  const currentMemberId = (req: Request): string => String(req.session.userId);

  async function usersPage(
    res: Response,
    status: number,
    extra: { values?: Record<string, string>; errors?: FieldError[]; link?: string },
  ) {
    const m = currentMember(res);
    res.status(status).render('users', {
      members: await accounts.members(m.organisation.id),
      invitations: await accounts.pendingInvitations(m.organisation.id),
      values: extra.values ?? { role: 'author' },
      errors: extra.errors ?? [],
      link: extra.link,
      days: INVITATION_DAYS,
    });
  }

  r.get('/brugere', requireAction('users:manage'), async (_req, res) => {
    await usersPage(res, 200, {});
  });

  r.post('/brugere', requireAction('users:manage'), async (req, res) => {
    const m = currentMember(res);
    const schema = z.object({
      ...inviteFields(res),
      role: z.enum(['admin', 'author', 'reviewer', 'approver'], {
        error: say(res, 'Vælg en rolle.', 'Choose a role.'),
      }),
    });
    const v = validateForm(schema, req.body);
    if (!v.ok) return usersPage(res, 400, { values: typedValues(req.body), errors: v.errors });
    if (await accounts.emailTaken(v.data.email))
      return usersPage(res, 409, {
        values: typedValues(req.body),
        errors: [emailTakenError(res, 'email')],
      });
    const link = await invite(req, m.organisation.id, v.data.email, v.data.name, v.data.role);
    await audit.record({
      organisationId: m.organisation.id,
      userId: m.id,
      action: 'user-invited',
      detail: { email: v.data.email.toLowerCase(), role: v.data.role },
    });
    await usersPage(res, 201, { link });
  });

  async function organisationsPage(
    res: Response,
    status: number,
    extra: { values?: Record<string, string>; errors?: FieldError[]; link?: string },
  ) {
    res.status(status).render('organisations', {
      organisations: await accounts.organisations(),
      values: extra.values ?? { kind: 'municipality' },
      errors: extra.errors ?? [],
      link: extra.link,
      days: INVITATION_DAYS,
    });
  }

  r.get('/organisationer', requireAction('organisations:manage'), async (_req, res) => {
    await organisationsPage(res, 200, {});
  });

  r.post('/organisationer', requireAction('organisations:manage'), async (req, res) => {
    const m = currentMember(res);
    const schema = z.object({
      ...organisationFields(res),
      ...inviteFields(res),
    });
    const v = validateForm(schema, req.body);
    if (!v.ok) return organisationsPage(res, 400, { values: typedValues(req.body), errors: v.errors });
    if (await accounts.emailTaken(v.data.email))
      return organisationsPage(res, 409, {
        values: typedValues(req.body),
        errors: [emailTakenError(res, 'email')],
      });
    const org = await accounts.createOrganisation(v.data.organisation, v.data.kind);
    const link = await invite(req, org.id, v.data.email, v.data.name, 'admin');
    await audit.record({
      organisationId: m.organisation.id,
      userId: m.id,
      action: 'organisation-created',
      detail: { organisation: org.id, name: org.name },
    });
    await organisationsPage(res, 201, { link });
  });

  return r;
}
