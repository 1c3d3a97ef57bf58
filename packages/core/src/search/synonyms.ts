import { normalizeQuery } from './normalize.ts';

/** At most this many alternatives per term, the term itself included. */
export const MAX_TERM_ALTERNATIVES = 8;

/** Terms staff consider equivalent, e.g. `['连衣裙', '裙子', 'dress']`. */
export type SynonymGroup = readonly string[];

/**
 * Normalised term → every term of its (merged) group, in first-seen order. Build it with
 * `buildSynonymIndex`; an empty index is `buildSynonymIndex([])`.
 */
export type SynonymIndex = ReadonlyMap<string, readonly string[]>;

/**
 * Indexes synonym groups. Every term is normalised with `normalizeQuery` (so "連衣裙", "Dress" and
 * "ｄｒｅｓｓ" are stored as "连衣裙" and "dress"); empty and duplicate terms are dropped. A term that
 * appears in several groups joins them into one group. Order is deterministic: groups in input order,
 * terms in first-seen order.
 */
export function buildSynonymIndex(groups: readonly SynonymGroup[]): SynonymIndex {
  const normalizedGroups = groups.map((group) => group.map(normalizeQuery).filter((term) => term !== ''));
  // Union-find over group positions: groups sharing a term end up with the same root.
  const parent = normalizedGroups.map((_, i) => i);
  const root = (i: number): number => {
    let r = i;
    while (parent[r] !== r) r = parent[r] as number;
    parent[i] = r;
    return r;
  };
  const firstGroupOf = new Map<string, number>();
  normalizedGroups.forEach((group, i) => {
    for (const term of group) {
      const other = firstGroupOf.get(term);
      if (other === undefined) firstGroupOf.set(term, i);
      else parent[root(i)] = root(other);
    }
  });
  const merged = new Map<number, string[]>();
  normalizedGroups.forEach((group, i) => {
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
 * The alternatives for one term: the normalised term itself first, then its synonyms in group order,
 * without duplicates and at most `MAX_TERM_ALTERNATIVES` in all. "dress" → ["dress", "连衣裙", "裙子"].
 * A term without synonyms gives `[term]`; a term that normalises to nothing gives `[]`.
 */
export function expandTerm(term: string, index: SynonymIndex): string[] {
  const normalized = normalizeQuery(term);
  if (normalized === '') return [];
  const group = index.get(normalized) ?? [];
  const alternatives = [normalized, ...group.filter((other) => other !== normalized)];
  return alternatives.slice(0, MAX_TERM_ALTERNATIVES);
}
