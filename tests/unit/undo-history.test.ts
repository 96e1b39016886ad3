import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { withPin } from "../../src/app/explorer/pin-board.ts";
import { normalise, RunState } from "../../src/app/session/run-state.ts";
import { type AppState, emptySession } from "../../src/app/session/session.ts";
import { SessionStore } from "../../src/app/session/session-store.ts";
import { UndoHistory } from "../../src/app/session/undo-history.ts";
import { loadModel, type Model } from "../../src/engine/index.ts";

const FILE = "models/ne-calcium-plasticity.yaml";
const model = loadModel(readFileSync(FILE, "utf8"), FILE);
const MINIMAL = "tests/fixtures/minimal-model.yaml";
const minimal = loadModel(readFileSync(MINIMAL, "utf8"), MINIMAL);

function setup(m: Model = model) {
  const store = new SessionStore<AppState>({
    model: { id: m.id, version: m.version, file: FILE, origin: "shipped" },
    session: emptySession(),
    theme: "standard",
    view: { exportFigure: "time", tab: "explore" },
  });
  let now = 0;
  let open = m;
  const history = new UndoHistory(
    store,
    () => open,
    () => now,
  );
  const pointer = new EventTarget();
  history.trackPointer(pointer);
  const state = new RunState(m, store);
  const free = m.parameters.filter((p) => !p.fixed && p.range && p.step === undefined);
  const param = free[0];
  if (!param?.range) throw new Error("no free parameter");
  return {
    store,
    history,
    state,
    param,
    tick: (ms: number) => {
      now += ms;
    },
    setModel: (next: Model) => {
      open = next;
    },
    drag: (values: number[]) => {
      pointer.dispatchEvent(new Event("pointerdown"));
      for (const v of values) state.setParam(param.name, v);
      pointer.dispatchEvent(new Event("pointerup"));
    },
  };
}

describe("undo and redo over the session", () => {
  it("makes one drag one step, and three drags three steps however close together", () => {
    const { history, state, param, drag, tick } = setup();
    const [lo, hi] = param.range as [number, number];
    drag([lo, (lo + hi) / 2, hi]);
    expect(history.reasons).toEqual([`param:${param.name}`]);
    tick(50);
    drag([lo]);
    tick(50);
    drag([hi]);
    expect(history.reasons).toHaveLength(3);
    history.undo();
    expect(state.value(param.name)).toBe(lo);
    history.undo();
    expect(state.value(param.name)).toBe(hi);
    history.undo();
    expect(state.value(param.name)).toBe(param.default);
    expect(history.canUndo).toBe(false);
    history.redo();
    expect(state.value(param.name)).toBe(hi);
  });

  it("merges keyboard changes of one kind less than a second apart, not those further apart", () => {
    const { history, state, param, tick } = setup();
    const [lo, hi] = param.range as [number, number];
    state.setParam(param.name, lo);
    tick(300);
    state.setParam(param.name, hi);
    expect(history.reasons).toHaveLength(1);
    tick(1500);
    state.setParam(param.name, lo);
    expect(history.reasons).toHaveLength(2);
  });

  it("keeps two imports or two presets a moment apart as two steps: only a value's own changes merge", () => {
    const { store, history, param, tick } = setup();
    const [lo, hi] = param.range as [number, number];
    const importRun = (v: number) =>
      store.update((s) => ({ ...s, session: { ...s.session, run: { params: { [param.name]: v } } } }), "import");
    importRun(lo);
    tick(100);
    importRun(hi);
    expect(history.reasons).toEqual(["import", "import"]);
    history.undo();
    expect(store.state.session.run.params?.[param.name]).toBe(lo);
    const [a, b] = model.presets;
    if (!a || !b) throw new Error("the model has fewer than two presets");
    for (const p of [a, b]) {
      tick(100);
      store.update((s) => ({ ...s, session: { ...s.session, run: { preset: p.id } } }), "preset");
    }
    expect(history.reasons.filter((r) => r === "preset")).toHaveLength(2);
  });

  it("undoes pins and seeds, and a JSON import of run and pins as one step", () => {
    const { store, history, state, param } = setup();
    const [lo, hi] = param.range as [number, number];
    const pins = (fn: (s: AppState) => AppState["session"]["pins"], why: string) =>
      store.update((s) => ({ ...s, session: { ...s.session, pins: fn(s) } }), why);
    pins((s) => withPin(s.session.pins, { params: { [param.name]: lo } }), "pin");
    pins((s) => withPin(s.session.pins, { params: { [param.name]: hi } }), "pin");
    pins((s) => s.session.pins.filter((p) => p.id !== 1), "unpin");
    expect(store.state.session.pins.map((p) => p.id)).toEqual([2]);
    expect(history.undoLabel).toBe("removal of a pin");
    history.undo();
    expect(store.state.session.pins.map((p) => p.id)).toEqual([1, 2]);

    state.setSeed("seed", 42);
    expect(history.undoLabel).toBe("seed change");
    history.undo();
    expect(state.seed("seed")).toBe(1);

    const before = structuredClone(store.state.session);
    store.update(
      (s) => ({ ...s, session: { ...s.session, run: { params: { [param.name]: hi } }, pins: [] } }),
      "import",
    );
    expect(store.state.session.pins).toEqual([]);
    history.undo();
    expect(store.state.session.pins).toEqual(before.pins);
    expect(store.state.session.run).toEqual(normalise(model, before.run));
  });

  it("does not make the theme or the view an undo step", () => {
    const { store, history } = setup();
    store.update((s) => ({ ...s, theme: "projector" }), "theme");
    store.update((s) => ({ ...s, view: { exportFigure: "dose", tab: "explore" } }), "view");
    expect(history.canUndo).toBe(false);
  });

  it("keeps each model's history: opening another model and coming back keeps what can be undone", () => {
    const { store, history, state, param, setModel } = setup();
    state.setParam(param.name, (param.range as [number, number])[1]);
    const first = store.state.session;
    setModel(minimal);
    store.update(
      (s) => ({
        ...s,
        model: { id: minimal.id, version: minimal.version, file: MINIMAL, origin: "file" },
        session: emptySession(),
      }),
      "model",
    );
    expect(history.canUndo).toBe(false);
    setModel(model);
    store.update(
      (s) => ({ ...s, model: { id: model.id, version: model.version, file: FILE, origin: "shipped" }, session: first }),
      "model",
    );
    expect(history.reasons).toEqual([`param:${param.name}`]);
    history.undo();
    expect(state.value(param.name)).toBe(param.default);
  });
});
