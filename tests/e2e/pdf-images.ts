/**
 * Which images each page of a PDF made by Chromium (Skia) draws, by object
 * number. Skia writes every page as a plain object whose resources name the
 * image XObjects it paints; an image cut by a page break is painted, clipped,
 * on both pages, so it shows up in both lists.
 */
export function imagesPerPage(pdf: Buffer): string[][] {
  const text = pdf.toString('latin1');
  const objects = new Map<string, string>();
  for (const m of text.matchAll(/(?:^|\n)(\d+) 0 obj\s*(<<[\s\S]*?)(?:stream|endobj)/g)) objects.set(m[1]!, m[2]!);
  const isImage = (id: string) => /\/Subtype\s*\/Image\b/.test(objects.get(id) ?? '');
  const pagesRoot = [...objects.values()].find((o) => /\/Type\s*\/Pages\b/.test(o));
  const kids = /\/Kids\s*\[([^\]]*)\]/.exec(pagesRoot ?? '');
  if (!kids) throw new Error('no page tree found in the PDF');
  return [...kids[1]!.matchAll(/(\d+) 0 R/g)].map(([, pageId]) => {
    const page = objects.get(pageId!) ?? '';
    if (/\/Type\s*\/Pages\b/.test(page)) throw new Error('nested page trees are not expected from Chromium');
    const xobjects = /\/XObject\s*<<([^>]*)>>/.exec(page);
    return xobjects ? [...xobjects[1]!.matchAll(/\/\w+\s+(\d+) 0 R/g)].map((m) => m[1]!).filter(isImage) : [];
  });
}
