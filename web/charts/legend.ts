import { axisBottom, range, scaleLinear, type ScaleSequential, type Selection } from "d3";

type G = Selection<SVGGElement, unknown, null, undefined>;

/** A horizontal colour bar with a labelled axis, for a sequential scale. */
export function renderColorLegend(g: G, scale: ScaleSequential<string>, options: { title: string; width: number; format?: (x: number) => string }): void {
  const [lo, hi] = scale.domain();
  const height = 10;
  g.attr("class", "legend color-legend");
  g.append("text").attr("class", "legend-title").attr("y", -6).attr("fill", "currentColor").text(options.title);
  const steps = 64;
  const w = options.width / steps;
  g.selectAll("rect.legend-step")
    .data(range(steps))
    .join("rect")
    .attr("class", "legend-step")
    .attr("x", (i) => i * w)
    .attr("width", w + 0.5)
    .attr("height", height)
    .attr("fill", (i) => scale(lo + ((hi - lo) * (i + 0.5)) / steps));
  const axis = scaleLinear().domain([lo, hi]).range([0, options.width]);
  g.append("g")
    .attr("transform", `translate(0,${height})`)
    .call(axisBottom(axis).ticks(5).tickFormat((d) => (options.format ?? String)(d as number)));
}

/** One legend entry: a bar (default), a line (dashed or not) or a glyph such as ✕, in its colour. */
export interface Swatch {
  label: string;
  color: string;
  dashed?: boolean;
  shape?: "bar" | "line";
  glyph?: string;
}

/**
 * A row of swatches with labels, for categories. Given a width, entries wrap onto more rows;
 * returns the rows' total height.
 */
export function renderSwatches(g: G, items: readonly Swatch[], options: { width?: number } = {}): number {
  g.attr("class", "legend swatches");
  let x = 0;
  let y = 0;
  for (const item of items) {
    const w = 28 + item.label.length * 6.5;
    if (options.width !== undefined && x > 0 && x + w > options.width) {
      x = 0;
      y += 18;
    }
    const s = g.append("g").attr("transform", `translate(${x},${y})`);
    if (item.glyph) {
      s.append("text").attr("class", "swatch-glyph").attr("x", 2).attr("y", 10).attr("fill", item.color).attr("data-color", item.color).text(item.glyph);
    } else if (item.shape === "line" || item.dashed) {
      s.append("line").attr("x1", 0).attr("x2", 16).attr("y1", 6).attr("y2", 6).attr("stroke", item.color).attr("stroke-width", 2.5).attr("stroke-dasharray", item.dashed ? "4 3" : null);
    } else {
      s.append("rect").attr("width", 14).attr("height", 12).attr("fill", item.color);
    }
    s.append("text").attr("x", 20).attr("y", 10).attr("fill", "currentColor").text(item.label);
    x += w;
  }
  return y + 18;
}
