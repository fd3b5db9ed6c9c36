import { entityId, hasKey, isObject } from './jsonValues.js';
import { OperationError } from './operationError.js';
import { parseVersion } from './versions.js';

const EntityRoots = ['characters', 'actors', 'items'] as const;
const AllRootKeys = ['characters', 'actors', 'items', 'currentEncounter', 'pluginData', 'stateVersion', 'lastUpdated'];

/** The first element of an entity array that is not an object with a non-empty string id, or a repeated id. */
export function findEntityViolation(array: readonly unknown[], path: string): OperationError | undefined {
  for (let i = 0; i < array.length; i++) {
    const element = array[i];
    if (!isObject(element)) return new OperationError(`${path}.${i}`, 'must be an object with a non-empty string id');
    if (entityId(element) === undefined) return new OperationError(`${path}.${i}.id`, 'must be a non-empty string');
  }
  const seen = new Map<string, number>();
  for (let i = 0; i < array.length; i++) {
    const id = entityId(array[i])!;
    const first = seen.get(id);
    if (first !== undefined) {
      return new OperationError(`${path}.${i}.id`, `must be unique within ${path}: '${id}' is also at ${path}.${first}`);
    }
    seen.set(id, i);
  }
  for (let i = 0; i < array.length; i++) {
    if (!isValidVisibility(array[i] as Record<string, unknown>)) {
      return new OperationError(`${path}.${i}.visibility`, 'must be "gm", "all" or an array of user ids');
    }
  }
  return undefined;
}

/** The `visibility` marker of an entity (section 7): absent, "all", "gm", or an array of user ids. */
function isValidVisibility(entity: Record<string, unknown>): boolean {
  if (!hasKey(entity, 'visibility')) return true;
  const marker = entity.visibility;
  if (marker === 'all' || marker === 'gm') return true;
  return Array.isArray(marker) && marker.every((user) => typeof user === 'string');
}

function checkIdHolder(value: unknown, path: string, nullable: boolean): void {
  if (value === null && nullable) return;
  if (!isObject(value)) {
    throw new OperationError(path, nullable ? 'must be null or an object with a string id' : 'must be an object with a string id');
  }
  if (entityId(value) === undefined) throw new OperationError(`${path}.id`, 'must be a non-empty string');
}

/**
 * The shape of section 4 for the given roots (all five when omitted), in the C# engine's order, so the first
 * violation reported is the same. Throws OperationError.
 */
export function checkShape(state: Record<string, unknown>, roots?: ReadonlySet<string>): void {
  for (const name of EntityRoots) {
    if (roots && !roots.has(name)) continue;
    const array = state[name];
    if (!Array.isArray(array)) throw new OperationError(name, 'must be an array');
    const violation = findEntityViolation(array, name);
    if (violation) throw violation;
  }
  if (!roots || roots.has('currentEncounter')) {
    const current = state.currentEncounter;
    if (current !== null) {
      if (!isObject(current)) {
        throw new OperationError('currentEncounter', 'must be null or an object with encounter, map and tokens');
      }
      if (!hasKey(current, 'encounter')) {
        throw new OperationError('currentEncounter.encounter', 'is required (an object with a string id)');
      }
      checkIdHolder(current.encounter, 'currentEncounter.encounter', false);
      if (!hasKey(current, 'map')) {
        throw new OperationError('currentEncounter.map', 'is required (null or an object with a string id)');
      }
      checkIdHolder(current.map, 'currentEncounter.map', true);
      if (!hasKey(current, 'tokens')) throw new OperationError('currentEncounter.tokens', 'is required (an array)');
      const tokens = current.tokens;
      if (!Array.isArray(tokens)) throw new OperationError('currentEncounter.tokens', 'must be an array');
      const violation = findEntityViolation(tokens, 'currentEncounter.tokens');
      if (violation) throw violation;
    }
  }
  if ((!roots || roots.has('pluginData')) && !isObject(state.pluginData)) {
    throw new OperationError('pluginData', 'must be an object');
  }
}

/** A whole state as it arrives (join, requestFull, the stored copy): the root keys, version and shape. */
export function validateState(value: unknown): void {
  if (!isObject(value)) throw new OperationError('', 'must be a JSON object');
  for (const key of Object.keys(value)) {
    if (!AllRootKeys.includes(key)) {
      throw new OperationError(
        key,
        'is not part of a game state (expected characters, actors, items, currentEncounter, pluginData, stateVersion, lastUpdated)',
      );
    }
  }
  for (const key of AllRootKeys) if (!hasKey(value, key)) throw new OperationError(key, 'is required');
  if (typeof value.stateVersion !== 'string' || parseVersion(value.stateVersion) === undefined) {
    throw new OperationError('stateVersion', 'must be a decimal integer string such as "1"');
  }
  if (typeof value.lastUpdated !== 'number' || !Number.isInteger(value.lastUpdated)) {
    throw new OperationError('lastUpdated', 'must be an integer (Unix milliseconds)');
  }
  checkShape(value);
}
