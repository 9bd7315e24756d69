import * as fontkit from 'fontkit';
import { PNG } from 'pngjs';
import { serifFonts } from '../../platform/pdf/index.ts';

/**
 * Demo images drawn pixel by pixel (no canvas library): a blue handwritten-like signature and a
 * red round seal with the unit's name around the ring, both on a transparent background. Shapes
 * are filled as polygons on a 4× supersampled coverage mask (non-zero winding), so edges are
 * anti-aliased through the alpha channel.
 */

const SUPERSAMPLE = 4;
type Point = [number, number];
type Rgb = [number, number, number];

/** Ink colours: blue for signatures, red for seals (Decree 30, Appendix I). */
export const SIGNATURE_INK: Rgb = [22, 44, 168];
export const SEAL_INK: Rgb = [206, 22, 32];

class CoverageMask {
  readonly w: number;
  readonly h: number;
  readonly bits: Uint8Array;
  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.w = width * SUPERSAMPLE;
    this.h = height * SUPERSAMPLE;
    this.bits = new Uint8Array(this.w * this.h);
  }

  /** Fills polygons given in pixel coordinates (non-zero winding over all of them together). */
  fill(polygons: Point[][]) {
    const edges: { x0: number; y0: number; x1: number; y1: number; dir: number }[] = [];
    for (const polygon of polygons)
      for (let i = 0; i < polygon.length; i++) {
        const [ax, ay] = polygon[i]!;
        const [bx, by] = polygon[(i + 1) % polygon.length]!;
        if (ay === by) continue;
        const dir = by > ay ? 1 : -1;
        const [top, bottom] =
          dir === 1
            ? [polygon[i]!, polygon[(i + 1) % polygon.length]!]
            : [
                [bx, by],
                [ax, ay],
              ];
        edges.push({
          x0: top[0]! * SUPERSAMPLE,
          y0: top[1]! * SUPERSAMPLE,
          x1: bottom[0]! * SUPERSAMPLE,
          y1: bottom[1]! * SUPERSAMPLE,
          dir,
        });
      }
    if (edges.length === 0) return;
    const minY = Math.max(0, Math.floor(Math.min(...edges.map((e) => e.y0))));
    const maxY = Math.min(this.h - 1, Math.ceil(Math.max(...edges.map((e) => e.y1))));
    for (let y = minY; y <= maxY; y++) {
      const sy = y + 0.5;
      const crossings: { x: number; dir: number }[] = [];
      for (const e of edges)
        if (sy >= e.y0 && sy < e.y1)
          crossings.push({ x: e.x0 + ((sy - e.y0) / (e.y1 - e.y0)) * (e.x1 - e.x0), dir: e.dir });
      crossings.sort((a, b) => a.x - b.x);
      let winding = 0;
      for (let i = 0; i < crossings.length - 1; i++) {
        winding += crossings[i]!.dir;
        if (winding === 0) continue;
        const from = Math.max(0, Math.ceil(crossings[i]!.x - 0.5));
        const to = Math.min(this.w - 1, Math.floor(crossings[i + 1]!.x - 0.5));
        for (let x = from; x <= to; x++) this.bits[y * this.w + x] = 1;
      }
    }
  }

  /** The mask as a PNG in one colour, coverage as alpha. */
  toPng(ink: Rgb): Buffer {
    const png = new PNG({ width: this.width, height: this.height, colorType: 6 });
    const area = SUPERSAMPLE * SUPERSAMPLE;
    for (let py = 0; py < this.height; py++)
      for (let px = 0; px < this.width; px++) {
        let covered = 0;
        for (let sy = 0; sy < SUPERSAMPLE; sy++) {
          const row = (py * SUPERSAMPLE + sy) * this.w + px * SUPERSAMPLE;
          for (let sx = 0; sx < SUPERSAMPLE; sx++) covered += this.bits[row + sx]!;
        }
        const o = (py * this.width + px) * 4;
        png.data[o] = ink[0];
        png.data[o + 1] = ink[1];
        png.data[o + 2] = ink[2];
        png.data[o + 3] = Math.round((covered / area) * 255);
      }
    return PNG.sync.write(png, { colorType: 6 });
  }
}

function circle(cx: number, cy: number, r: number, clockwise = false, steps = 180): Point[] {
  const points: Point[] = [];
  for (let i = 0; i < steps; i++) {
    const a = ((clockwise ? -i : i) / steps) * Math.PI * 2;
    points.push([cx + r * Math.cos(a), cy + r * Math.sin(a)]);
  }
  return points;
}

/** A ring: the outer circle one way, the inner one the other way (a hole under non-zero winding). */
const ring = (cx: number, cy: number, outer: number, inner: number) => [
  circle(cx, cy, outer),
  circle(cx, cy, inner, true),
];

/** A stroke of varying width along a polyline, as discs along its length (pen pressure). */
function strokeDiscs(points: Point[], width: (t: number) => number): Point[][] {
  const discs: Point[][] = [];
  for (let i = 0; i < points.length; i++) {
    const [x, y] = points[i]!;
    discs.push(circle(x, y, width(i / (points.length - 1)) / 2, false, 16));
  }
  return discs;
}

/**
 * A blue handwritten-like signature (about 400×160 px): a looping cursive stroke with a flourish
 * underneath, thicker in the middle as a pen pressed harder. `seed` varies the loops.
 */
export function drawDemoSignature(seed = 1): Buffer {
  const width = 400;
  const height = 160;
  const mask = new CoverageMask(width, height);
  const phase = (seed % 7) * 0.37;
  const main: Point[] = [];
  for (let i = 0; i <= 900; i++) {
    const t = i / 900;
    main.push([
      40 + 300 * t + 16 * Math.sin(t * Math.PI * 14 + phase),
      78 - 30 * Math.sin(t * Math.PI * 5 + phase) * (1 - 0.4 * t) + 14 * Math.cos(t * Math.PI * 14 + phase),
    ]);
  }
  const flourish: Point[] = [];
  for (let i = 0; i <= 400; i++) {
    const t = i / 400;
    flourish.push([60 + 300 * t, 128 - 10 * Math.sin(t * Math.PI) - 6 * t]);
  }
  mask.fill(strokeDiscs(main, (t) => 2.2 + 2.4 * Math.sin(Math.PI * t)));
  mask.fill(strokeDiscs(flourish, (t) => 1.5 + 2.5 * Math.sin(Math.PI * t)));
  return mask.toPng(SIGNATURE_INK);
}

type FontkitPath = { commands: { command: string; args: number[] }[] };
type FontkitGlyph = { path: FontkitPath; advanceWidth: number };
type FontkitFont = { unitsPerEm: number; layout(text: string): { glyphs: FontkitGlyph[] } };

let boldFont: FontkitFont | undefined;
function seriffBold(): FontkitFont {
  boldFont ??= fontkit.create(serifFonts().bold) as unknown as FontkitFont;
  return boldFont;
}

/** A glyph outline flattened into polygons (font units, y up), curves cut into short segments. */
function glyphPolygons(glyph: FontkitGlyph): Point[][] {
  const polygons: Point[][] = [];
  let current: Point[] = [];
  let last: Point = [0, 0];
  const steps = 8;
  for (const { command, args } of glyph.path.commands) {
    if (command === 'moveTo') {
      if (current.length > 2) polygons.push(current);
      last = [args[0]!, args[1]!];
      current = [last];
    } else if (command === 'lineTo') {
      last = [args[0]!, args[1]!];
      current.push(last);
    } else if (command === 'quadraticCurveTo') {
      const [cx, cy, x, y] = args as [number, number, number, number];
      for (let i = 1; i <= steps; i++) {
        const t = i / steps;
        const u = 1 - t;
        current.push([
          u * u * last[0] + 2 * u * t * cx + t * t * x,
          u * u * last[1] + 2 * u * t * cy + t * t * y,
        ]);
      }
      last = [x, y];
    } else if (command === 'bezierCurveTo') {
      const [c1x, c1y, c2x, c2y, x, y] = args as [number, number, number, number, number, number];
      for (let i = 1; i <= steps; i++) {
        const t = i / steps;
        const u = 1 - t;
        current.push([
          u * u * u * last[0] + 3 * u * u * t * c1x + 3 * u * t * t * c2x + t * t * t * x,
          u * u * u * last[1] + 3 * u * u * t * c1y + 3 * u * t * t * c2y + t * t * t * y,
        ]);
      }
      last = [x, y];
    } else if (command === 'closePath') {
      if (current.length > 2) polygons.push(current);
      current = [];
    }
  }
  if (current.length > 2) polygons.push(current);
  return polygons;
}

/**
 * Text set along a circle (centre cx, cy; baseline radius r), centred on `centreAngle` (radians,
 * 0 = right, −π/2 = top), letters upright towards the outside, read clockwise.
 */
function textOnCircle(
  text: string,
  cx: number,
  cy: number,
  r: number,
  fontSize: number,
  centreAngle: number,
): Point[][] {
  const font = seriffBold();
  const scale = fontSize / font.unitsPerEm;
  const glyphs = font.layout(text).glyphs;
  const total = glyphs.reduce((sum, g) => sum + g.advanceWidth * scale, 0);
  let angle = centreAngle - total / r / 2;
  const polygons: Point[][] = [];
  for (const glyph of glyphs) {
    const advance = glyph.advanceWidth * scale;
    const middle = angle + advance / r / 2;
    // The glyph's own frame: x along the tangent (centred), y up = away from the centre.
    const cos = Math.cos(middle);
    const sin = Math.sin(middle);
    for (const polygon of glyphPolygons(glyph))
      polygons.push(
        polygon.map(([gx, gy]) => {
          const along = gx * scale - advance / 2;
          const up = gy * scale;
          // Radial unit vector (cos, sin); tangent in reading direction (−sin, cos).
          const radius = r + up;
          return [cx + radius * cos - along * sin, cy + radius * sin + along * cos];
        }),
      );
    angle += advance / r;
  }
  return polygons;
}

function star(cx: number, cy: number, outer: number, inner: number): Point[] {
  const points: Point[] = [];
  for (let i = 0; i < 10; i++) {
    const a = -Math.PI / 2 + (i * Math.PI) / 5;
    const r = i % 2 === 0 ? outer : inner;
    points.push([cx + r * Math.cos(a), cy + r * Math.sin(a)]);
  }
  return points;
}

/** Pixels for `mm` millimetres at 300 dpi, the resolution the demo seal is drawn at. */
export const pixelsAt300Dpi = (mm: number) => Math.round((mm / 25.4) * 300);

/**
 * A red round seal `diameterMm` across at 300 dpi: two outer rings, the unit's name in capitals
 * around the upper arc, the place along the lower arc, a five-pointed star in the centre.
 */
export function drawDemoSeal(unitName: string, place: string, diameterMm = 40): Buffer {
  const size = pixelsAt300Dpi(diameterMm);
  const c = size / 2;
  const mask = new CoverageMask(size, size);
  const R = size / 2 - 2;
  mask.fill(ring(c, c, R, R - size * 0.022));
  mask.fill(ring(c, c, R - size * 0.04, R - size * 0.05));
  mask.fill(ring(c, c, R * 0.55, R * 0.53));
  const upper = unitName.toLocaleUpperCase('vi');
  const textRadius = R * 0.68;
  const fontSize = Math.min(size * 0.085, ((Math.PI * 1.2 * textRadius) / Math.max(upper.length, 1)) * 1.6);
  mask.fill(textOnCircle(upper, c, c, textRadius, fontSize, -Math.PI / 2));
  // The lower arc reads left to right too: letters mirrored onto the bottom, baseline inside.
  const lower = place.toLocaleUpperCase('vi');
  const lowerPolygons = textOnCircle(lower, c, c, -(R * 0.68 + fontSize * 0.7), fontSize * 0.9, -Math.PI / 2);
  mask.fill(lowerPolygons);
  mask.fill([star(c, c, R * 0.4, R * 0.16)]);
  return mask.toPng(SEAL_INK);
}
