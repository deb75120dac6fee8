// Minimal SVG charts for benchmark results: grouped bars, one group per x value.
// Hand-rolled so the harness has no charting dependency; the output is plain, valid SVG.

export interface Series {
  readonly name: string;
  /** One value per category, in the order of `categories`; null draws no bar. */
  readonly values: readonly (number | null)[];
}

export interface BarChart {
  readonly title: string;
  readonly yLabel: string;
  readonly categories: readonly string[];
  readonly series: readonly Series[];
}

const WIDTH = 720;
const HEIGHT = 400;
const MARGIN = { top: 48, right: 24, bottom: 64, left: 80 };
const COLORS = ['#3b6fb6', '#e07b39', '#5aa469', '#b64b6f', '#7d5ab6'];

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Rounds the axis maximum up to 1, 2 or 5 times a power of ten so the ticks are readable. */
function niceMax(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (value <= step * power) return step * power;
  return 10 * power;
}

function formatTick(value: number): string {
  if (value >= 1e6) return `${+(value / 1e6).toFixed(1)}M`;
  if (value >= 1e3) return `${+(value / 1e3).toFixed(1)}k`;
  return `${+value.toFixed(2)}`;
}

export function renderBarChart(chart: BarChart): string {
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const all = chart.series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  const yMax = niceMax(Math.max(0, ...all));
  const groupW = plotW / Math.max(1, chart.categories.length);
  const barW = (groupW * 0.8) / Math.max(1, chart.series.length);
  const y = (v: number): number => MARGIN.top + plotH - (v / yMax) * plotH;

  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${WIDTH / 2}" y="24" text-anchor="middle" font-size="15">${escapeXml(chart.title)}</text>`,
    `<text transform="translate(18 ${MARGIN.top + plotH / 2}) rotate(-90)" text-anchor="middle">${escapeXml(chart.yLabel)}</text>`,
  ];
  for (let i = 0; i <= 5; i++) {
    const v = (yMax * i) / 5;
    parts.push(
      `<line x1="${MARGIN.left}" x2="${MARGIN.left + plotW}" y1="${y(v)}" y2="${y(v)}" stroke="#ddd"/>`,
      `<text x="${MARGIN.left - 6}" y="${y(v) + 4}" text-anchor="end">${formatTick(v)}</text>`,
    );
  }
  chart.categories.forEach((category, ci) => {
    const x0 = MARGIN.left + ci * groupW + groupW * 0.1;
    chart.series.forEach((series, si) => {
      const v = series.values[ci];
      if (v === null || v === undefined) return;
      parts.push(
        `<rect x="${x0 + si * barW}" y="${y(v)}" width="${barW - 2}" height="${MARGIN.top + plotH - y(v)}" fill="${COLORS[si % COLORS.length]}"><title>${escapeXml(`${series.name} ${category}: ${v}`)}</title></rect>`,
      );
    });
    parts.push(`<text x="${x0 + groupW * 0.4}" y="${MARGIN.top + plotH + 18}" text-anchor="middle">${escapeXml(category)}</text>`);
  });
  chart.series.forEach((series, si) => {
    const lx = MARGIN.left + si * 170;
    const ly = HEIGHT - 18;
    parts.push(
      `<rect x="${lx}" y="${ly - 10}" width="12" height="12" fill="${COLORS[si % COLORS.length]}"/>`,
      `<text x="${lx + 18}" y="${ly}">${escapeXml(series.name)}</text>`,
    );
  });
  parts.push('</svg>');
  return parts.join('\n');
}
