/**
 * CSV for spreadsheets: UTF-8 with a byte-order mark (so Excel reads Czech letters right), fields
 * separated by semicolons (the list separator of Czech Excel), CRLF line ends, and cells that a
 * spreadsheet would run as a formula (=, +, -, @, tab, CR) prefixed with an apostrophe.
 */
export const BOM = '\uFEFF';
export const SEPARATOR = ';';

export function csvCell(value: unknown): string {
  let s = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(s) && !/^-?\d+([.,]\d+)?$/.test(s)) s = `'${s}`;
  return /[";\r\n,]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(header: string[], rows: unknown[][]): string {
  return BOM + [header, ...rows].map((r) => r.map(csvCell).join(SEPARATOR)).join('\r\n') + '\r\n';
}

export function csvResponse(name: string, body: string): Response {
  return new Response(body, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${name}"`,
      'Cache-Control': 'private, no-store',
    },
  });
}
