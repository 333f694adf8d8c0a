import { createTestDatabase } from '@datavism/db';
import { createGameServer, loadConfig, type GameServer } from '@datavism/game-server';
import { tempDir } from './env';

export interface RunningGame {
  url: string;
  port: number;
  game: GameServer;
  close(): Promise<void>;
}

/**
 * Start a game server in this process on a free port, on its own fresh database
 * (PGlite in memory, or a new database on the test Postgres).
 */
export async function startGame(opts: { db?: 'pglite' | 'postgres'; env?: Record<string, string> } = {}): Promise<RunningGame> {
  const test = await createTestDatabase(opts.db ?? 'postgres');
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: tempDir(), LOG_LEVEL: 'silent', JWT_SECRET: 'x'.repeat(40), ...opts.env });
  const game = await createGameServer(config, { database: test.database });
  const port = await game.listen();
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    game,
    async close() {
      await game.shutdown();
      await test.drop().catch(() => {});
    },
  };
}
