// Sums the vitest JSON reports of every workspace into one closing line: "tests: N passed, N failed, N skipped".
// Exits 1 when no test ran at all, so a CI run that silently tested nothing cannot pass.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const roots = ['apps', 'packages'].flatMap((dir) =>
  existsSync(dir) ? readdirSync(dir).map((name) => join(dir, name)) : [],
);
roots.push('tests', 'bench');
let passed = 0;
let failed = 0;
let skipped = 0;
let reports = 0;
for (const root of roots) {
  const file = join(root, 'test-results', 'vitest.json');
  if (!existsSync(file)) continue;
  const report = JSON.parse(readFileSync(file, 'utf8'));
  reports++;
  passed += report.numPassedTests ?? 0;
  failed += report.numFailedTests ?? 0;
  skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
}
console.log(`\n${reports} test reports`);
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(passed === 0 || failed > 0 ? 1 : 0);
