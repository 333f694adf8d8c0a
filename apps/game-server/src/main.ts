import { loadConfig } from './config';
import { createGameServer } from './app';

/** `npm start`: run the game with whatever the environment configures (embedded defaults otherwise). */
async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    console.error((err as Error).message);
    process.exit(2);
  }
  const game = await createGameServer(config);
  const port = await game.listen();
  const shown = config.host === '0.0.0.0' ? 'localhost' : config.host;
  console.log(`\n  DATAVISM is running: open http://${shown}:${port}/\n`);
  const stop = async (signal: string) => {
    game.services.logger.info({ signal }, 'shutting down');
    await game.shutdown().catch(() => {});
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

process.on('unhandledRejection', (err) => console.error('unhandled rejection', err));
main().catch((err) => {
  console.error('failed to start:', err);
  process.exit(1);
});
