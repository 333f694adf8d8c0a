// Runs `drizzle-kit generate` for this package.
//
// npm installed drizzle-orm under packages/db/node_modules while drizzle-kit sits in the
// root node_modules, and drizzle-kit's dynamic `import('drizzle-orm/...')` resolves from
// its own location only (NODE_PATH does not apply to import()). We give it a private
// node_modules with both packages side by side and run it with --preserve-symlinks.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const packageDir = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

/** The installed directory of `name`, looked up the way Node does: node_modules upwards. */
function packageRoot(name) {
  for (let dir = packageDir; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (path.dirname(dir) === dir) throw new Error(`${name} is not installed`);
  }
}
const kitDir = packageRoot('drizzle-kit');
const ormDir = packageRoot('drizzle-orm');

const root = mkdtempSync(path.join(tmpdir(), 'dv-drizzle-kit-'));
try {
  mkdirSync(path.join(root, 'node_modules'));
  symlinkSync(kitDir, path.join(root, 'node_modules', 'drizzle-kit'), 'dir');
  symlinkSync(ormDir, path.join(root, 'node_modules', 'drizzle-orm'), 'dir');
  const bin = path.join(root, 'node_modules', 'drizzle-kit', 'bin.cjs');
  const result = spawnSync(
    process.execPath,
    ['--preserve-symlinks', '--preserve-symlinks-main', bin, 'generate', ...process.argv.slice(2)],
    { cwd: packageDir, stdio: 'inherit' },
  );
  process.exitCode = result.status ?? 1;
} finally {
  rmSync(root, { recursive: true, force: true });
}
