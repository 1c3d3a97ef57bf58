/**
 * `npm start`: runs the API and, when no real WeChat credentials are configured outside production,
 * the local WeChat simulator beside it, wired to each other. The two are separate processes because
 * apps never import each other; this launcher only sets their environment and forwards signals.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
if (existsSync(`${root}/.env`)) process.loadEnvFile(`${root}/.env`);
const env = process.env;
const port = Number(env.PORT ?? 3000);
const useSimulator = !env.WECHAT_APPID && env.NODE_ENV !== 'production';
const children: ChildProcess[] = [];

function run(script: string, extraEnv: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, [script], {
    cwd: root,
    env: { ...env, ...extraEnv },
    stdio: 'inherit',
  });
  children.push(child);
  child.on('exit', (code, signal) => {
    // One part stopped: stop the other and leave with its status.
    for (const other of children) if (other !== child && other.exitCode === null) other.kill('SIGTERM');
    process.exitCode = code ?? (signal ? 1 : 0);
  });
  return child;
}

if (useSimulator) {
  const simPort = Number(env.SIM_PORT ?? port + 1);
  const publicHost = env.PUBLIC_URL ? new URL(env.PUBLIC_URL).hostname : 'localhost';
  run('apps/wechat-sim/src/main.ts', {
    SIM_PORT: String(simPort),
    SIM_WEBHOOK_URL: `http://127.0.0.1:${port}/wechat`,
    SIM_SHOP_URL: env.PUBLIC_URL ?? `http://localhost:${port}`,
  });
  run('apps/api/src/main.ts', {
    WECHAT_API_BASE: env.WECHAT_API_BASE ?? `http://127.0.0.1:${simPort}`,
    WECHAT_OAUTH_BASE: env.WECHAT_OAUTH_BASE ?? `http://${publicHost}:${simPort}`,
  });
} else {
  run('apps/api/src/main.ts', {});
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    for (const child of children) if (child.exitCode === null) child.kill(signal);
  });
}
