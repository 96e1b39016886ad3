"""Regenerates the default model's reference table in docs/model.md with SciPy's Radau solver.

The equations are written out by hand from docs/model.md, not read from the model file, so that the
table is an independent check of the engine. Protocol: NE step from tOn = 60 s for dur = 600 s, paired
with activity over the same window; every other parameter at its default; readout at tEnd = 3600 s.

    python3 tests/reference/radau_table.py
"""

import numpy as np
from scipy.integrate import solve_ivp

P = dict(tOn=60.0, dur=600.0, tauN=10.0, Kb=0.5, nb=1.0, tauR=30.0, kdes=1 / 1800, taurec=1800.0,
         Ka=0.3, na=1.0, ga=0.0, Ka2=0.05, ia2=0.0, cact=0.2, gb=3.5, tauC=1.0, thd=0.35, thp=0.55,
         bsig=80.0, Ad=0.4, Ap=1.0, eta0=0.01, sb=0.0, sa=0.0, P1=0.1, P2=1e-5, P3=3.0, P4=1.0, lam=1.0,
         tEnd=3600.0)


def rhs(u, a, p):
    def f(t, y):
        N, Rb, D, Ra, C, w = y
        N, C = max(N, 0.0), max(C, 0.0)
        Hb = N**p["nb"] / (N**p["nb"] + p["Kb"]**p["nb"]) * (1 - p["ia2"] * N / (N + p["Ka2"]))
        Ha = N**p["na"] / (N**p["na"] + p["Ka"]**p["na"])
        sig = lambda x: 1 / (1 + np.exp(-p["bsig"] * x))
        thpEff = p["thp"] - p["sb"] * Rb * (p["thp"] - p["thd"]) + p["sa"] * Ra * (p["thp"] - p["thd"])
        Omega = 1 - p["Ad"] * sig(C - p["thd"]) + (p["Ad"] + p["Ap"]) * sig(C - thpEff)
        eta = p["eta0"] / (p["P1"] / (p["P2"] + C**p["P3"]) + p["P4"])
        return [
            (u - N) / p["tauN"],
            ((1 - D) * Hb - Rb) / p["tauR"],
            p["kdes"] * Rb * (1 - D) - D / p["taurec"],
            (Ha - Ra) / p["tauR"],
            (a * p["cact"] * (1 + p["gb"] * Rb) + p["ga"] * Ra - C) / p["tauC"],
            eta * (Omega - p["lam"] * w),
        ]
    return f


def run(level, p=P):
    # One solve per constant-input piece: the input edges are never stepped over.
    pieces = [(0.0, p["tOn"], 0.0, 0.0), (p["tOn"], p["tOn"] + p["dur"], level, 1.0), (p["tOn"] + p["dur"], p["tEnd"], 0.0, 0.0)]
    y = [0.0, 0.0, 0.0, 0.0, 0.0, 1.0]
    ts, ys = [], []
    for t0, t1, u, a in pieces:
        s = solve_ivp(rhs(u, a, p), (t0, t1), y, method="Radau", rtol=1e-6, atol=1e-9, dense_output=True)
        grid = np.linspace(t0, t1, int(t1 - t0) + 1)
        ts.append(grid)
        ys.append(s.sol(grid))
        y = s.y[:, -1]
    Y = np.concatenate(ys, axis=1)
    return Y[1].max(), Y[4].max(), Y[5][-1]


if __name__ == "__main__":
    print("| NE (µM) | peak Rb | peak C (µM) | w(3600) | outcome |")
    print("|---|---|---|---|---|")
    for level in [0.05, 0.2, 0.3, 0.5, 1.0, 10.0]:
        rb, c, w = run(level)
        outcome = "LTP" if w > 1.05 else "LTD" if w < 0.95 else "none"
        print(f"| {level:g} | {rb:.3f} | {c:.3f} | {w:.3f} | {outcome} |")
