/** The roots an operation may write (section 6). */
export const WritableRoots = ['characters', 'actors', 'items', 'currentEncounter', 'pluginData'] as const;

/**
 * An array index segment: digits, "0" or without a leading zero. Indices beyond any array come back as
 * Number.MAX_SAFE_INTEGER (out of range for every array); anything else is undefined.
 */
export function parseIndex(segment: string): number | undefined {
  if (!/^(0|[1-9][0-9]*)$/.test(segment)) return undefined;
  const value = Number(segment);
  return Number.isSafeInteger(value) ? value : Number.MAX_SAFE_INTEGER;
}

export function prefix(segments: readonly string[], count: number): string {
  return segments.slice(0, count).join('.');
}
