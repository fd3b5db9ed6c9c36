/** Versions travel as decimal integer strings: digits, no sign, no leading zero ("1", never "01"). */
export function parseVersion(text: unknown): number | undefined {
  if (typeof text !== 'string' || !/^(0|[1-9][0-9]*)$/.test(text)) return undefined;
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : undefined;
}

export function formatVersion(version: number): string {
  return String(version);
}

/** Parses a version or throws naming what it is. */
export function requireVersion(text: unknown, what: string): number {
  const version = parseVersion(text);
  if (version === undefined) throw new Error(`${what}: '${String(text)}' is not a version.`);
  return version;
}
