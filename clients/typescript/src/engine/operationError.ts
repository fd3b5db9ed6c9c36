/** An update broke a rule: thrown inside applyOperations and turned into a VALIDATION_ERROR naming the path. */
export class OperationError extends Error {
  constructor(
    readonly path: string,
    readonly rule: string,
  ) {
    super(formatRule(path, rule));
    this.name = 'OperationError';
  }
}

/** `path: rule`, the form of every VALIDATION_ERROR message that names a place. */
export function formatRule(path: string, rule: string): string {
  return path.length === 0 ? rule : `${path}: ${rule}`;
}
