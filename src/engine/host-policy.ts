import * as z from "zod";

/**
 * What the host told the engine before any engine module ran: a page whose Content-Security-Policy
 * forbids eval sets `globalThis.plasticityForbidsEval = true` first (src/app/eval-policy.ts). Read when
 * this module loads, which the engine's index does first: zod then validates without generated code,
 * so it makes no refused attempt (each would report a violation).
 */
export function hostForbidsEval(): boolean {
  return (globalThis as { plasticityForbidsEval?: boolean }).plasticityForbidsEval === true;
}

if (hostForbidsEval()) z.config({ jitless: true });
