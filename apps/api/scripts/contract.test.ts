import { readFileSync } from 'node:fs';
import type { OpenAPI3 } from 'openapi-typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { CONTRACT_FILE, loadOpenApiDocument, renderContract } from './contract.ts';

/** Where two texts first differ, as a short message instead of a diff of two 3,000-line strings. */
function firstDifference(expected: string, actual: string): string {
  const a = expected.split('\n');
  const b = actual.split('\n');
  const line = Math.max(
    a.findIndex((text, i) => text !== b[i]),
    0,
  );
  return `first difference at line ${line + 1}:\n  checked in: ${a[line] ?? '(end of file)'}\n  generated:  ${b[line] ?? '(end of file)'}`;
}

describe('the generated API contract (packages/core/src/contract/openapi.d.ts)', () => {
  let document: OpenAPI3;
  let checkedIn: string;
  beforeAll(async () => {
    document = await loadOpenApiDocument();
    checkedIn = readFileSync(CONTRACT_FILE, 'utf8');
  });

  it('is what npm run contract writes for the API as it is', async () => {
    const generated = await renderContract(document);
    if (generated !== checkedIn) {
      expect.fail(
        'packages/core/src/contract/openapi.d.ts does not match the API’s routes and schemas: ' +
          `run npm run contract and commit the result.\n${firstDifference(checkedIn, generated)}`,
      );
    }
  });

  it('differs when a response schema changes', async () => {
    const changed = structuredClone(document);
    const shopOrder = changed.components?.schemas?.ShopOrder as { properties: Record<string, unknown> };
    shopOrder.properties.giftWrap = { type: 'boolean' };
    const generated = await renderContract(changed);
    expect(generated).not.toBe(checkedIn);
    expect(generated).toContain('giftWrap?: boolean;');
  });
});
