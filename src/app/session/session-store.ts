/**
 * One home for the app's state. Every change goes through `update(fn, reason)`: the guards (a class
 * link's locks) see it first and may correct or refuse it, then the subscribers whose selected slice
 * changed hear about it, in the order they subscribed. Derived values (a resolved run, a simulation)
 * are cached by key, so every view that asks for the same run shares one computation.
 *
 * The state is immutable: `fn` returns the next state (sharing what did not change), so a subscriber
 * compares slices by reference and a history keeps old states without copying them.
 */

/** Corrects `next` before it is applied, or throws to refuse the change (the state stays as it was). */
export type Guard<S> = (next: S, prev: S, reason: string) => S;

export type Listener<T> = (value: T, previous: T, reason: string) => void;

interface Subscription<S> {
  select(state: S): unknown;
  last: unknown;
  fn: Listener<unknown>;
  equals(a: unknown, b: unknown): boolean;
}

/** Derived values kept per cache: enough for the current run, its pins and a step back and forth. */
const DERIVED_KEEP = 16;

export class SessionStore<S> {
  private current: S;
  private readonly subs = new Set<Subscription<S>>();
  private readonly guards = new Set<Guard<S>>();
  private readonly derived = new Map<string, Map<string, unknown>>();
  private notifying = false;
  private readonly queued: [S, string][] = [];

  constructor(initial: S) {
    this.current = initial;
  }

  get state(): S {
    return this.current;
  }

  /**
   * Applies `fn` to the state. Returns false when nothing changed (fn returned the same state) and
   * throws what a guard threw, with the state unchanged. A change made by a subscriber while others are
   * still being told about the last one is applied at once but announced after them, so every
   * subscriber hears every change in order.
   */
  update(fn: (state: S) => S, reason: string): boolean {
    const prev = this.current;
    let next = fn(prev);
    if (next === prev) return false;
    for (const guard of this.guards) next = guard(next, prev, reason);
    if (next === prev) return false;
    this.current = next;
    this.queued.push([next, reason]);
    if (!this.notifying) this.drain();
    return true;
  }

  /**
   * Calls `fn(slice, previous, reason)` whenever `select(state)` changes (by `equals`, reference
   * equality by default). Returns the function that unsubscribes.
   */
  subscribe<T>(select: (state: S) => T, fn: Listener<T>, equals: (a: T, b: T) => boolean = Object.is): () => void {
    const sub: Subscription<S> = {
      select,
      last: select(this.current),
      fn: fn as Listener<unknown>,
      equals: equals as (a: unknown, b: unknown) => boolean,
    };
    this.subs.add(sub);
    return () => this.subs.delete(sub);
  }

  /** Adds a guard every later update passes through; returns the function that removes it. */
  addGuard(guard: Guard<S>): () => void {
    this.guards.add(guard);
    return () => this.guards.delete(guard);
  }

  /** Drops every value kept in cache `name`, so each is computed afresh when next asked. */
  forget(name: string): void {
    this.derived.delete(name);
  }

  /**
   * The value `compute()` gives for `key` in cache `name`, computed once per key. A computation that
   * throws is not cached, so the next ask tries again (and throws again to its caller).
   */
  derive<T>(name: string, key: string, compute: () => T): T {
    let cache = this.derived.get(name);
    if (!cache) {
      cache = new Map();
      this.derived.set(name, cache);
    }
    if (cache.has(key)) {
      const v = cache.get(key) as T;
      // Most recently used last, so the oldest goes first.
      cache.delete(key);
      cache.set(key, v);
      return v;
    }
    const v = compute();
    cache.set(key, v);
    if (cache.size > DERIVED_KEEP) cache.delete(cache.keys().next().value as string);
    return v;
  }

  private drain(): void {
    this.notifying = true;
    try {
      for (let item = this.queued.shift(); item; item = this.queued.shift()) {
        const [state, reason] = item;
        for (const sub of [...this.subs]) {
          if (!this.subs.has(sub)) continue;
          const value = sub.select(state);
          if (sub.equals(value, sub.last)) continue;
          const previous = sub.last;
          sub.last = value;
          try {
            sub.fn(value, previous, reason);
          } catch (err) {
            // One broken view must not keep the others from hearing the change; the error still surfaces.
            queueMicrotask(() => {
              throw err;
            });
          }
        }
      }
    } finally {
      this.notifying = false;
      this.queued.length = 0;
    }
  }
}
