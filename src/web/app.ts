import path from 'node:path';
import express, { type Request, type Response } from 'express';
import { ingest } from '../ingest/ingest';
import { IngestError } from '../ingest/ingest-error';
import { parse } from '../parse/parse';
import { projectRoot } from '../project-root';
import { outlineView } from './outline-view';

export interface AppOptions {
  maxTextBytes: number;
}

/** Composition root for HTTP: reads top to bottom in middleware order; routes stay thin. */
export function createApp(options: AppOptions): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('view engine', 'ejs');
  app.set('views', path.join(projectRoot(), 'views'));
  app.use((_req, res, next) => {
    // Pages carry no inline script and load nothing from elsewhere: drafts are confidential.
    res.setHeader(
      'Content-Security-Policy',
      "default-src 'self'; style-src 'self'; script-src 'self'; form-action 'self'; frame-ancestors 'none'",
    );
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    next();
  });
  app.use('/static', express.static(path.join(projectRoot(), 'views', 'static'), { maxAge: '1h' }));
  app.use(express.urlencoded({ extended: false, limit: options.maxTextBytes }));

  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  app.get('/', (_req, res) => {
    res.render('index', { text: '', result: null, error: null });
  });

  app.post('/indlaes', async (req: Request, res: Response) => {
    const text = typeof req.body?.text === 'string' ? req.body.text : '';
    if (!text.trim()) {
      res
        .status(400)
        .render('index', { text, result: null, error: 'Indsæt teksten fra dokumentet i feltet.' });
      return;
    }
    try {
      const source = await ingest(Buffer.from(text, 'utf8'), { fileName: 'indsat.txt' });
      res.render('index', { text, result: outlineView(parse(source)), error: null });
    } catch (e) {
      if (e instanceof IngestError) {
        res.status(422).render('index', { text, result: null, error: e.da });
        return;
      }
      throw e;
    }
  });

  app.use((_req, res) => {
    res
      .status(404)
      .render('error', { title: 'Siden findes ikke', message: 'Siden findes ikke. Gå til forsiden.' });
  });
  app.use((err: Error & { type?: string }, _req: Request, res: Response, _next: express.NextFunction) => {
    void _next;
    if (err.type === 'entity.too.large') {
      res.status(413).render('error', {
        title: 'Teksten er for lang',
        message: 'Teksten er for lang til at blive indlæst her.',
      });
      return;
    }
    res
      .status(500)
      .render('error', { title: 'Der opstod en fejl', message: 'Der opstod en intern fejl. Prøv igen.' });
  });
  return app;
}
