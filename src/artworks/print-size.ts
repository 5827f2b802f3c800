import { effectiveDpi } from './images.ts';

/**
 * The box an artwork is printed into in the catalogue (millimetres inside the page margins), per
 * format. Intake records each page's effective dpi at the A4 size so organisers see at once which
 * uploads will print soft; the catalogue's readiness report checks the format it renders.
 */
export const ART_BOX_MM = {
  a4: { width: 170, height: 230 },
  a5: { width: 118, height: 160 },
} as const;
export type PrintFormat = keyof typeof ART_BOX_MM;

export function printDpi(widthPx: number, heightPx: number, format: PrintFormat = 'a4'): number {
  const box = ART_BOX_MM[format];
  return Math.floor(effectiveDpi(widthPx, heightPx, box.width, box.height));
}
