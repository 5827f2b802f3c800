import type { RegionCode } from '#src/platform/regions.ts';

/**
 * A schematic map of Czechia drawn by the project itself (no tiles, no data files): the country
 * outline from a few dozen border points, regions as the outline cut into cells around each
 * region's centre (a Voronoi split, so shapes are approximate), and towns at their real positions.
 * Coordinates are projected equirectangularly; one unit is about one kilometre.
 */
type LonLat = [number, number];

const BORDER: LonLat[] = [
  [12.09, 50.32], [12.5, 50.4], [12.95, 50.42], [13.3, 50.6], [13.55, 50.71], [14.0, 50.82], [14.2, 50.87], [14.3, 51.05],
  [14.6, 50.92], [14.8, 50.87], [15.0, 51.02], [15.3, 50.95], [15.5, 50.8], [16.0, 50.62], [16.33, 50.66], [16.45, 50.58],
  [16.2, 50.43], [16.45, 50.3], [16.7, 50.1], [16.9, 50.22], [17.0, 50.45], [17.2, 50.38], [17.4, 50.26], [17.7, 50.3],
  [17.8, 50.1], [18.0, 50.03], [18.35, 49.92], [18.55, 49.9], [18.86, 49.52], [18.5, 49.4], [18.2, 49.3], [18.0, 49.1],
  [17.6, 48.85], [17.2, 48.85], [16.9, 48.62], [16.5, 48.78], [16.1, 48.75], [15.7, 48.87], [15.0, 48.98], [14.7, 48.58],
  [14.33, 48.55], [14.05, 48.6], [13.8, 48.77], [13.5, 48.95], [13.2, 49.12], [12.95, 49.35], [12.65, 49.45], [12.45, 49.7],
  [12.45, 49.98], [12.2, 50.1],
];

/** Rough centres of the regions: the seeds of the cells. Prague is drawn as a disc on top. */
const REGION_CENTRES: Record<RegionCode, LonLat> = {
  PHA: [14.44, 50.08],
  STC: [14.6, 50.0],
  JHC: [14.45, 49.05],
  PLK: [13.3, 49.6],
  KVK: [12.75, 50.2],
  ULK: [13.8, 50.5],
  LBK: [15.1, 50.75],
  HKK: [15.85, 50.4],
  PAK: [16.1, 49.9],
  VYS: [15.6, 49.4],
  JHM: [16.6, 49.0],
  OLK: [17.2, 49.8],
  ZLK: [17.7, 49.2],
  MSK: [18.1, 49.8],
};

/** Towns the map knows; others are placed at their region's centre. */
const TOWNS: Record<string, LonLat> = {
  praha: [14.44, 50.08], brno: [16.61, 49.2], ostrava: [18.29, 49.83], plzen: [13.38, 49.75], liberec: [15.06, 50.77],
  olomouc: [17.25, 49.59], 'usti nad labem': [14.03, 50.66], 'hradec kralove': [15.83, 50.21], 'ceske budejovice': [14.47, 48.97],
  pardubice: [15.78, 50.04], zlin: [17.67, 49.23], jihlava: [15.59, 49.4], 'karlovy vary': [12.87, 50.23], kladno: [14.1, 50.15],
  most: [13.64, 50.5], opava: [17.9, 49.94], 'frydek-mistek': [18.35, 49.68], karvina: [18.54, 49.85], teplice: [13.83, 50.64],
  decin: [14.21, 50.77], chomutov: [13.42, 50.46], 'jablonec nad nisou': [15.17, 50.72], 'mlada boleslav': [14.9, 50.41],
  prostejov: [17.11, 49.47], prerov: [17.45, 49.46], trebic: [15.88, 49.21], tabor: [14.66, 49.41], znojmo: [16.05, 48.86],
  kolin: [15.2, 50.03], pribram: [14.01, 49.69], cheb: [12.37, 50.08], pisek: [14.15, 49.31], trutnov: [15.91, 50.56],
  'kutna hora': [15.27, 49.95], 'havlickuv brod': [15.58, 49.61], 'uherske hradiste': [17.46, 49.07], vsetin: [17.99, 49.34],
  sumperk: [16.97, 49.97], litomerice: [14.13, 50.53], beroun: [14.07, 49.96], nachod: [16.16, 50.42], 'cesky krumlov': [14.32, 48.81],
  'zdar nad sazavou': [15.94, 49.56], breclav: [16.88, 48.76], hodonin: [17.13, 48.85], kromeriz: [17.39, 49.3],
  'novy jicin': [18.01, 49.59], sokolov: [12.64, 50.18], klatovy: [13.3, 49.4], melnik: [14.47, 50.35], jicin: [15.35, 50.44],
  'svitavy': [16.47, 49.76], 'chrudim': [15.8, 49.95], 'benesov': [14.69, 49.78], 'strakonice': [13.9, 49.26], 'jindrichuv hradec': [15.0, 49.14],
};

export const MAP_WIDTH = 500;
export const MAP_HEIGHT = 290;
const project = ([lon, lat]: LonLat): [number, number] => [(lon - 12.0) * 71.7, (51.1 - lat) * 111.2];

const fold = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().trim();

/** Keeps the part of a polygon on `a`'s side of the line halfway between points a and b. */
function clipHalfPlane(poly: [number, number][], a: [number, number], b: [number, number]): [number, number][] {
  const m: [number, number] = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
  const d: [number, number] = [b[0] - a[0], b[1] - a[1]];
  const side = (p: [number, number]) => (p[0] - m[0]) * d[0] + (p[1] - m[1]) * d[1];
  const out: [number, number][] = [];
  for (let i = 0; i < poly.length; i++) {
    const p = poly[i]!;
    const q = poly[(i + 1) % poly.length]!;
    const sp = side(p);
    const sq = side(q);
    if (sp <= 0) out.push(p);
    if ((sp <= 0) !== (sq <= 0)) {
      const t = sp / (sp - sq);
      out.push([p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])]);
    }
  }
  return out;
}

const pathOf = (poly: [number, number][]) => `M${poly.map(([x, y]) => `${x.toFixed(1)} ${y.toFixed(1)}`).join('L')}Z`;

export interface MapRegion {
  code: RegionCode;
  path: string;
  label: [number, number];
}

let regionCache: { outline: string; regions: MapRegion[]; prague: { cx: number; cy: number; r: number } } | undefined;

/** The outline and the region shapes, computed once. */
export function mapShapes() {
  if (regionCache) return regionCache;
  const outline = BORDER.map(project);
  const seeds = (Object.entries(REGION_CENTRES) as [RegionCode, LonLat][]).filter(([c]) => c !== 'PHA');
  const regions = seeds.map(([code, ll]) => {
    const a = project(ll);
    let poly = outline;
    for (const [other, oll] of seeds) if (other !== code) poly = clipHalfPlane(poly, a, project(oll));
    return { code, path: pathOf(poly), label: a };
  });
  const [cx, cy] = project(REGION_CENTRES.PHA);
  regionCache = { outline: pathOf(outline), regions, prague: { cx, cy, r: 11 } };
  return regionCache;
}

/** Where a town goes on the map: its own position when known, else its region's centre. */
export function townPoint(town: string, region: string): { x: number; y: number; known: boolean } {
  const ll = TOWNS[fold(town)];
  const [x, y] = project(ll ?? REGION_CENTRES[region as RegionCode] ?? [15.5, 49.8]);
  return { x, y, known: Boolean(ll) };
}
