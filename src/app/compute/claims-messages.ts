import type { RunSpec, Verdict } from "../../engine/index.ts";

/** Messages between the app and the claims worker: one claim checked per message. */
export type ClaimsRequest =
  | { kind: "init"; modelText: string; modelFile: string }
  | { kind: "check"; id: number; spec: RunSpec; claim: string };

export type ClaimsReply =
  | { kind: "check"; id: number; claim: string; verdict: Verdict; text: string; ms: number }
  | { kind: "error"; id: number; claim: string; message: string };
