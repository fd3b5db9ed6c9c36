/** A small typed event emitter: handlers run in order; one that throws is reported and does not stop the others. */
export class TypedEvents<Events extends Record<string, unknown>> {
  private readonly handlers = new Map<keyof Events, Set<(value: never) => void>>();

  constructor(private readonly onHandlerError: (event: string, error: unknown) => void = () => {}) {}

  /** Subscribes; returns the function that unsubscribes. */
  on<K extends keyof Events>(event: K, handler: (value: Events[K]) => void): () => void {
    let set = this.handlers.get(event);
    if (!set) this.handlers.set(event, (set = new Set()));
    set.add(handler as (value: never) => void);
    return () => this.off(event, handler);
  }

  off<K extends keyof Events>(event: K, handler: (value: Events[K]) => void): void {
    this.handlers.get(event)?.delete(handler as (value: never) => void);
  }

  emit<K extends keyof Events>(event: K, value: Events[K]): void {
    for (const handler of [...(this.handlers.get(event) ?? [])]) {
      try {
        (handler as (value: Events[K]) => void)(value);
      } catch (e) {
        this.onHandlerError(String(event), e);
      }
    }
  }
}
