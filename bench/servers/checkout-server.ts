/**
 * Child process of the checkout benchmark: the real app on a SQLite file (synchronous=FULL), a catalog
 * of plentiful and scarce SKUs, and one signed-in fan per client with a large balance. Prints
 * `{"port":…,"cookies":[…],"skus":[…]}` once listening; answers each stdin line with the invariants
 * (`{"orders":…,"paid":…,"oversold":…,"duplicates":…}`), so the run reports its own correctness.
 */
import { createInterface } from 'node:readline';
import { serve } from '@hono/node-server';
import { ProductInputSchema } from '@weshop/core';
import { createProduct, findLedgerMismatches, groupCommitOf } from '@weshop/db';
import { adjustBalance } from '@weshop/api/services/balance';
import { createTestApp, signInFan } from '@weshop/api/testing';

const CLIENTS = Number(process.env.CHECKOUT_CLIENTS ?? 4);
const t = await createTestApp('sqlite', { database: { file: true }, env: { ORDER_MAX_UNPAID: '100' } });
const db = t.database.db;

// 40 SKUs: most with plenty of stock, every fourth with 300, so some sell out during the run.
const initial = new Map<number, number>();
for (let i = 0; i < 40; i++) {
  const stock = i % 4 === 0 ? 300 : 1_000_000;
  const product = await createProduct(
    db,
    ProductInputSchema.parse({ title: `压测商品 ${i}`, skus: [{ priceFen: 990 + i, stock }] }),
  );
  initial.set(product.skus[0]!.id, stock);
}
const cookies: string[] = [];
for (let i = 0; i < CLIENTS; i++) {
  const openid = `o-bench-${i}`;
  cookies.push((await signInFan(t, openid)).cookie);
  await adjustBalance(
    t.deps,
    { username: 'bench' },
    openid,
    { amountFen: 1_000_000_000, reason: '压测充值' },
    `bench-${i}`,
  );
}

function cpuMicros(): number {
  const { user, system } = process.cpuUsage();
  return user + system;
}

async function invariants() {
  let oversold = 0;
  for (const [skuId, stock] of initial) {
    const { stock: now } = await db
      .selectFrom('skus')
      .select('stock')
      .where('id', '=', skuId)
      .executeTakeFirstOrThrow();
    const held = await db
      .selectFrom('order_items as i')
      .innerJoin('orders as o', 'o.id', 'i.order_id')
      .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('i.quantity'), eb.lit(0)).as('n'))
      .where('i.sku_id', '=', skuId)
      .where('o.status', '!=', 'cancelled')
      .executeTakeFirstOrThrow();
    if (now < 0 || now + Number(held.n) !== stock) oversold++;
  }
  const count = async (status: 'paid' | null) => {
    let select = db.selectFrom('orders').select((eb) => eb.fn.countAll<number>().as('n'));
    if (status) select = select.where('status', '=', status);
    return Number((await select.executeTakeFirstOrThrow()).n);
  };
  const spends = Number(
    (
      await db
        .selectFrom('balance_ledger')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('kind', '=', 'spend')
        .executeTakeFirstOrThrow()
    ).n,
  );
  const paid = await count('paid');
  return {
    orders: await count(null),
    paid,
    oversold,
    // A paid order debited twice, or a debit without its paid order.
    duplicates: Math.abs(spends - paid),
    ledgerMismatches: (await findLedgerMismatches(db)).length,
    cpuMicros: cpuMicros(),
    commits: groupCommitOf(db)?.stats() ?? { batches: 0, units: 0, syncs: 0 },
  };
}

serve({ fetch: t.app.fetch, hostname: '127.0.0.1', port: 0 }, (info) => {
  console.log(JSON.stringify({ port: info.port, cookies, skus: [...initial.keys()] }));
});
createInterface({ input: process.stdin }).on('line', () => {
  void invariants().then((result) => console.log(JSON.stringify(result)));
});
process.on('SIGTERM', () => {
  void t.close().finally(() => process.exit(0));
});
