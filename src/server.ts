import { loadConfig } from './config';
import { createApp } from './web/app';

/** Only listens: everything else is built in createApp. */
const config = loadConfig();
const app = createApp({ maxTextBytes: config.MAX_UPLOAD_MB * 1024 * 1024 });
const server = app.listen(config.PORT, config.HOST, () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  process.stdout.write(`Relationstjek kører på http://${config.HOST}:${port}/ (data: ${config.DATA_DIR})\n`);
});
const stop = (): void => {
  server.close(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
