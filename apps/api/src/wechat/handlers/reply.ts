import type { ConfiguredReply } from '@weshop/core';
import { SUCCESS_REPLY, newsReply, textReply } from '@weshop/wechat';

/**
 * What a handler answers, rendered to WeChat's XML by renderReply: a reply of the same shape staff
 * configure in settings (text, or news cards), or `success` for no reply.
 */
export type Reply = { type: 'success' } | ConfiguredReply;

export const SUCCESS: Reply = { type: 'success' };

/** A path on this server (`/shop/…`) → an absolute URL under PUBLIC_URL; absolute URLs pass through. */
export function absoluteUrl(publicUrl: string, pathOrUrl: string): string {
  if (/^https?:\/\//i.test(pathOrUrl)) return pathOrUrl;
  return `${publicUrl}${pathOrUrl.startsWith('/') ? '' : '/'}${pathOrUrl}`;
}

export interface RenderContext {
  /** The fan (the incoming FromUserName). */
  toUser: string;
  /** The account (the incoming ToUserName). */
  fromUser: string;
  createTime: number;
  publicUrl: string;
  /** WeChat shows one card for replies to a fan's message, up to 8 for events. */
  maxArticles: 1 | 8;
}

export function renderReply(reply: Reply, context: RenderContext): string {
  const { toUser, fromUser, createTime } = context;
  if (reply.type === 'success') return SUCCESS_REPLY;
  if (reply.type === 'text') return textReply({ toUser, fromUser, createTime, content: reply.text });
  const articles = reply.articles.slice(0, context.maxArticles).map((article) => ({
    title: article.title,
    description: article.description,
    picUrl: article.picUrl ? absoluteUrl(context.publicUrl, article.picUrl) : '',
    url: absoluteUrl(context.publicUrl, article.url),
  }));
  if (articles.length === 0) return SUCCESS_REPLY;
  return newsReply({ toUser, fromUser, createTime, articles }, { maxArticles: context.maxArticles });
}
