// Barrel of the WeChat wire protocol: signatures, safe-mode crypto, XML, messages, replies, JS-SDK.
export * from './protocol-errors.ts';
export * from './signature.ts';
export * from './crypto.ts';
export * from './xml.ts';
export * from './messages.ts';
export * from './replies.ts';
export * from './jssdk.ts';
