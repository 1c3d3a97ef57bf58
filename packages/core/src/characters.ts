/**
 * Characters no staff- or fan-written text keeps (docs/bad-inputs.md): C0 controls other than tab,
 * line feed and carriage return, DEL and the C1 controls (NEL…), the bidirectional overrides and
 * isolates that make text display in another order than it is stored (U+202A–U+202E, U+2066–U+2069),
 * and lone surrogates (half an emoji, which no UTF-8 database column or WeChat field can carry).
 */
export const FORBIDDEN_IN_TEXT =
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]|\p{Cs}/u;
