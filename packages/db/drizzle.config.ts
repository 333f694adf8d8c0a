import { defineConfig } from 'drizzle-kit';

// `npx drizzle-kit generate` (inside packages/db) writes SQL migrations from the schema.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/schema/index.ts',
  out: './migrations',
});
