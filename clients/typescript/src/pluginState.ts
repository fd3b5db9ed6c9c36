import type { Entity, GameState, JsonValue, StateOperation } from './contract.js';
import { cloneJson, hasKey, isObject } from './engine/jsonValues.js';
import { parseIndex, WritableRoots } from './engine/statePath.js';

/**
 * The plugin state helpers of the seed plan (packages/shared/src/utils/plugin-state): read plugin data of the
 * session, of a character or of an actor; build the operations that set plugin data or update a character or actor
 * by id, so plugin code never writes paths by hand. Reads return copies, safe to keep and change.
 *
 * Session plugin data lives at `pluginData.<pluginId>`; a character's or actor's at its own `pluginData` object.
 * Operations that address an entity by index are right only against the state they were built from: with a
 * GameSessionClient, pass a builder to `update(state => ...)` (or use `updateCharacter`), which runs it against the
 * state the update is sent with. That is why the update helpers take the state, unlike the seed plan's sketch.
 */

/** As a value in `updateCharacterState` / `updateActorState`: remove the key (`unset`). */
export const Remove: unique symbol = Symbol('remove');

/** Values by path relative to the entity ("hp", "pluginData.hitPoints"); `Remove` unsets. */
export type EntityUpdates = Record<string, unknown>;

/** Checks one key: non-empty, no '.' inside (a '.' separates segments). */
export function segment(key: string): string {
  if (typeof key !== 'string' || key.length === 0) throw new TypeError('A path segment must not be empty.');
  if (key.includes('.')) throw new TypeError(`The key '${key}' holds a '.', which separates path segments; keys with dots cannot be addressed.`);
  return key;
}

/** Checks a relative dotted path ("stats.hp"): at least one segment, none empty. */
export function relativePath(path: string): string[] {
  if (typeof path !== 'string' || path.length === 0) throw new TypeError('The path must not be empty.');
  const segments = path.split('.');
  const empty = segments.findIndex((s) => s.length === 0);
  if (empty >= 0) throw new TypeError(`The path '${path}' has an empty segment (at position ${empty}): segments are separated by single dots.`);
  return segments;
}

/** Checks a full path as the server will: segments non-empty, the first a writable root. */
export function absolutePath(path: string): string {
  const segments = relativePath(path);
  if (!(WritableRoots as readonly string[]).includes(segments[0]!)) {
    throw new TypeError(`The path '${path}' must start with one of ${WritableRoots.join(', ')} (stateVersion and lastUpdated cannot be written).`);
  }
  return path;
}

/** `pluginData.<pluginId>[.<path>]`. */
export function pluginDataPath(pluginId: string, path?: string): string {
  segment(pluginId);
  return path === undefined ? `pluginData.${pluginId}` : `pluginData.${pluginId}.${relativePath(path).join('.')}`;
}

/** Single operations, with checked paths. */
export const StateOps = {
  set: (path: string, value: unknown): StateOperation => ({ path: absolutePath(path), operation: 'set', value: value as JsonValue }),
  unset: (path: string): StateOperation => ({ path: absolutePath(path), operation: 'unset' }),
  inc: (path: string, amount: number): StateOperation => {
    if (!Number.isFinite(amount)) throw new RangeError('inc needs a finite number.');
    return { path: absolutePath(path), operation: 'inc', value: amount };
  },
  push: (path: string, value: unknown): StateOperation => ({ path: absolutePath(path), operation: 'push', value: value as JsonValue }),
  pull: (path: string, value: unknown): StateOperation => ({ path: absolutePath(path), operation: 'pull', value: value as JsonValue }),
};

function read(value: unknown, segments: readonly string[]): JsonValue | undefined {
  let current: unknown = value;
  for (const s of segments) {
    if (Array.isArray(current)) {
      const index = parseIndex(s);
      current = index !== undefined && index < current.length ? current[index] : undefined;
    } else if (isObject(current)) {
      current = hasKey(current, s) ? current[s] : undefined;
    } else {
      return undefined;
    }
    if (current === undefined) return undefined;
  }
  return cloneJson(current as JsonValue);
}

/** The session's plugin data: `pluginData.<pluginId>[.<path>]` (a copy), or undefined when absent. */
export function getPluginData(gameState: GameState, pluginId: string, path?: string): JsonValue | undefined {
  return read(gameState, pluginDataPath(pluginId, path).split('.'));
}

/** Replaces the session's plugin data of `pluginId` with `data` (or sets one value inside it, with `path`). */
export function setPluginData(_gameState: GameState | null, pluginId: string, data: unknown, path?: string): StateOperation[] {
  return [StateOps.set(pluginDataPath(pluginId, path), data)];
}

/** A character's plugin data at `path` (under its `pluginData`), a copy, or undefined. */
export function getCharacterPluginData(character: Entity, path: string): JsonValue | undefined {
  return read(character.pluginData, relativePath(path));
}

/** An actor's plugin data at `path` (under its `pluginData`), a copy, or undefined. */
export function getActorPluginData(actor: Entity, path: string): JsonValue | undefined {
  return read(actor.pluginData, relativePath(path));
}

/** The character with that id, or undefined. */
export function findCharacter(gameState: GameState, characterId: string): Entity | undefined {
  return gameState.characters.find((c) => c.id === characterId);
}

/** The actor with that id, or undefined. */
export function findActor(gameState: GameState, actorId: string): Entity | undefined {
  return gameState.actors.find((a) => a.id === actorId);
}

/**
 * One `set` per entry (an `unset` for `Remove`) on the character with that id. Keys are paths relative to the
 * character ("hp", "pluginData.hitPoints"); its `id` cannot be changed this way. Throws when there is no such
 * character, no updates, or a bad key.
 */
export function updateCharacterState(gameState: GameState, characterId: string, updates: EntityUpdates): StateOperation[] {
  return updateEntity(gameState, 'characters', characterId, updates);
}

/** As updateCharacterState, for the actor with that id. */
export function updateActorState(gameState: GameState, actorId: string, updates: EntityUpdates): StateOperation[] {
  return updateEntity(gameState, 'actors', actorId, updates);
}

/** The path of an entity found by id (`characters.3`, `currentEncounter.tokens.0`), or of something inside it. */
export function entityPath(gameState: GameState, arrayName: 'characters' | 'actors' | 'items' | 'tokens', id: string, path?: string): string {
  if (typeof id !== 'string' || id.length === 0) throw new TypeError('id must be a non-empty string');
  const array = arrayName === 'tokens' ? (gameState.currentEncounter?.tokens ?? []) : gameState[arrayName];
  const root = arrayName === 'tokens' ? 'currentEncounter.tokens' : arrayName;
  if (path !== undefined) relativePath(path);
  const index = array.findIndex((e) => e.id === id);
  if (index < 0) throw new RangeError(`There is no entity with id '${id}' in ${root} (state version ${gameState.stateVersion}).`);
  return path === undefined ? `${root}.${index}` : `${root}.${index}.${path}`;
}

function updateEntity(gameState: GameState, arrayName: 'characters' | 'actors', id: string, updates: EntityUpdates): StateOperation[] {
  const entity = entityPath(gameState, arrayName, id);
  const operations: StateOperation[] = [];
  for (const [key, value] of Object.entries(updates)) {
    const segments = relativePath(key);
    if (segments[0] === 'id') {
      throw new TypeError(`'${key}' would change the entity's id, which identifies it; remove the entity and add a new one instead.`);
    }
    const path = `${entity}.${key}`;
    operations.push(value === Remove ? StateOps.unset(path) : StateOps.set(path, value));
  }
  if (operations.length === 0) throw new TypeError('There is nothing to update: an update needs at least one operation.');
  return operations;
}
