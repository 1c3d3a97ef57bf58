import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { Hono } from 'hono';
import type { AppEnv } from '../http/router.ts';
import { PROBLEMS, problemType } from '../http/problem.ts';

/**
 * `/api/openapi.json` (generated from the route schemas) and a browsable Swagger UI at `/api/docs`,
 * served from the swagger-ui-dist package so it works offline and under the strict CSP.
 */
const ASSETS = new Map([
  ['swagger-ui.css', 'text/css; charset=utf-8'],
  ['swagger-ui-bundle.js', 'text/javascript; charset=utf-8'],
  ['favicon-32x32.png', 'image/png'],
]);

// Script and style of the page itself are files too: the CSP (http/security-headers.ts) allows nothing inline.
const PAGE_CSS =
  'body{margin:0;font-family:system-ui,sans-serif}.problems{max-width:1400px;margin:0 auto;padding:0 20px 24px}';
const INIT_SCRIPT = `window.ui = SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#swagger-ui', deepLinking: true });`;

function docsPage(): string {
  const problems = Object.entries(PROBLEMS)
    .map(([code, { status, title }]) => {
      const id = problemType(code as keyof typeof PROBLEMS).split('#')[1];
      return `<li id="${id}"><code>${code}</code> — ${status} ${title}</li>`;
    })
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>weshop API</title>
<link rel="icon" href="/api/docs/assets/favicon-32x32.png"><link rel="stylesheet" href="/api/docs/assets/swagger-ui.css">
<link rel="stylesheet" href="/api/docs/docs.css">
</head><body><div id="swagger-ui"></div>
<section class="problems"><h2>Problem codes</h2><p>Errors are <code>application/problem+json</code> (RFC 9457) with a stable <code>code</code>:</p><ul>${problems}</ul></section>
<script src="/api/docs/assets/swagger-ui-bundle.js"></script><script src="/api/docs/init.js"></script>
</body></html>`;
}

export function mountDocs(app: OpenAPIHono<AppEnv>): void {
  app.doc31('/api/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'weshop API',
      version: '0.1.0',
      description:
        'WeChat service-account storefront. Money is integer fen (fields ending in `Fen`); lists are `{ items, nextCursor }`; errors are RFC 9457 problem+json.',
    },
    tags: [
      { name: 'shop', description: 'The fan-facing H5 shop' },
      { name: 'admin', description: 'The staff console (session cookie + X-CSRF-Token on state changes)' },
      { name: 'ops', description: 'Operations' },
    ],
  });

  const assetDir = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
  const cache = new Map<string, Buffer>();
  const docs = new Hono<AppEnv>();
  docs.get('/', (c) => c.html(docsPage()));
  docs.get('/docs.css', (c) => c.body(PAGE_CSS, 200, { 'content-type': 'text/css; charset=utf-8' }));
  docs.get('/init.js', (c) => c.body(INIT_SCRIPT, 200, { 'content-type': 'text/javascript; charset=utf-8' }));
  docs.get('/assets/:file', (c) => {
    const file = c.req.param('file');
    const type = ASSETS.get(file);
    if (!type) return c.notFound();
    let body = cache.get(file);
    if (!body) {
      body = readFileSync(join(assetDir, file));
      cache.set(file, body);
    }
    return c.body(new Uint8Array(body), 200, {
      'content-type': type,
      'cache-control': 'public, max-age=86400',
    });
  });
  app.route('/api/docs', docs);
}
