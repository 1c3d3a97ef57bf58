/**
 * `npm run seed [-- --force]`: seeds the demo catalog into an empty database; `--force` wipes the
 * catalog, carts and orders first and seeds again.
 */
import { openDatabase } from '@weshop/db';
import { seedDemo } from '@weshop/db/seed';
import { exitOnBootError } from './boot.ts';
import { loadConfig } from './config.ts';

const force = process.argv.includes('--force');
try {
  const config = loadConfig();
  const database = await openDatabase(config.database);
  try {
    const result = await seedDemo(database.db, { uploadDir: config.uploadDir, force });
    console.log(
      result.seeded
        ? `Seeded ${result.categories} categories, ${result.products} products, ${result.images} images.`
        : 'The database already has a catalog; nothing seeded (use `npm run seed -- --force` to replace it).',
    );
  } finally {
    await database.close();
  }
} catch (error) {
  exitOnBootError(error);
}
