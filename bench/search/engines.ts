/**
 * The two things the search benchmark compares, each answering "top 10 + total count" for a raw query:
 * our search exactly as the shop API runs it (load synonyms, planSearch, searchProducts), and the
 * `LIKE '%kw%'` query most shop systems (CRMEB, litemall) run over title and tags.
 */
import { planSearch } from '@weshop/core';
import { inStockExpression, loadSearchVocabulary, searchProducts, toSummary } from '@weshop/db';
import type { DB } from '@weshop/db';
import type {
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely';

export interface Answer {
  ids: number[];
  total: number;
}

export type Engine = (db: DB, query: string) => Promise<Answer>;

/** apps/api/src/services/catalog.ts does the same: synonyms are read per request. */
export const ourSearch: Engine = async (db, query) => {
  const plan = planSearch(query, await loadSearchVocabulary(db));
  if (!plan) return { ids: [], total: 0 };
  const result = await searchProducts(db, { plan, limit: 10 });
  return { ids: result.items.map((item) => item.id), total: result.total };
};

/** Space-separated terms are ANDed; each must appear in the title or the tags (raw JSON text). */
export const likeSearch: Engine = async (db, query) => {
  const patterns = query
    .split(/\s+/)
    .filter((term) => term !== '')
    .map((term) => `%${term}%`);
  const base = db
    .selectFrom('products as p')
    .where('p.on_shelf', '=', 1)
    .where('p.deleted_at', 'is', null)
    .where((eb) =>
      eb.and(
        patterns.map((pattern) => eb.or([eb('p.title', 'like', pattern), eb('p.tags', 'like', pattern)])),
      ),
    );
  const rows = await base
    .selectAll('p')
    .select(inStockExpression)
    .orderBy('p.sales_count', 'desc')
    .orderBy('p.id', 'desc')
    .limit(10)
    .execute();
  const count = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return { ids: rows.map((row) => toSummary(row).id), total: Number(count.n) };
};

/**
 * Adds up the time between Kysely compiling a query and handing back its rows (compile + SQLite +
 * row fetch), and the rows returned, so a search's time can be split into SQL and the JS around it.
 */
export class SqlTimer implements KyselyPlugin {
  ms = 0;
  rows = 0;
  readonly #started = new Map<string, number>();

  reset(): void {
    this.ms = 0;
    this.rows = 0;
  }

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    this.#started.set(args.queryId.queryId, performance.now());
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    const started = this.#started.get(args.queryId.queryId);
    this.#started.delete(args.queryId.queryId);
    if (started !== undefined) this.ms += performance.now() - started;
    this.rows += args.result.rows.length;
    return args.result;
  }
}
