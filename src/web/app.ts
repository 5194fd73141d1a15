import path from 'node:path';
import express, { type NextFunction, type Request, type Response } from 'express';
import session from 'express-session';
import helmet from 'helmet';
import { apiRoutes } from '../api/api-routes';
import { csrfToken } from '../auth/csrf';
import { can } from '../auth/permissions';
import type { Member } from '../domain/assessment';
import { projectRoot } from '../project-root';
import type { Services } from '../services';
import { adminRoutes } from './admin-routes';
import { archiveRoutes } from './archive-routes';
import { assessmentRoutes } from './assessment-routes';
import { authRoutes } from './auth-routes';
import { tokenRoutes } from './token-routes';
import { checkCsrf, formatDate, say, type Lang } from './web-context';

export type AppServices = Pick<
  Services,
  | 'config'
  | 'log'
  | 'accounts'
  | 'audit'
  | 'comments'
  | 'guests'
  | 'assessments'
  | 'sessionStore'
  | 'sessionSecret'
  | 'maxUploadBytes'
  | 'apiTokens'
  | 'archive'
>;

const ROOT = projectRoot();

/** Composition root for HTTP: reads top to bottom in middleware order; routes stay thin. */
export function createApp(services: AppServices): express.Express {
  const { config } = services;
  const app = express();
  app.disable('x-powered-by');
  if (config.TRUST_PROXY) app.set('trust proxy', 1);
  app.set('view engine', 'ejs');
  app.set('views', path.join(ROOT, 'views'));
  // Templates ship with the build: compile each once, whatever NODE_ENV says.
  app.set('view cache', true);

  // No inline script or style, nothing loaded from elsewhere: drafts are confidential.
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'"],
          connectSrc: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
        },
      },
      referrerPolicy: { policy: 'no-referrer' },
      strictTransportSecurity: config.COOKIE_SECURE === 'true',
    }),
  );
  app.use(
    '/static/dkfds',
    express.static(path.join(ROOT, 'node_modules', 'dkfds', 'dist'), { maxAge: '1d' }),
  );
  app.use('/static', express.static(path.join(ROOT, 'views', 'static'), { maxAge: '1h' }));
  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  // The JSON API authenticates every request by its bearer token, never a cookie: no session, so no CSRF.
  app.use('/api/v1', apiRoutes(services));

  app.use(express.urlencoded({ extended: false, limit: services.maxUploadBytes, parameterLimit: 2000 }));
  app.use(
    session({
      name: 'rt.sid',
      secret: services.sessionSecret,
      store: services.sessionStore,
      resave: false,
      saveUninitialized: false,
      rolling: true,
      cookie: {
        httpOnly: true,
        sameSite: 'lax',
        secure: config.COOKIE_SECURE === 'auto' ? 'auto' : config.COOKIE_SECURE === 'true',
        maxAge: config.SESSION_HOURS * 3_600_000,
      },
    }),
  );

  // Language: Danish unless the user chose English (cookie), or a link asks for it.
  app.use((req, res, next) => {
    const asked = req.query.lang;
    const chosen: Lang =
      asked === 'en' || asked === 'da'
        ? asked
        : /(?:^|;\s*)rt\.lang=en/.test(req.headers.cookie ?? '')
          ? 'en'
          : 'da';
    if (asked === 'en' || asked === 'da')
      res.cookie('rt.lang', asked, { httpOnly: true, sameSite: 'lax', maxAge: 365 * 86_400_000 });
    res.locals.lang = chosen;
    res.locals.t = (da: string, en: string) => (chosen === 'en' ? en : da);
    res.locals.date = (iso: string, withTime = false) => formatDate(iso, chosen, withTime);
    res.locals.path = req.path;
    res.locals.langLink = (l: Lang) => {
      const u = new URL(req.originalUrl, 'http://x');
      u.searchParams.set('lang', l);
      return `${u.pathname}${u.search}`;
    };
    next();
  });

  // Who is logged in; the flash message; the CSRF token every form carries.
  app.use(async (req, res, next) => {
    res.locals.member = req.session.userId ? await services.accounts.member(req.session.userId) : undefined;
    if (req.session.userId && !res.locals.member) delete req.session.userId;
    res.locals.canWrite = Boolean(
      res.locals.member && can((res.locals.member as Member).role, 'assessment:write'),
    );
    res.locals.flash = req.session.flash;
    delete req.session.flash;
    res.locals.csrf = csrfToken(req.session);
    next();
  });

  // First start: nobody can log in until the first admin is created.
  let setUp = false; // once there are users, there always are
  app.use(async (req, res, next) => {
    setUp ||= await services.accounts.hasUsers();
    if (setUp || req.path === '/opsaetning') return next();
    res.redirect(303, '/opsaetning');
  });

  // Every form posts its CSRF token; multipart forms are checked after their body is read (checkCsrf).
  app.use((req, res, next) => {
    if (req.method !== 'POST' || req.is('multipart/form-data')) return next();
    checkCsrf(req, res, next);
  });

  app.use(authRoutes(services));
  app.use(assessmentRoutes(services));
  app.use(archiveRoutes(services));
  app.use(tokenRoutes(services));
  app.use(adminRoutes(services));

  app.use((_req, res) => {
    res.status(404).render('error', {
      title: say(res, 'Siden findes ikke', 'Page not found'),
      message: say(
        res,
        'Siden findes ikke, eller du har ikke adgang til den.',
        'The page does not exist, or you do not have access to it.',
      ),
    });
  });
  app.use(
    (
      err: Error & { type?: string; status?: number; code?: string },
      req: Request,
      res: Response,
      _next: NextFunction,
    ) => {
      void _next;
      if (err.type === 'entity.too.large' || err.code === 'LIMIT_FILE_SIZE') {
        res.status(413).render('error', {
          title: say(res, 'Filen eller teksten er for stor', 'The file or text is too large'),
          message: say(
            res,
            `Den største fil eller tekst, der kan indlæses, er ${config.MAX_UPLOAD_MB} MB. Gå tilbage og vælg en mindre fil.`,
            `The largest file or text that can be uploaded is ${config.MAX_UPLOAD_MB} MB. Go back and choose a smaller file.`,
          ),
        });
        return;
      }
      if (err.name === 'ReadOnlyError') {
        res.status(409).render('error', {
          title: say(res, 'Vurderingen er godkendt', 'The assessment is approved'),
          message: say(
            res,
            'Vurderingen er godkendt og kan ikke ændres. Start en ny version fra siden Godkendelse.',
            'The assessment is approved and cannot be changed. Start a new version from the Sign-off page.',
          ),
        });
        return;
      }
      services.log.error({ err: err.stack ?? String(err), path: req.path }, 'request failed');
      res.status(500).render('error', {
        title: say(res, 'Der opstod en fejl', 'Something went wrong'),
        message: say(
          res,
          'Der opstod en intern fejl. Det, du allerede har gemt, er ikke tabt. Prøv igen.',
          'An internal error occurred. What you have already saved is not lost. Try again.',
        ),
      });
    },
  );
  return app;
}
