import katex from "katex";
import "katex/dist/katex.min.css";
import type { MathNode } from "mathjs";
import type { Model } from "../../engine/index.ts";
import { el } from "../ui/dom.ts";

const GREEK: Record<string, string> = {
  α: "\\alpha",
  β: "\\beta",
  γ: "\\gamma",
  δ: "\\delta",
  ε: "\\varepsilon",
  η: "\\eta",
  θ: "\\theta",
  κ: "\\kappa",
  λ: "\\lambda",
  μ: "\\mu",
  ν: "\\nu",
  π: "\\pi",
  ρ: "\\rho",
  σ: "\\sigma",
  τ: "\\tau",
  φ: "\\varphi",
  χ: "\\chi",
  ψ: "\\psi",
  ω: "\\omega",
  Γ: "\\Gamma",
  Δ: "\\Delta",
  Θ: "\\Theta",
  Λ: "\\Lambda",
  Σ: "\\Sigma",
  Φ: "\\Phi",
  Ψ: "\\Psi",
  Ω: "\\Omega",
};
const GREEK_NAMES = new Set([
  "alpha",
  "beta",
  "gamma",
  "delta",
  "eta",
  "theta",
  "lambda",
  "mu",
  "sigma",
  "tau",
  "omega",
  "Omega",
  "Delta",
  "Gamma",
  "phi",
  "psi",
]);

function texText(s: string): string {
  let out = "";
  let plain = "";
  const flush = () => {
    if (plain) out += plain.length > 1 ? `\\mathrm{${plain}}` : plain;
    plain = "";
  };
  for (const ch of s) {
    const g = GREEK[ch];
    if (g) {
      flush();
      out += `${g} `;
    } else if (/[A-Za-z0-9]/.test(ch)) plain += ch;
    else {
      flush();
      out += ch;
    }
  }
  flush();
  return out.trim();
}

/** "τ_N" → \tau_{N}; "Rb" → R_{b}; "Omega" → \Omega: model names and symbols as typeset symbols. */
export function symbolTex(symbol: string): string {
  if (GREEK_NAMES.has(symbol)) return `\\${symbol}`;
  const us = symbol.indexOf("_");
  if (us > 0) return `${texText(symbol.slice(0, us))}_{${texText(symbol.slice(us + 1))}}`;
  if (/^[A-Z][a-z0-9]$/.test(symbol)) return `${symbol[0]}_{${symbol[1]}}`;
  if (/^[A-Za-z]+[0-9]+$/.test(symbol)) {
    const m = /^([A-Za-z]+)([0-9]+)$/.exec(symbol) as RegExpExecArray;
    return `${texText(m[1] as string)}_{${m[2]}}`;
  }
  return texText(symbol);
}

interface Equation {
  lhs: string;
  node: MathNode;
  title: string;
  description: string;
}

/**
 * The model's equations typeset from its own parsed expressions. Each parameter symbol is tagged so that
 * a click leads to its control; the same links are offered as buttons for the keyboard.
 */
export function equationsView(
  model: Model,
  focusParam: (name: string) => boolean,
  hasControl: (name: string) => boolean,
): HTMLElement {
  const stateNames = new Set(model.states.map((s) => s.name));
  const inputNames = new Set(model.inputs.map((i) => i.name));
  const helperNames = new Map(model.helpers.map((h) => [h.name, h]));
  const paramByName = new Map(model.parameters.map((p) => [p.name, p]));
  const nameTex = (name: string): string => {
    // Braces keep a symbol apart from a preceding command such as \cdot.
    if (stateNames.has(name)) return `{${symbolTex(name)}}`;
    if (inputNames.has(name)) return `{${symbolTex(name)}(t)}`;
    if (helperNames.has(name)) return `{${symbolTex(name)}}`;
    const p = paramByName.get(name);
    if (p) {
      const tex = symbolTex(p.symbol || p.name);
      return hasControl(name) ? `{\\htmlData{param=${name}}{${tex}}}` : `{${tex}}`;
    }
    return `{${texText(name)}}`;
  };

  const handler = (node: MathNode, options: object): string | undefined => {
    if (node.type === "SymbolNode") return nameTex((node as MathNode & { name: string }).name);
    if (node.type === "FunctionNode") {
      const fn = node as MathNode & { fn: { name: string }; args: MathNode[] };
      if (helperNames.has(fn.fn.name)) {
        return `${symbolTex(fn.fn.name)}\\left(${fn.args.map((a) => a.toTex(options)).join(",\\,")}\\right)`;
      }
    }
    return undefined;
  };
  const tex = (node: MathNode) => node.toTex({ handler, parenthesis: "keep", implicit: "hide" } as object);

  const equations: Equation[] = [
    ...model.states.map((s) => ({
      lhs: `\\frac{d${symbolTex(s.name)}}{dt}`,
      node: s.node,
      title: s.label,
      description: s.description,
    })),
    ...model.helpers.map((h) => ({
      lhs: h.args.length ? `${symbolTex(h.name)}(${h.args.map(symbolTex).join(",")})` : symbolTex(h.name),
      node: h.node,
      title: h.label,
      description: h.description,
    })),
  ];

  const list = el("div", { class: "equation-list" });
  for (const eq of equations) {
    // A long equation scrolls sideways on a narrow screen: the box takes focus so keys can scroll it.
    const math = el("div", { class: "equation-math", tabindex: "0", role: "group", "aria-label": eq.title });
    katex.render(`${eq.lhs} = ${tex(eq.node)}`, math, {
      displayMode: true,
      throwOnError: false,
      output: "htmlAndMathml",
      trust: (ctx) => ctx.command === "\\htmlData",
      strict: "ignore",
    });
    const used = new Set<string>();
    eq.node.traverse((n, path, parent) => {
      if (n.type === "SymbolNode" && !(parent?.type === "FunctionNode" && path === "fn")) {
        const name = (n as MathNode & { name: string }).name;
        if (hasControl(name) && !stateNames.has(name) && !inputNames.has(name) && !helperNames.has(name))
          used.add(name);
      }
    });
    const chips = [...used].map((name) => {
      const p = paramByName.get(name);
      const glyph = el("span", { "aria-hidden": "true" });
      katex.render(symbolTex(p?.symbol || name), glyph, { throwOnError: false, output: "html" });
      const b = el(
        "button",
        { type: "button", class: "chip", title: `${p?.label ?? name}: ${p?.description ?? ""}` },
        glyph,
        el("span", { class: "visually-hidden", text: `${name}: go to the ${p?.label ?? name} control` }),
      );
      b.addEventListener("click", () => focusParam(name));
      return b;
    });
    list.append(
      el(
        "figure",
        { class: "equation" },
        el("figcaption", {}, el("strong", { text: eq.title }), eq.description ? ` — ${eq.description}` : ""),
        math,
        chips.length
          ? el("div", { class: "chips" }, el("span", { class: "chips-label", text: "Parameters:" }), ...chips)
          : null,
      ),
    );
  }
  list.addEventListener("click", (e) => {
    const target = (e.target as HTMLElement).closest<HTMLElement>("[data-param]");
    if (target?.dataset.param) focusParam(target.dataset.param);
  });
  return list;
}
