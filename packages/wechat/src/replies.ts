import { buildXml, cdataSection } from './xml.ts';

/** Body that tells WeChat "received, no passive reply" (an empty body works too). */
export const SUCCESS_REPLY = 'success';

export interface ReplyAddress {
  /** The fan's openid: the incoming FromUserName. */
  toUser: string;
  /** Our account's original id (gh_…): the incoming ToUserName. */
  fromUser: string;
  /** Unix seconds. */
  createTime: number;
}

export interface NewsArticle {
  title: string;
  description: string;
  picUrl: string;
  url: string;
}

export interface NewsReplyOptions {
  /** 1 when answering a fan's message (text, image, voice, video, link, location); up to 8 otherwise. */
  maxArticles: 1 | 8;
}

function seconds(createTime: number): number {
  if (!Number.isFinite(createTime) || createTime < 0) throw new Error('createTime must be unix seconds');
  return Math.floor(createTime);
}

/**
 * Passive text reply. Every string goes through cdataSection, so `]]>` or markup cannot escape it.
 * A fixed template rather than buildXml: this is the chat's most frequent answer, rendered per message.
 */
export function textReply(reply: ReplyAddress & { content: string }): string {
  return (
    `<xml><ToUserName>${cdataSection(reply.toUser)}</ToUserName>` +
    `<FromUserName>${cdataSection(reply.fromUser)}</FromUserName>` +
    `<CreateTime>${seconds(reply.createTime)}</CreateTime><MsgType><![CDATA[text]]></MsgType>` +
    `<Content>${cdataSection(reply.content)}</Content></xml>`
  );
}

/** Passive news (图文) reply: ArticleCount plus Articles → repeated item { Title, Description, PicUrl, Url }. */
export function newsReply(
  reply: ReplyAddress & { articles: readonly NewsArticle[] },
  options: NewsReplyOptions,
): string {
  const { articles } = reply;
  if (articles.length === 0) throw new Error('newsReply needs at least one article');
  if (articles.length > options.maxArticles) {
    throw new Error(
      `newsReply allows at most ${options.maxArticles} article(s) here, got ${articles.length}`,
    );
  }
  return buildXml({
    ToUserName: reply.toUser,
    FromUserName: reply.fromUser,
    CreateTime: seconds(reply.createTime),
    MsgType: 'news',
    ArticleCount: articles.length,
    Articles: articles.map((article) => ({
      Title: article.title,
      Description: article.description,
      PicUrl: article.picUrl,
      Url: article.url,
    })),
  });
}
