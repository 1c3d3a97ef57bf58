import pg from 'pg';

/** A PostgreSQL database of its own for whole-server runs: created fresh, dropped after. */
export async function createPgDatabase(url: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `weshop_start_${Date.now().toString(36)}_${Math.floor(Math.random() * 1e6)}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const target = new URL(url);
  target.pathname = `/${name}`;
  return {
    url: target.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}

/** TEST_PG_URL, or undefined off CI; CI must run the PostgreSQL process tests. */
export function testPgUrl(): string | undefined {
  if (process.env.CI && !process.env.TEST_PG_URL) {
    throw new Error('CI must run the PostgreSQL process tests too: set TEST_PG_URL');
  }
  return process.env.TEST_PG_URL;
}
