/** One sample line of the Prometheus text exposition format (version 0.0.4). */
export type Sample = { name: string; labels: Record<string, string>; value: number };
export type MetricFamily = { name: string; type: string; help: string; samples: Sample[] };

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const LABEL = /\s*([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"\s*(?:,|$)/y;

const unescape = (value: string) => value.replace(/\\(.)/g, (_, char: string) => (char === "n" ? "\n" : char));

function parseValue(text: string): number {
  if (text === "+Inf") return Infinity;
  if (text === "-Inf") return -Infinity;
  // Prometheus reads NaN in any case; prom-client writes "Nan".
  if (text.toLowerCase() === "nan") return NaN;
  const value = Number(text);
  if (Number.isNaN(value)) throw new Error(`not a sample value: ${text}`);
  return value;
}

function parseLabels(text: string | undefined): Record<string, string> {
  const labels: Record<string, string> = {};
  if (!text) return labels;
  LABEL.lastIndex = 0;
  while (LABEL.lastIndex < text.length) {
    const match = LABEL.exec(text);
    if (!match) throw new Error(`bad labels: {${text}}`);
    labels[match[1]!] = unescape(match[2]!);
  }
  return labels;
}

/**
 * Parses a scrape into metric families keyed by name. Every sample must belong to a family announced by # TYPE
 * (histogram samples by their _bucket/_sum/_count suffix); anything unreadable throws.
 */
export function parsePrometheusText(text: string): Map<string, MetricFamily> {
  const families = new Map<string, MetricFamily>();
  const family = (name: string) => {
    let entry = families.get(name);
    if (!entry) families.set(name, (entry = { name, type: "untyped", help: "", samples: [] }));
    return entry;
  };
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    if (line.startsWith("# HELP ")) {
      const [name, ...help] = line.slice(7).split(" ");
      family(name!).help = help.join(" ");
      continue;
    }
    if (line.startsWith("# TYPE ")) {
      const [name, type] = line.slice(7).split(" ");
      family(name!).type = type!;
      continue;
    }
    if (line.startsWith("#")) continue;
    // name{labels} value [timestamp]
    const name = METRIC_NAME.exec(line)?.[0];
    if (!name) throw new Error(`unreadable sample line: ${line}`);
    let rest = line.slice(name.length);
    let labelText: string | undefined;
    if (rest.startsWith("{")) {
      const end = rest.lastIndexOf("}");
      if (end < 0) throw new Error(`unclosed labels: ${line}`);
      labelText = rest.slice(1, end);
      rest = rest.slice(end + 1);
    }
    const [valueText, timestamp, ...extra] = rest.trim().split(/\s+/);
    if (!valueText || extra.length > 0 || (timestamp !== undefined && !/^-?\d+$/.test(timestamp))) {
      throw new Error(`unreadable sample line: ${line}`);
    }
    const owner = [name, name.replace(/_(bucket|sum|count|total|created)$/, "")].find((candidate) =>
      families.has(candidate),
    );
    if (!owner) throw new Error(`sample ${name} has no # TYPE`);
    families.get(owner)!.samples.push({ name, labels: parseLabels(labelText), value: parseValue(valueText) });
  }
  return families;
}

/** Reads samples out of a parsed scrape. */
export class Scrape {
  constructor(readonly families: Map<string, MetricFamily>) {}

  static parse(text: string): Scrape {
    return new Scrape(parsePrometheusText(text));
  }

  family(name: string): MetricFamily {
    const family = this.families.get(name);
    if (!family) throw new Error(`no metric family ${name}; have ${[...this.families.keys()].join(", ")}`);
    return family;
  }

  /** Samples of the family whose name (exactly) and labels (a subset) match. */
  samples(family: string, labels: Record<string, string> = {}, sampleName = family): Sample[] {
    return this.family(family).samples.filter(
      (sample) =>
        sample.name === sampleName && Object.entries(labels).every(([key, value]) => sample.labels[key] === value),
    );
  }

  /** The value of the one sample with exactly these labels (0 when there is none yet), e.g. a counter. */
  value(family: string, labels: Record<string, string> = {}, sampleName = family): number {
    const matching = this.samples(family, labels, sampleName).filter(
      (sample) => Object.keys(sample.labels).length === Object.keys(labels).length,
    );
    if (matching.length > 1)
      throw new Error(`${sampleName}${JSON.stringify(labels)} matches ${matching.length} samples`);
    return matching[0]?.value ?? 0;
  }

  /** A histogram's series with these labels: count, sum and cumulative buckets by upper bound. */
  histogram(family: string, labels: Record<string, string> = {}) {
    const count = this.value(family, labels, `${family}_count`);
    const sum = this.value(family, labels, `${family}_sum`);
    const buckets = this.samples(family, labels, `${family}_bucket`)
      .filter((sample) => Object.keys(sample.labels).length === Object.keys(labels).length + 1)
      .map((sample) => ({ le: parseValue(sample.labels.le!), count: sample.value }))
      .sort((a, b) => a.le - b.le);
    return { count, sum, buckets };
  }
}
