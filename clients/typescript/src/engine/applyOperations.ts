import type { ErrorInfo, GameState, JsonValue, StateOperation } from '../contract.js';
import {
  MaxWrittenDepth,
  cloneJson,
  copyValue,
  hasKey,
  isObject,
  kindName,
  pullMatches,
  putKey,
} from './jsonValues.js';
import { checkOperations, invalid, type ParsedOperation, type StateLimits } from './operationChecks.js';
import { OperationError } from './operationError.js';
import { checkShape } from './stateShape.js';
import { parseIndex, prefix } from './statePath.js';
import { formatVersion, parseVersion } from './versions.js';

export type ApplyResult =
  | { success: true; operations: StateOperation[]; previousVersion: string; newVersion: string; error?: undefined }
  | { success: false; error: ErrorInfo; operations?: undefined };

type Container = Record<string, unknown> | unknown[];

/**
 * Applies an update to `state` in place, as the server's engine does (section 6): all operations in order, or
 * none. On success `stateVersion` advances by one, `lastUpdated` becomes `lastUpdated`, and the result holds the
 * operations as applied, with `previous`. On failure the state is as it was and the result holds a VALIDATION_ERROR
 * with the C# engine's message.
 *
 * Changes are made where they happen (a key set, an element spliced), never by replacing the state: a Vue
 * `reactive()` state re-renders exactly the parts an update touched.
 */
export function applyOperations(
  state: GameState,
  operations: readonly StateOperation[],
  lastUpdated: number,
  limits?: StateLimits,
  allowEmpty = false,
): ApplyResult {
  const checked = checkOperations(operations, limits, allowEmpty);
  if ('error' in checked) return { success: false, error: checked.error };
  const version = parseVersion(state.stateVersion);
  if (version === undefined) return { success: false, error: invalid('stateVersion: is not a version') };

  const root = state as unknown as Record<string, unknown>;
  const undo: Array<() => void> = [];
  const sizeBefore = limits?.maxStateBytes !== undefined ? measure(state) : 0;
  const applied: StateOperation[] = [];
  const roots = new Set<string>();
  let current = 0;
  try {
    for (; current < checked.parsed.length; current++) {
      const parsed = checked.parsed[current]!;
      roots.add(parsed.segments[0]!);
      applied.push(applyOne(root, operations[current]!, parsed, undo));
    }
    checkShape(root, roots);
    const previousVersion = state.stateVersion;
    const previousLastUpdated = state.lastUpdated;
    state.stateVersion = formatVersion(version + 1);
    state.lastUpdated = lastUpdated;
    undo.push(() => {
      state.stateVersion = previousVersion;
      state.lastUpdated = previousLastUpdated;
    });
    if (limits?.maxStateBytes !== undefined) {
      const size = measure(state);
      if (size > limits.maxStateBytes && size > sizeBefore) {
        throw new OperationError(
          'state',
          `the update would make the state ${size} bytes, over the limit of ${limits.maxStateBytes} bytes`,
        );
      }
    }
  } catch (e) {
    for (let i = undo.length - 1; i >= 0; i--) undo[i]!();
    if (e instanceof OperationError) {
      const message = current < checked.parsed.length ? `${e.message} (operations[${current}])` : e.message;
      return { success: false, error: invalid(message) };
    }
    throw e;
  }
  return { success: true, operations: applied, previousVersion: formatVersion(version), newVersion: state.stateVersion };
}

const encoder = new TextEncoder();

/** The state's size as compact UTF-8 JSON. */
export function measure(state: GameState): number {
  return encoder.encode(JSON.stringify(state)).length;
}

function applyOne(root: Record<string, unknown>, op: StateOperation, parsed: ParsedOperation, undo: Array<() => void>): StateOperation {
  const outcome = execute(root, op, parsed, undo);
  const result: StateOperation = { path: op.path, operation: op.operation };
  if (parsed.kind !== 'unset') result.value = cloneJson(op.value as JsonValue);
  if (outcome.hasPrevious) result.previous = outcome.previous;
  return result;
}

interface Outcome {
  hasPrevious: boolean;
  previous?: JsonValue;
}

const none: Outcome = { hasPrevious: false };
const emptyPull = (): Outcome => ({ hasPrevious: true, previous: [] });

function arrayIndex(segments: string[], k: number, path: string): number {
  const index = parseIndex(segments[k]!);
  if (index === undefined) {
    throw new OperationError(
      path,
      `'${segments[k]}' is not an array index, and '${prefix(segments, k)}' is an array (indices are digits without leading zeros)`,
    );
  }
  return index;
}

function outOfRange(array: unknown[], segments: string[], k: number, path: string): OperationError {
  return new OperationError(
    path,
    `index ${segments[k]} is out of range for '${prefix(segments, k)}' (length ${array.length})`,
  );
}

function execute(root: Record<string, unknown>, op: StateOperation, parsed: ParsedOperation, undo: Array<() => void>): Outcome {
  const { kind, segments } = parsed;
  const path = op.path;
  const creates = kind === 'set' || kind === 'inc' || kind === 'push';

  // Walk to the parent of the target, creating missing object keys for set, inc and push.
  let current: Container = root;
  for (let k = 0; k < segments.length - 1; k++) {
    const segment = segments[k]!;
    let child: unknown;
    if (!Array.isArray(current)) {
      if (!hasKey(current, segment)) {
        if (!creates) return kind === 'pull' ? emptyPull() : none;
        const created = {};
        addKey(current, segment, created, undo);
        child = created;
      } else {
        child = current[segment];
      }
    } else {
      const index = arrayIndex(segments, k, path);
      if (index >= current.length) {
        if (!creates) return kind === 'pull' ? emptyPull() : none;
        throw outOfRange(current, segments, k, path);
      }
      child = current[index];
    }
    if (typeof child !== 'object' || child === null) {
      throw new OperationError(path, `'${prefix(segments, k + 1)}' is ${kindName(child)}, so it has no '${segments[k + 1]}'`);
    }
    current = child as Container;
  }

  // The target: an object key or an array element.
  const last = segments[segments.length - 1]!;
  const parentObject = Array.isArray(current) ? undefined : current;
  const parentArray = Array.isArray(current) ? current : undefined;
  let position = 0;
  let exists: boolean;
  let target: unknown;
  if (parentObject) {
    exists = hasKey(parentObject, last);
    if (exists) target = parentObject[last];
  } else {
    position = arrayIndex(segments, segments.length - 1, path);
    exists = position < parentArray!.length;
    if (exists) target = parentArray![position];
    else if (creates) throw outOfRange(parentArray!, segments, segments.length - 1, path);
  }

  const maxValueDepth = MaxWrittenDepth - segments.length - 1;
  switch (kind) {
    case 'set': {
      const value = copyValue(op.value, path, maxValueDepth);
      if (!exists) {
        addKey(parentObject!, last, value, undo);
        return none;
      }
      const previous = cloneJson(target as JsonValue);
      replace(current, parentObject ? last : position, target, value, undo);
      return { hasPrevious: true, previous };
    }
    case 'unset': {
      if (!exists) return none;
      const previous = cloneJson(target as JsonValue);
      if (parentObject) removeKey(parentObject, last, undo);
      else removeElement(parentArray!, position, undo);
      return { hasPrevious: true, previous };
    }
    case 'inc': {
      if (!exists) {
        addKey(parentObject!, last, copyValue(op.value, path, maxValueDepth), undo);
        return none;
      }
      if (typeof target !== 'number') {
        throw new OperationError(path, `inc needs a number here, found ${kindName(target)}`);
      }
      // JSON numbers are doubles here: integers are exact up to 2^53, as in every JavaScript JSON reader.
      const sum = target + (op.value as number);
      if (!Number.isFinite(sum)) throw new OperationError(path, 'inc result is not a finite number');
      replace(current, parentObject ? last : position, target, sum, undo);
      return { hasPrevious: true, previous: target };
    }
    case 'push': {
      if (exists && !Array.isArray(target)) {
        throw new OperationError(path, `push needs an array here, found ${kindName(target)}`);
      }
      const value = copyValue(op.value, path, maxValueDepth - 1);
      if (!exists) {
        addKey(parentObject!, last, [value], undo);
      } else {
        const array = target as unknown[];
        array.push(value);
        undo.push(() => void array.splice(array.length - 1, 1));
      }
      return none;
    }
    case 'pull': {
      if (!exists) return emptyPull();
      if (!Array.isArray(target)) throw new OperationError(path, `pull needs an array here, found ${kindName(target)}`);
      const pattern = copyValue(op.value, path, maxValueDepth);
      const removed: JsonValue[] = [];
      for (let i = 0; i < target.length; i++) {
        if (pullMatches(target[i], pattern)) removed.push({ index: i, value: cloneJson(target[i] as JsonValue) });
      }
      // Remove from the back so the recorded indices stay valid.
      for (let m = removed.length - 1; m >= 0; m--) {
        removeElement(target, (removed[m] as { index: number }).index, undo);
      }
      return { hasPrevious: true, previous: removed };
    }
  }
}

// ---- primitive changes, each logged for undo ----------------------------------------------------------------------

function addKey(obj: Record<string, unknown>, key: string, value: unknown, undo: Array<() => void>): void {
  putKey(obj, key, value);
  undo.push(() => void delete obj[key]);
}

function replace(container: Container, at: string | number, old: unknown, value: unknown, undo: Array<() => void>): void {
  if (Array.isArray(container)) {
    const index = at as number;
    container[index] = value;
    undo.push(() => void (container[index] = old));
  } else {
    putKey(container, at as string, value);
    undo.push(() => putKey(container, at as string, old));
  }
}

function removeKey(obj: Record<string, unknown>, key: string, undo: Array<() => void>): void {
  const keys = Object.keys(obj);
  const old = obj[key];
  delete obj[key];
  undo.push(() => {
    // Put the key back where it was: the keys after it are re-added behind it.
    const position = keys.indexOf(key);
    const after = keys.slice(position + 1).filter((k) => hasKey(obj, k));
    const values = after.map((k) => obj[k]);
    for (const k of after) delete obj[k];
    putKey(obj, key, old);
    after.forEach((k, i) => putKey(obj, k, values[i]));
  });
}

function removeElement(array: unknown[], index: number, undo: Array<() => void>): void {
  const [old] = array.splice(index, 1);
  undo.push(() => void array.splice(index, 0, old));
}

