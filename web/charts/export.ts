/**
 * Export of the current chart: standalone SVG text (colours resolved, so it looks the same
 * outside the page), PNG via a canvas, and CSV. Downloads go through an object URL.
 */

/** The chart as a standalone SVG document, with the page's text colour and background baked in. */
export function svgText(svg: SVGSVGElement, colors: { text: string; background: string; font: string }): string {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  clone.setAttribute("xmlns", "http://www.w3.org/2000/svg");
  clone.setAttribute("style", `color:${colors.text};background:${colors.background};font-family:${colors.font};font-size:12px`);
  const bg = clone.ownerDocument.createElementNS("http://www.w3.org/2000/svg", "rect");
  bg.setAttribute("width", "100%");
  bg.setAttribute("height", "100%");
  bg.setAttribute("fill", colors.background);
  clone.insertBefore(bg, clone.firstChild);
  // The page's stylesheet does not travel with the file: the few rules the charts rely on.
  const style = clone.ownerDocument.createElementNS("http://www.w3.org/2000/svg", "style");
  style.textContent = ".chart-title{font-weight:600;font-size:14px}.panel-title{font-weight:600}.axis text{font-size:10px}";
  clone.insertBefore(style, clone.firstChild);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(clone)}\n`;
}

/** The page's current colours (they follow the light/dark theme). */
export function pageColors(element: Element): { text: string; background: string; font: string } {
  const style = getComputedStyle(element);
  const body = getComputedStyle(document.body);
  return { text: style.color || "#000", background: body.backgroundColor || "#fff", font: style.fontFamily || "sans-serif" };
}

export function download(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function downloadSvg(svg: SVGSVGElement, name: string): void {
  download(name, new Blob([svgText(svg, pageColors(svg))], { type: "image/svg+xml" }));
}

/** Rasterises the SVG at 2× through an <img> and a canvas. */
export async function downloadPng(svg: SVGSVGElement, name: string): Promise<void> {
  const text = svgText(svg, pageColors(svg));
  const width = Number(svg.getAttribute("width")) || svg.clientWidth;
  const height = Number(svg.getAttribute("height")) || svg.clientHeight;
  const url = URL.createObjectURL(new Blob([text], { type: "image/svg+xml" }));
  try {
    const img = new Image();
    await new Promise<void>((resolve, reject) => {
      img.onload = () => resolve();
      img.onerror = () => reject(new Error("the chart could not be rasterised"));
      img.src = url;
    });
    const canvas = document.createElement("canvas");
    canvas.width = width * 2;
    canvas.height = height * 2;
    const ctx = canvas.getContext("2d")!;
    ctx.scale(2, 2);
    ctx.drawImage(img, 0, 0, width, height);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, "image/png"));
    if (blob) download(name, blob);
  } finally {
    URL.revokeObjectURL(url);
  }
}

export function downloadCsv(text: string, name: string): void {
  download(name, new Blob([text], { type: "text/csv" }));
}
