import { createRoute } from '@hono/zod-openapi';
import {
  DomainError,
  IdParamsSchema,
  OkSchema,
  SynonymRuleInputSchema,
  SynonymRuleListSchema,
  SynonymRuleSchema,
} from '@weshop/core';
import { createSynonymRule, deleteSynonymRule, listSynonymRules, updateSynonymRule } from '@weshop/db';
import type { AppDeps } from '../../deps.ts';
import { createRouter, jsonBody, jsonContent, problemResponses } from '../../http/router.ts';

const writeProblems = problemResponses('VALIDATION_FAILED', 'UNAUTHENTICATED', 'CSRF_TOKEN_INVALID');

const listRoute = createRoute({
  method: 'get',
  path: '/search-synonyms',
  tags: ['admin'],
  summary: 'Search synonym rules: equivalents and broader terms, oldest first',
  responses: {
    200: jsonContent(SynonymRuleListSchema, 'Rules'),
    ...problemResponses('UNAUTHENTICATED'),
  },
});

const createRuleRoute = createRoute({
  method: 'post',
  path: '/search-synonyms',
  tags: ['admin'],
  summary: "Add a synonym rule: 'equivalent' terms, or a 'broader' first term covering the others",
  request: { body: jsonBody(SynonymRuleInputSchema) },
  responses: { 201: jsonContent(SynonymRuleSchema, 'Created'), ...writeProblems },
});

const replaceRoute = createRoute({
  method: 'put',
  path: '/search-synonyms/{id}',
  tags: ['admin'],
  summary: "Replace a synonym rule's kind and terms",
  request: { params: IdParamsSchema, body: jsonBody(SynonymRuleInputSchema) },
  responses: {
    200: jsonContent(SynonymRuleSchema, 'Replaced'),
    ...writeProblems,
    ...problemResponses('NOT_FOUND'),
  },
});

const deleteRoute = createRoute({
  method: 'delete',
  path: '/search-synonyms/{id}',
  tags: ['admin'],
  summary: 'Delete a synonym rule',
  request: { params: IdParamsSchema },
  responses: {
    200: jsonContent(OkSchema, 'Deleted'),
    ...problemResponses('NOT_FOUND', 'UNAUTHENTICATED', 'CSRF_TOKEN_INVALID'),
  },
});

/** Staff edit the search's synonyms; the next search reads them (loadSearchVocabulary). */
export function createAdminSearchSynonymRoutes({ db, now }: AppDeps) {
  return createRouter()
    .openapi(listRoute, async (c) => c.json({ items: await listSynonymRules(db) }, 200))
    .openapi(createRuleRoute, async (c) =>
      c.json(await createSynonymRule(db, c.req.valid('json'), now().toISOString()), 201),
    )
    .openapi(replaceRoute, async (c) => {
      const rule = await updateSynonymRule(
        db,
        c.req.valid('param').id,
        c.req.valid('json'),
        now().toISOString(),
      );
      if (!rule) throw new DomainError('NOT_FOUND', { resource: 'synonym rule' });
      return c.json(rule, 200);
    })
    .openapi(deleteRoute, async (c) => {
      if (!(await deleteSynonymRule(db, c.req.valid('param').id))) {
        throw new DomainError('NOT_FOUND', { resource: 'synonym rule' });
      }
      return c.json({ ok: true as const }, 200);
    });
}
