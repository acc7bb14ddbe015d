/** An sRGB colour, channels 0..1, with alpha. */
export interface Rgba {
  readonly r: number;
  readonly g: number;
  readonly b: number;
  readonly a: number;
}

/** Parses what getComputedStyle returns: rgb(), rgba(), or color(srgb ...) (what color-mix() resolves to). */
export function parseCssColor(value: string): Rgba {
  const rgb = /^rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)(?:\s*[,/]\s*([\d.]+))?\s*\)$/.exec(value.trim());
  if (rgb) return { r: Number(rgb[1]) / 255, g: Number(rgb[2]) / 255, b: Number(rgb[3]) / 255, a: rgb[4] === undefined ? 1 : Number(rgb[4]) };
  const srgb = /^color\(srgb\s+([\d.e-]+)\s+([\d.e-]+)\s+([\d.e-]+)(?:\s*\/\s*([\d.]+))?\s*\)$/.exec(value.trim());
  if (srgb) return { r: Number(srgb[1]), g: Number(srgb[2]), b: Number(srgb[3]), a: srgb[4] === undefined ? 1 : Number(srgb[4]) };
  throw new Error(`not a colour this check understands: "${value}"`);
}

function luminance(c: Rgba): number {
  const lin = (v: number) => (v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
  return 0.2126 * lin(c.r) + 0.7152 * lin(c.g) + 0.0722 * lin(c.b);
}

/** WCAG 2 contrast ratio of a (possibly translucent) foreground over an opaque background. */
export function contrastRatio(foreground: Rgba, background: Rgba): number {
  const over = (f: number, b: number) => f * foreground.a + b * (1 - foreground.a);
  const shown = { r: over(foreground.r, background.r), g: over(foreground.g, background.g), b: over(foreground.b, background.b), a: 1 };
  const [hi, lo] = [luminance(shown), luminance(background)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}
