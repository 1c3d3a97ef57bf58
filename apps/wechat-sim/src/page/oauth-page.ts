/**
 * The small pages of the simulated OAuth authorize step: "which fan are you?" and errors.
 */
import type { Fan } from '../types.ts';
import { escapeHtml } from './escape.ts';

const STYLE = `
body{margin:0;font-family:-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;background:#ededed;color:#111}
main{max-width:420px;margin:0 auto;padding:24px 16px}
h1{font-size:18px;font-weight:600;text-align:center;margin:8px 0 4px}
p.hint{font-size:13px;color:#888;text-align:center;margin:0 0 20px}
ul{list-style:none;margin:0 0 20px;padding:0;background:#fff;border-radius:8px;overflow:hidden}
li a{display:flex;align-items:center;gap:12px;padding:12px 16px;color:#111;text-decoration:none;border-bottom:1px solid #eee}
li:last-child a{border-bottom:0}
.avatar{width:36px;height:36px;border-radius:4px;background:#07c160;color:#fff;display:flex;align-items:center;justify-content:center;font-size:16px}
.openid{font-size:12px;color:#999}
form{display:flex;gap:8px}
input{flex:1;padding:10px;border:1px solid #ddd;border-radius:6px;font-size:15px}
button{padding:10px 16px;border:0;border-radius:6px;background:#07c160;color:#fff;font-size:15px}
.error{background:#fff;border-radius:8px;padding:24px;text-align:center;color:#fa5151}
`;

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><main>${body}</main></body></html>`;
}

/** The authorize page when this browser has no fan yet: pick one or create one. */
export function renderFanPicker(fans: Fan[], params: Record<string, string>): string {
  const base = new URLSearchParams(params);
  const items = fans
    .map((fan) => {
      const query = new URLSearchParams(base);
      query.set('sim_openid', fan.openid);
      const href = `/connect/oauth2/authorize?${query.toString()}`;
      return `<li><a href="${escapeHtml(href)}"><span class="avatar">${escapeHtml([...fan.nickname][0] ?? '粉')}</span>
<span><div>${escapeHtml(fan.nickname)}</div><div class="openid">${escapeHtml(fan.openid)}</div></span></a></li>`;
    })
    .join('');
  const hidden = Object.entries(params)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('');
  return page(
    '微信授权',
    `<h1>模拟微信授权</h1>
<p class="hint">这个浏览器还没有选择粉丝身份，请选择以哪个粉丝登录</p>
${fans.length > 0 ? `<ul>${items}</ul>` : '<p class="hint">还没有粉丝</p>'}
<form method="get" action="/connect/oauth2/authorize">${hidden}
<input type="hidden" name="sim_new" value="1">
<input name="nickname" placeholder="新粉丝昵称（可不填）" maxlength="32">
<button type="submit">新建并登录</button></form>`,
  );
}

export function renderOAuthError(message: string): string {
  return page('授权失败', `<div class="error"><h1>授权失败</h1><p>${escapeHtml(message)}</p></div>`);
}
