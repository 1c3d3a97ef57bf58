/**
 * The lint rules that enforce the design's import directions (eslint.config.js), run through ESLint's
 * Node API on snippets given a file name in each workspace: forbidden directions fail, allowed ones
 * pass. The files need not exist; the name alone picks the workspace's rules.
 */
import { ESLint } from 'eslint';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const eslint = new ESLint({ cwd: root });
const BOUNDARY_RULES = new Set(['weshop/import-boundaries', 'no-restricted-globals']);

async function boundaryProblems(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\n`, { filePath });
  return result!.messages.filter((m) => BOUNDARY_RULES.has(m.ruleId ?? '')).map((m) => m.message);
}

const forbidden: [file: string, code: string][] = [
  // the browser apps: core only, nothing of Node
  ['apps/shop/src/pages/Home.ts', "import { createDb } from '@weshop/db';"],
  ['apps/shop/src/api/client.ts', "import type { AppType } from '@weshop/api';"],
  ['apps/shop/src/wechat/bridge.ts', "import { verifySignature } from '@weshop/wechat';"],
  ['apps/shop/src/stores/cart.ts', "export * from '@weshop/db';"],
  ['apps/shop/src/stores/cart.ts', "export const load = () => import('@weshop/db');"],
  ['apps/shop/src/stores/cart.ts', "export type Db = typeof import('@weshop/db');"],
  ['apps/shop/src/api/client.ts', "import { readFileSync } from 'node:fs';"],
  ['apps/shop/src/api/client.ts', "import { readFileSync } from 'fs';"],
  ['apps/shop/src/api/client.ts', "export const bytes = Buffer.from('x');"],
  [
    'apps/shop/src/api/client.ts',
    "import { OrderSchema } from '../../../../packages/core/src/order/order.ts';",
  ],
  ['apps/shop/src/api/client.ts', "import { OrderSchema } from '@weshop/core/src/order/order.ts';"],
  ['apps/shop/src/api/client.ts', "import { formatFen } from '../../../admin/src/money.ts';"],
  ['apps/admin/src/api/client.ts', "import type { DB } from '@weshop/db';"],
  ['apps/admin/src/pages/Orders.ts', "import { shipOrder } from '@weshop/api/services/orders';"],
  ['apps/admin/src/pages/Orders.ts', "import { createHash } from 'node:crypto';"],
  // the API: core, db and wechat; the simulator only runs beside it
  ['apps/api/src/app.ts', "import { createWeChatSim } from '@weshop/wechat-sim';"],
  ['apps/api/src/app.test.ts', "import { createWeChatSim } from '@weshop/wechat-sim';"],
  ['apps/api/src/app.ts', "import { createDb } from '../../../packages/db/src/database.ts';"],
  ['apps/api/src/app.ts', "import { createDb } from '@weshop/db/src/database.ts';"],
  // db → core
  ['packages/db/src/repositories/orders.ts', "import { SUCCESS_REPLY } from '@weshop/wechat';"],
  ['packages/db/src/repositories/orders.ts', "import type { AppDeps } from '@weshop/api';"],
  ['packages/db/src/repositories/orders.ts', "import { DomainError } from '../../../core/src/errors.ts';"],
  // core → zod only, browser-safe
  ['packages/core/src/order/order.ts', "import { sql } from 'kysely';"],
  ['packages/core/src/order/order.ts', "import { createHash } from 'node:crypto';"],
  ['packages/core/src/order/order.ts', "import type { DB } from '@weshop/db';"],
  ['packages/core/src/order/order.ts', 'export const debug = process.env.DEBUG;'],
  ['packages/core/src/order/order.test.ts', "import type { DB } from '@weshop/db';"],
  // wechat → nothing of ours
  ['packages/wechat/src/api.ts', "import { DomainError } from '@weshop/core';"],
  ['packages/wechat/src/api.ts', "import type { Order } from '@weshop/core';"],
  // the simulator fakes WeChat: the protocol package only
  ['apps/wechat-sim/src/app.ts', "import { createDb } from '@weshop/db';"],
];

const allowed: [file: string, code: string][] = [
  ['apps/shop/src/api/client.ts', "import { OrderSchema } from '@weshop/core';"],
  ['apps/shop/src/api/client.ts', "import type { Order, ProblemCode } from '@weshop/core';"],
  ['apps/shop/src/api/client.ts', "import createClient from 'openapi-fetch';"],
  ['apps/shop/src/pages/Home.ts', "import { useCartStore } from '../stores/cart.ts';"],
  ['apps/shop/src/pages/Home.ts', "export const load = () => import('./Search.ts');"],
  ['apps/shop/vite.config.ts', "import { fileURLToPath } from 'node:url';"],
  ['apps/admin/src/api/client.ts', "import { ProblemSchema } from '@weshop/core';"],
  ['apps/api/src/app.ts', "import { DomainError } from '@weshop/core';"],
  ['apps/api/src/app.ts', "import { createDb } from '@weshop/db';"],
  ['apps/api/src/app.ts', "import { InsertionMap } from '@weshop/db/collections';"],
  ['apps/api/src/app.ts', "import { SUCCESS_REPLY } from '@weshop/wechat';"],
  ['apps/api/src/app.ts', "import { createHmac } from 'node:crypto';"],
  ['apps/api/src/routes/admin/fans.ts', "import type { AppDeps } from '../../deps.ts';"],
  ['packages/db/src/repositories/orders.ts', "import { DomainError } from '@weshop/core';"],
  ['packages/db/src/repositories/orders.ts', "import { sql } from 'kysely';"],
  ['packages/db/src/database.ts', "import { mkdirSync } from 'node:fs';"],
  ['packages/db/vitest.config.ts', "import { weshopVitestConfig } from '../../vitest.shared.ts';"],
  ['packages/core/src/order/order.ts', "import { z } from 'zod';"],
  ['packages/core/src/order/order.ts', "import { DomainError } from '../errors.ts';"],
  ['packages/core/src/order/order.test.ts', "import { describe } from 'vitest';"],
  ['packages/core/scripts/build-t2s.ts', "import { writeFileSync } from 'node:fs';"],
  ['packages/wechat/src/crypto.ts', "import { createCipheriv } from 'node:crypto';"],
  ['apps/wechat-sim/src/app.ts', "import { SUCCESS_REPLY } from '@weshop/wechat';"],
  ['tests/support/stack.ts', "import { createWeChatSim } from '@weshop/wechat-sim';"],
  ['tests/support/stack.ts', "import { createTestApp } from '@weshop/api/testing';"],
];

describe('import directions', () => {
  it.each(forbidden)('fail lint in %s: %s', async (file, code) => {
    expect(await boundaryProblems(file, code)).toHaveLength(1);
  });

  it.each(allowed)('pass lint in %s: %s', async (file, code) => {
    expect(await boundaryProblems(file, code)).toEqual([]);
  });
});

describe('every workspace', () => {
  const { workspaces } = JSON.parse(readFileSync(`${root}/package.json`, 'utf8')) as { workspaces: string[] };
  const dirs = workspaces.flatMap((pattern) =>
    pattern.endsWith('/*')
      ? readdirSync(`${root}/${pattern.slice(0, -2)}`, { withFileTypes: true })
          .filter((entry) => entry.isDirectory())
          .map((entry) => `${pattern.slice(0, -2)}/${entry.name}`)
      : [pattern],
  );

  it.each(dirs)('has its import directions in eslint.config.js: %s', async (dir) => {
    const config = (await eslint.calculateConfigForFile(`${dir}/src/index.ts`)) as {
      rules: Record<string, [unknown, { allowOurs?: unknown }]>;
    };
    expect(config.rules['weshop/import-boundaries']?.[1].allowOurs).toBeInstanceOf(Array);
  });
});
