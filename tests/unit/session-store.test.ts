import { describe, expect, it } from "vitest";
import { SessionStore } from "../../src/app/session/session-store.ts";

interface S {
  a: number;
  b: { n: number };
}

describe("the session store", () => {
  it("tells a subscriber only about its own slice, with the reason of the change", () => {
    const store = new SessionStore<S>({ a: 1, b: { n: 0 } });
    const heardA: [number, number, string][] = [];
    const heardB: number[] = [];
    store.subscribe(
      (s) => s.a,
      (v, prev, why) => heardA.push([v, prev, why]),
    );
    store.subscribe(
      (s) => s.b,
      (b) => heardB.push(b.n),
    );
    expect(store.update((s) => ({ ...s, a: 2 }), "first")).toBe(true);
    store.update((s) => ({ ...s, b: { n: 5 } }), "second");
    expect(heardA).toEqual([[2, 1, "first"]]);
    expect(heardB).toEqual([5]);
    // Returning the same state is no change: nobody hears anything.
    expect(store.update((s) => s, "nothing")).toBe(false);
    expect(heardA).toHaveLength(1);
  });

  it("passes every update through its guards: a guard corrects a change or refuses it whole", () => {
    const store = new SessionStore<S>({ a: 1, b: { n: 0 } });
    const heard: number[] = [];
    store.subscribe(
      (s) => s.a,
      (v) => heard.push(v),
    );
    const remove = store.addGuard((next, _prev, why) => {
      if (why === "refused") throw new Error("locked");
      return next.a > 10 ? { ...next, a: 10 } : next;
    });
    store.update((s) => ({ ...s, a: 50 }), "too far");
    expect(store.state.a).toBe(10);
    expect(() => store.update((s) => ({ ...s, a: 3 }), "refused")).toThrow("locked");
    expect(store.state.a).toBe(10);
    expect(heard).toEqual([10]);
    remove();
    store.update((s) => ({ ...s, a: 50 }), "free");
    expect(store.state.a).toBe(50);
  });

  it("delivers a change made by a subscriber after the change it heard, to everyone, in order", () => {
    const store = new SessionStore<S>({ a: 0, b: { n: 0 } });
    const log: string[] = [];
    store.subscribe(
      (s) => s.a,
      (v, _p, why) => {
        log.push(`first ${v} ${why}`);
        if (v === 1) store.update((s) => ({ ...s, a: 2 }), "follow-up");
      },
    );
    store.subscribe(
      (s) => s.a,
      (v, _p, why) => log.push(`second ${v} ${why}`),
    );
    store.update((s) => ({ ...s, a: 1 }), "user");
    expect(log).toEqual(["first 1 user", "second 1 user", "first 2 follow-up", "second 2 follow-up"]);
  });

  it("stops telling a subscriber once it unsubscribes", () => {
    const store = new SessionStore<S>({ a: 0, b: { n: 0 } });
    const heard: number[] = [];
    const off = store.subscribe(
      (s) => s.a,
      (v) => heard.push(v),
    );
    store.update((s) => ({ ...s, a: 1 }), "x");
    off();
    store.update((s) => ({ ...s, a: 2 }), "x");
    expect(heard).toEqual([1]);
  });

  it("computes a derived value once per key, and never caches a failure", () => {
    const store = new SessionStore<S>({ a: 0, b: { n: 0 } });
    let calls = 0;
    const square = (x: number) =>
      store.derive("square", String(x), () => {
        calls++;
        return x * x;
      });
    expect(square(3)).toBe(9);
    expect(square(3)).toBe(9);
    expect(calls).toBe(1);
    expect(square(4)).toBe(16);
    expect(calls).toBe(2);
    let fail = true;
    const flaky = () =>
      store.derive("flaky", "k", () => {
        if (fail) throw new Error("not yet");
        return "ok";
      });
    expect(flaky).toThrow("not yet");
    fail = false;
    expect(flaky()).toBe("ok");
  });
});
