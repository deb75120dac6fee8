// Counters for GET /metrics, in Prometheus' text format (gauges are read at request time).
export class NodeMetrics {
  private readonly counters = new Map<string, number>();

  count(name: string, by = 1): void {
    this.counters.set(name, (this.counters.get(name) ?? 0) + by);
  }

  /** The counters, then `gauges` (name => value), one `name value` line each. */
  render(gauges: Readonly<Record<string, number>>): string {
    const lines: string[] = [];
    const typed = new Set<string>();
    for (const [name, value] of [...this.counters, ...Object.entries(gauges)]) {
      const base = name.split('{')[0]!;
      if (!typed.has(base)) lines.push(`# TYPE ${base} ${this.counters.has(name) ? 'counter' : 'gauge'}`);
      typed.add(base);
      lines.push(`${name} ${value}`);
    }
    return `${lines.join('\n')}\n`;
  }
}
