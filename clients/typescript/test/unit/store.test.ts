// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { defineComponent, h, onUpdated } from 'vue';
import { MemoryStateStore } from '../../src/stateStore.js';
import { useGameStateStore } from '../../src/pinia/index.js';
import { ScriptedConnection } from '../support/scriptedConnection.js';
import { broadcast, sampleState } from '../support/states.js';

function connect(connection: ScriptedConnection) {
  return { url: 'http://127.0.0.1:1', accessToken: () => 't', store: new MemoryStateStore(), connectionFactory: () => connection };
}

describe('useGameStateStore', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('has the seed plan shape before joining', () => {
    const store = useGameStateStore();
    expect(store.gameState).toBeNull();
    expect(store.sessionId).toBeNull();
    expect(store.isGM).toBe(false);
    expect(store.loading).toBe(false);
    expect(store.error).toBeNull();
    expect(store.isUpdating).toBe(false);
    expect(store.updateQueue).toEqual([]);
    expect(store.status).toBe('disconnected');
    expect(store.presence).toEqual([]);
    expect(store.selectedCharacter).toBeNull();
  });

  it('a broadcast re-renders characters[0].hp and changes only what it touched', async () => {
    const connection = new ScriptedConnection((method) =>
      method === 'gameSession:join' ? { success: true, isGM: false, gameState: sampleState(5), presence: [{ userId: 'bob', isGM: false }] } : { success: true });
    const store = useGameStateStore();
    await store.join('s1', connect(connection));
    expect(store.status).toBe('synced');
    expect(store.presence).toEqual([{ userId: 'bob', isGM: false }]);

    let hpRenders = 0;
    let otherRenders = 0;
    const Hp = defineComponent({
      setup() {
        onUpdated(() => hpRenders++);
        return () => h('span', { class: 'hp' }, String(store.gameState?.characters[0]?.hp));
      },
    });
    const Other = defineComponent({
      setup() {
        onUpdated(() => otherRenders++);
        return () => h('span', { class: 'other' }, String(store.gameState?.characters[1]?.name));
      },
    });
    const wrapper = mount(defineComponent({ render: () => h('div', [h(Hp), h(Other)]) }));
    expect(wrapper.find('.hp').text()).toBe('10');

    const stateObject = store.gameState;
    const characters = store.gameState!.characters;
    const bram = store.gameState!.characters[1];
    connection.emit('gameState:updated', broadcast(6, [{ path: 'characters.0.hp', operation: 'inc', value: -3, previous: 10 }]));
    await flushPromises();

    expect(wrapper.find('.hp').text()).toBe('7');
    expect(hpRenders).toBe(1);
    expect(otherRenders).toBe(0);
    // No replacement: the same state, array and untouched entity objects as before.
    expect(store.gameState).toBe(stateObject);
    expect(store.gameState!.characters).toBe(characters);
    expect(store.gameState!.characters[1]).toBe(bram);
    expect(store.version).toBe('6');
    await store.leave();
  });

  it('updateGameState applies the operations once, after the server accepted them', async () => {
    let release!: () => void;
    const answered = new Promise<void>((resolve) => (release = resolve));
    const connection = new ScriptedConnection(async (method, args) => {
      if (method === 'gameSession:join') return { success: true, isGM: true, gameState: sampleState(5) };
      if (method === 'gameState:update') {
        await answered;
        return { success: true, newVersion: String(Number((args[0] as { version: string }).version) + 1) };
      }
      return { success: true };
    });
    const store = useGameStateStore();
    await store.join('s1', connect(connection));
    expect(store.isGM).toBe(true);
    const first = store.updateGameState([{ path: 'characters.0.hp', operation: 'set', value: 1 }]);
    const second = store.updateGameState([{ path: 'characters.0.hp', operation: 'inc', value: 1 }]);
    await flushPromises();
    expect(store.isUpdating).toBe(true);
    expect(store.updateQueue.length).toBe(1);
    expect(store.gameState!.characters[0]!.hp).toBe(10); // not before the answer
    release();
    expect((await first).success).toBe(true);
    expect((await second).success).toBe(true);
    expect(store.gameState!.characters[0]!.hp).toBe(2);
    expect(store.version).toBe('7');
    // The GM's own broadcasts arrive afterwards and are ignored (their versions are held).
    connection.emit('gameState:updated', broadcast(6, [{ path: 'characters.0.hp', operation: 'set', value: 1 }]));
    connection.emit('gameState:updated', broadcast(7, [{ path: 'characters.0.hp', operation: 'inc', value: 1 }]));
    await flushPromises();
    expect(store.gameState!.characters[0]!.hp).toBe(2);
    expect(store.getClient()!.statistics.broadcastsIgnored).toBe(2);
    const sent = connection.invocations.filter((i) => i.method === 'gameState:update').map((i) => (i.args[0] as { version: string }).version);
    expect(sent).toEqual(['5', '6']);
    expect(store.isUpdating).toBe(false);
    await store.leave();
    expect(store.gameState).toBeNull();
  });

  it('a refused join sets error and leaves no state', async () => {
    const connection = new ScriptedConnection(() => ({ success: false, isGM: false, error: { code: 'PERMISSION_DENIED', message: 'not a member' } }));
    const store = useGameStateStore();
    await expect(store.join('s1', connect(connection))).rejects.toMatchObject({ code: 'PERMISSION_DENIED' });
    expect(store.error).toMatch(/PERMISSION_DENIED/);
    expect(store.gameState).toBeNull();
    expect(store.sessionId).toBeNull();
  });
});
