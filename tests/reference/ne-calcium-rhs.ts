import type { Model, Rhs } from "../../src/engine/index.ts";

/**
 * The default model's equations written out by hand from DESIGN §3, independent of the model file and
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
  return (_t, y, p, inp, out, diag) => {
    const N = y[0] as number;
    const Rb = y[1] as number;
    const D = y[2] as number;
    const Ra = y[3] as number;
    const C = y[4] as number;
    const w = y[5] as number;
    const u = inp[0] as number;
    const a = inp[1] as number;
    const P = (k: number) => p[k] as number;
    const Hb = (N ** P(nb) / (N ** P(nb) + P(Kb) ** P(nb))) * (1 - (P(ia2) * N) / (N + P(Ka2)));
    const Ha = N ** P(na) / (N ** P(na) + P(Ka) ** P(na));
    const sig = (x: number) => 1 / (1 + Math.exp(-P(bsig) * x));
    const thpEff = P(thp) - P(sb) * Rb * (P(thp) - P(thd)) + P(sa) * Ra * (P(thp) - P(thd));
    const Omega = 1 - P(Ad) * sig(C - P(thd)) + (P(Ad) + P(Ap)) * sig(C - thpEff);
    const eta = P(eta0) / (P(P1) / (P(P2) + C ** P(P3)) + P(P4));
    out[0] = (u - N) / P(tauN);
    out[1] = ((1 - D) * Hb - Rb) / P(tauR);
    out[2] = P(kdes) * Rb * (1 - D) - D / P(taurec);
    out[3] = (Ha - Ra) / P(tauR);
    out[4] = (a * P(cact) * (1 + P(gb) * Rb) + P(ga) * Ra - C) / P(tauC);
    out[5] = eta * (Omega - P(lam) * w);
    if (diag !== null) {
      diag[0] = -1 / P(tauN);
      diag[1] = -1 / P(tauR);
      diag[2] = -P(kdes) * Rb - 1 / P(taurec);
      diag[3] = -1 / P(tauR);
      diag[4] = -1 / P(tauC);
      diag[5] = -eta * P(lam);
    }
  };
}
