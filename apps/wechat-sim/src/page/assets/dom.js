/* Small DOM and HTTP helpers of the chat page. Text always goes through textContent or setAttribute;
   no string is ever parsed as HTML. */
/* global document */

export const $ = (id) => document.getElementById(id);

/** Creates an element: `text` sets textContent, `className` the class, `on…` adds listeners. */
export function el(tag, props, children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(props || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'text') node.textContent = value;
    else if (name === 'className') node.className = value;
    else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children || []) if (child) node.append(child);
  return node;
}

/** Calls the sim's JSON API; throws with the sim's Chinese error message. */
export async function api(path, method, body) {
  const response = await fetch(path, {
    method: method || 'GET',
    headers: body ? { 'content-type': 'application/json' } : undefined,
    body: body ? JSON.stringify(body) : undefined,
  });
  const data = response.status === 204 ? {} : await response.json();
  if (!response.ok) throw new Error(data.error || `请求失败（${response.status}）`);
  return data;
}

/** Only http(s) and same-site links; anything else (javascript:, data:) becomes ''. */
export function safeUrl(url) {
  return typeof url === 'string' && /^(https?:\/\/|\/)/i.test(url) ? url : '';
}

/** The browser's current fan, which the sim's OAuth page logs in as. */
export function rememberFan(openid) {
  document.cookie = `sim_openid=${encodeURIComponent(openid)}; path=/; SameSite=Lax; max-age=2592000`;
}

export function cookieFan() {
  const match = /(?:^|;\s*)sim_openid=([^;]*)/.exec(document.cookie);
  return match ? decodeURIComponent(match[1]) : null;
}

export function firstChar(text) {
  return (Array.from(text || '?')[0] || '?').toUpperCase();
}

export function formatTime(at) {
  return new Date(at).toLocaleTimeString('zh-CN', {
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'Asia/Shanghai',
  });
}
