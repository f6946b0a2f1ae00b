/** Checks shared by the overflow spec and the text-size spec: nothing sideways, no squeezed labels. */
import type { Page } from '@playwright/test';

/**
 * What reaches past the screen's right or left edge (outermost first, described so a failure says where),
 * and controls whose label wraps one character a line.
 */
export function overflowAt(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const vw = document.documentElement.clientWidth;
    const found: string[] = [];
    const se = document.scrollingElement!;
    if (se.scrollWidth > se.clientWidth) found.push(`the page is ${se.scrollWidth} px wide`);
    const held = (el: Element): boolean => {
      for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
        const ox = getComputedStyle(a).overflowX;
        if (ox !== 'visible') {
          const r = a.getBoundingClientRect();
          if (r.left >= -0.5 && r.right <= vw + 0.5) return true;
        }
      }
      return false;
    };
    const reported = new Set<Element>();
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      if (r.right <= vw + 0.5 && r.left >= -0.5) continue;
      if (el.parentElement && reported.has(el.parentElement)) {
        reported.add(el);
        continue;
      }
      if (held(el)) continue;
      reported.add(el);
      const name = el.tagName.toLowerCase() + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : '');
      const text = (el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40);
      found.push(`${name} spans ${Math.round(r.left)}..${Math.round(r.right)} px "${text}"`);
    }
    /** Content width of the nearest block-level box the text flows in (inline spans do not make one). */
    const flowWidth = (n: Node): number => {
      let box = n.parentElement;
      while (box && box.parentElement && getComputedStyle(box).display === 'inline') {
        box = box.parentElement;
      }
      if (!box) return Infinity;
      const cs = getComputedStyle(box);
      return box.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
    };
    // A control's label squeezed to a character or two a line ("不/合/格") reads as nonsense.
    for (const el of document.body.querySelectorAll('button, a, label, summary, th')) {
      const text = (el.textContent ?? '').replace(/\s+/g, '');
      if (text.length < 2 || el.getBoundingClientRect().width === 0) continue;
      const em = parseFloat(getComputedStyle(el).fontSize);
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        // Latin text breaks between words only; Chinese breaks between any two characters.
        if ((n.textContent ?? '').trim().length < 2 || !/[\u3400-\u9fff]/.test(n.textContent ?? '')) continue;
        const range = document.createRange();
        range.selectNodeContents(n);
        const lines = [...range.getClientRects()].filter((r) => r.width > 0);
        // Squeezed: on two lines or more, none holding more than about two characters.
        // A short phrase that merely wraps at the end of a wide line is ordinary text flow, not a squeeze:
        // the box the text flows in must itself be narrow.
        if (lines.length > 1 && Math.max(...lines.map((r) => r.width)) < 2.3 * em && flowWidth(n) < 3 * em) {
          found.push(`${el.tagName.toLowerCase()} "${text.slice(0, 20)}" is squeezed to ${lines.length} lines ("${(n.textContent ?? '').trim()}")`);
          break;
        }
      }
    }
    return found;
  });
}
