/**
 * Staff routes for a fan's stored balance: credit or debit it (with the notification queued in the
 * same transaction) and read the ledger.
 */
import { randomUUID } from 'node:crypto';
import { createRoute } from '@hono/zod-openapi';
import {
  BalanceAdjustmentInputSchema,
  BalanceChangeSchema,
  DomainError,
  IdempotencyHeadersSchema,
  LedgerPageSchema,
  ListQuerySchema,
  OpenidParamsSchema,
} from '@weshop/core';
import { findFanId, listLedgerEntries } from '@weshop/db';
import type { AppDeps } from '../../deps.ts';
import { createRouter, jsonBody, jsonContent, problemResponses } from '../../http/router.ts';
import { adjustBalance } from '../../services/balance.ts';

const adjustRoute = createRoute({
  method: 'post',
  path: '/fans/{openid}/balance',
  tags: ['admin'],
  summary:
    'Credit (top-up) or debit a fan’s stored balance. Send an Idempotency-Key so a double click makes one entry.',
  request: {
    params: OpenidParamsSchema,
    headers: IdempotencyHeadersSchema,
    body: jsonBody(BalanceAdjustmentInputSchema),
  },
  responses: {
    200: jsonContent(BalanceChangeSchema, 'The new balance and its ledger entry'),
    ...problemResponses(
      'UNAUTHENTICATED',
      'CSRF_TOKEN_INVALID',
      'VALIDATION_FAILED',
      'NOT_FOUND',
      'INSUFFICIENT_BALANCE',
      'IDEMPOTENCY_KEY_REUSED',
    ),
  },
});

const ledgerRoute = createRoute({
  method: 'get',
  path: '/fans/{openid}/balance/transactions',
  tags: ['admin'],
  summary: 'A fan’s balance ledger, newest first',
  request: { params: OpenidParamsSchema, query: ListQuerySchema },
  responses: {
    200: jsonContent(LedgerPageSchema, 'One page of ledger entries'),
    ...problemResponses('UNAUTHENTICATED', 'VALIDATION_FAILED', 'NOT_FOUND'),
  },
});

export function createAdminFanRoutes(deps: AppDeps) {
  const app = createRouter();
  app.openapi(adjustRoute, async (c) => {
    const key = c.req.valid('header')['idempotency-key'] ?? randomUUID();
    const { entry, replayed } = await adjustBalance(
      deps,
      { username: c.get('admin')!.user.username },
      c.req.valid('param').openid,
      c.req.valid('json'),
      key,
    );
    const { id, kind, amountFen, balanceAfterFen, reason, createdAt } = entry;
    return c.json(
      {
        balanceFen: balanceAfterFen,
        entry: { id, kind, amountFen, balanceAfterFen, reason, createdAt },
        replayed,
      },
      200,
    );
  });
  app.openapi(ledgerRoute, async (c) => {
    const fanId = await findFanId(deps.db, c.req.valid('param').openid);
    if (fanId === undefined) throw new DomainError('NOT_FOUND', { resource: 'fan' });
    const { cursor, limit } = c.req.valid('query');
    return c.json(await listLedgerEntries(deps.db, { fanId, cursor, limit }), 200);
  });
  return app;
}
