import { describe, expect, it } from 'vitest';
import { LocalStorageStateStore, MemoryStateStore } from '../../src/stateStore.js';

class MapStorage implements Storage {
  private readonly map = new Map<string, string>();
  get length() {
    return this.map.size;
  }
  clear() {
    this.map.clear();
  }
  getItem(key: string) {
    return this.map.get(key) ?? null;
  }
  key(index: number) {
    return [...this.map.keys()][index] ?? null;
  }
  removeItem(key: string) {
    this.map.delete(key);
  }
  setItem(key: string, value: string) {
    this.map.set(key, value);
  }
}

describe('state stores', () => {
  it('localStorage keeps one key per session under a prefix', () => {
    const storage = new MapStorage();
    const store = new LocalStorageStateStore('gs:', storage);
    expect(store.load('s1')).toBeNull();
    store.save('s1', 3, '{"stateVersion":"3"}');
    expect(storage.getItem('gs:s1')).toBe('{"stateVersion":"3"}');
    expect(store.load('s1')).toBe('{"stateVersion":"3"}');
    store.delete('s1');
    expect(store.load('s1')).toBeNull();
  });

  it('refuses to be made without a Storage', () => {
    expect(() => new LocalStorageStateStore('x', undefined as unknown as Storage)).toThrow(/No localStorage/);
  });

  it('the memory store counts loads and saves', () => {
    const store = new MemoryStateStore();
    store.save('s', 1, '{}');
    expect(store.load('s')).toBe('{}');
    expect([store.loads, store.saves]).toEqual([1, 1]);
  });
});
