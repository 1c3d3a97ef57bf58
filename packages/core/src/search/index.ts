// Product search rules shared by the chat reply, the shop API and the admin (see README.md).
export * from './normalize.ts';
export * from './t2s.ts';
export * from './tokenize.ts';
export * from './contains.ts';
export * from './segment.ts';
export * from './pinyin.ts';
export * from './fuzzy.ts';
export * from './synonyms.ts';
export * from './vocabulary.ts';
export * from './plan.ts';
export * from './rank.ts';
