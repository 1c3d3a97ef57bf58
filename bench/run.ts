/**
 * `npm run bench -- <name>`: runs one benchmark (or all with no name). Each benchmark measures its
 * subject against a baseline in the same run and prints ratios, never absolute pass/fail timings.
 */
import { runCatalogBench } from './catalog.ts';
import { runCheckoutBench } from './checkout.ts';
import { runSearchBench } from './search.ts';
import { runWebhookBench } from './webhook.ts';

const BENCHMARKS: Record<string, () => Promise<void>> = {
  catalog: runCatalogBench,
  checkout: runCheckoutBench,
  search: runSearchBench,
  webhook: runWebhookBench,
};

const names = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
const selected = names.length > 0 ? names : Object.keys(BENCHMARKS);
for (const name of selected) {
  const bench = BENCHMARKS[name];
  if (!bench) {
    console.error(`unknown benchmark "${name}"; known: ${Object.keys(BENCHMARKS).join(', ')}`);
    process.exit(2);
  }
  await bench();
}
