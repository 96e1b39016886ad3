import type { RunSpec } from "../../engine/index.ts";

/** Messages between the app and the dose-response worker. */
export type DoseRequest =
  | { kind: "init"; modelText: string; modelFile: string }
  | { kind: "sweep"; id: number; spec: RunSpec; param: string; values: number[] };

export type DoseReply =
  | { kind: "sweep"; id: number; values: number[]; wEnd: number[]; outcomes: string[]; ms: number }
  | { kind: "error"; id: number; message: string };
