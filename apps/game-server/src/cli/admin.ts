import { openDatabase } from '@datavism/db';
import { loadConfig } from '../config';
import { ensureAdmin } from '../players/admin';

/** `npm run admin -- create NAME [--password PASSWORD]`: make NAME an admin (creating the account if needed). */
async function main(argv: string[]) {
  const [command, name, ...rest] = argv;
  if (command !== 'create' || !name) {
    console.error('usage: npm run admin -- create NAME [--password PASSWORD]');
    process.exit(2);
  }
  const i = rest.indexOf('--password');
  const password = i >= 0 ? rest[i + 1] : undefined;
  const config = loadConfig();
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    const result = await ensureAdmin(database.db, { name, password });
    console.log(result.created ? `created admin ${result.name}` : `${result.name} is an admin`);
    if (result.password) console.log(`password: ${result.password}`);
  } finally {
    await database.close();
  }
}

main(process.argv.slice(2)).catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
