/**
 * What the host told the engine before any engine module ran: a page whose Content-Security-Policy
 * forbids eval sets `globalThis.plasticityForbidsEval = true` first (src/app/eval-policy.ts). A module
 * of its own, free of imports, so that the compiler can ask without loading the validation library.
 */
export function hostForbidsEval(): boolean {
  return (globalThis as { plasticityForbidsEval?: boolean }).plasticityForbidsEval === true;
}
