import { Router, type Response } from 'express';
import { z } from 'zod';
import type { AppServices } from './app';
import { typedValues, validateForm } from './form-validation';
import { currentMember, flash, requireMember, say, type FieldError } from './web-context';

const PAGE = '/konto/api-noegler';

/** Personal API tokens for the JSON API: any logged-in member manages their own. */
export function tokenRoutes(services: Pick<AppServices, 'apiTokens' | 'audit'>): Router {
  const { apiTokens, audit } = services;
  const r = Router();

  async function tokensPage(
    res: Response,
    status: number,
    extra: {
      values?: Record<string, string>;
      errors?: FieldError[];
      created?: { name: string; token: string };
    },
  ) {
    const m = currentMember(res);
    // The page may show a token once: it is kept in no cache.
    res
      .status(status)
      .set('Cache-Control', 'no-store')
      .render('api-tokens', {
        tokens: await apiTokens.list(m.id),
        values: extra.values ?? {},
        errors: extra.errors ?? [],
        created: extra.created,
      });
  }

  r.get(PAGE, requireMember, async (_req, res) => {
    await tokensPage(res, 200, {});
  });

  r.post(PAGE, requireMember, async (req, res) => {
    const m = currentMember(res);
    const schema = z.object({
      name: z
        .string({ error: say(res, 'Giv nøglen et navn.', 'Give the key a name.') })
        .trim()
        .min(1, say(res, 'Giv nøglen et navn.', 'Give the key a name.'))
        .max(100, say(res, 'Navnet må højst være 100 tegn.', 'The name must be at most 100 characters.')),
    });
    const v = validateForm(schema, req.body);
    if (!v.ok) return tokensPage(res, 400, { values: typedValues(req.body), errors: v.errors });
    const { token, apiToken } = await apiTokens.create({
      userId: m.id,
      organisationId: m.organisation.id,
      name: v.data.name,
    });
    await audit.record({
      organisationId: m.organisation.id,
      userId: m.id,
      action: 'api-token-created',
      detail: { token: apiToken.id, name: apiToken.name, prefix: apiToken.prefix },
    });
    await tokensPage(res, 201, { created: { name: apiToken.name, token } });
  });

  r.post(`${PAGE}/:tokenId/tilbagekald`, requireMember, async (req, res) => {
    const m = currentMember(res);
    const tokenId = String(req.params.tokenId ?? '');
    // Someone else's token is not found, exactly like one that does not exist.
    const revoked = /^[0-9a-f-]{36}$/.test(tokenId) && (await apiTokens.revoke(m.id, tokenId));
    if (!revoked) {
      res.status(404).render('error', {
        title: say(res, 'API-nøglen findes ikke', 'API key not found'),
        message: say(
          res,
          'API-nøglen findes ikke, eller den er ikke din.',
          'The API key does not exist, or it is not yours.',
        ),
      });
      return;
    }
    await audit.record({
      organisationId: m.organisation.id,
      userId: m.id,
      action: 'api-token-revoked',
      detail: { token: tokenId },
    });
    flash(
      req,
      'success',
      'API-nøglen er tilbagekaldt og virker ikke længere.',
      'The API key has been revoked and no longer works.',
    );
    res.redirect(303, PAGE);
  });

  return r;
}
