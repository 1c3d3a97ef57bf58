/** The Node version check that runs before `npm ci`, `npm start`, `npm test` (scripts/check-node.cjs). */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const script = `${root}/scripts/check-node.cjs`;
const checkNode = createRequire(import.meta.url)(script) as {
  SUPPORTED: string;
  RECOMMENDED: number;
  isSupported(version: string): boolean;
  problem(version: string): string | null;
};

describe('check-node', () => {
  it.each(['v22.18.0', 'v22.20.1', 'v23.6.0', 'v24.0.0', 'v24.11.1', 'v26.1.0', 'v100.0.0'])(
    'accepts %s',
    (version) => {
      expect(checkNode.isSupported(version)).toBe(true);
      expect(checkNode.problem(version)).toBeNull();
    },
  );

  // Below 22.18 (and 23.6) Node does not run .ts files without a flag.
  it.each(['v8.17.0', 'v18.20.4', 'v20.20.2', 'v21.7.3', 'v22.12.0', 'v22.17.1', 'v23.5.0'])(
    'refuses %s with one line saying what to install',
    (version) => {
      expect(checkNode.isSupported(version)).toBe(false);
      const message = checkNode.problem(version)!;
      expect(message).not.toContain('\n');
      expect(message).toContain(`this is Node ${version}`);
      expect(message).toContain('Install Node 24');
      expect(message).toContain('.nvmrc');
    },
  );

  it('compares numerically, not as text', () => {
    expect(checkNode.isSupported('v22.9.0')).toBe(false);
    expect(checkNode.isSupported('v22.100.0')).toBe(true);
  });

  it('agrees with package.json engines and .nvmrc', () => {
    const pkg = JSON.parse(readFileSync(`${root}/package.json`, 'utf8')) as { engines: { node: string } };
    expect(pkg.engines.node).toBe(checkNode.SUPPORTED);
    expect(readFileSync(`${root}/.nvmrc`, 'utf8').trim()).toBe(String(checkNode.RECOMMENDED));
  });

  it('exits quietly on this Node', () => {
    expect(execFileSync(process.execPath, [script], { encoding: 'utf8', stdio: 'pipe' })).toBe('');
  });
});
