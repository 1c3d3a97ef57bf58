import { createCipheriv, createDecipheriv, createSecretKey, randomBytes, randomInt } from 'node:crypto';

import { describe, expect, it } from 'vitest';

import { createMessageCrypto, decodeEncodingAesKey, FixedIvCbc, MAX_CIPHERTEXT_BYTES } from './crypto.ts';
import type { MessageCrypto } from './crypto.ts';
import { WeChatProtocolError } from './protocol-errors.ts';
import type { ProtocolErrorReason } from './protocol-errors.ts';
import { parseWeChatXml } from './xml.ts';

// Official vectors A–G, named as in docs/wechat.md#test-vectors.
const ABC_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const A_KEY = 'A'.repeat(43);
const G_KEY = 'kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR';
const ascii = (text: string): Buffer => Buffer.from(text, 'latin1');

const A1_ENCRYPT = 'jn1L23DB+6ELqJ+6bruv21Y6MD7KeIfP82D6gU39rmkgczbWwt5+3bnyg5K55bgVtVzd832WzZGMhkP72vVOfg==';
const A2_PLAIN =
  '<xml><ToUserName><![CDATA[oia2Tj我是中文jewbmiOUlr6X-1crbLOvLw]]></ToUserName><FromUserName><![CDATA[gh_7f083739789a]]></FromUserName><CreateTime>1407743423</CreateTime><MsgType><![CDATA[video]]></MsgType><Video><MediaId><![CDATA[eYJ1MbwPRJtOvIEabaxHs7TX2D-HV71s79GUxqdUkjm6Gs2Ed1KF3ulAOA9H1xG0]]></MediaId><Title><![CDATA[testCallBackReplyVideo]]></Title><Description><![CDATA[testCallBackReplyVideo]]></Description></Video></xml>';
const A2_ENCRYPT =
  'jn1L23DB+6ELqJ+6bruv23M2GmYfkv0xBh2h+XTBOKVKcgDFHle6gqcZ1cZrk3e1qjPQ1F4RsLWzQRG9udbKWesxlkupqcEcW7ZQweImX9+wLMa0GaUzpkycA8+IamDBxn5loLgZpnS7fVAbExOkK5DYHBmv5tptA9tklE/fTIILHR8HLXa5nQvFb3tYPKAlHF3rtTeayNf0QuM+UW/wM9enGIDIJHF7CLHiDNAYxr+r+OrJCmPQyTy8cVWlu9iSvOHPT/77bZqJucQHQ04sq7KZI27OcqpQNSto2OdHCoTccjggX5Z9Mma0nMJBU+jLKJ38YB1fBIz+vBzsYjrTmFQ44YfeEuZ+xRTQwr92vhA9OxchWVINGC50qE/6lmkwWTwGX9wtQpsJKhP+oS7rvTY8+VdzETdfakjkwQ5/Xka042OlUb1/slTwo4RscuQ+RdxSGvDahxAJ6+EAjLt9d8igHngxIbf6YyqqROxuxqIeIch3CssH/LqRs+iAcILvApYZckqmA7FNERspKA5f8GoJ9sv8xmGvZ9Yrf57cExWtnX8aCMMaBropU/1k+hKP5LVdzbWCG0hGwx/dQudYR/eXp3P0XxjlFiy+9DMlaFExWUZQDajPkdPrEeOwofJb';
const C_ENCRYPT =
  'hyzAe4OzmOMbd6TvGdIOO6uBmdJoD0Fk53REIHvxYtJlE2B655HuD0m8KUePWB3+LrPXo87wzQ1QLvbeUgmBM4x6F8PGHQHFVAFmOD2LdJF9FrXpbUAh0B5GIItb52sn896wVsMSHGuPE328HnRGBcrS7C41IzDWyWNlZkyyXwon8T332jisa+h6tEDYsVticbSnyU8dKOIbgU6ux5VTjg3yt+WGzjlpKn6NPhRjpA912xMezR4kw6KWwMrCVKSVCZciVGCgavjIQ6X8tCOp3yZbGpy0VxpAe+77TszTfRd5RJSVO/HTnifJpXgCSUdUue1v6h0EIBYYI1BD1DlD+C0CR8e6OewpusjZ4uBl9FyJvnhvQl+q5rv1ixrcpCumEPo5MJSgM9ehVsNPfUM669WuMyVWQLCzpu9GhglF2PE=';
const C_PLAIN =
  '<xml><ToUserName><![CDATA[gh_10f6c3c3ac5a]]></ToUserName>\n<FromUserName><![CDATA[oyORnuP8q7ou2gfYjqLzSIWZf0rs]]></FromUserName>\n<CreateTime>1409735668</CreateTime>\n<MsgType><![CDATA[text]]></MsgType>\n<Content><![CDATA[abcdteT]]></Content>\n<MsgId>6054768590064713728</MsgId>\n</xml>';
const D_ENCRYPT =
  'mfBCs65c67CeJw22u4VT2TD73q5H06+ocrAIxswCaeZ/d/Lw0msSZFHY0teqgSYiI1zR2gD2DKrB3TIrmX/liNSDrGqS8jSI/WPeKB5VPr7Ezr7gomZAyGCwJSgT1TRFWPfONGJMxuj2nk4faTuspAuVIFQ6SHwZuJBZC7mcJp7Cgr9cUhATQWDbOPaE7ukZBTV2YqyzH+UI2AK+J1S47cE79k1RX8t0hcTz/O0hlK8DGXKnvYv88qKQcI7z4iaajqHfRVZKBNyOODabs+It+ZfM3dWTeFcPgDbGtIEnpt/EDtuuA/zMvtkaKdHdswPnVZQ+xdwbYr3ldGvfT8HlEYEgkgKaThxTFobVlwzu2ZkXCjicbP3xdr15Iq48ObgzPpqYuZ3IEoyggZDKClquk0u0orMck4GTF/XyE8yGzc4=';
const E_ENCRYPT =
  'D7yzvUNAL930rd28wf21s4hvXhz0L6Uit/p2Di6C5DHyYGpEgdBRnKjBec34JwoQXicwaZC7fOVihW80F4VtsdvE//1vr7oAbqjDv8KenVp+ajKYpJnyQ4zMRhIC+a31fCVOMC03FfzV/QuC94kBP55a+Za3sJgvAn+ZbsNqZI5DkyuzkhQN8OBqCzFhizGmy0xpM0MEA4agpvE+RuNO1rhHTtuJB5yltw1FiYzecSXJ+y/D2r81VkRn2eYjh2ltsoyfbDR7Is6ookXIFxTfyeNyeHxMeT4KN5WpCDmSbTcUYrbBUlkGLJ9n/rU8YOywma6G7aTb7KZKOqCxgfoUlYEZPk4FUL/TK7ShriFDMVCLyjQJ15Ob++agDWtcxhfUfe6HIoIpRW8mKNBQiY/Jd1svvuskA1wLef1RTtzKfMpagSCX/laZINmdnX4zrF6kIaR9P4xQrWXbsTFHTYe0Mg==';
const E_PLAIN =
  '<xml><ToUserName><![CDATA[gh_97417a04a28d]]></ToUserName>\n<FromUserName><![CDATA[o9AgO5Kd5ggOC-bXrbNODIiE3bGY]]></FromUserName>\n<CreateTime>1715943329</CreateTime>\n<MsgType><![CDATA[event]]></MsgType>\n<Event><![CDATA[debug_demo]]></Event>\n<debug_str><![CDATA[hello world]]></debug_str>\n</xml>';
const E_REPLY_ENCRYPT =
  'hE8R6mGXHkJJjU72KxzKUd1GEkKJaEZq7vRL8XgK3o+00k8JGq6+pZJUIlTSyhsX+bxIBQ72g3GyvDdIZcr6+3HAZbSvPT9t/o11MI7d6WELwqrGd7jMnV0zv3Zc9Nq7';
const F_ENCRYPT =
  '+qdx1OKCy+5JPCBFWw70tm0fJGb2Jmeia4FCB7kao+/Q5c/ohsOzQHi8khUOb05JCpj0JB4RvQMkUyus8TPxLKJGQqcvZqzDpVzazhZv6JsXUnnR8XGT740XgXZUXQ7vJVnAG+tE8NUd4yFyjPy7GgiaviNrlCTj+l5kdfMuFUPpRSrfMZuMcp3Fn2Pede2IuQrKEYwKSqFIZoNqJ4M8EajAsjLY2km32IIjdf8YL/P50F7mStwntrA2cPDrM1kb6mOcfBgRtWygb3VIYnSeOBrebufAlr7F9mFUPAJGj04=';
const F_PLAIN =
  '{"ToUserName":"gh_97417a04a28d","FromUserName":"o9AgO5Kd5ggOC-bXrbNODIiE3bGY","CreateTime":1714112445,"MsgType":"event","Event":"debug_demo","debug_str":"hello world"}';
const G_DECRYPT =
  'RgqEoJj5A4EMYlLvWO1F86ioRjZfaex/gePD0gOXTxpsq5Yj4GNglrBb8I2BAJVODGajiFnXBu7mCPatfjsu6IHCrsTyeDXzF6Bv283dGymzxh6ydJRvZsryDyZbLTE7rhnus50qGPMfp2wASFlzEgMW9z1ef/RD8XzaFYgm7iTdaXpXaG4+BiYyolBug/gYNx410cvkKR2/nPwBiT+P4hIiOAQqGp/TywZBtDh1yCF2KOd0gpiMZ5jSw3e29mTvmUHzkVQiMS6td7vXUaWOMZnYZlF3So2SjHnwh4jYFxdgpkHHqIrH/54SNdshoQgWYEvccTKe7FS709/5t6NMxuGhcUGAPOQipvWTT4dShyqio7mlsl5noTrb++x6En749zCpQVhDpbV6GDnTbcX2e8K9QaNWHp91eBdCRxthuL0=';
const G_PLAIN =
  '<xml>\n<MsgType><![CDATA[text]]></MsgType>\n<Content><![CDATA[test]]></Content>\n<FromUserName><![CDATA[wx49f0ab532d5d035a]]></FromUserName>\n<ToUserName><![CDATA[messense]]></ToUserName>\n<AgentID>1</AgentID>\n<CreateTime>1411525903</CreateTime>\n</xml>';
const G_ENCRYPT =
  '9s4gMv99m88kKTh/H8IdkOiMg6bisoy3ypwy9H4hvSPe9nsGaqyw5hhSjdYbcrKk+j3nba4HMOTzHrluLBYqxgNcBqGsL8GqxlhZgURnAtObvesEl5nZ+uBE8bviY0LWke8Zy9V/QYKxNV2FqllNXcfmstttyIkMKCCmVbCFM2JTF5wY0nFhHZSjPUL2Q1qvSUCUld+/WIXrx0oyKQmpB6o8NRrrNrsDf03oxI1p9FxUgMnwKKZeOA/uu+2IEvEBtb7muXsVbwbgX05UPPJvFurDXafG0RQyPR+mf1nDnAtQmmNOuiR5MIkdQ39xn1vWwi1O5oazPoQJz0nTYjxxEE8kv3kFxtAGVRe3ypD3WeK2XeFYFMNMpatF9XiKzHo3';

const vectorA = createMessageCrypto({ appId: 'wxb11529c136998cb6', token: 'pamtest', aesKey: ABC_KEY });
const sample = createMessageCrypto({ appId: 'wx2c2769f8efd9abc2', token: 'spamtest', aesKey: ABC_KEY });
const platform = createMessageCrypto({ appId: 'wx134c8103faa5a59e', token: 'AAAAA', aesKey: A_KEY });
const miniProgram = createMessageCrypto({ appId: 'wxba5fad812f8e6fb9', token: 'AAAAA', aesKey: A_KEY });
const wecom = createMessageCrypto({ appId: 'wx49f0ab532d5d035a', token: '123456', aesKey: G_KEY });

function reasonOf(run: () => unknown): ProtocolErrorReason | 'no error' {
  try {
    run();
  } catch (error) {
    if (error instanceof WeChatProtocolError) return error.reason;
    throw error;
  }
  return 'no error';
}

/** Encrypts hand-made plaintext blocks (no padding added) to build malformed ciphertexts. */
function rawEncrypt(aesKey: string, plain: Buffer): string {
  const key = decodeEncodingAesKey(aesKey);
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(plain), cipher.final()]).toString('base64');
}

function layout(message: Buffer, appId: string, msgLen = message.length): Buffer {
  return layoutWith(ascii('0123456789abcdef'), message, appId, msgLen);
}

function layoutWith(random: Buffer, message: Buffer, appId: string, msgLen = message.length): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(msgLen, 0);
  const body = Buffer.concat([random, length, message, ascii(appId)]);
  const pad = 32 - (body.length % 32);
  return Buffer.concat([body, Buffer.alloc(pad, pad)]);
}

describe('decodeEncodingAesKey', () => {
  it('decodes 43 characters to 32 bytes', () => {
    expect(decodeEncodingAesKey(A_KEY)).toEqual(Buffer.alloc(32));
    expect(decodeEncodingAesKey(ABC_KEY)).toHaveLength(32);
  });

  it.each([
    '',
    'A'.repeat(42),
    'A'.repeat(44),
    `${'A'.repeat(42)}+`,
    `${'A'.repeat(42)}/`,
    `${'A'.repeat(42)}=`,
  ])('refuses %j with CONFIG_INVALID', (key) => {
    expect(reasonOf(() => decodeEncodingAesKey(key))).toBe('CONFIG_INVALID');
  });
});

describe('createMessageCrypto config', () => {
  it.each([
    ['empty appId', { appId: '', token: 't', aesKey: A_KEY }],
    ['empty token', { appId: 'wx1', token: '', aesKey: A_KEY }],
    ['empty aesKey', { appId: 'wx1', token: 't', aesKey: '' }],
    ['bad previous key', { appId: 'wx1', token: 't', aesKey: A_KEY, previousAesKey: 'short' }],
  ])('refuses %s with CONFIG_INVALID', (_name, options) => {
    expect(reasonOf(() => createMessageCrypto(options))).toBe('CONFIG_INVALID');
  });
});

const B_KEY = 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C';
const weComB = createMessageCrypto({ appId: 'wx5823bf96d3bd56c7', token: 'QDG6eK', aesKey: B_KEY });
const B_ECHOSTR = 'P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==';
const G_ECHOSTR = '4ByGGj+sVCYcvGeQYhaKIk1o0pQRNbRjxybjTGblXrBaXlTXeOo1+bXFXDQQb1o6co6Yh9Bv41n7hOchLF6p+Q==';

interface PushVector {
  name: string;
  crypto: MessageCrypto;
  encrypted: string;
  /** Expected plaintext when the source gives it byte for byte. */
  plaintext?: string;
  /** The 16 random bytes the source used, when it gives them. */
  random?: string;
  signed?: [timestamp: string, nonce: string, msgSignature: string];
}

const PUSHES: PushVector[] = [
  {
    name: 'A1',
    crypto: vectorA,
    encrypted: A1_ENCRYPT,
    plaintext: '我是中文abcd123',
    random: 'aaaabbbbccccdddd',
  },
  { name: 'A2', crypto: vectorA, encrypted: A2_ENCRYPT, plaintext: A2_PLAIN, random: 'aaaabbbbccccdddd' },
  {
    name: 'B (WeCom echostr)',
    crypto: weComB,
    encrypted: B_ECHOSTR,
    plaintext: '1616140317555161061',
    signed: ['1409659589', '263014780', '5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3'],
  },
  {
    name: 'C (Python sample, untrimmed)',
    crypto: sample,
    encrypted: C_ENCRYPT,
    plaintext: C_PLAIN,
    random: '89465c840c5f116f',
    signed: ['1409735669', '1320562132', '5d197aaffba7e9b25a30732f161a50dee96bd5fa'],
  },
  {
    name: 'D (C++ sample)',
    crypto: sample,
    encrypted: D_ENCRYPT,
    random: '78b55f1d91440c6b',
    signed: ['1410349438', '298025754', '003fee52ecc56afb46c00b5c7721be87860ce785'],
  },
  {
    name: 'E (third-party platform)',
    crypto: platform,
    encrypted: E_ENCRYPT,
    plaintext: E_PLAIN,
    random: '1205899eaf019bbd',
    signed: ['1715943329', '1590219412', '6c12a4205838198b8fa631b3220723bb07f1015c'],
  },
  {
    name: 'F (JSON push)',
    crypto: miniProgram,
    encrypted: F_ENCRYPT,
    plaintext: F_PLAIN,
    random: 'a8eedb185eb2fecf',
    signed: ['1714112445', '415670741', '046e02f8204d34f8ba5fa3b1db94908f3df2e9b3'],
  },
  {
    name: 'G (wechatpy echostr)',
    crypto: wecom,
    encrypted: G_ECHOSTR,
    plaintext: '5927782489442352469',
    signed: ['1411443780', '437374425', 'dd6b9c95b495b3f7e2901bfbc76c664930ffdb96'],
  },
  {
    name: 'G (wechatpy message)',
    crypto: wecom,
    encrypted: G_DECRYPT,
    signed: ['1411525903', '461056294', '74d92dfeb87ba7c714f89d98870ae5eb62dff26d'],
  },
];

const REPLIES = [
  {
    name: 'E',
    crypto: platform,
    xml: '<xml><demo_resp>[CDATA[good luck]]</demo_resp></xml>',
    random: '999951349e8ee746',
    at: { timestamp: '1713424427', nonce: '415670741' },
    encrypted: E_REPLY_ENCRYPT,
    msgSignature: '03e0812039325c2712ef5f0f980fd14c70d6e307',
  },
  {
    name: 'F',
    crypto: miniProgram,
    xml: '{"demo_resp":"good luck"}',
    random: '707722b803182950',
    at: { timestamp: '1713424427', nonce: '415670741' },
    encrypted: 'ELGduP2YcVatjqIS+eZbp80MNLoAUWvzzyJxgGzxZO/5sAvd070Bs6qrLARC9nVHm48Y4hyRbtzve1L32tmxSQ==',
    msgSignature: '1b9339964ed2e271e7c7b6ff2b0ef902fc94dea1',
  },
  {
    name: 'G',
    crypto: wecom,
    xml: G_PLAIN,
    random: '1234567890123456',
    at: { timestamp: '1411525903', nonce: '461056294' },
    encrypted: G_ENCRYPT,
    msgSignature: '407518b7649e86ef23978113f92d27afa9296533',
  },
];

describe('official vectors', () => {
  it.each(PUSHES.filter((vector) => vector.signed))(
    '$name: sign and verify match msg_signature',
    (vector) => {
      const [timestamp, nonce, msgSignature] = vector.signed!;
      expect(vector.crypto.sign(timestamp, nonce, vector.encrypted)).toBe(msgSignature);
      expect(vector.crypto.verify(timestamp, nonce, vector.encrypted, msgSignature)).toBe(true);
    },
  );

  it.each(PUSHES)('$name: decrypts with the current key', (vector) => {
    const decrypted = vector.crypto.decrypt(vector.encrypted);
    expect(decrypted.keyIndex).toBe(0);
    if (vector.plaintext !== undefined) expect(decrypted.plaintext).toBe(vector.plaintext);
  });

  it.each(PUSHES.filter((vector) => vector.random))('$name: re-encrypts byte for byte', (vector) => {
    const { plaintext } = vector.crypto.decrypt(vector.encrypted);
    expect(vector.crypto.encrypt(plaintext, ascii(vector.random!))).toBe(vector.encrypted);
  });

  it('D and G: decrypted messages carry the documented fields (msg_len in UTF-8 bytes)', () => {
    const d = sample.decrypt(D_ENCRYPT).plaintext;
    expect(Buffer.byteLength(d)).toBe(280);
    expect(parseWeChatXml(d)).toMatchObject({
      Content: 'abcdteT',
      CreateTime: '1410349438',
      MsgId: '6057404712141979648',
    });
    const g = parseWeChatXml(wecom.decrypt(G_DECRYPT).plaintext);
    expect(g).toMatchObject({
      Content: 'test',
      FromUserName: 'messense',
      MsgId: '4363689963896700987',
      AgentID: '1',
    });
  });

  it.each(REPLIES)('$name: encryptReply builds the documented envelope', (vector) => {
    const reply = vector.crypto.encryptReply(vector.xml, { ...vector.at, random: ascii(vector.random) });
    expect(reply).toBe(
      `<xml><Encrypt><![CDATA[${vector.encrypted}]]></Encrypt>` +
        `<MsgSignature><![CDATA[${vector.msgSignature}]]></MsgSignature>` +
        `<TimeStamp>${vector.at.timestamp}</TimeStamp><Nonce><![CDATA[${vector.at.nonce}]]></Nonce></xml>`,
    );
  });
});

describe('round trips and key rotation', () => {
  it.each(['', 'a', 'x'.repeat(12), '中文 emoji 😀 ]]> <script>', 'y'.repeat(100_000)])(
    'round-trips %#',
    (text) => {
      expect(platform.decrypt(platform.encrypt(text)).plaintext).toBe(text);
    },
  );

  it('uses fresh random bytes by default', () => {
    expect(platform.encrypt('same')).not.toBe(platform.encrypt('same'));
  });

  it('never repeats the random prefix, also across refills of the random pool', () => {
    // The IV is fixed, so the first cipher block differs exactly when the 16 random bytes do.
    const firstBlocks = new Set(
      Array.from({ length: 600 }, () =>
        Buffer.from(platform.encrypt('same'), 'base64').subarray(0, 16).toString('hex'),
      ),
    );
    expect(firstBlocks.size).toBe(600);
  });

  it('decrypts a message under the previous key with keyIndex 1 and replies with that key', () => {
    const oldAccount = createMessageCrypto({ appId: 'wx134c8103faa5a59e', token: 'AAAAA', aesKey: ABC_KEY });
    const rotated = createMessageCrypto({
      appId: 'wx134c8103faa5a59e',
      token: 'AAAAA',
      aesKey: G_KEY,
      previousAesKey: ABC_KEY,
    });
    expect(rotated.decrypt(oldAccount.encrypt('hello'))).toEqual({ plaintext: 'hello', keyIndex: 1 });
    expect(rotated.decrypt(rotated.encrypt('hi'))).toEqual({ plaintext: 'hi', keyIndex: 0 });
    const envelope = parseWeChatXml(
      rotated.encryptReply('<xml/>', { timestamp: '1', nonce: 'n', keyIndex: 1 }),
    );
    expect(oldAccount.decrypt(String(envelope['Encrypt'])).plaintext).toBe('<xml/>');
    expect(rotated.verify('1', 'n', String(envelope['Encrypt']), envelope['MsgSignature'])).toBe(true);
  });

  it('refuses keyIndex 1 without a previous key', () => {
    expect(reasonOf(() => platform.encryptReply('<xml/>', { timestamp: '1', nonce: 'n', keyIndex: 1 }))).toBe(
      'CONFIG_INVALID',
    );
  });

  it('refuses a random that is not 16 bytes and a non-digit timestamp', () => {
    expect(() => platform.encrypt('x', Buffer.alloc(8))).toThrow(RangeError);
    expect(() => platform.encryptReply('x', { timestamp: '1<x/>', nonce: 'n' })).toThrow(RangeError);
  });
});

describe('one cipher context per key, reused across messages', () => {
  /** What a fresh context gives: the reference the reused contexts must match, message after message. */
  function freshDecrypt(aesKey: string, encrypted: string): Buffer {
    const key = decodeEncodingAesKey(aesKey);
    const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
    decipher.setAutoPadding(false);
    return Buffer.concat([decipher.update(Buffer.from(encrypted, 'base64')), decipher.final()]);
  }

  it('matches a fresh context for interleaved messages of every size, also after refused ones', () => {
    const account = createMessageCrypto({
      appId: 'wx134c8103faa5a59e',
      token: 'AAAAA',
      aesKey: G_KEY,
      previousAesKey: A_KEY,
    });
    const old = createMessageCrypto({ appId: 'wx134c8103faa5a59e', token: 'AAAAA', aesKey: A_KEY });
    for (let step = 0; step < 400; step++) {
      const text = '消息'.repeat(randomInt(0, 40)) + 'x'.repeat(randomInt(0, 70));
      const random = randomBytes(16);
      const encrypted = account.encrypt(text, random);
      // The ciphertext is exactly what a fresh context makes of the same plaintext.
      expect(encrypted).toBe(rawEncrypt(G_KEY, layoutWith(random, Buffer.from(text), 'wx134c8103faa5a59e')));
      expect(
        freshDecrypt(G_KEY, encrypted)
          .subarray(20, 20 + Buffer.byteLength(text))
          .toString(),
      ).toBe(text);
      switch (step % 4) {
        case 0:
          expect(account.decrypt(encrypted)).toEqual({ plaintext: text, keyIndex: 0 });
          break;
        case 1:
          // Under the previous key: the current key's context fails first, then the previous one's.
          expect(account.decrypt(old.encrypt(text))).toEqual({ plaintext: text, keyIndex: 1 });
          break;
        case 2:
          expect(
            reasonOf(() => account.decrypt(rawEncrypt(G_KEY, randomBytes(16 * randomInt(1, 9))))),
          ).toMatch(/^CRYPTO_/);
          break;
        default:
          expect(reasonOf(() => account.decrypt(`${encrypted}=`))).toBe('CRYPTO_BAD_BASE64');
      }
    }
  });

  it('FixedIvCbc gives what a fresh context gives, in both directions, block for block', () => {
    const key = decodeEncodingAesKey(G_KEY);
    const iv = key.subarray(0, 16);
    const secret = createSecretKey(key);
    const encryptor = new FixedIvCbc(secret, iv, 'encrypt');
    const decryptor = new FixedIvCbc(secret, iv, 'decrypt');
    const fresh = (make: typeof createCipheriv | typeof createDecipheriv, input: Buffer) => {
      const context = make('aes-256-cbc', key, iv);
      context.setAutoPadding(false);
      return Buffer.concat([context.update(input), context.final()]);
    };
    for (let step = 0; step < 200; step++) {
      const input = randomBytes(16 * randomInt(1, 12));
      const copy = Buffer.from(input);
      expect(encryptor.run(input).equals(fresh(createCipheriv, input))).toBe(true);
      expect(decryptor.run(input).equals(fresh(createDecipheriv, input))).toBe(true);
      expect(input.equals(copy)).toBe(true);
      if (step % 50 === 0) expect(() => decryptor.run(randomBytes(15))).toThrow(RangeError);
    }
  });

  it('a reply encrypted after other work decrypts with a fresh context', () => {
    platform.encrypt('warm the context up');
    platform.decrypt(platform.encrypt('and again'));
    const envelope = parseWeChatXml(platform.encryptReply('<xml>ok</xml>', { timestamp: '1', nonce: 'n' }));
    const plain = freshDecrypt(A_KEY, String(envelope['Encrypt']));
    expect(plain.subarray(20, 33).toString()).toBe('<xml>ok</xml>');
  });
});

describe('decrypt hardening', () => {
  it.each([
    ['characters outside base64', 'abc$abc$'],
    ['misplaced padding', 'ab=cabcd'],
    ['a length that is not a multiple of 4', 'abcde'],
    ['embedded whitespace', `${C_ENCRYPT.slice(0, 40)} ${C_ENCRYPT.slice(41)}`],
    ['url-safe alphabet', C_ENCRYPT.replaceAll('+', '-')],
  ])('rejects %s as CRYPTO_BAD_BASE64', (_name, encrypted) => {
    expect(reasonOf(() => platform.decrypt(encrypted))).toBe('CRYPTO_BAD_BASE64');
  });

  it('rejects a non-string as CRYPTO_BAD_BASE64', () => {
    expect(reasonOf(() => platform.decrypt(42 as unknown as string))).toBe('CRYPTO_BAD_BASE64');
  });

  it.each([
    ['an empty ciphertext', ''],
    ['20 bytes', Buffer.alloc(20).toString('base64')],
    ['15 bytes', Buffer.alloc(15).toString('base64')],
    ['more than 2 MB', 'A'.repeat(Math.ceil(MAX_CIPHERTEXT_BYTES / 3) * 4 + 4)],
  ])('rejects %s as CRYPTO_BAD_LENGTH', (_name, encrypted) => {
    expect(reasonOf(() => platform.decrypt(encrypted))).toBe('CRYPTO_BAD_LENGTH');
  });

  it.each([
    ['pad byte 0', 0],
    ['pad byte 33', 33],
    ['pad byte 255', 255],
  ])('rejects %s as CRYPTO_BAD_PADDING', (_name, lastByte) => {
    const plain = layout(ascii('hello'), 'wx134c8103faa5a59e');
    plain[plain.length - 1] = lastByte;
    expect(reasonOf(() => platform.decrypt(rawEncrypt(A_KEY, plain)))).toBe('CRYPTO_BAD_PADDING');
  });

  it('rejects inconsistent padding bytes as CRYPTO_BAD_PADDING', () => {
    const plain = layout(ascii('hello'), 'wx134c8103faa5a59e');
    plain[plain.length - 2] = (plain[plain.length - 1] ?? 0) + 1;
    expect(reasonOf(() => platform.decrypt(rawEncrypt(A_KEY, plain)))).toBe('CRYPTO_BAD_PADDING');
  });

  it.each([
    ['msg_len 0xFFFFFFFF', 0xffffffff],
    ['msg_len one past the data', 'hello'.length + 'wx134c8103faa5a59e'.length + 1],
  ])('rejects %s as CRYPTO_BAD_MSG_LEN', (_name, msgLen) => {
    const plain = layout(ascii('hello'), 'wx134c8103faa5a59e', msgLen);
    expect(reasonOf(() => platform.decrypt(rawEncrypt(A_KEY, plain)))).toBe('CRYPTO_BAD_MSG_LEN');
  });

  it('rejects a block too short to hold msg_len as CRYPTO_BAD_MSG_LEN', () => {
    const plain = Buffer.concat([ascii('0123456789abcdef'), Buffer.alloc(16, 16)]);
    expect(reasonOf(() => platform.decrypt(rawEncrypt(A_KEY, plain)))).toBe('CRYPTO_BAD_MSG_LEN');
  });

  it("rejects another account's message as CRYPTO_APPID_MISMATCH", () => {
    const other = createMessageCrypto({ appId: 'wx0000000000000000', token: 'AAAAA', aesKey: A_KEY });
    expect(reasonOf(() => platform.decrypt(other.encrypt('<xml/>')))).toBe('CRYPTO_APPID_MISMATCH');
    expect(reasonOf(() => sample.decrypt(A1_ENCRYPT))).toBe('CRYPTO_APPID_MISMATCH');
  });

  it('rejects invalid UTF-8 as CRYPTO_DECRYPT_FAILED', () => {
    const plain = layout(Buffer.from([0xff, 0xfe, 0x41]), 'wx134c8103faa5a59e');
    expect(reasonOf(() => platform.decrypt(rawEncrypt(A_KEY, plain)))).toBe('CRYPTO_DECRYPT_FAILED');
  });

  it('rejects a message under an unknown key with a crypto reason', () => {
    const stranger = createMessageCrypto({ appId: 'wx134c8103faa5a59e', token: 'AAAAA', aesKey: G_KEY });
    const reason = reasonOf(() => platform.decrypt(stranger.encrypt('hello', ascii('0123456789abcdef'))));
    expect(reason).toMatch(/^CRYPTO_/);
  });

  it('verify never throws on odd input', () => {
    expect(platform.verify('1', 'n', 'x', undefined)).toBe(false);
    expect(platform.verify(1 as unknown as string, 'n', 'x', 'a'.repeat(40))).toBe(false);
  });
});
