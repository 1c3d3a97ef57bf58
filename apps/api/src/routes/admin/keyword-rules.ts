import { createRoute } from '@hono/zod-openapi';
import {
  DomainError,
  IdParamsSchema,
  KeywordRuleInputSchema,
  KeywordRuleListSchema,
  KeywordRulePatchSchema,
  KeywordRuleSchema,
  OkSchema,
} from '@weshop/core';
import {
  createKeywordRule,
  deleteKeywordRule,
  findProduct,
  listKeywordRules,
  updateKeywordRule,
} from '@weshop/db';
import type { DB } from '@weshop/db';
import type { KeywordReply } from '@weshop/core';
import type { AppDeps } from '../../deps.ts';
import { createRouter, jsonBody, jsonContent, problemResponses } from '../../http/router.ts';
const writeProblems = problemResponses('VALIDATION_FAILED', 'UNAUTHENTICATED', 'CSRF_TOKEN_INVALID');

const listRoute = createRoute({
  method: 'get',
  path: '/keyword-rules',
  tags: ['admin'],
  summary: 'Keyword reply rules, highest priority first',
  responses: {
    200: jsonContent(KeywordRuleListSchema, 'Rules'),
    ...problemResponses('UNAUTHENTICATED'),
  },
});

const createRuleRoute = createRoute({
  method: 'post',
  path: '/keyword-rules',
  tags: ['admin'],
  summary: 'Create a keyword rule (keyword or keywords, exact or contains, a text, product or search reply)',
  request: { body: jsonBody(KeywordRuleInputSchema) },
  responses: { 201: jsonContent(KeywordRuleSchema, 'Created'), ...writeProblems },
});

const updateRoute = createRoute({
  method: 'patch',
  path: '/keyword-rules/{id}',
  tags: ['admin'],
  summary: 'Change a keyword rule',
  request: {
    params: IdParamsSchema,
    body: jsonBody(KeywordRulePatchSchema),
  },
  responses: {
    200: jsonContent(KeywordRuleSchema, 'Updated'),
    ...writeProblems,
    ...problemResponses('NOT_FOUND'),
  },
});

const deleteRoute = createRoute({
  method: 'delete',
  path: '/keyword-rules/{id}',
  tags: ['admin'],
  summary: 'Delete a keyword rule',
  request: { params: IdParamsSchema },
  responses: {
    200: jsonContent(OkSchema, 'Deleted'),
    ...problemResponses('NOT_FOUND', 'UNAUTHENTICATED', 'CSRF_TOKEN_INVALID'),
  },
});

/** A product reply must point at a product that exists (on or off shelf: staff may prepare rules early). */
async function checkReply(db: DB, reply: KeywordReply | undefined): Promise<void> {
  if (reply?.type !== 'product') return;
  if (!(await findProduct(db, reply.productId, { includeOffShelf: true }))) {
    throw new DomainError('VALIDATION_FAILED', {
      errors: [{ path: 'reply.productId', message: 'no such product' }],
    });
  }
}

export function createAdminKeywordRuleRoutes({ db, now }: AppDeps) {
  return createRouter()
    .openapi(listRoute, async (c) => c.json({ items: await listKeywordRules(db) }, 200))
    .openapi(createRuleRoute, async (c) => {
      const input = c.req.valid('json');
      await checkReply(db, input.reply);
      return c.json(await createKeywordRule(db, input, now().toISOString()), 201);
    })
    .openapi(updateRoute, async (c) => {
      const patch = c.req.valid('json');
      await checkReply(db, patch.reply);
      const rule = await updateKeywordRule(db, c.req.valid('param').id, patch, now().toISOString());
      if (!rule) throw new DomainError('NOT_FOUND', { resource: 'keyword rule' });
      return c.json(rule, 200);
    })
    .openapi(deleteRoute, async (c) => {
      if (!(await deleteKeywordRule(db, c.req.valid('param').id))) {
        throw new DomainError('NOT_FOUND', { resource: 'keyword rule' });
      }
      return c.json({ ok: true as const }, 200);
    });
}
