import type { IncomingMessage, ServerResponse } from 'node:http';
import { loadConfig } from './config';
import { createServices } from './services';
import { createApp } from './web/app';

/** Only listens (and shuts down cleanly): everything else is built in createServices and createApp. */
async function main(): Promise<void> {
  const config = loadConfig();
  const services = await createServices(config);
  const app = createApp(services);
  const resumed = await services.assessments.resumeUnfinished();
  if (resumed) services.log.info({ resumed }, 'unfinished documents queued again');
  const summarised = await services.assessments.refreshMissingSummaries();
  if (summarised) services.log.info({ summarised }, 'archive summaries filled in');
  const retention = setInterval(
    () =>
      void services.assessments
        .applyRetention()
        .catch((e: unknown) => services.log.error({ err: String(e) }, 'retention failed')),
    3_600_000,
  );
  retention.unref();
  void services.assessments.applyRetention();
  const server = app.listen(config.PORT, config.HOST, () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.PORT;
    process.stdout.write(
      `Relationstjek kører på http://${config.HOST}:${port}/ (database: ${services.db.where})\n`,
    );
  });
  let stopping = false;
  // server.close() waits for every connection, and a kept-alive one (a page polling the processing status) may
  // never go idle: once stopping, each answer closes its connection, and an idle one is closed at once.
  const inFlight = new Set<ServerResponse>();
  server.prependListener('request', (_req: IncomingMessage, res: ServerResponse) => {
    if (stopping) res.setHeader('Connection', 'close');
    inFlight.add(res);
    res.once('close', () => {
      inFlight.delete(res);
      if (stopping) setImmediate(() => server.closeIdleConnections());
    });
  });
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    for (const res of inFlight) if (!res.headersSent) res.setHeader('Connection', 'close');
    // Finish requests in flight, then the documents being processed, then close the database.
    server.close(() => {
      void services.close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
    setTimeout(() => process.exit(1), 30_000).unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((e: unknown) => {
  process.stderr.write(`Relationstjek kunne ikke starte: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
