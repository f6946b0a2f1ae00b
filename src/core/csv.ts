/**
 * CSV for spreadsheet programs. UTF-8 with a byte-order mark, because Excel
 * (the program community offices use) reads a BOM-less file as the local
 * code page and shows Chinese as mojibake; CRLF line ends as RFC 4180 says.
 */

const BOM = '\uFEFF';

/**
 * Text typed by residents ends up in staff spreadsheets: a cell that starts
 * like a formula ("=HYPERLINK(…)") would run as one. A leading apostrophe
 * makes spreadsheet programs show it as text (OWASP "CSV injection").
 */
function neutralize(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

function quote(cell: string): string {
  const safe = neutralize(cell);
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export type CsvCell = string | number | null;

export function toCsv(header: readonly string[], rows: Iterable<readonly CsvCell[]>): string {
  const lines = [header.map(quote).join(',')];
  for (const row of rows) lines.push(row.map((c) => (c === null ? '' : typeof c === 'number' ? String(c) : quote(c))).join(','));
  return BOM + lines.join('\r\n') + '\r\n';
}

/**
 * A moment as a spreadsheet reads it: "2026-12-04 18:30:00" in China time (UTC+8, no daylight
 * saving). Excel and WPS take this form as a date and time; an ISO string with "T" and "Z" stays
 * text, and UTC is eight hours off for the people reading it.
 */
export function spreadsheetTime(ms: number | null, utcOffsetMin = 8 * 60): string | null {
  if (ms === null) return null;
  const iso = new Date(ms + utcOffsetMin * 60_000).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}
