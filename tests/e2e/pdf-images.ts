/**
 * Which images each page of a PDF made by Chromium (Skia) draws, by object
 * number, in page order. Skia writes every page as a plain object whose resources name the
 * image XObjects it paints; an image cut by a page break is painted, clipped,
 * on both pages, so it shows up in both lists.
 */
export function imagesPerPage(pdf: Buffer): string[][] {
  const text = pdf.toString('latin1');
  const objects = new Map<string, string>();
  for (const m of text.matchAll(/(?:^|\n)(\d+) 0 obj\s*(<<[\s\S]*?)(?:stream|endobj)/g)) objects.set(m[1]!, m[2]!);
  const isImage = (id: string) => /\/Subtype\s*\/Image\b/.test(objects.get(id) ?? '');
  const isPages = (o: string) => /\/Type\s*\/Pages\b/.test(o);
  // The root of the page tree: past 8 pages Skia nests nodes of up to 8 kids under it.
  const pagesRoot = [...objects.values()].find((o) => isPages(o) && !/\/Parent\b/.test(o));
  if (!pagesRoot) throw new Error('no page tree found in the PDF');
  /** The pages under a node of the page tree, in order. */
  const pagesOf = (node: string): string[] => {
    const kids = /\/Kids\s*\[([^\]]*)\]/.exec(node);
    if (!kids) throw new Error('a page tree node without kids');
    return [...kids[1]!.matchAll(/(\d+) 0 R/g)].flatMap(([, id]) => {
      const kid = objects.get(id!) ?? '';
      return isPages(kid) ? pagesOf(kid) : [kid];
    });
  };
  return pagesOf(pagesRoot).map((page) => {
    const xobjects = /\/XObject\s*<<([^>]*)>>/.exec(page);
    return xobjects ? [...xobjects[1]!.matchAll(/\/\w+\s+(\d+) 0 R/g)].map((m) => m[1]!).filter(isImage) : [];
  });
}
