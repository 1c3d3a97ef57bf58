import { SynonymKindSchema } from '@weshop/core';
import type { SynonymRuleInput, SynonymRuleRecord } from '@weshop/core';
import type { Selectable } from 'kysely';
import { z } from 'zod';
import { parseJsonColumn } from '../json.ts';
import type { SearchSynonymTable } from '../schema.ts';
import { nowIso } from '../time.ts';
import type { Executor } from '../transaction.ts';

const TermsSchema = z.array(z.string());

/** A row's rule (its kind and terms checked, as `loadSearchVocabulary` reads them). */
export function toSynonymRule(row: Selectable<SearchSynonymTable>): SynonymRuleRecord {
  return {
    id: row.id,
    kind: SynonymKindSchema.parse(row.kind),
    terms: parseJsonColumn(TermsSchema, row.terms, 'search_synonyms.terms'),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Every synonym rule, oldest first (the order the search merges them in). */
export async function listSynonymRules(db: Executor): Promise<SynonymRuleRecord[]> {
  const rows = await db.selectFrom('search_synonyms').selectAll().orderBy('id').execute();
  return rows.map(toSynonymRule);
}

export async function createSynonymRule(
  db: Executor,
  input: SynonymRuleInput,
  now = nowIso(),
): Promise<SynonymRuleRecord> {
  const row = await db
    .insertInto('search_synonyms')
    .values({ kind: input.kind, terms: JSON.stringify(input.terms), created_at: now, updated_at: now })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toSynonymRule(row);
}

/** Replaces a rule's kind and terms; undefined when there is no such rule. */
export async function updateSynonymRule(
  db: Executor,
  id: number,
  input: SynonymRuleInput,
  now = nowIso(),
): Promise<SynonymRuleRecord | undefined> {
  const row = await db
    .updateTable('search_synonyms')
    .set({ kind: input.kind, terms: JSON.stringify(input.terms), updated_at: now })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  return row && toSynonymRule(row);
}

export async function deleteSynonymRule(db: Executor, id: number): Promise<boolean> {
  const result = await db.deleteFrom('search_synonyms').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
