import type { Model, Rhs } from "../../src/engine/index.ts";

/**
 * The default model's equations written out by hand from docs/model.md, independent of the model file and
 * the expression compiler: the reference for tests and the speed floor for benchmarks. Same signature
 * as a compiled Rhs; inputs are [u, a].
 */
export function handWrittenRhs(model: Model): Rhs {
  const ix = (name: string) => {
    const p = model.parameters.find((q) => q.name === name);
    if (!p) throw new Error(`no parameter ${name}`);
    return p.index;
  };
  const tauN = ix("tauN");
  const Kb = ix("Kb");
  const nb = ix("nb");
  const tauR = ix("tauR");
  const kdes = ix("kdes");
  const taurec = ix("taurec");
  const Ka = ix("Ka");
  const na = ix("na");
  const ga = ix("ga");
  const Ka2 = ix("Ka2");
  const ia2 = ix("ia2");
  const cact = ix("cact");
  const gb = ix("gb");
  const tauC = ix("tauC");
  const thd = ix("thd");
  const thp = ix("thp");
  const bsig = ix("bsig");
  const Ad = ix("Ad");
  const Ap = ix("Ap");
  const eta0 = ix("eta0");
  const P1 = ix("P1");
  const P2 = ix("P2");
  const P3 = ix("P3");
  const P4 = ix("P4");
  const lam = ix("lam");
  const sb = ix("sb");
  const sa = ix("sa");
  const sig = (x: number, bsig: number) => 1 / (1 + Math.exp(-bsig * x));
  return (_t, y, p, inp, out, diag) => {
    const N = y[0] as number;
    const Rb = y[1] as number;
    const D = y[2] as number;
    const Ra = y[3] as number;
    const C = y[4] as number;
    const w = y[5] as number;
    const u = inp[0] as number;
    const a = inp[1] as number;
    const nbV = p[nb] as number;
    const naV = p[na] as number;
    const thdV = p[thd] as number;
    const thpV = p[thp] as number;
    const AdV = p[Ad] as number;
    const lamV = p[lam] as number;
    const Nnb = N ** nbV;
    const Nna = N ** naV;
    const Hb = (Nnb / (Nnb + (p[Kb] as number) ** nbV)) * (1 - ((p[ia2] as number) * N) / (N + (p[Ka2] as number)));
    const Ha = Nna / (Nna + (p[Ka] as number) ** naV);
    const thpEff = thpV - (p[sb] as number) * Rb * (thpV - thdV) + (p[sa] as number) * Ra * (thpV - thdV);
    const bs = p[bsig] as number;
    const Omega = 1 - AdV * sig(C - thdV, bs) + (AdV + (p[Ap] as number)) * sig(C - thpEff, bs);
    const eta =
      (p[eta0] as number) / ((p[P1] as number) / ((p[P2] as number) + C ** (p[P3] as number)) + (p[P4] as number));
    const tauRV = p[tauR] as number;
    out[0] = (u - N) / (p[tauN] as number);
    out[1] = ((1 - D) * Hb - Rb) / tauRV;
    out[2] = (p[kdes] as number) * Rb * (1 - D) - D / (p[taurec] as number);
    out[3] = (Ha - Ra) / tauRV;
    out[4] =
      (a * (p[cact] as number) * (1 + (p[gb] as number) * Rb) + (p[ga] as number) * Ra - C) / (p[tauC] as number);
    out[5] = eta * (Omega - lamV * w);
    if (diag !== null) {
      diag[0] = -1 / (p[tauN] as number);
      diag[1] = -1 / tauRV;
      diag[2] = -(p[kdes] as number) * Rb - 1 / (p[taurec] as number);
      diag[3] = -1 / tauRV;
      diag[4] = -1 / (p[tauC] as number);
      diag[5] = -eta * lamV;
    }
  };
}
