import { fenToYuanString, matchKeywordRule, normalizeQuery } from '@weshop/core';
import type { KeywordReply, ProductSummary } from '@weshop/core';
import { findProduct, getSetting, listCategories, listKeywordRules, topSearches } from '@weshop/db';
import type { AppDeps } from '../../deps.ts';
import { listCatalogProducts } from '../../services/catalog.ts';
import type { Reply } from './reply.ts';

/** A cached chat answer; `search` is set when it came from the product search (to log repeats). */
export interface CachedAnswer {
  reply: Reply;
  search?: { normalized: string; hits: number };
}

/** The chat's search card links carry this so the shop can attribute visits to the chat. */
const SOURCE = 'from=chat';

function searchUrl(query: string): string {
  return `/shop/search?q=${encodeURIComponent(query)}&${SOURCE}`;
}

function productUrl(id: number): string {
  return `/shop/products/${id}?${SOURCE}`;
}

function describeTop(items: readonly ProductSummary[]): string {
  return items
    .slice(0, 3)
    .map((item, index) => `${index + 1}. ${item.title.slice(0, 18)} ¥${fenToYuanString(item.priceFen)}`)
    .join('\n');
}

/**
 * A fan typed something: a staff keyword rule answers first (highest priority wins); otherwise the
 * product search does, with one news card (WeChat shows one for replies to a message) that opens the
 * H5 search page (or the product when exactly one matches). No match: a text that says so and
 * suggests keywords that do have products. Every query is logged for the admin's lists.
 */
export async function answerText(deps: AppDeps, openid: string, content: string): Promise<Reply> {
  const normalized = normalizeQuery(content);
  if (normalized === '') return helpText(deps);
  const cached = deps.answerCache.get(normalized);
  if (cached) {
    if (cached.search) {
      deps.searchLog.push({
        ...cached.search,
        query: content.slice(0, 200),
        openid,
        source: 'chat',
        at: deps.now().toISOString(),
      });
    }
    return cached.reply;
  }
  const rule = matchKeywordRule(await listKeywordRules(deps.db), normalized, normalizeQuery);
  if (rule && rule.reply.type !== 'search') {
    const reply = await answerRule(deps, rule.reply);
    deps.answerCache.set(normalized, { reply });
    return reply;
  }
  const { reply, total } = await answerSearch(
    deps,
    rule?.reply.type === 'search' ? rule.reply.query : content,
    openid,
  );
  deps.answerCache.set(normalized, { reply, search: { normalized, hits: total } });
  return reply;
}

function helpText(deps: AppDeps): Promise<Reply> {
  return getSetting(deps.db, 'text_help');
}

async function answerRule(deps: AppDeps, reply: Exclude<KeywordReply, { type: 'search' }>): Promise<Reply> {
  if (reply.type === 'text') return { type: 'text', text: reply.text };
  const product = await findProduct(deps.db, reply.productId);
  if (!product) return helpText(deps);
  return {
    type: 'news',
    articles: [
      {
        title: product.title,
        description: `¥${fenToYuanString(product.priceFen)}  ${product.subtitle}`.trim(),
        picUrl: product.image ?? '',
        url: productUrl(product.id),
      },
    ],
  };
}

async function answerSearch(
  deps: AppDeps,
  query: string,
  openid: string,
): Promise<{ reply: Reply; total: number }> {
  const page = await listCatalogProducts(
    deps.db,
    { q: query, limit: 3 },
    { includeOffShelf: false },
    { source: 'chat', openid, now: deps.now(), searchLog: deps.searchLog },
  );
  const normalized = normalizeQuery(query);
  const top = page.items[0];
  const total = page.total ?? page.items.length;
  if (!top) return { reply: { type: 'text', text: await noMatchText(deps, normalized) }, total };
  const reply: Reply = {
    type: 'news',
    articles: [
      {
        title: `为你找到 ${total} 件「${normalized}」`,
        description: describeTop(page.items),
        picUrl: top.image ?? '',
        url: total === 1 ? productUrl(top.id) : searchUrl(normalized),
      },
    ],
  };
  return { reply, total };
}

/** "Nothing found", with words that do find products: popular queries that had hits, then categories. */
async function noMatchText(deps: AppDeps, normalized: string): Promise<string> {
  const since = new Date(deps.now().getTime() - 30 * 24 * 60 * 60_000).toISOString();
  const popular = (await topSearches(deps.db, { since, limit: 10 }))
    .filter((entry) => entry.hits > 0 && entry.normalized !== normalized)
    .map((entry) => entry.normalized);
  const categories = (await listCategories(deps.db)).filter((c) => c.productCount > 0).map((c) => c.name);
  const suggestions = [...new Set([...popular, ...categories])].slice(0, 5);
  const head = `没有找到与「${normalized.slice(0, 20)}」相关的商品。`;
  return suggestions.length > 0 ? `${head}\n试试：${suggestions.map((s) => `「${s}」`).join(' ')}` : head;
}
