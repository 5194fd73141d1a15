import { escapeXml, yearChartSvg, type YearChartInput } from '../../src/report/year-chart-svg';

const LABELS = {
  screened: 'Screenet',
  relevant: 'Fundet relevante',
  assessed: 'Vurderet (trin 2)',
  notAssessed: 'Relevante, ikke vurderet',
};

function chart(over: Partial<YearChartInput> = {}): string {
  return yearChartSvg({
    counts: [
      { year: 2025, screened: 40, relevant: 20, assessed: 15, notAssessed: 5 },
      { year: 2026, screened: 10, relevant: 8, assessed: 0, notAssessed: 8 },
    ],
    title: 'Screenede og vurderede forslag pr. år',
    description: 'Søjlediagram.',
    labels: LABELS,
    ...over,
  });
}

/**
 * Well-formed XML, checked strictly: every tag closed in order, attributes quoted, no stray `<` or `&` in text.
 * (The app has no XML parser of its own; this is the part of XML an inline SVG needs.)
 */
function wellFormed(xml: string): void {
  const stack: string[] = [];
  const tag = /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/y;
  const entity = /&(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/y;
  let i = 0;
  while (i < xml.length) {
    const c = xml[i];
    if (c === '<') {
      tag.lastIndex = i;
      const m = tag.exec(xml);
      if (!m) throw new Error(`malformed tag at ${i}: ${xml.slice(i, i + 60)}`);
      const [, closing, name, , selfClosing] = m as unknown as [string, string, string, string, string];
      if (closing) {
        const open = stack.pop();
        if (open !== name) throw new Error(`</${name}> closes <${open}> at ${i}`);
      } else if (!selfClosing) stack.push(name);
      i = tag.lastIndex;
    } else if (c === '&') {
      entity.lastIndex = i;
      if (!entity.exec(xml)) throw new Error(`bare & at ${i}: ${xml.slice(i, i + 20)}`);
      i = entity.lastIndex;
    } else if (c === '>') throw new Error(`stray > at ${i}`);
    else i++;
  }
  if (stack.length) throw new Error(`unclosed: ${stack.join(', ')}`);
}

/** The bars of a series, in year order, with their heights. */
function bars(svg: string, series: string): { value: number; height: number; y: number }[] {
  return [
    ...svg.matchAll(
      new RegExp(
        `<rect class="bar bar-${series}"[^>]*? y="([\\d.]+)"[^>]*? height="([\\d.]+)"[^>]*? data-value="(\\d+)"`,
        'g',
      ),
    ),
  ].map((m) => ({ y: Number(m[1]), height: Number(m[2]), value: Number(m[3]) }));
}

describe('yearChartSvg', () => {
  it('is well-formed XML: one svg element with role="img", named by its title and description', () => {
    const svg = chart();
    expect(() => wellFormed(svg)).not.toThrow();
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.endsWith('</svg>')).toBe(true);
    expect(svg).toContain('role="img"');
    expect(svg).toContain('aria-labelledby="year-chart-title year-chart-desc"');
    expect(svg).toContain('<title id="year-chart-title">Screenede og vurderede forslag pr. år</title>');
    expect(svg).toContain('<desc id="year-chart-desc">Søjlediagram.</desc>');
  });

  it('has no script and no style attributes (the CSP forbids inline styles)', () => {
    const svg = chart();
    expect(svg).not.toMatch(/<script|style=|<style|on\w+=/i);
  });

  it('draws bars proportional to the figures, on one baseline', () => {
    const svg = chart();
    const screened = bars(svg, 'screened');
    const relevant = bars(svg, 'relevant');
    const assessed = bars(svg, 'assessed');
    expect(screened.map((b) => b.value)).toEqual([40, 10]);
    expect(relevant.map((b) => b.value)).toEqual([20, 8]);
    // 2026 has no assessed bills: no bar, but its "0" is written.
    expect(assessed.map((b) => b.value)).toEqual([15]);
    const [a, b] = [screened[0]?.height ?? NaN, screened[1]?.height ?? NaN];
    expect(a / b).toBeCloseTo(4, 1);
    expect((relevant[0]?.height ?? 0) / a).toBeCloseTo(0.5, 1);
    const baselines = [...screened, ...relevant, ...assessed].map(
      (x) => Math.round((x.y + x.height) * 10) / 10,
    );
    expect(new Set(baselines).size).toBe(1);
  });

  it('labels every bar with its number, each year, and the legend', () => {
    const svg = chart();
    const values = [...svg.matchAll(/<text class="value"[^>]*>([^<]+)<\/text>/g)].map((m) => m[1]);
    expect(values).toEqual(['40', '20', '15', '5', '10', '8', '0', '8']);
    expect([...svg.matchAll(/<text class="year-label"[^>]*>(\d+)<\/text>/g)].map((m) => m[1])).toEqual([
      '2025',
      '2026',
    ]);
    for (const label of Object.values(LABELS)) expect(svg).toContain(`>${escapeXml(label)}</text>`);
  });

  it('tells the series apart without colour: each but the first has its own pattern', () => {
    const svg = chart();
    const patterns = [...svg.matchAll(/<pattern id="([^"]+)"/g)].map((m) => m[1]);
    expect(patterns).toEqual(['year-chart-relevant', 'year-chart-assessed', 'year-chart-notAssessed']);
    expect(svg).toMatch(/class="bar bar-relevant"[^>]*fill="url\(#year-chart-relevant\)"/);
    expect(svg).toMatch(/class="bar bar-screened"[^>]*fill="#545454"/);
  });

  it('escapes the texts it is given', () => {
    const svg = chart({
      title: 'A & B <script>alert(1)</script>',
      description: '"citat" og \'apostrof\'',
      labels: { ...LABELS, screened: 'Screenet <b>&</b>' },
    });
    expect(() => wellFormed(svg)).not.toThrow();
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('A &amp; B &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(svg).toContain('&quot;citat&quot; og &apos;apostrof&apos;');
    expect(svg).toContain('Screenet &lt;b&gt;&amp;&lt;/b&gt;');
  });

  it('makes its ids unique with a prefix', () => {
    const svg = chart({ idPrefix: 'other' });
    expect(svg).toContain('aria-labelledby="other-title other-desc"');
    expect(svg).toContain('url(#other-relevant)');
    expect(svg).not.toContain('year-chart');
  });

  it('all zeros, or no years at all: still a valid chart, no bars', () => {
    const zeros = chart({ counts: [{ year: 2026, screened: 0, relevant: 0, assessed: 0, notAssessed: 0 }] });
    expect(() => wellFormed(zeros)).not.toThrow();
    expect(zeros).not.toContain('class="bar ');
    const empty = chart({ counts: [] });
    expect(() => wellFormed(empty)).not.toThrow();
  });

  it('gridlines at whole numbers, up to at least the largest figure', () => {
    const svg = chart({ counts: [{ year: 2026, screened: 7, relevant: 3, assessed: 1, notAssessed: 2 }] });
    const ticks = [...svg.matchAll(/<text x="\d+" y="[\d.]+" text-anchor="end">(\d+)<\/text>/g)].map((m) =>
      Number(m[1]),
    );
    expect(ticks[0]).toBe(0);
    expect(ticks.every((t) => Number.isInteger(t))).toBe(true);
    expect(Math.max(...ticks)).toBeGreaterThanOrEqual(7);
  });
});
