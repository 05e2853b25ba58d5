/**
 * Runs `fn` once the pointer is released (at once when no pointer is down). A field that shows its error when it
 * is left would otherwise push the page down between the press and the release of a click on a button below it,
 * and the click would be lost.
 */
let pressed = false;
if (typeof document !== 'undefined') {
  document.addEventListener('pointerdown', () => (pressed = true), true);
  const release = () => (pressed = false);
  document.addEventListener('pointerup', release, true);
  document.addEventListener('pointercancel', release, true);
}

export function afterPointer(fn: () => void): void {
  if (!pressed) return fn();
  const done = () => {
    window.removeEventListener('pointerup', done, true);
    window.removeEventListener('pointercancel', done, true);
    // After the release the click is dispatched; the change comes after it.
    setTimeout(fn, 0);
  };
  window.addEventListener('pointerup', done, true);
  window.addEventListener('pointercancel', done, true);
}
