import type { Point, SessionSeries } from "../lib/meter";
import { formatKW, formatKWh } from "../lib/format";

const WIDTH = 720;
const HEIGHT = 260;
const PAD = { top: 16, right: 56, bottom: 32, left: 56 };

/** 0, a round step, ... covering max: four or five gridlines. */
export function niceTicks(max: number, count = 4): number[] {
  if (!(max > 0)) return [0, 1];
  const raw = max / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? raw;
  const ticks: number[] = [];
  for (let v = 0; v < max + step * 0.999; v += step) ticks.push(Number(v.toFixed(6)));
  return ticks;
}

const clock = (t: number) => {
  const d = new Date(t);
  return `${String(d.getHours()).padStart(2, "0")}:${String(d.getMinutes()).padStart(2, "0")}`;
};

/** Energy delivered (line) and power (steps) over a session, in plain SVG. */
export function EnergyChart({ series }: { series: SessionSeries }) {
  const { energy, power } = series;
  const times = [...energy, ...power].map((p) => p.t);
  const t0 = Math.min(...times);
  const t1 = Math.max(...times, t0 + 60_000);
  const energyTicks = niceTicks(Math.max(...energy.map((p) => p.v), 0));
  const powerTicks = niceTicks(Math.max(...power.map((p) => p.v), 0));
  const eMax = energyTicks.at(-1)!;
  const pMax = powerTicks.at(-1)!;
  const innerW = WIDTH - PAD.left - PAD.right;
  const innerH = HEIGHT - PAD.top - PAD.bottom;
  const x = (t: number) => PAD.left + ((t - t0) / (t1 - t0)) * innerW;
  const yE = (v: number) => PAD.top + innerH - (v / eMax) * innerH;
  const yP = (v: number) => PAD.top + innerH - (v / pMax) * innerH;
  const line = (points: Point[], y: (v: number) => number) =>
    points.map((p) => `${x(p.t).toFixed(1)},${y(p.v).toFixed(1)}`).join(" ");
  const steps = (points: Point[]) => {
    // Each power value holds from the previous sample to its own timestamp.
    let previous = t0;
    const out: string[] = [];
    for (const p of points) {
      out.push(`${x(previous).toFixed(1)},${yP(p.v).toFixed(1)}`, `${x(p.t).toFixed(1)},${yP(p.v).toFixed(1)}`);
      previous = p.t;
    }
    return out.join(" ");
  };
  const timeTicks = [t0, t0 + (t1 - t0) / 2, t1];
  const lastEnergy = energy.at(-1)?.v ?? 0;
  const peakPower = Math.max(0, ...power.map((p) => p.v));
  const summary = `Energy delivered rose to ${formatKWh(lastEnergy * 1000)} between ${clock(t0)} and ${clock(t1)}; peak power ${formatKW(peakPower)}.`;

  return (
    <figure class="chart">
      <div class="legend" aria-hidden="true">
        <span class="legend-energy">Energy (kWh, left)</span>
        <span class="legend-power">Power (kW, right{series.powerDerived ? ", from energy readings" : ""})</span>
      </div>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={summary} preserveAspectRatio="xMidYMid meet">
        {energyTicks.map((v) => (
          <g key={`e${v}`}>
            <line class="grid" x1={PAD.left} x2={WIDTH - PAD.right} y1={yE(v)} y2={yE(v)} />
            <text class="axis" x={PAD.left - 8} y={yE(v) + 4} text-anchor="end">
              {v}
            </text>
          </g>
        ))}
        {powerTicks.map((v) => (
          <text key={`p${v}`} class="axis" x={WIDTH - PAD.right + 8} y={yP(v) + 4}>
            {v}
          </text>
        ))}
        {timeTicks.map((t, i) => (
          <text
            key={`t${i}`}
            class="axis"
            x={x(t)}
            y={HEIGHT - 8}
            text-anchor={i === 0 ? "start" : i === 2 ? "end" : "middle"}
          >
            {clock(t)}
          </text>
        ))}
        {power.length > 0 && <polyline class="series-power" points={steps(power)} />}
        {energy.length > 1 && <polyline class="series-energy" points={line(energy, yE)} />}
      </svg>
      <figcaption class="muted">{summary}</figcaption>
    </figure>
  );
}
