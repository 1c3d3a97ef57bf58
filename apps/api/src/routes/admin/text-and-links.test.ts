/**
 * Every text and every link of every setting follows the rules other fields follow: no NUL, no
 * control or bidi-override characters, and links only http(s) or a path on this server
 * (never javascript:, data:, //host or a path that normalises to one). Surrounding spaces are trimmed.
 * Product pictures, category icons and product texts use the same rules.
 */
import { DEFAULT_SETTINGS } from '@weshop/core';
import { testDialects } from '@weshop/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, loginAsAdmin } from '../../testing.ts';
import type { AdminClient, TestApp } from '../../testing.ts';

type Path = (string | number)[];

const NEWS_WELCOME = {
  type: 'news',
  articles: [{ title: '欢迎', description: '逛逛', picUrl: '/uploads/p.jpg', url: '/shop/' }],
};

/** Each text field: the setting, a valid value of it, where the field is. */
const TEXTS: [string, unknown, Path][] = [
  ['shop_profile', DEFAULT_SETTINGS.shop_profile, ['name']],
  ['shop_profile', DEFAULT_SETTINGS.shop_profile, ['slogan']],
  ['shop_profile', DEFAULT_SETTINGS.shop_profile, ['servicePhone']],
  ['welcome', { type: 'text', text: '欢迎' }, ['text']],
  ['welcome', NEWS_WELCOME, ['articles', 0, 'title']],
  ['welcome', NEWS_WELCOME, ['articles', 0, 'description']],
  ['text_help', DEFAULT_SETTINGS.text_help, ['text']],
  ['menu_replies', DEFAULT_SETTINGS.menu_replies, ['CONTACT', 'text']],
  ['menu', DEFAULT_SETTINGS.menu, ['button', 0, 'name']],
  ['menu', DEFAULT_SETTINGS.menu, ['button', 1, 'sub_button', 0, 'name']],
  ['menu', DEFAULT_SETTINGS.menu, ['button', 2, 'key']],
  ['notification_templates', DEFAULT_SETTINGS.notification_templates, ['shipped', 'templateId']],
];

/** Each link field. */
const LINKS: [string, unknown, Path][] = [
  ['welcome', NEWS_WELCOME, ['articles', 0, 'url']],
  ['welcome', NEWS_WELCOME, ['articles', 0, 'picUrl']],
  ['menu', DEFAULT_SETTINGS.menu, ['button', 0, 'url']],
  ['menu', DEFAULT_SETTINGS.menu, ['button', 1, 'sub_button', 2, 'url']],
];

const BAD_TEXTS = [
  '\u0000',
  'a\u0000b',
  'a\u0007b',
  'a\u001bb',
  'a\u007fb',
  'a\u0085b',
  'a\u202eb',
  'a\u2066b',
];
const BAD_LINKS = [
  'javascript:alert(1)',
  ' javascript:alert(1)',
  'JAVASCRIPT:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'vbscript:x',
  '//evil.com',
  '/..//evil.com',
  '/\\evil.com',
  'https:evil.com',
  'http:/evil.com',
  'https://shop.test@evil.com/',
  'https://ok/\u0000',
  'https://ok/a b',
  '/shop/\u0007',
  'ftp://evil.com/x',
  'shop/',
];

function withValue(base: unknown, path: Path, value: unknown): unknown {
  const copy = structuredClone(base) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[path.at(-1)!] = value;
  return copy;
}

function valueAt(root: unknown, path: Path): unknown {
  return path.reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], root);
}

describe.each(testDialects())('setting texts and links on %s', (dialect) => {
  let t: TestApp;
  let admin: AdminClient;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    admin = await loginAsAdmin(t);
  });
  afterAll(() => t.close());

  async function refuses(key: string, body: unknown, path: Path): Promise<void> {
    const response = await admin.json('PUT', `/api/admin/settings/${key}`, body);
    expect(response.status).toBe(400);
    const problem = (await response.json()) as { code: string; errors: { path: string }[] };
    expect(problem.code).toBe('VALIDATION_FAILED');
    expect(problem.errors.map((error) => error.path)).toContain(path.join('.'));
  }

  const textCases = TEXTS.flatMap(([key, base, path]) =>
    BAD_TEXTS.map((bad) => [`${key}.${path.join('.')}`, key, base, path, bad] as const),
  );
  it.each(textCases)('refuses %s = %j', async (_name, key, base, path, bad) => {
    await refuses(key, withValue(base, path, bad), path);
  });

  const linkCases = LINKS.flatMap(([key, base, path]) =>
    BAD_LINKS.map((bad) => [`${key}.${path.join('.')}`, key, base, path, bad] as const),
  );
  it.each(linkCases)('refuses the link %s = %j', async (_name, key, base, path, bad) => {
    await refuses(key, withValue(base, path, bad), path);
  });

  it.each(LINKS)(
    'keeps %s links to https, to this server and with spaces trimmed',
    async (key, base, path) => {
      for (const [given, stored] of [
        [' https://ok.example/a.jpg ', 'https://ok.example/a.jpg'],
        ['https://cdn.example.com/p/1.jpg?x=1', 'https://cdn.example.com/p/1.jpg?x=1'],
        ['/uploads/demo/p1-1.jpg', '/uploads/demo/p1-1.jpg'],
      ]) {
        const response = await admin.json('PUT', `/api/admin/settings/${key}`, withValue(base, path, given));
        expect(response.status, given).toBe(200);
        expect(valueAt(await response.json(), path)).toBe(stored);
      }
    },
  );

  it.each(['//evil.com/a.jpg', '/..//evil.com/a.jpg', 'javascript:alert(1)', 'data:image/png;base64,AAAA'])(
    'refuses the product picture and category icon %j',
    async (bad) => {
      const product = await admin.json('POST', '/api/admin/products', {
        title: '帆布包',
        images: ['/uploads/a.jpg', bad],
        skus: [{ priceFen: 100, stock: 1 }],
      });
      expect(product.status).toBe(400);
      expect(((await product.json()) as { errors: { path: string }[] }).errors[0]?.path).toBe('images.1');
      const category = await admin.json('POST', '/api/admin/categories', { name: '包', icon: bad });
      expect(category.status).toBe(400);
    },
  );

  it.each(['a\u202eb', 'a\u0085b', 'a\u2066b'])('refuses the product title %j', async (bad) => {
    const product = await admin.json('POST', '/api/admin/products', {
      title: bad,
      skus: [{ priceFen: 100, stock: 1 }],
    });
    expect(product.status).toBe(400);
  });

  it('keeps the default settings valid', async () => {
    for (const [key, value] of Object.entries(DEFAULT_SETTINGS)) {
      expect((await admin.json('PUT', `/api/admin/settings/${key}`, value)).status, key).toBe(200);
    }
  });
});
