import { KeywordReplySchema } from '@weshop/core';
import type { KeywordRule, KeywordRuleInput, KeywordRulePatch } from '@weshop/core';
import type { Selectable } from 'kysely';
import { z } from 'zod';
import { parseJsonColumn } from '../json.ts';
import type { KeywordRuleTable } from '../schema.ts';
import { nowIso } from '../time.ts';
import type { Executor } from '../transaction.ts';

const KeywordsSchema = z.array(z.string());

function toRule(row: Selectable<KeywordRuleTable>): KeywordRule {
  return {
    id: row.id,
    keywords: parseJsonColumn(KeywordsSchema, row.keywords, 'keyword_rules.keywords'),
    match: row.match,
    priority: row.priority,
    enabled: row.enabled === 1,
    reply: parseJsonColumn(KeywordReplySchema, row.reply, 'keyword_rules.reply'),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Every rule, highest priority first (the order staff see and the order they are tried in). */
export async function listKeywordRules(db: Executor): Promise<KeywordRule[]> {
  const rows = await db
    .selectFrom('keyword_rules')
    .selectAll()
    .orderBy('priority', 'desc')
    .orderBy('id')
    .execute();
  return rows.map(toRule);
}

export async function findKeywordRule(db: Executor, id: number): Promise<KeywordRule | undefined> {
  const row = await db.selectFrom('keyword_rules').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toRule(row);
}

export async function createKeywordRule(
  db: Executor,
  input: KeywordRuleInput,
  now = nowIso(),
): Promise<KeywordRule> {
  const row = await db
    .insertInto('keyword_rules')
    .values({
      keywords: JSON.stringify(input.keywords),
      match: input.match,
      priority: input.priority,
      enabled: input.enabled ? 1 : 0,
      reply: JSON.stringify(input.reply),
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toRule(row);
}

export async function updateKeywordRule(
  db: Executor,
  id: number,
  patch: KeywordRulePatch,
  now = nowIso(),
): Promise<KeywordRule | undefined> {
  const row = await db
    .updateTable('keyword_rules')
    .set({
      ...(patch.keywords ? { keywords: JSON.stringify(patch.keywords) } : {}),
      ...(patch.match ? { match: patch.match } : {}),
      ...(patch.priority !== undefined ? { priority: patch.priority } : {}),
      ...(patch.enabled !== undefined ? { enabled: patch.enabled ? 1 : 0 } : {}),
      ...(patch.reply ? { reply: JSON.stringify(patch.reply) } : {}),
      updated_at: now,
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  return row && toRule(row);
}

export async function deleteKeywordRule(db: Executor, id: number): Promise<boolean> {
  const result = await db.deleteFrom('keyword_rules').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
