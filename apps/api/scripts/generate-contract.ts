/**
 * `npm run contract`: regenerates packages/core/src/contract/openapi.d.ts from the API's OpenAPI
 * document (see contract.ts). Run it after changing a route or a request/response schema, and commit
 * the result with the change.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { CONTRACT_FILE, renderContract } from './contract.ts';

const next = await renderContract();
let current = '';
try {
  current = readFileSync(CONTRACT_FILE, 'utf8');
} catch {
  // first generation
}
const name = relative(process.cwd(), CONTRACT_FILE);
if (current === next) {
  process.stdout.write(`${name} is up to date\n`);
} else {
  writeFileSync(CONTRACT_FILE, next);
  process.stdout.write(`wrote ${name}\n`);
}
