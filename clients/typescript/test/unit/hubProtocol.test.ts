import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { HubProtocol } from '../../src/hubProtocol.js';

// The .NET side's one definition of the hub's names; ours must be the same, name for name.
const source = readFileSync(fileURLToPath(new URL('../../../../engine/Contract/HubProtocol.cs', import.meta.url)), 'utf8');

function constantsOf(className: string): Record<string, string> {
  const body = new RegExp(`class ${className}\\s*\\{([\\s\\S]*?)\\}`).exec(source)?.[1] ?? '';
  return Object.fromEntries([...body.matchAll(/const string (\w+) = "([^"]*)";/g)].map((m) => [m[1]!, m[2]!]));
}

it('method names equal HubProtocol.Methods in engine/Contract/HubProtocol.cs', () => {
  const methods = constantsOf('Methods');
  expect(Object.keys(methods).length).toBeGreaterThanOrEqual(6);
  expect(HubProtocol.Methods).toEqual(methods);
});

it('event names equal HubProtocol.Events in engine/Contract/HubProtocol.cs', () => {
  const events = constantsOf('Events');
  expect(Object.keys(events).length).toBeGreaterThanOrEqual(5);
  expect(HubProtocol.Events).toEqual(events);
});

it('the hub path equals HubProtocol.Path', () => {
  expect(/const string Path = "([^"]*)";/.exec(source)?.[1]).toBe(HubProtocol.Path);
});
