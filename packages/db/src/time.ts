/** Current instant as the ISO string both dialects store. */
export function nowIso(): string {
  return new Date().toISOString();
}
