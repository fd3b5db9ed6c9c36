import type { JsonValue } from '../contract.js';
import { OperationError } from './operationError.js';

/** Nesting the state may reach through changes, plus one (the C# engine's JsonText.MaxWrittenDepth). */
export const MaxWrittenDepth = 63;

export function isObject(value: unknown): value is Record<string, JsonValue> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function hasKey(obj: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(obj, key);
}

/** Sets an own key; `__proto__` is a key like any other here, never the prototype. */
export function putKey(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
  } else {
    obj[key] = value;
  }
}

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** False when the string holds a lone UTF-16 surrogate (no Unicode text: the server refuses it). */
export function isWellFormedText(text: string): boolean {
  return !loneSurrogate.test(text);
}

/**
 * A deep copy of a value as plain JSON: the state never shares anything with the caller. Refuses, naming `path`,
 * what the server refuses: nesting deeper than `maxDepth`, text that is not Unicode, anything that is not JSON.
 */
export function copyValue(value: unknown, path: string, maxDepth: number): JsonValue {
  return copyCore(value, path, 0, maxDepth);
}

function copyCore(value: unknown, path: string, depth: number, maxDepth: number): JsonValue {
  if (value === null) return null;
  switch (typeof value) {
    case 'string':
      if (!isWellFormedText(value)) throw new OperationError(path, 'value contains a string that is not valid Unicode');
      return value;
    case 'number':
      if (!Number.isFinite(value)) throw new OperationError(path, 'value contains a number that is not finite');
      return value;
    case 'boolean':
      return value;
    case 'object': {
      if (depth >= maxDepth) throw new OperationError(path, 'value is nested too deeply');
      if (Array.isArray(value)) {
        const copy: JsonValue[] = new Array(value.length);
        for (let i = 0; i < value.length; i++) copy[i] = copyCore(value[i], path, depth + 1, maxDepth);
        return copy;
      }
      const copy: Record<string, JsonValue> = {};
      for (const key of Object.keys(value)) {
        if (!isWellFormedText(key)) throw new OperationError(path, 'value contains a string that is not valid Unicode');
        putKey(copy, key, copyCore((value as Record<string, unknown>)[key], path, depth + 1, maxDepth));
      }
      return copy;
    }
    default:
      throw new OperationError(path, 'value is missing');
  }
}

/** A plain deep copy of a value already in the state (no checks): for `previous` and for readers. */
export function cloneJson<T extends JsonValue | undefined>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => cloneJson(v)) as T;
  const copy: Record<string, JsonValue> = {};
  for (const key of Object.keys(value)) putKey(copy, key, cloneJson((value as Record<string, JsonValue>)[key]));
  return copy as T;
}

/** "null", "an object", "a string"...: how errors name what they found. */
export function kindName(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'object':
      return 'an object';
    case 'string':
      return 'a string';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'a boolean';
    default:
      return 'a value';
  }
}

/** The non-empty string id of an entity object, or undefined. */
export function entityId(value: unknown): string | undefined {
  if (!isObject(value) || !hasKey(value, 'id')) return undefined;
  const id = value.id;
  return typeof id === 'string' && id.length > 0 ? id : undefined;
}

/** Deep equality: numbers by value, objects regardless of key order, arrays in order. */
export function deepEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEquals(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const keysA = Object.keys(a);
  if (keysA.length !== Object.keys(b).length) return false;
  for (const key of keysA) {
    if (!hasKey(b, key) || !deepEquals((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key])) return false;
  }
  return true;
}

/**
 * Whether an array element matches a `pull` value: for an object value, the element is an object holding every key
 * of the value with a deep-equal value; otherwise the element is deep-equal to the value.
 */
export function pullMatches(element: unknown, pattern: unknown): boolean {
  if (isObject(pattern)) {
    if (!isObject(element)) return false;
    for (const key of Object.keys(pattern)) {
      if (!hasKey(element, key) || !deepEquals(element[key], pattern[key])) return false;
    }
    return true;
  }
  return deepEquals(element, pattern);
}
