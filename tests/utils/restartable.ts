import { afterAll } from 'vitest';
import { openDatabase, type Database } from '@datavism/db';
import { freshPostgresDatabase } from './pg';
import { startServerProcess, type ServerProcess } from './process';
import { tempDir } from './env';

/**
 * A game server process on its own fresh Postgres database that a test may SIGKILL and start
 * again on the same port and data, with a direct database handle for setup and checks.
 * Everything is torn down after the file's tests.
 */
export interface RestartableGame {
  pg: Awaited<ReturnType<typeof freshPostgresDatabase>>;
  database: Database;
  server: ServerProcess;
  /** Starts (or starts again) the server process with the same environment, plus `extra` for this life only. */
  start(extra?: Record<string, string>): Promise<ServerProcess>;
}

export function restartableGame(tag: string, env: Record<string, string>): () => Promise<RestartableGame> {
  let game: RestartableGame | undefined;
  afterAll(async () => {
    await game?.server?.kill();
    await game?.database.close();
    await game?.pg.drop();
  });
  return async () => {
    const pg = await freshPostgresDatabase(tag);
    const database = await openDatabase({ databaseUrl: pg.url, poolSize: 2 }); // migrates
    const port = 28000 + Math.floor(Math.random() * 1500);
    const fullEnv = { DATABASE_URL: pg.url, DATA_DIR: tempDir(), ...env };
    game = {
      pg, database, server: undefined as unknown as ServerProcess,
      async start(extra = {}) {
        game!.server = await startServerProcess(port, { ...fullEnv, ...extra });
        return game!.server;
      },
    };
    return game;
  };
}
