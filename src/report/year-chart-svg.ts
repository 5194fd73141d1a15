/** The figures of one year, as the archive counts them. */
export interface YearFigures {
  year: number;
  screened: number;
  relevant: number;
  assessed: number;
  notAssessed: number;
}

export const SERIES = ['screened', 'relevant', 'assessed', 'notAssessed'] as const;
export type SeriesKey = (typeof SERIES)[number];

export interface YearChartInput {
  counts: YearFigures[];
  /** The chart's accessible name and description (`<title>`, `<desc>`). */
  title: string;
  description: string;
  /** The legend's words for each series. */
  labels: Record<SeriesKey, string>;
  /** Makes the ids unique when a page holds more than one chart. */
  idPrefix?: string;
  locale?: string;
}

/**
 * Each series: a colour with at least 4.5:1 against white, and its own pattern of white lines, so the bars are
 * told apart without seeing colour. Every bar is outlined in its solid colour (the pattern lowers its contrast)
 * and carries its number.
 */
const LOOK: Record<SeriesKey, { colour: string; pattern: string }> = {
  screened: { colour: '#545454', pattern: '' },
  relevant: {
    colour: '#0059b3',
    pattern: '<path d="M-1,1 l2,-2 M0,6 l6,-6 M5,7 l2,-2" stroke="#ffffff" stroke-width="1.5"/>',
  },
  assessed: { colour: '#358000', pattern: '<path d="M0,3 h6" stroke="#ffffff" stroke-width="1.5"/>' },
  notAssessed: {
    colour: '#b51d09',
    pattern: '<path d="M0,0 l6,6 M6,0 l-6,6" stroke="#ffffff" stroke-width="1.2"/>',
  },
};

const INK = '#1a1a1a';
const GRID = '#bfbfbf';
const FONT = "'IBM Plex Sans', Arial, sans-serif";

const BAR = 24;
const BAR_GAP = 4;
const GROUP_GAP = 36;
const GROUP = SERIES.length * BAR + (SERIES.length - 1) * BAR_GAP;
const LEFT = 56;
const RIGHT = 16;
const LEGEND_ROW = 24;
const LEGEND_COLUMN = 260;
const TOP = 2 * LEGEND_ROW + 28;
const PLOT = 240;
const BOTTOM = 36;

/** Text for SVG content and attribute values. */
export function escapeXml(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] as string,
  );
}

/** A step of 1, 2 or 5 × 10ⁿ (never below 1: the counts are whole bills) giving about four gridlines. */
function niceStep(max: number): number {
  const rough = Math.max(1, max / 4);
  const p = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * p).find((s) => s >= rough) ?? 10 * p;
  return Math.max(1, step);
}

const n = (x: number): string => String(Math.round(x * 10) / 10);

/**
 * Grouped bars per year (screened, relevant, assessed, relevant but not assessed) as an SVG string: no script,
 * no style attributes (the app's CSP forbids inline styles), only presentation attributes. Pure.
 */
export function yearChartSvg(input: YearChartInput): string {
  const id = input.idPrefix ?? 'year-chart';
  const fmt = new Intl.NumberFormat(input.locale ?? 'da-DK');
  const years = input.counts;
  const max = Math.max(0, ...years.flatMap((y) => SERIES.map((k) => y[k])));
  const step = niceStep(max);
  const top = Math.max(step, Math.ceil(max / step) * step);
  const width = Math.max(LEFT + 2 * LEGEND_COLUMN + RIGHT, LEFT + years.length * (GROUP + GROUP_GAP) + RIGHT);
  const height = TOP + PLOT + BOTTOM;
  const baseline = TOP + PLOT;
  const y = (v: number): number => baseline - (v / top) * PLOT;
  const fill = (k: SeriesKey): string => (LOOK[k].pattern ? `url(#${id}-${k})` : LOOK[k].colour);
  const out: string[] = [];

  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="${id}-title ${id}-desc" font-family="${escapeXml(FONT)}" font-size="14" fill="${INK}">`,
    `<title id="${id}-title">${escapeXml(input.title)}</title>`,
    `<desc id="${id}-desc">${escapeXml(input.description)}</desc>`,
    '<defs>',
    ...SERIES.filter((k) => LOOK[k].pattern).map(
      (k) =>
        `<pattern id="${id}-${k}" width="6" height="6" patternUnits="userSpaceOnUse"><rect width="6" height="6" fill="${LOOK[k].colour}"/>${LOOK[k].pattern}</pattern>`,
    ),
    '</defs>',
  );

  // Legend: two rows of two, each a swatch like the bars and the series' words.
  SERIES.forEach((k, i) => {
    const lx = LEFT + (i % 2) * LEGEND_COLUMN;
    const ly = 4 + Math.floor(i / 2) * LEGEND_ROW;
    out.push(
      `<g class="legend-item"><rect x="${lx}" y="${ly}" width="16" height="16" fill="${fill(k)}" stroke="${LOOK[k].colour}" stroke-width="1.5"/>`,
      `<text x="${lx + 24}" y="${ly + 13}">${escapeXml(input.labels[k])}</text></g>`,
    );
  });

  // Gridlines and the y axis' numbers.
  for (let v = 0; v <= top; v += step) {
    const gy = n(y(v));
    out.push(
      `<line x1="${LEFT}" x2="${width - RIGHT}" y1="${gy}" y2="${gy}" stroke="${v === 0 ? INK : GRID}" stroke-width="1"/>`,
      `<text x="${LEFT - 8}" y="${n(y(v) + 4)}" text-anchor="end">${fmt.format(v)}</text>`,
    );
  }

  // The years share the plot's width evenly, each group in the middle of its share.
  const slot = (width - LEFT - RIGHT) / Math.max(1, years.length);
  years.forEach((yr, gi) => {
    const gx = LEFT + gi * slot + (slot - GROUP) / 2;
    out.push(`<g class="year" data-year="${yr.year}">`);
    SERIES.forEach((k, si) => {
      const v = yr[k];
      const x = gx + si * (BAR + BAR_GAP);
      const h = (v / top) * PLOT;
      if (h > 0)
        out.push(
          `<rect class="bar bar-${k}" x="${n(x)}" y="${n(baseline - h)}" width="${BAR}" height="${n(h)}" fill="${fill(k)}" stroke="${LOOK[k].colour}" stroke-width="1.5" data-value="${v}"/>`,
        );
      out.push(
        `<text class="value" x="${n(x + BAR / 2)}" y="${n(baseline - h - 5)}" text-anchor="middle" font-size="13">${fmt.format(v)}</text>`,
      );
    });
    out.push(
      `<text class="year-label" x="${n(gx + GROUP / 2)}" y="${baseline + 22}" text-anchor="middle" font-weight="600">${yr.year}</text>`,
      '</g>',
    );
  });

  out.push('</svg>');
  return out.join('');
}
