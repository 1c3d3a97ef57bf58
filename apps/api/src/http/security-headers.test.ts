import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { AppEnv } from './router.ts';
import { HTML_CONTENT_SECURITY_POLICY, securityHeaders } from './security-headers.ts';

/** The middleware on its own, in front of answers of every kind. */
const app = new Hono<AppEnv>()
  .use(securityHeaders())
  .get('/page', (c) => c.html('<p>hi</p>'))
  .get('/upper', (c) => c.body('<p>hi</p>', 200, { 'content-type': 'TEXT/HTML; charset=UTF-8' }))
  .get('/svg', (c) => c.body('<svg/>', 200, { 'content-type': 'image/svg+xml' }))
  .get('/json', (c) => c.json({ ok: true }))
  .get('/text', (c) => c.text('ok'))
  .get('/uploads/p.jpg', (c) => c.body('jpeg', 200, { 'content-type': 'image/jpeg' }));

describe('securityHeaders', () => {
  it.each(['/page', '/upper', '/svg'])('puts the strict CSP on the document %s', async (path) => {
    const response = await app.request(path);
    expect(response.headers.get('content-security-policy')).toBe(HTML_CONTENT_SECURITY_POLICY);
  });

  it.each(['/json', '/text', '/uploads/p.jpg'])(
    'leaves the CSP off %s, which is no document',
    async (path) => {
      expect((await app.request(path)).headers.get('content-security-policy')).toBeNull();
    },
  );

  it.each(['/page', '/svg', '/json', '/text', '/uploads/p.jpg'])(
    'sets nosniff, a referrer policy and frame denial on %s',
    async (path) => {
      const response = await app.request(path);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
      expect(response.headers.get('x-frame-options')).toBe('DENY');
    },
  );

  it('lets only uploads be embedded by other origins', async () => {
    expect((await app.request('/uploads/p.jpg')).headers.get('cross-origin-resource-policy')).toBe(
      'cross-origin',
    );
    expect((await app.request('/page')).headers.get('cross-origin-resource-policy')).toBe('same-origin');
  });

  it('is strict: no inline script or style, no framing, no plugins, nothing from other origins but https pictures', () => {
    const directives = new Map(
      HTML_CONTENT_SECURITY_POLICY.split(';').map((directive) => {
        const [name, ...values] = directive.trim().split(/\s+/);
        return [name!, values];
      }),
    );
    expect(directives.get('default-src')).toEqual(["'none'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('style-src')).toEqual(["'self'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
    expect(directives.get('img-src')).toEqual(["'self'", 'data:', 'https:']);
    expect(HTML_CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-(inline|eval)/);
  });
});
