/**
 * The API and the WeChat simulator wired to each other over loopback, in this process: the sim posts
 * to the API's /wechat, the API's WeChat client and OAuth go to the sim. Any number of API instances
 * can share one database.
 */
import { createServer } from 'node:http';
import type { RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { ServerType } from '@hono/node-server';
import { createRequestListener } from '@weshop/api/listener';
import { createTestApp } from '@weshop/api/testing';
import type { TestApp } from '@weshop/api/testing';
import type { DialectName } from '@weshop/db';
import { createTestDatabase } from '@weshop/db/testing';
import type { TestDatabase } from '@weshop/db/testing';
import { SIMULATOR_CREDENTIALS, SIMULATOR_TEMPLATES } from '@weshop/wechat';
import { createWeChatSim } from '@weshop/wechat-sim';

type Fetch = (request: Request) => Response | Promise<Response>;

function listen(fetch: Fetch): Promise<{ server: ServerType; url: string }> {
  return new Promise((resolve) => {
    const server = serve({ fetch, hostname: '127.0.0.1', port: 0 }, (info: AddressInfo) =>
      resolve({ server, url: `http://127.0.0.1:${info.port}` }),
    );
  });
}

/** The API as main.ts serves it: POST /wechat straight from Node, everything else through Hono. */
function listenApi(): Promise<{ server: ServerType; url: string; serve: (app: TestApp) => void }> {
  let listener: RequestListener = (_request, response) => response.writeHead(503).end('starting');
  const server = createServer((request, response) => listener(request, response));
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        server,
        url: `http://127.0.0.1:${port}`,
        serve: (app) => {
          listener = createRequestListener(app.deps, app.app.fetch);
        },
      });
    });
  });
}

function close(server: ServerType): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

export interface Stack {
  sim: ReturnType<typeof createWeChatSim>;
  simUrl: string;
  database: TestDatabase;
  /** API instances, all on `database`; the first one receives the simulator's webhook posts. */
  apps: TestApp[];
  apiUrl: string;
  close(): Promise<void>;
}

export async function startStack(dialect: DialectName, options: { instances?: number } = {}): Promise<Stack> {
  const api = await listenApi();
  const sim = createWeChatSim({
    appId: SIMULATOR_CREDENTIALS.appId,
    secret: SIMULATOR_CREDENTIALS.secret,
    token: SIMULATOR_CREDENTIALS.token,
    aesKey: SIMULATOR_CREDENTIALS.aesKey,
    webhookUrl: `${api.url}/wechat`,
    // As `npm start` runs it: the API's simulator template ids have titles and labels.
    templates: Object.fromEntries(
      Object.values(SIMULATOR_TEMPLATES).map(({ id, title, labels }) => [id, { title, labels }]),
    ),
  });
  const simServer = await listen(sim.app.fetch);
  const database = await createTestDatabase(dialect);
  const env = {
    PUBLIC_URL: api.url,
    WECHAT_API_BASE: simServer.url,
    WECHAT_OAUTH_BASE: simServer.url,
    // The simulator posts in safe mode (it has an AES key), as with `npm start`.
    WECHAT_MESSAGE_MODE: 'safe',
  };
  const apps: TestApp[] = [];
  for (let i = 0; i < (options.instances ?? 1); i++) {
    apps.push(await createTestApp(dialect, { env, sharedDatabase: database }));
  }
  api.serve(apps[0]!);
  return {
    sim,
    simUrl: simServer.url,
    database,
    apps,
    apiUrl: api.url,
    close: async () => {
      await Promise.all([close(api.server), close(simServer.server)]);
      for (const app of apps) await app.close();
      await database.close();
    },
  };
}

/**
 * A tiny browser: follows redirects by hand, keeping cookies per host, so an OAuth round trip
 * through the simulator behaves as it does in a phone's WeChat browser.
 */
export function createBrowser() {
  const jar = new Map<string, Map<string, string>>();
  const cookiesFor = (url: URL) =>
    [...(jar.get(url.host) ?? new Map()).entries()].map(([k, v]) => `${k}=${v}`).join('; ');
  return {
    /** The Cookie header this browser sends to `url` (to call an API as the logged-in fan). */
    cookieHeader: (url: string) => cookiesFor(new URL(url)),
    async get(start: string, maxRedirects = 10): Promise<{ response: Response; url: string }> {
      let url = new URL(start);
      for (let hop = 0; hop <= maxRedirects; hop++) {
        const response = await fetch(url, { redirect: 'manual', headers: { cookie: cookiesFor(url) } });
        const cookies = jar.get(url.host) ?? new Map<string, string>();
        for (const header of response.headers.getSetCookie()) {
          const [pair] = header.split(';');
          const index = pair!.indexOf('=');
          cookies.set(pair!.slice(0, index).trim(), pair!.slice(index + 1));
        }
        jar.set(url.host, cookies);
        const location = response.headers.get('location');
        if (response.status < 300 || response.status >= 400 || !location)
          return { response, url: url.toString() };
        url = new URL(location, url);
      }
      throw new Error('too many redirects');
    },
  };
}
