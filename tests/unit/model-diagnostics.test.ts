import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { diagnoseModel } from "../../src/engine/model/diagnose-model.ts";
import { DEFAULT_MODEL_FILE } from "./default-model.ts";

const TEXT = readFileSync(DEFAULT_MODEL_FILE, "utf8");

/** The default model with one exact piece of text replaced; fails loudly if the piece is not there. */
function edited(from: string, to: string): string {
  expect(TEXT).toContain(from);
  return TEXT.replace(from, to);
}

/** Each diagnostic as [line, message start, the characters it marks]. */
function marks(text: string, kind: "errors" | "warnings" = "errors"): [number | undefined, string, string][] {
  return diagnoseModel(text, "m.yaml")[kind].map((i) => {
    expect(i.range).toBeDefined();
    const [from, to] = i.range as [number, number];
    return [i.line, i.message, text.slice(from, to)];
  });
}

const lineOf = (text: string, piece: string) => text.slice(0, text.indexOf(piece)).split("\n").length;

describe("diagnostics of a model file's text", () => {
  it("finds nothing to say about the default model", () => {
    const d = diagnoseModel(TEXT, DEFAULT_MODEL_FILE);
    expect(d.errors).toEqual([]);
    expect(d.warnings).toEqual([]);
    expect(d.model?.id).toBe("ne-calcium-plasticity");
  });

  it("finds nothing to say about any shipped model, whose names events, switches and figures read", () => {
    const files = readdirSync("models").filter((f) => f.endsWith(".yaml"));
    expect(files.length).toBeGreaterThan(1);
    for (const f of [...files.map((x) => `models/${x}`), "tests/fixtures/models/drug-messenger-response.yaml"]) {
      const d = diagnoseModel(readFileSync(f, "utf8"), f);
      expect({ f, errors: d.errors, warnings: d.warnings }).toEqual({ f, errors: [], warnings: [] });
    }
  });

  it("warns of a parameter once the event that read it no longer does", () => {
    const text = readFileSync("models/graupner-brunel-2012.yaml", "utf8");
    expect(text).toContain("c: c + Cpost");
    const d = diagnoseModel(text.replace("c: c + Cpost", "c: c + Cpre"), "g.yaml");
    expect(d.errors).toEqual([]);
    expect(d.warnings.map((w) => w.message)).toEqual([
      'parameter "Cpost" is used by no equation, input, time span or readout',
    ]);
  });

  it("marks an unknown name inside a rate", () => {
    const text = edited("rate: (u - N) / tauN", "rate: (u - N) / tauNN");
    expect(marks(text)).toEqual([[lineOf(text, "tauNN"), 'unknown symbol "tauNN"', "tauNN"]]);
  });

  it("marks a refused function by its name", () => {
    const text = edited("rate: (u - N) / tauN", 'rate: (u - N) / tauN + import("x")');
    const [m] = marks(text);
    expect(m?.[1]).toMatch(/^function "import" is not allowed/);
    expect(m?.[2]).toBe("import");
  });

  it("points a syntax error at the character where parsing stopped", () => {
    const text = edited("rate: (u - N) / tauN", "rate: (u - N) / * tauN");
    const d = diagnoseModel(text, "m.yaml").errors;
    expect(d).toHaveLength(1);
    expect(d[0]?.range?.[0]).toBe(text.indexOf("* tauN"));
  });

  it("marks an unknown field at its key", () => {
    const text = edited("  N:\n    label", "  N:\n    colour: red\n    label");
    expect(marks(text)).toEqual([[lineOf(text, "colour"), 'unknown field "colour"', "colour"]]);
  });

  it("marks a cycle between helpers at the helper the first one uses", () => {
    const text = edited("expr: N^na / (N^na + Ka^na)", "expr: N^na / (N^na + Ka^na) * Hb").replace(
      "expr: N^nb / (N^nb + Kb^nb)",
      "expr: Ha * N^nb / (N^nb + Kb^nb)",
    );
    const [m] = marks(text);
    expect(m?.[1]).toBe("helpers form a cycle: Hb → Ha → Hb");
    expect(m?.[2]).toBe("Ha");
    expect(m?.[0]).toBe(lineOf(text, "expr: Ha *"));
  });

  it("marks a range whose ends are swapped", () => {
    const text = edited("range: [0.01, 100]", "range: [100, 0.01]");
    expect(marks(text)[0]?.slice(1)).toEqual(["min 100 is above max 0.01", "range"]);
  });

  it("tells a wrong type from a missing field", () => {
    expect(marks(edited("version: 1.0.0", "version: 1.0"))[0]?.[1]).toMatch(/expected string, received number/);
    expect(marks(edited("    label: Synaptic weight\n", ""))[0]?.slice(1)).toEqual(["is required", "w"]);
  });

  it("warns of a parameter nothing uses, at its name", () => {
    const text = edited("rate: eta * (Omega - lam * w)", "rate: eta * (Omega - w)");
    const d = diagnoseModel(text, "m.yaml");
    expect(d.errors).toEqual([]);
    expect(marks(text, "warnings")).toEqual([
      [lineOf(text, "  lam:\n"), 'parameter "lam" is used by no equation, input, time span or readout', "lam"],
    ]);
  });

  it("warns of a state that nothing else reads", () => {
    const text = edited(
      "states:\n",
      "states:\n  z:\n    label: Unread\n    unit: µM\n    initial: 1\n    rate: -z / tauC\n    description: Read by nothing.\n",
    );
    expect(marks(text, "warnings")).toEqual([
      [lineOf(text, "  z:\n"), 'state "z" is read by no other equation and no readout', "z"],
    ]);
  });
});
