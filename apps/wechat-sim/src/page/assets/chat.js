/* The simulator's chat page: pick or create a fan, follow the account, chat with it, tap its menu.
   Plain browser JavaScript modules, no build step. Polls the chat every second so template messages
   show up as they arrive. */
/* global document, window */
import { $, api, cookieFan, el, formatTime, rememberFan, safeUrl } from './dom.js';
import { renderMenu } from './menu.js';
import { followPrompt, renderItem } from './messages.js';

const view = {
  fans: [],
  current: null,
  items: [],
  signature: '',
  account: { name: '公众号', menu: [] },
  openMenu: -1,
  stickToBottom: true,
};

function say(text) {
  $('status-line').textContent = text || '';
}

function currentFan() {
  return view.fans.find((fan) => fan.openid === view.current) || null;
}

/** Card links go through the sim, which makes this browser the current fan for the shop's OAuth. */
function openUrl(url) {
  const target = safeUrl(url);
  if (!target || !view.current) return '';
  return `/__sim/open?${new URLSearchParams({ openid: view.current, url: target })}`;
}

function fanPath(action) {
  return `/__sim/fans/${encodeURIComponent(view.current)}/${action}`;
}

/* ---------- fans column ---------- */

function renderFans() {
  const list = $('fan-list');
  list.replaceChildren();
  if (view.fans.length === 0) list.append(el('li', { className: 'empty', text: '还没有粉丝，先新建一个' }));
  for (const fan of view.fans) {
    const current = fan.openid === view.current ? 'true' : 'false';
    const button = el(
      'button',
      { type: 'button', 'aria-current': current, onclick: () => selectFan(fan.openid) },
      [
        el('span', { className: 'avatar', text: Array.from(fan.nickname)[0] || '?' }),
        el('span', {}, [
          el('div', { className: 'fan-name', text: fan.nickname }),
          el('div', { className: 'fan-meta', text: fan.subscribed ? '已关注' : '未关注' }),
        ]),
      ],
    );
    list.append(el('li', {}, [button]));
  }
  const fan = currentFan();
  $('fan-card').hidden = !fan;
  $('composer-input').disabled = !fan || !fan.subscribed;
  $('send-button').disabled = !fan || !fan.subscribed;
  if (!fan) return;
  $('fan-card-name').textContent = fan.nickname;
  $('fan-card-openid').textContent = fan.openid;
  const scene = fan.qrSceneStr ? `（扫码场景：${fan.qrSceneStr}）` : '';
  $('fan-card-status').textContent = fan.subscribed ? `已关注${scene}` : '未关注';
  $('follow-button').textContent = fan.subscribed ? '扫码' : '关注';
  $('unfollow-button').hidden = !fan.subscribed;
}

async function loadFans() {
  view.fans = (await api('/__sim/fans')).items;
  if (view.current && !currentFan()) view.current = null;
  renderFans();
}

function selectFan(openid) {
  view.current = openid;
  view.signature = '';
  view.openMenu = -1;
  view.stickToBottom = true;
  rememberFan(openid);
  renderFans();
  void pollChat();
}

/* ---------- chat ---------- */

function renderChat() {
  const box = $('messages');
  const nearBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 60;
  const ctx = { fan: currentFan(), account: view.account, openUrl };
  box.replaceChildren();
  if (!ctx.fan || (!ctx.fan.subscribed && view.items.length === 0)) {
    box.append(followPrompt(ctx, () => doFollow('')));
    return;
  }
  let lastAt = 0;
  for (const item of view.items) {
    const at = Date.parse(item.at);
    if (at - lastAt > 5 * 60 * 1000) box.append(el('div', { className: 'time', text: formatTime(item.at) }));
    lastAt = at;
    box.append(...renderItem(item, ctx));
  }
  if (!ctx.fan.subscribed) box.append(followPrompt(ctx, () => doFollow('')));
  if (nearBottom || view.stickToBottom) box.scrollTop = box.scrollHeight;
  view.stickToBottom = false;
}

async function pollChat() {
  const openid = view.current;
  if (!openid) {
    view.items = [];
    renderChat();
    return;
  }
  const data = await api(`/__sim/fans/${encodeURIComponent(openid)}/chat`);
  if (openid !== view.current) return;
  const index = view.fans.findIndex((fan) => fan.openid === data.fan.openid);
  if (index < 0 || JSON.stringify(view.fans[index]) !== JSON.stringify(data.fan)) {
    if (index >= 0) view.fans[index] = data.fan;
    renderFans();
  }
  const last = data.items[data.items.length - 1];
  const signature = [data.items.length, last ? last.id : 0, data.fan.subscribed, view.account.name].join(':');
  view.items = data.items;
  if (signature !== view.signature) {
    view.signature = signature;
    renderChat();
  }
}

/* ---------- menu ---------- */

function showMenu() {
  const toggle = (index) => {
    view.openMenu = view.openMenu === index ? -1 : index;
    showMenu();
  };
  renderMenu($('menu-bar'), view.account.menu, view.openMenu, toggle, (button) => void pressButton(button));
}

async function pressButton(button) {
  view.openMenu = -1;
  showMenu();
  if (!view.current) return say('先选择一个粉丝');
  try {
    if (button.type === 'view' || (button.type === 'miniprogram' && button.url)) {
      const href = openUrl(button.url);
      if (href) window.open(href, '_blank');
      await api(fanPath('view'), 'POST', { url: button.url });
    } else if (button.key) {
      await api(fanPath('click'), 'POST', { key: button.key });
    } else {
      say(`模拟器不支持这种菜单：${button.type}`);
    }
  } catch (error) {
    say(error.message);
  }
  view.stickToBottom = true;
  await pollChat();
}

async function loadAccount() {
  const account = await api('/__sim/account');
  const menuChanged = JSON.stringify(account.menu) !== JSON.stringify(view.account.menu);
  view.account = account;
  $('account-name').textContent = account.name;
  document.title = `${account.name} - 微信模拟器`;
  if (menuChanged) {
    showMenu();
    view.signature = '';
  }
}

/* ---------- actions ---------- */

/** Runs a fan action; a webhook answer WeChat would reject is explained under the fan list. */
async function act(action, body) {
  if (!view.current) return;
  say('');
  try {
    const result = await api(fanPath(action), 'POST', body || {});
    if (result.webhook && !result.webhook.ok) say(`服务器回复无效：${result.webhook.error}`);
  } catch (error) {
    say(error.message);
  }
  view.stickToBottom = true;
  await loadFans();
  await pollChat();
}

function doFollow(scene) {
  return act('follow', scene ? { scene } : {});
}

$('new-fan').addEventListener('submit', async (event) => {
  event.preventDefault();
  try {
    const fan = await api('/__sim/fans', 'POST', { nickname: $('new-fan-name').value.trim() || undefined });
    $('new-fan-name').value = '';
    await loadFans();
    selectFan(fan.openid);
  } catch (error) {
    say(error.message);
  }
});

$('follow-form').addEventListener('submit', (event) => {
  event.preventDefault();
  void doFollow($('follow-scene').value.trim());
});

$('unfollow-button').addEventListener('click', () => void act('unfollow'));

$('composer').addEventListener('submit', (event) => {
  event.preventDefault();
  const input = $('composer-input');
  const text = input.value;
  if (!view.current || text.trim() === '') return;
  input.value = '';
  // The sim adds the fan's bubble at once and then waits for our server: show it before the reply.
  setTimeout(() => void pollChat(), 150);
  void act('messages', { text });
});

async function start() {
  try {
    await loadAccount();
    await loadFans();
    const wanted = new URLSearchParams(window.location.search).get('fan') || cookieFan();
    const fan = view.fans.find((candidate) => candidate.openid === wanted) || view.fans[0];
    if (fan) selectFan(fan.openid);
    else renderChat();
  } catch (error) {
    say(error.message);
  }
  setInterval(() => void pollChat().catch(() => {}), 1000);
  setInterval(() => void loadAccount().catch(() => {}), 5000);
  setInterval(() => void loadFans().catch(() => {}), 5000);
}

void start();
