import { createSilentLogger } from '@nc-mcp/logger';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { createAuthenticator } from './auth/authenticate.js';
import { createBearerVerifier } from './auth/bearer.js';
import { normalizeDotSegments } from './dav/davPaths.js';
import { createDavHandler } from './dav/davRouter.js';
import { assertNotProduction } from './devOnlyError.js';
import { Contention } from './notes/contention.js';
import { createNotesHandler } from './notes/notesRouter.js';
import { STATUS } from './ocs/capabilities.js';
import { createOcsHandler } from './ocs/ocsRouter.js';
import { sharingRoutes } from './ocs/sharing/shareRoutes.js';
import type { DevNextcloudOptions } from './options.js';
import { newInstanceId } from './store/ids.js';
import { UserStore } from './store/userStore.js';

// 1,000,000 characters of three bytes each ('€') are 3 MB as JSON and 9 MB form-encoded (%E2%82%AC).
const NOTES_BODY_LIMIT = '16mb';

/** The express app plus the state behind it (for `reset()`). */
export interface DevNextcloudInstance {
  readonly app: Express;
  readonly store: UserStore;
}

/** Builds the double; `createDevNextcloudApp` and `startDevNextcloud` share it. */
export function buildDevNextcloud(options: DevNextcloudOptions): DevNextcloudInstance {
  assertNotProduction();
  const logger = options.logger ?? createSilentLogger();
  const apps = { notes: options.apps?.notes ?? true, files_sharing: options.apps?.files_sharing ?? true };
  const clock = options.clock ?? Date.now;
  const store = new UserStore(clock, options.users ?? {});
  const verifyBearer = createBearerVerifier({
    issuer: options.issuer,
    audience: options.audience ?? 'nextcloud',
    userIdMode: options.userIdMode ?? 'username',
    providerId: options.providerId ?? 1,
    logger,
  });

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use((req: Request, res: Response, next: NextFunction) => {
    // The web server resolves raw `..` before Nextcloud routes the request (quirk 17).
    const [path = '/', query] = req.url.split(/\?(.*)/s, 2);
    req.url = normalizeDotSegments(path) + (query === undefined ? '' : `?${query}`);
    res.on('finish', () =>
      logger.debug({ method: req.method, path: req.path, status: res.statusCode }, 'request'),
    );
    next();
  });
  app.get('/status.php', (_req, res) => {
    res.status(200).setHeader('Content-Type', 'application/json');
    res.end(JSON.stringify(STATUS));
  });
  app.use(createAuthenticator({ store, appPasswords: options.appPasswords ?? {}, verifyBearer }));
  const ocsAppRoutes = apps.files_sharing
    ? sharingRoutes({ store, accounts: Object.keys(options.appPasswords ?? {}), clock })
    : [];
  // Share creation and updates come as JSON or form-encoded bodies (sharing/002, 003).
  app.use(
    '/ocs',
    express.json({ type: ['application/json', '+json'] }),
    express.urlencoded({ extended: false }),
    createOcsHandler(apps, ocsAppRoutes),
  );
  app.use(
    '/remote.php',
    express.raw({ type: () => true, limit: '256mb' }),
    createDavHandler({ instanceId: newInstanceId(), logger, carddav: { store, clock }, caldav: { clock } }),
  );
  const contention = options.contention ? new Contention(options.contention, logger) : undefined;
  // Without the app its routes do not exist: the catch-all 404 below answers, as Nextcloud's router does.
  if (apps.notes) {
    app.use(
      '/index.php/apps/notes/api',
      // The real server takes note content of 1,000,000 characters, multibyte ones too (3–4 bytes each,
      // more once JSON-escaped): express's 100 KB default would refuse valid calls.
      express.json({ type: ['application/json', '+json'], limit: NOTES_BODY_LIMIT }),
      express.urlencoded({ extended: false, limit: NOTES_BODY_LIMIT }),
      createNotesHandler(clock, contention),
    );
  }
  app.use((req: Request, res: Response) => {
    res.status(404).json({ message: `The Nextcloud test double does not serve ${req.method} ${req.path}` });
  });
  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    const status = (error as { status?: unknown } | null)?.status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      res.status(status).json({ message: 'Bad request' });
      return;
    }
    logger.error({ err: error, method: req.method, path: req.path }, 'dev-nextcloud request failed');
    res.status(500).json({ message: 'Internal error in the Nextcloud test double' });
  });
  return { app, store };
}

/** Creates the Nextcloud test double as an express app without listening (tests, embedding). */
export function createDevNextcloudApp(options: DevNextcloudOptions): Express {
  return buildDevNextcloud(options).app;
}
