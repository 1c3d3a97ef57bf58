import { normalizeQuery } from './normalize.ts';

/** At most this many alternatives per term, the term itself included. */
export const MAX_TERM_ALTERNATIVES = 16;

/** Terms staff consider equivalent, e.g. `['连衣裙', 'dress']`. */
export type SynonymGroup = readonly string[];

/**
 * 'equivalent': every term means the same (连衣裙 = dress). 'broader': the first term covers the
 * others (裙子 ⊃ 连衣裙, 半身裙, 长裙, 短裙): searching it finds them, searching one of them does
 * not find the broader term's other products.
 */
export type SynonymKind = 'equivalent' | 'broader';

export interface SynonymRule {
  kind: SynonymKind;
  terms: readonly string[];
}

/** Build it with `buildSynonymIndex`; an empty index is `buildSynonymIndex([])`. */
export interface SynonymIndex {
  /** Normalised term → every term of its (merged) equivalence group, in first-seen order. */
  equivalents: ReadonlyMap<string, readonly string[]>;
  /** Normalised broader term → its narrower terms, in first-seen order. */
  narrower: ReadonlyMap<string, readonly string[]>;
  /** Every normalised term of every rule. */
  terms: ReadonlySet<string>;
}

const toRule = (rule: SynonymGroup | SynonymRule): SynonymRule =>
  'kind' in rule ? rule : { kind: 'equivalent', terms: rule as SynonymGroup };

const normalizeTerms = (terms: readonly string[]): string[] => [
  ...new Set(terms.map(normalizeQuery).filter((term) => term !== '')),
];

/** Merges equivalence groups that share a term (union-find over group positions). */
function mergeGroups(groups: readonly string[][]): Map<string, readonly string[]> {
  const parent = groups.map((_, i) => i);
  const root = (i: number): number => {
    let r = i;
    while (parent[r] !== r) r = parent[r] as number;
    parent[i] = r;
    return r;
  };
  const firstGroupOf = new Map<string, number>();
  groups.forEach((group, i) => {
    for (const term of group) {
      const other = firstGroupOf.get(term);
      if (other === undefined) firstGroupOf.set(term, i);
      else parent[root(i)] = root(other);
    }
  });
  const merged = new Map<number, string[]>();
  groups.forEach((group, i) => {
    const r = root(i);
    const terms = merged.get(r) ?? [];
    merged.set(r, terms);
    for (const term of group) if (!terms.includes(term)) terms.push(term);
  });
  const index = new Map<string, readonly string[]>();
  for (const terms of merged.values()) {
    if (terms.length < 2) continue;
    const frozen = Object.freeze([...terms]);
    for (const term of terms) index.set(term, frozen);
  }
  return index;
}

/**
 * Indexes synonym rules (a bare array is an equivalence group). Every term is normalised with
 * `normalizeQuery` (so "連衣裙", "Dress" and "ｄｒｅｓｓ" are stored as "连衣裙" and "dress"); empty and
 * duplicate terms are dropped. Equivalence groups sharing a term join into one. Order is
 * deterministic: rules in input order, terms in first-seen order.
 */
export function buildSynonymIndex(rules: readonly (SynonymGroup | SynonymRule)[]): SynonymIndex {
  const groups: string[][] = [];
  const narrower = new Map<string, string[]>();
  const terms = new Set<string>();
  for (const rule of rules.map(toRule)) {
    const normalized = normalizeTerms(rule.terms);
    for (const term of normalized) terms.add(term);
    if (rule.kind === 'equivalent') {
      groups.push(normalized);
      continue;
    }
    const [broader, ...rest] = normalized;
    if (broader === undefined || rest.length === 0) continue;
    const list = narrower.get(broader) ?? [];
    narrower.set(broader, list);
    for (const term of rest) if (!list.includes(term)) list.push(term);
  }
  return { equivalents: mergeGroups(groups), narrower, terms };
}

/**
 * The alternatives for one term: the normalised term itself first, then its equivalents, then every
 * narrower term (through its equivalents too, and theirs in turn) with its equivalents, without
 * duplicates and at most `MAX_TERM_ALTERNATIVES` in all. "裙子" → ["裙子", "连衣裙", "dress", "半身裙",
 * "skirt", …]; "连衣裙" → ["连衣裙", "dress"] (a narrower term never brings its broader one).
 * A term without synonyms gives `[term]`; a term that normalises to nothing gives `[]`.
 */
export function expandTerm(term: string, index: SynonymIndex): string[] {
  const normalized = normalizeQuery(term);
  if (normalized === '') return [];
  const alternatives: string[] = [];
  const add = (text: string): void => {
    if (!alternatives.includes(text)) alternatives.push(text);
  };
  add(normalized);
  for (let i = 0; i < alternatives.length && alternatives.length < MAX_TERM_ALTERNATIVES; i += 1) {
    const current = alternatives[i]!;
    for (const other of index.equivalents.get(current) ?? []) add(other);
    for (const other of index.narrower.get(current) ?? []) add(other);
  }
  return alternatives.slice(0, MAX_TERM_ALTERNATIVES);
}
