// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, describe, expect, it } from 'vitest';
import { defineComponent, h, onUpdated } from 'vue';
import { GameSessionClient } from '../../src/gameSessionClient.js';
import { MemoryStateStore } from '../../src/stateStore.js';
import { useGameStateStore } from '../../src/pinia/index.js';
import { content, createSession, eventually, gatewayUrl, newClient, serverState } from '../support/server.js';

const open: Array<{ dispose(): Promise<void> }> = [];
afterEach(async () => {
  for (const x of open.splice(0)) await x.dispose();
});

describe('the Pinia store on the real gateway', () => {
  it("a player's component re-renders characters[0].hp when the GM changes it", async () => {
    const session = await createSession(1);
    const gm: GameSessionClient = newClient(session.gm.token);
    open.push(gm);
    await gm.join(session.sessionId);

    setActivePinia(createPinia());
    const store = useGameStateStore();
    await store.join(session.sessionId, { url: gatewayUrl, accessToken: () => session.players[0]!.token, store: new MemoryStateStore() });
    open.push({ dispose: () => store.leave() });
    expect(store.isGM).toBe(false);
    expect(store.status).toBe('synced');

    let renders = 0;
    const wrapper = mount(defineComponent({
      setup() {
        onUpdated(() => renders++);
        return () => h('p', { class: 'hp' }, String(store.gameState?.characters[0]?.hp));
      },
    }));
    expect(wrapper.find('.hp').text()).toBe('10');
    const before = store.gameState;

    await gm.update([{ path: 'characters.0.hp', operation: 'inc', value: -4 }]);
    await eventually(() => store.version === '2', 'the store reaches version 2');
    await flushPromises();

    expect(wrapper.find('.hp').text()).toBe('6');
    expect(renders).toBe(1);
    expect(store.gameState).toBe(before);
    expect(content(store.gameState)).toEqual(content(await serverState(session)));
  });
});
