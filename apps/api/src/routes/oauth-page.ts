import { html } from 'hono/html';

/** The page's style, served as a file (OAUTH_PAGE_CSS_PATH): the CSP allows no inline style. */
export const OAUTH_PAGE_CSS_PATH = '/oauth/page.css';
export const OAUTH_PAGE_CSS = `body {
  margin: 0;
  font-family: -apple-system, 'PingFang SC', 'Microsoft YaHei', sans-serif;
  background: #f5f5f5;
  color: #333;
}
main {
  max-width: 420px;
  margin: 20vh auto 0;
  padding: 32px 24px;
  text-align: center;
}
.icon {
  width: 56px;
  height: 56px;
  margin: 0 auto 16px;
  border-radius: 50%;
  background: #fa5151;
  color: #fff;
  font-size: 32px;
  line-height: 56px;
}
h1 {
  font-size: 20px;
  margin: 0 0 8px;
}
p {
  font-size: 15px;
  color: #888;
  line-height: 1.6;
}
`;

/** A small, friendly page for a login that cannot complete (never a loop back into WeChat). */
export function oauthFailurePage(title: string, message: string): string {
  return html`<!doctype html>
    <html lang="zh-CN">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title}</title>
        <link rel="stylesheet" href="${OAUTH_PAGE_CSS_PATH}" />
      </head>
      <body>
        <main>
          <div class="icon">!</div>
          <h1>${title}</h1>
          <p>${message}</p>
        </main>
      </body>
    </html>`.toString();
}
