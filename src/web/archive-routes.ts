import { Router, type Request, type Response } from 'express';
import { rulesetIds } from '../rulesets/load-ruleset';
import type { Ruleset } from '../rulesets/ruleset-schema';
import type { AppServices } from './app';
import {
  CSV_MAX_ROWS,
  PAGE_SIZE,
  archiveCsv,
  archiveOptions,
  archiveQuerySchema,
  archiveRowsView,
  copenhagenDay,
  filterOf,
  pagination,
  queryString,
  yearsCsv,
  yearsView,
  type ArchiveQuery,
} from './archive-views';
import { typedValues, validateForm } from './form-validation';
import { currentMember, lang, requireAction, type FieldError } from './web-context';

/** The searchable archive and the yearly counts ("comply or explain"), for the member's own organisation only. */
export function archiveRoutes(services: Pick<AppServices, 'archive' | 'assessments'>): Router {
  const r = Router();
  const read = requireAction('assessment:read');

  /** The rulesets installed now; an assessment's ruleset may have been removed since (then its id is shown). */
  function rulesets(): { id: string; ruleset: Ruleset }[] {
    return rulesetIds().map((id) => ({ id, ruleset: services.assessments.ruleset(id) }));
  }
  const rulesetOf = (id: string): Ruleset | undefined => {
    try {
      return services.assessments.ruleset(id);
    } catch {
      return undefined;
    }
  };

  function parse(
    req: Request,
    res: Response,
  ): { ok: true; q: ArchiveQuery } | { ok: false; errors: FieldError[] } {
    const v = validateForm(archiveQuerySchema(lang(res), rulesetIds()), req.query);
    return v.ok ? { ok: true, q: v.data } : v;
  }

  function csv(res: Response, name: string, body: string): void {
    res
      .type('text/csv; charset=utf-8')
      .set('Content-Disposition', `attachment; filename="${name}"`)
      .set('Cache-Control', 'no-store')
      .send(body);
  }

  r.get('/arkiv', read, async (req, res) => {
    const orgId = currentMember(res).organisation.id;
    const parsed = parse(req, res);
    const values = typedValues(req.query);
    const chosen = parsed.ok ? parsed.q.ruleset : undefined;
    const options = archiveOptions(await services.archive.authorities(orgId), rulesets(), chosen, lang(res));
    if (!parsed.ok) {
      res.status(400).render('archive', { values, errors: parsed.errors, options, result: undefined });
      return;
    }
    const q = parsed.q;
    const filter = filterOf(q);
    let page = q.page;
    let found = await services.archive.search(orgId, filter, {
      limit: PAGE_SIZE,
      offset: (page - 1) * PAGE_SIZE,
    });
    const pages = Math.max(1, Math.ceil(found.total / PAGE_SIZE));
    if (page > pages) {
      // A page past the end (the hits changed since the link was made): the last page.
      page = pages;
      found = await services.archive.search(orgId, filter, {
        limit: PAGE_SIZE,
        offset: (page - 1) * PAGE_SIZE,
      });
    }
    res.render('archive', {
      values: { ...values, dateField: q.dateField },
      errors: [],
      options,
      result: {
        total: found.total,
        first: found.total ? (page - 1) * PAGE_SIZE + 1 : 0,
        last: (page - 1) * PAGE_SIZE + found.rows.length,
        rows: archiveRowsView(found.rows, rulesetOf, lang(res)),
        pagination: pagination(page, pages, (p) => `/arkiv${queryString(q, p)}`),
        csvHref: `/arkiv.csv${queryString(q)}`,
        filtered: queryString(q) !== '',
      },
    });
  });

  r.get('/arkiv.csv', read, async (req, res) => {
    const parsed = parse(req, res);
    if (!parsed.ok) {
      res
        .status(400)
        .type('text/plain; charset=utf-8')
        .send(parsed.errors.map((e) => e.message).join('\n'));
      return;
    }
    const found = await services.archive.search(currentMember(res).organisation.id, filterOf(parsed.q), {
      limit: CSV_MAX_ROWS,
      offset: 0,
    });
    csv(
      res,
      `relationstjek-arkiv-${copenhagenDay(new Date().toISOString())}.csv`,
      archiveCsv(found.rows, rulesetOf),
    );
  });

  r.get('/arkiv/aarsoversigt', read, async (_req, res) => {
    const orgId = currentMember(res).organisation.id;
    const [counts, notAssessed] = await Promise.all([
      services.archive.yearCounts(orgId),
      services.archive.notAssessed(orgId),
    ]);
    res.render('archive-years', { view: yearsView(counts, notAssessed, lang(res)) });
  });

  r.get('/arkiv/aarsoversigt.csv', read, async (_req, res) => {
    const counts = await services.archive.yearCounts(currentMember(res).organisation.id);
    csv(res, 'relationstjek-aarsoversigt.csv', yearsCsv(counts));
  });

  return r;
}
