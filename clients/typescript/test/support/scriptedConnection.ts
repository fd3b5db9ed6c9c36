import type { HubConnectionLike } from '../../src/hubConnection.js';

/**
 * An in-memory stand-in for the hub connection, for unit tests of the client's and the store's own logic: it
 * answers invocations with a handler the test supplies and lets the test push server events. Everything about the
 * real network is tested by the functional tests against a real gateway.
 */
export class ScriptedConnection implements HubConnectionLike {
  state = 'Disconnected';
  readonly invocations: Array<{ method: string; args: unknown[] }> = [];
  private readonly handlers = new Map<string, Array<(...args: any[]) => void>>();

  constructor(private readonly answer: (method: string, args: unknown[]) => unknown) {}

  async start(): Promise<void> {
    this.state = 'Connected';
  }

  async stop(): Promise<void> {
    this.state = 'Disconnected';
  }

  async invoke<T>(method: string, ...args: unknown[]): Promise<T> {
    this.invocations.push({ method, args });
    return (await this.answer(method, args)) as T;
  }

  on(event: string, handler: (...args: any[]) => void): void {
    this.handlers.set(event, [...(this.handlers.get(event) ?? []), handler]);
  }

  onreconnecting(): void {}
  onreconnected(): void {}
  onclose(): void {}

  /** Delivers a server event as SignalR would. */
  emit(event: string, payload: unknown): void {
    for (const handler of this.handlers.get(event) ?? []) handler(payload);
  }
}
