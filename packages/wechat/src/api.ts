// The WeChat server API: errors, token keeping, the client and web OAuth. Test helpers live in ./testing/.
export * from './api-errors.ts';
export * from './token.ts';
export * from './client.ts';
export * from './oauth.ts';
