/**
 * The WeChat protocol helpers the simulator uses (signatures, safe-mode crypto, XML), in one place so
 * the rest of the sim does not care where they come from.
 */
export { buildXml, createMessageCrypto, parseWeChatXml, sha1Signature } from '@weshop/wechat';
