import { ErrorCodes, type ErrorInfo, type OperationKind } from '../contract.js';
import { formatRule } from './operationError.js';
import { WritableRoots } from './statePath.js';

/** The structural limits the engine can enforce (section 5); absent ones are not checked. */
export interface StateLimits {
  maxOperationsPerUpdate?: number;
  maxPathDepth?: number;
  maxStateBytes?: number;
}

export interface ParsedOperation {
  kind: OperationKind;
  segments: string[];
}

const kinds: readonly string[] = ['set', 'unset', 'inc', 'push', 'pull'];

export function invalid(message: string): ErrorInfo {
  return { code: ErrorCodes.ValidationError, message };
}

function invalidAt(path: string, rule: string, index: number): ErrorInfo {
  return invalid(`${formatRule(path, rule)} (operations[${index}])`);
}

/** Whether an operation object carries a value (`null` is a value; absent or undefined is not). */
export function hasValue(op: { value?: unknown }): boolean {
  return Object.prototype.hasOwnProperty.call(op, 'value') && op.value !== undefined;
}

/** Checks the list and every operation's form before any state is touched, as the C# engine's OperationChecks. */
export function checkOperations(
  operations: unknown,
  limits: StateLimits | undefined,
  allowEmpty = false,
): { error: ErrorInfo } | { parsed: ParsedOperation[] } {
  // An empty list is refused from clients; a member's broadcast may carry one (nothing in that view changed).
  if (!Array.isArray(operations) || (operations.length === 0 && !allowEmpty)) {
    return { error: invalid('operations: an update needs at least one operation') };
  }
  const maxOps = limits?.maxOperationsPerUpdate;
  if (maxOps !== undefined && operations.length > maxOps) {
    return { error: invalid(`operations: ${operations.length} operations exceed the limit of ${maxOps} per update`) };
  }
  const parsed: ParsedOperation[] = [];
  for (let i = 0; i < operations.length; i++) {
    const op: unknown = operations[i];
    if (typeof op !== 'object' || op === null || Array.isArray(op)) {
      return { error: invalid(`operations[${i}]: must be an operation object`) };
    }
    const { path, operation } = op as { path?: unknown; operation?: unknown; value?: unknown };
    if (typeof path !== 'string' || path.length === 0) {
      return { error: invalid(`operations[${i}].path: must be a non-empty string`) };
    }
    const depth = path.split('.').length;
    const maxDepth = limits?.maxPathDepth;
    if (maxDepth !== undefined && depth > maxDepth) {
      const shown = path.length > 200 ? path.slice(0, 200) + '…' : path;
      return { error: invalidAt(shown, `path depth ${depth} exceeds the limit of ${maxDepth}`, i) };
    }
    const segments = path.split('.');
    const empty = segments.findIndex((s) => s.length === 0);
    if (empty >= 0) return { error: invalidAt(path, `path segment ${empty + 1} is empty`, i) };
    if (!(WritableRoots as readonly string[]).includes(segments[0]!)) {
      return {
        error: invalidAt(path, 'the first path segment must be one of characters, actors, items, currentEncounter, pluginData', i),
      };
    }
    if (typeof operation !== 'string' || !kinds.includes(operation)) {
      return {
        error: invalidAt(path, `unknown operation '${String(operation ?? '')}' (expected set, unset, inc, push or pull)`, i),
      };
    }
    const kind = operation as OperationKind;
    const withValue = hasValue(op as { value?: unknown });
    if (kind !== 'unset' && !withValue) return { error: invalidAt(path, `${kind} requires a value`, i) };
    const value = (op as { value?: unknown }).value;
    if (kind === 'inc' && !(typeof value === 'number' && Number.isFinite(value))) {
      return { error: invalidAt(path, 'inc value must be a finite number', i) };
    }
    if (kind === 'unset' && segments.length === 1) {
      return {
        error: invalidAt(
          path,
          segments[0] === 'currentEncounter'
            ? 'a root cannot be unset (set currentEncounter to null to end an encounter)'
            : 'a root cannot be unset',
          i,
        ),
      };
    }
    parsed.push({ kind, segments });
  }
  return { parsed };
}
