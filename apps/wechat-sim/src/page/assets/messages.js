/* Renders chat items the way WeChat shows them: bubbles, news cards, template cards, grey system lines.
   `ctx` = { fan, account, openUrl(url) → href or '' }. */
import { el, firstChar, safeUrl } from './dom.js';

function menuName(menu, key) {
  for (const top of menu || []) {
    if (top.key === key) return top.name;
    for (const sub of top.sub_button || []) if (sub.key === key) return sub.name;
  }
  return '';
}

function eventText(item, ctx) {
  switch (item.event) {
    case 'subscribe':
      return item.eventKey
        ? `你通过扫描二维码关注了公众号（${item.eventKey.replace(/^qrscene_/, '')}）`
        : '你关注了公众号';
    case 'unsubscribe':
      return '你取消关注了公众号';
    case 'SCAN':
      return `你扫描了二维码（${item.eventKey || ''}）`;
    case 'CLICK':
      return `点击菜单「${menuName(ctx.account.menu, item.eventKey) || item.eventKey}」`;
    case 'VIEW':
      return '打开了菜单链接';
    default:
      return item.event;
  }
}

function newsCard(article, ctx) {
  const href = ctx.openUrl(article.url);
  const pic = safeUrl(article.picUrl);
  const body = el('div', { className: 'news-body' }, [
    el('div', { className: 'news-desc', text: article.description }),
    pic ? el('img', { className: 'news-pic', src: pic, alt: '' }) : null,
  ]);
  const children = [el('div', { className: 'news-title', text: article.title }), body];
  const props = { className: 'card news', href: href || undefined, target: href ? '_blank' : undefined };
  return el(href ? 'a' : 'div', props, children);
}

function templateCard(item, ctx) {
  const lines = item.lines.map((line) =>
    el('div', { className: 'template-line' }, [
      el('span', { className: 'label', text: line.label }),
      el('span', { className: 'value', text: line.value }),
    ]),
  );
  const href = ctx.openUrl(item.url);
  const detail = href
    ? el('a', { className: 'template-detail', href, target: '_blank' }, [
        el('span', { text: '详情' }),
        el('span', { className: 'chevron', text: '›' }),
      ])
    : el('div', { className: 'template-spacer' });
  return el('div', { className: 'card template' }, [
    el('div', { className: 'template-title', text: item.title }),
    ...lines,
    detail,
  ]);
}

function messageRow(item, content, ctx) {
  const isFan = item.from === 'fan';
  const avatar = isFan
    ? el('span', { className: 'avatar', text: firstChar(ctx.fan && ctx.fan.nickname) })
    : el('span', { className: 'avatar account', text: firstChar(ctx.account.name) });
  return el('div', { className: `row ${isFan ? 'fan' : 'account'}` }, [avatar, content]);
}

function systemLine(text, extraClass) {
  return el('div', { className: `system${extraClass ? ` ${extraClass}` : ''}` }, [el('span', { text })]);
}

/** The nodes of one chat item (a news item gives one card per article). */
export function renderItem(item, ctx) {
  switch (item.type) {
    case 'text':
      return [messageRow(item, el('div', { className: 'bubble', text: item.text }), ctx)];
    case 'news':
      return item.articles.map((article) => messageRow(item, newsCard(article, ctx), ctx));
    case 'template':
      return [messageRow(item, templateCard(item, ctx), ctx)];
    case 'notice':
      return [systemLine(item.text, 'notice')];
    case 'event':
      return [systemLine(eventText(item, ctx))];
    default:
      return [];
  }
}

/** Shown instead of (or under) the chat when the fan does not follow the account. */
export function followPrompt(ctx, onFollow) {
  const text = ctx.fan ? '关注公众号后即可收发消息' : '在左侧新建或选择一个粉丝';
  return el('div', { className: 'follow-prompt' }, [
    el('div', { className: 'avatar account', text: firstChar(ctx.account.name) }),
    el('div', { text: ctx.account.name }),
    el('p', { text }),
    ctx.fan ? el('button', { type: 'button', text: '关注公众号', onclick: onFollow }) : null,
  ]);
}
