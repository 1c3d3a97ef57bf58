/**
 * The chat page: static HTML, CSS and small vanilla JavaScript modules, read once from ./assets. No
 * build step, nothing from a CDN.
 */
import { readFileSync } from 'node:fs';
import { Hono } from 'hono';

const ASSETS: Record<string, string> = {
  'layout.css': 'text/css; charset=utf-8',
  'phone.css': 'text/css; charset=utf-8',
  'chat.js': 'text/javascript; charset=utf-8',
  'dom.js': 'text/javascript; charset=utf-8',
  'menu.js': 'text/javascript; charset=utf-8',
  'messages.js': 'text/javascript; charset=utf-8',
};

function read(name: string): string {
  return readFileSync(new URL(`./assets/${name}`, import.meta.url), 'utf8');
}

const NO_STORE = { 'cache-control': 'no-store' };

export function pageRoutes(): Hono {
  const html = read('index.html');
  const assets = new Map(Object.entries(ASSETS).map(([name, type]) => [name, { body: read(name), type }]));
  const app = new Hono();
  app.get('/', (c) => c.html(html, 200, NO_STORE));
  app.get('/chat', (c) => c.html(html, 200, NO_STORE));
  app.get('/__sim/assets/:name', (c) => {
    const asset = assets.get(c.req.param('name'));
    if (!asset) return c.json({ error: '没有这个文件' }, 404);
    return c.body(asset.body, 200, { 'content-type': asset.type, ...NO_STORE });
  });
  return app;
}
