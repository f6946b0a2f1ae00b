/**
 * Reordering a list by dragging a handle, with pointer events: a finger on a phone, a mouse or a pen
 * alike. The handle takes the pointer (and `touch-action: none` in CSS keeps the page from scrolling
 * under the finger instead); the dragged row follows the pointer; on release the caller gets the place
 * it was dropped at, counted among the other rows. While the finger is near the top or bottom of the
 * screen the page scrolls, so an item can travel further than one screen. Keyboard users have the up and down buttons.
 */

export interface ReorderDrag {
  /** The rows of the list, in order, the dragged one among them. */
  rows: HTMLElement[];
  /** The dragged row. */
  row: HTMLElement;
  /** Called as the pointer moves: where the row would land (0 = first). */
  onOver(index: number): void;
  /** Called once on release: where it landed. */
  onDrop(index: number): void;
  /** Called if the drag is given up (the browser took the pointer): nothing moves. */
  onCancel(): void;
}

/** How close to the screen's top or bottom edge (px) the page starts scrolling, and by how much a frame. */
const EDGE = 64;
const STEP = 16;

/** The row's new place: how many of the other rows stand above the pointer. */
export function dropIndex(midpoints: readonly number[], draggedAt: number, pointerY: number): number {
  let above = 0;
  midpoints.forEach((mid, i) => {
    if (i !== draggedAt && mid < pointerY) above++;
  });
  return above;
}

export function startReorderDrag(e: PointerEvent, drag: ReorderDrag): void {
  if (e.pointerType === 'mouse' && e.button !== 0) return;
  const handle = e.currentTarget as HTMLElement;
  e.preventDefault();
  handle.setPointerCapture(e.pointerId);
  const draggedAt = drag.rows.indexOf(drag.row);
  const startY = e.clientY;
  const startScroll = window.scrollY;
  let index = draggedAt;
  drag.row.classList.add('dragging');

  const midpoints = () =>
    drag.rows.map((r) => {
      const box = r.getBoundingClientRect();
      return box.top + box.height / 2;
    });
  let pointerY = e.clientY;
  const follow = () => {
    // The row follows the finger; the others stay put until the drop, so their midpoints are where they are drawn.
    drag.row.style.transform = `translateY(${pointerY - startY + window.scrollY - startScroll}px)`;
    // (The dragged row's own box moves with it: dropIndex leaves it out.)
    const next = dropIndex(midpoints(), draggedAt, pointerY);
    if (next !== index) {
      index = next;
      drag.onOver(index);
    }
  };
  // While the finger rests near the top or bottom edge the page keeps scrolling (a resting finger sends no
  // moves), so an item travels past rows taller than the screen.
  let frame = 0;
  // Not before the finger has moved: a handle touched near the bottom of the screen must not set the page off.
  let moved = false;
  const scroll = () => {
    const step = !moved ? 0 : pointerY < EDGE ? -STEP : pointerY > window.innerHeight - EDGE ? STEP : 0;
    const before = window.scrollY;
    if (step) window.scrollBy(0, step);
    if (window.scrollY !== before) follow();
    frame = requestAnimationFrame(scroll);
  };
  frame = requestAnimationFrame(scroll);
  const move = (ev: PointerEvent) => {
    if (ev.pointerId !== e.pointerId) return;
    pointerY = ev.clientY;
    moved ||= Math.abs(pointerY - startY) > 8;
    follow();
  };
  const end = (ev: PointerEvent) => {
    if (ev.pointerId !== e.pointerId) return;
    cancelAnimationFrame(frame);
    handle.removeEventListener('pointermove', move);
    handle.removeEventListener('pointerup', end);
    handle.removeEventListener('pointercancel', end);
    drag.row.classList.remove('dragging');
    drag.row.style.transform = '';
    if (ev.type === 'pointercancel') drag.onCancel();
    else drag.onDrop(index);
  };
  handle.addEventListener('pointermove', move);
  handle.addEventListener('pointerup', end);
  handle.addEventListener('pointercancel', end);
}
