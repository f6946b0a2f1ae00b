/**
 * A small .xlsx (Office Open XML spreadsheet) writer: text, numbers, dates as real Excel dates, column
 * widths, a frozen header row, and JPEG thumbnails anchored in cells. That is all the ledger needs, and
 * it is a few kilobytes on top of fflate, which the app already ships for its ZIP export; a general
 * spreadsheet library (exceljs) would add about 280 KB gzip to every phone for a page staff open at an
 * office PC. The tests read every file this writes back with exceljs, an independent reader.
 *
 * Strings are written inline (t="inlineStr"), which Excel, WPS and LibreOffice all read.
 */
import { zipSync, strToU8 } from 'fflate';

/** A date cell: ms since epoch, shown as local wall time at `utcOffsetMin` (Excel dates have no zone). */
export interface DateCell {
  date: number;
  /** date only (yyyy-mm-dd) instead of date and time */
  dayOnly?: boolean;
}

export type Cell = string | number | DateCell | null;

export interface SheetImage {
  /** 0-based row and column of the cell the image sits in */
  row: number;
  col: number;
  jpeg: Uint8Array;
  widthPx: number;
  heightPx: number;
}

export interface Sheet {
  name: string;
  columns: { header: string; width: number }[];
  rows: Cell[][];
  images?: SheetImage[];
  /** row height in points for rows holding images (Excel's default is 15) */
  imageRowHeight?: number;
}

export interface WorkbookOptions {
  /** The zone dates are shown in: China time unless told otherwise. */
  utcOffsetMin?: number;
}

const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;
/** English Metric Units per pixel at 96 dpi, as drawings measure. */
const EMU_PER_PX = 9525;

/** Sheet names: at most 31 characters, none of []:*?/\ , unique in the book. */
export function sheetName(wanted: string, taken: Set<string>): string {
  const base = wanted.replace(/[[\]:*?/\\]/g, '_').slice(0, 31) || 'Sheet';
  let name = base;
  for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${base.slice(0, 31 - String(n).length - 1)}~${n}`;
  taken.add(name.toLowerCase());
  return name;
}

function esc(s: string): string {
  // Characters XML 1.0 cannot hold at all are dropped; the rest escaped.
  return s
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

function colName(i: number): string {
  let s = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

// Style indexes of cellXfs in STYLES: 0 plain, 1 header (bold), 2 date and time, 3 date, 4 wrapped text.
const STYLE = { plain: 0, header: 1, dateTime: 2, date: 3, wrap: 4 } as const;

const STYLES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy-mm-dd hh:mm"/><numFmt numFmtId="165" formatCode="yyyy-mm-dd"/></numFmts>
<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>
<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="5">
<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>
<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>
<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment wrapText="1" vertical="top"/></xf>
</cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
</styleSheet>`;

function cellXml(ref: string, c: Cell, utcOffsetMin: number): string {
  if (c === null) return '';
  if (typeof c === 'number') return Number.isFinite(c) ? `<c r="${ref}"><v>${c}</v></c>` : '';
  if (typeof c === 'string') {
    const style = c.includes('\n') || c.length > 40 ? ` s="${STYLE.wrap}"` : '';
    return `<c r="${ref}" t="inlineStr"${style}><is><t xml:space="preserve">${esc(c)}</t></is></c>`;
  }
  const serial = (c.date + utcOffsetMin * 60_000 - EXCEL_EPOCH_MS) / DAY_MS;
  return `<c r="${ref}" s="${c.dayOnly ? STYLE.date : STYLE.dateTime}"><v>${c.dayOnly ? Math.floor(serial) : serial}</v></c>`;
}

function sheetXml(sheet: Sheet, drawingRel: string | null, utcOffsetMin: number): string {
  const imageRows = new Set((sheet.images ?? []).map((i) => i.row));
  const cols = sheet.columns.map((c, i) => `<col min="${i + 1}" max="${i + 1}" width="${c.width}" customWidth="1"/>`).join('');
  const header = `<row r="1">${sheet.columns.map((c, i) => `<c r="${colName(i)}1" t="inlineStr" s="${STYLE.header}"><is><t>${esc(c.header)}</t></is></c>`).join('')}</row>`;
  const rows = sheet.rows
    .map((cells, r) => {
      const n = r + 2;
      const height = imageRows.has(r + 1) && sheet.imageRowHeight ? ` ht="${sheet.imageRowHeight}" customHeight="1"` : '';
      return `<row r="${n}"${height}>${cells.map((c, i) => cellXml(`${colName(i)}${n}`, c, utcOffsetMin)).join('')}</row>`;
    })
    .join('');
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
    `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
    `<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>` +
    `<cols>${cols}</cols><sheetData>${header}${rows}</sheetData>` +
    (drawingRel ? `<drawing r:id="${drawingRel}"/>` : '') +
    `</worksheet>`
  );
}

function drawingXml(images: SheetImage[], firstImage: number): string {
  const anchors = images
    .map((img, i) => {
      const id = i + 1;
      return (
        `<xdr:oneCellAnchor><xdr:from><xdr:col>${img.col}</xdr:col><xdr:colOff>38100</xdr:colOff><xdr:row>${img.row}</xdr:row><xdr:rowOff>38100</xdr:rowOff></xdr:from>` +
        `<xdr:ext cx="${Math.round(img.widthPx * EMU_PER_PX)}" cy="${Math.round(img.heightPx * EMU_PER_PX)}"/>` +
        `<xdr:pic><xdr:nvPicPr><xdr:cNvPr id="${id + 1}" name="Picture ${firstImage + i}"/><xdr:cNvPicPr><a:picLocks noChangeAspect="1"/></xdr:cNvPicPr></xdr:nvPicPr>` +
        `<xdr:blipFill><a:blip r:embed="rId${id}"/><a:stretch><a:fillRect/></a:stretch></xdr:blipFill>` +
        `<xdr:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="${Math.round(img.widthPx * EMU_PER_PX)}" cy="${Math.round(img.heightPx * EMU_PER_PX)}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></xdr:spPr></xdr:pic>` +
        `<xdr:clientData/></xdr:oneCellAnchor>`
      );
    })
    .join('');
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
    `<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
    anchors +
    `</xdr:wsDr>`
  );
}

const rels = (items: { id: string; type: string; target: string }[]) =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
  items
    .map((r) => `<Relationship Id="${r.id}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/${r.type}" Target="${r.target}"/>`)
    .join('') +
  `</Relationships>`;

/** The workbook as .xlsx bytes. Images are stored (JPEG does not shrink); the XML is deflated. */
export function writeXlsx(sheets: Sheet[], options: WorkbookOptions = {}): Uint8Array {
  const offset = options.utcOffsetMin ?? 8 * 60;
  const files: Record<string, Uint8Array | [Uint8Array, { level: 0 }]> = {};
  const overrides: string[] = [];
  let imageCount = 0;
  let drawingCount = 0;

  sheets.forEach((sheet, s) => {
    const n = s + 1;
    let drawingRel: string | null = null;
    if (sheet.images?.length) {
      const d = ++drawingCount;
      drawingRel = 'rId1';
      files[`xl/worksheets/_rels/sheet${n}.xml.rels`] = strToU8(rels([{ id: 'rId1', type: 'drawing', target: `../drawings/drawing${d}.xml` }]));
      const first = imageCount + 1;
      const imageRels = sheet.images.map((img, i) => {
        const file = `image${first + i}.jpeg`;
        files[`xl/media/${file}`] = [img.jpeg, { level: 0 }];
        return { id: `rId${i + 1}`, type: 'image', target: `../media/${file}` };
      });
      imageCount += sheet.images.length;
      files[`xl/drawings/drawing${d}.xml`] = strToU8(drawingXml(sheet.images, first));
      files[`xl/drawings/_rels/drawing${d}.xml.rels`] = strToU8(rels(imageRels));
      overrides.push(`<Override PartName="/xl/drawings/drawing${d}.xml" ContentType="application/vnd.openxmlformats-officedocument.drawing+xml"/>`);
    }
    files[`xl/worksheets/sheet${n}.xml`] = strToU8(sheetXml(sheet, drawingRel, offset));
    overrides.push(
      `<Override PartName="/xl/worksheets/sheet${n}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`,
    );
  });

  const taken = new Set<string>();
  const names = sheets.map((s) => sheetName(s.name, taken));
  files['xl/workbook.xml'] = strToU8(
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>` +
      names.map((name, i) => `<sheet name="${esc(name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('') +
      `</sheets></workbook>`,
  );
  files['xl/_rels/workbook.xml.rels'] = strToU8(
    rels([
      ...sheets.map((_, i) => ({ id: `rId${i + 1}`, type: 'worksheet', target: `worksheets/sheet${i + 1}.xml` })),
      { id: `rId${sheets.length + 1}`, type: 'styles', target: 'styles.xml' },
    ]),
  );
  files['xl/styles.xml'] = strToU8(STYLES);
  files['_rels/.rels'] = strToU8(rels([{ id: 'rId1', type: 'officeDocument', target: 'xl/workbook.xml' }]));
  files['[Content_Types].xml'] = strToU8(
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
      `<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
      `<Default Extension="jpeg" ContentType="image/jpeg"/>` +
      `<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
      `<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>` +
      overrides.join('') +
      `</Types>`,
  );
  return zipSync(files, { level: 6 });
}
