/**
 * Generates packages/core/src/search/t2s-table.ts: single-character traditional → simplified Chinese
 * mappings used by `toSimplified` (search normalisation), derived from the opencc-js devDependency.
 *
 * Run from the repository root: `node packages/core/scripts/build-t2s.ts`
 *
 * How: every code point of the CJK Unified Ideographs block, Extension A and Extensions B–F is converted
 * on its own with OpenCC's standard traditional → mainland converter (`from: 't'`), and the ones that
 * change into exactly one other character are kept. Hong Kong and Taiwan variant forms (`from: 'hk'`,
 * `from: 'tw'`) are added when the standard converter leaves a character alone, unless that character
 * is itself in everyday simplified use (`KEEP`, or any simplified output of the standard table).
 * `OVERRIDES` fixes the few single-character choices that are wrong for a shop. Mappings are resolved
 * to a fixed point, so applying the table twice changes nothing.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as OpenCC from 'opencc-js';

type Convert = (text: string) => string;

const RANGES: readonly (readonly [number, number])[] = [
  [0x3400, 0x4dbf], // Extension A
  [0x4e00, 0x9fff], // CJK Unified Ideographs
  [0x20000, 0x2ebef], // Extensions B–F
];

/** Characters the regional converters would change but simplified Chinese also writes (著名). */
const KEEP = new Set(['著']);

/** Shop-relevant fixes: 鍊 is mostly 项链/手链 (chains) in a shop, not 锻炼. */
const OVERRIDES: ReadonlyMap<string, string> = new Map([['鍊', '链']]);

const PAIRS_PER_LINE = 24;

function singleCharMappings(convert: Convert): Map<string, string> {
  const result = new Map<string, string>();
  for (const [start, end] of RANGES) {
    for (let cp = start; cp <= end; cp += 1) {
      const char = String.fromCodePoint(cp);
      const converted = convert(char);
      if (converted !== char && [...converted].length === 1) result.set(char, converted);
    }
  }
  return result;
}

function buildTable(): Map<string, string> {
  const standard = singleCharMappings(OpenCC.Converter({ from: 't', to: 'cn' }) as Convert);
  const simplifiedOutputs = new Set(standard.values());
  const table = new Map(standard);
  for (const from of ['hk', 'tw']) {
    const regional = singleCharMappings(OpenCC.Converter({ from, to: 'cn' }) as Convert);
    for (const [char, simplified] of regional) {
      if (table.has(char) || KEEP.has(char) || simplifiedOutputs.has(char)) continue;
      table.set(char, simplified);
    }
  }
  for (const [char, simplified] of OVERRIDES) table.set(char, simplified);
  // Resolve chains (a → b → c) so the table is idempotent.
  for (const [char, simplified] of table) {
    let target = simplified;
    const seen = new Set([char]);
    while (table.has(target) && !seen.has(target)) {
      seen.add(target);
      target = table.get(target) ?? target;
    }
    if (target === char) table.delete(char);
    else table.set(char, target);
  }
  return new Map([...table].sort(([a], [b]) => (a.codePointAt(0) ?? 0) - (b.codePointAt(0) ?? 0)));
}

function render(table: Map<string, string>): string {
  const pairs = [...table].map(([from, to]) => from + to);
  const lines: string[] = [];
  for (let i = 0; i < pairs.length; i += PAIRS_PER_LINE) {
    lines.push(`  '${pairs.slice(i, i + PAIRS_PER_LINE).join('')}',`);
  }
  return [
    '// GENERATED FILE, do not edit by hand.',
    `// Made by packages/core/scripts/build-t2s.ts from opencc-js (OpenCC dictionaries, Apache-2.0):`,
    '// single-character traditional → simplified Chinese mappings (standard, plus Hong Kong and Taiwan',
    `// variant forms), ${table.size} pairs. Each pair is two characters: traditional then simplified.`,
    '// Regenerate: node packages/core/scripts/build-t2s.ts',
    'export const T2S_PAIRS: string = [',
    ...lines,
    "].join('');",
    '',
  ].join('\n');
}

const table = buildTable();
const target = join(import.meta.dirname, '..', 'src', 'search', 't2s-table.ts');
writeFileSync(target, render(table));
console.warn(`wrote ${table.size} pairs to ${target}`);
