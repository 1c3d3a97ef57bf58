/**
 * Staff read and change the shop settings, one key at a time, each validated by its schema in
 * @weshop/core (the notification templates and their field mapping, the welcome reply, the menu and
 * its click replies, the help text, the shop profile). A changed menu is published to WeChat by its
 * own route later; this one only stores it.
 */
import { createRoute } from '@hono/zod-openapi';
import { DomainError, SETTING_SCHEMAS, SettingKeyParamsSchema, SettingValueSchema } from '@weshop/core';
import type { SettingValue } from '@weshop/core';
import { getSetting, putSetting } from '@weshop/db';
import type { AppDeps } from '../../deps.ts';
import { createRouter, jsonBody, jsonContent, problemResponses } from '../../http/router.ts';
import { fieldErrors } from '../../http/validate.ts';

const getRoute = createRoute({
  method: 'get',
  path: '/settings/{key}',
  tags: ['admin'],
  summary: 'One shop setting (its default until staff change it)',
  request: { params: SettingKeyParamsSchema },
  responses: {
    200: jsonContent(SettingValueSchema, 'The setting'),
    ...problemResponses('UNAUTHENTICATED', 'VALIDATION_FAILED'),
  },
});

const putRoute = createRoute({
  method: 'put',
  path: '/settings/{key}',
  tags: ['admin'],
  summary: 'Replace one shop setting; the body is validated by the key’s schema',
  request: {
    params: SettingKeyParamsSchema,
    body: jsonBody(SettingValueSchema),
  },
  responses: {
    200: jsonContent(SettingValueSchema, 'The stored setting'),
    ...problemResponses('UNAUTHENTICATED', 'CSRF_TOKEN_INVALID', 'VALIDATION_FAILED'),
  },
});

export function createAdminSettingRoutes({ db, now }: AppDeps) {
  return createRouter()
    .openapi(getRoute, async (c) => c.json(await getSetting(db, c.req.valid('param').key), 200))
    .openapi(putRoute, async (c) => {
      const { key } = c.req.valid('param');
      const parsed = SETTING_SCHEMAS[key].safeParse(await c.req.json());
      if (!parsed.success) throw new DomainError('VALIDATION_FAILED', { errors: fieldErrors(parsed.error) });
      await putSetting(db, key, parsed.data as SettingValue<typeof key>, now().toISOString());
      return c.json(await getSetting(db, key), 200);
    });
}
