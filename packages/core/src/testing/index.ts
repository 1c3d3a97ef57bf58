export * from './fake-fetch.ts';
export * from './random.ts';
