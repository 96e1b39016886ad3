import { type Model, OUTCOME_TEXT, type SimulationResult } from "../../engine/index.ts";
import { seriesInfo, seriesOf as trajectory } from "../explorer/series.ts";
import { calciumBands, type Panel } from "../explorer/time-course-figure.ts";
import { showNumber, unitSuffix } from "../ui/units.ts";

/** One time-course panel in words, for people who cannot see the plot. */
export interface PanelSummary {
  panel: string;
  text: string;
}

function seriesOf(
  r: SimulationResult,
  name: string,
): { values: Float64Array; label: string; unit: string; input: boolean } | undefined {
  const info = seriesInfo(r.model, name);
  const values = trajectory(r, name);
  if (!info || !values) return undefined;
  return { values, label: info.label, unit: info.unit, input: info.kind === "input" };
}

function peakOf(r: SimulationResult, name: string, x: Float64Array): { value: number; time: number } {
  const known = r.summary.peaks[name];
  if (known) return known;
  let k = 0;
  for (let j = 1; j < x.length; j++) if ((x[j] as number) > (x[k] as number)) k = j;
  return { value: x[k] as number, time: r.t[k] as number };
}

function amount(x: number, unit: string): string {
  return `${showNumber(x)}${unitSuffix(unit)}`;
}

/** "NE applied (u) is 1 µM from 60 s to 660 s", or the pulses of a train. */
function describeInput(r: SimulationResult, name: string, label: string, unit: string, x: Float64Array): string {
  const time = (t: number) => amount(t, r.model.timeUnit);
  let first = -1;
  let last = -1;
  let pulses = 0;
  let top = 0;
  for (let k = 0; k < x.length; k++) {
    const v = x[k] as number;
    if (v <= 0) continue;
    if (first < 0) first = k;
    if (k === 0 || (x[k - 1] as number) <= 0) pulses++;
    last = k;
    top = Math.max(top, v);
  }
  if (first < 0) return `${label} (${name}) stays at 0`;
  const until = last + 1 < x.length ? (r.t[last + 1] as number) : (r.t[last] as number);
  const span = `from ${time(r.t[first] as number)} to ${time(until)}`;
  return pulses > 1
    ? `${label} (${name}) comes in ${pulses} pulses of up to ${amount(top, unit)} ${span}`
    : `${label} (${name}) is ${amount(top, unit)} ${span}`;
}

/** Where a level of the banded state falls among the model's LTD and LTP bands. */
function bandOf(r: SimulationResult, value: number): string {
  const b = calciumBands(r);
  const unit = seriesInfo(r.model, r.model.readout.bands?.state ?? "")?.unit ?? "";
  if (value >= b.ltp[0] && (b.ltp[1] === null || value < b.ltp[1])) {
    return `inside the LTP band (${amount(b.ltp[0], unit)} and above)`;
  }
  if (value >= b.ltd[0] && (b.ltd[1] === null || value < b.ltd[1])) {
    return `inside the LTD window (${amount(b.ltd[0], unit)} to ${amount(b.ltd[1] ?? b.ltp[0], unit)})`;
  }
  return value < b.ltd[0] ? `below the LTD threshold (${amount(b.ltd[0], unit)})` : "above the LTP band";
}

function describePanel(r: SimulationResult, panel: Panel): string {
  const model: Model = r.model;
  const time = (t: number) => amount(t, model.timeUnit);
  const parts: string[] = [];
  for (const name of panel.series) {
    const s = seriesOf(r, name);
    if (!s) continue;
    if (s.input) {
      parts.push(describeInput(r, name, s.label, s.unit, s.values));
      continue;
    }
    const end = s.values[s.values.length - 1] as number;
    if (name === model.readout.weight) {
      const base = s.values[0] as number;
      const change = base !== 0 ? (end / base - 1) * 100 : Number.NaN;
      // Below a tenth of a percent the digits are noise to a reader ("2.9e-4 % below").
      const relative =
        Math.abs(change) < 0.1
          ? "within 0.1 % of baseline"
          : `${showNumber(Math.abs(change), 2)} % ${change > 0 ? "above" : "below"} baseline`;
      parts.push(`${s.label} (${name}) ends at ${showNumber(end)}, ${relative}: ${OUTCOME_TEXT[r.summary.outcome]}`);
      continue;
    }
    const peak = peakOf(r, name, s.values);
    let text = `${s.label} (${name}) peaks at ${amount(peak.value, s.unit)} at ${time(peak.time)}`;
    if (name === model.readout.bands?.state) {
      text += `, ${bandOf(r, peak.value)}; ${time(r.summary.timeInLtd)} in the LTD window and ${time(r.summary.timeInLtp)} in the LTP band`;
    } else if (Math.abs(end - peak.value) > 1e-3 * Math.max(1, Math.abs(peak.value))) {
      // A decay to 1e-35 is "back to 0" for a reader, not a number to read out.
      const settled = Math.abs(end) < 1e-4 * Math.abs(peak.value) ? 0 : end;
      text += settled === 0 ? " and returns to 0" : ` and ends at ${amount(settled, s.unit)}`;
    }
    parts.push(text);
  }
  return `${parts.join("; ")}.`;
}

/** One sentence per time-course panel of the model's display, from the run's summary and trajectories. */
export function panelSummaries(r: SimulationResult): PanelSummary[] {
  return r.model.display.panels.map((panel) => ({ panel: panel.title, text: describePanel(r, panel) }));
}
