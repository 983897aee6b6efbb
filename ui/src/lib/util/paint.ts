/**
 * Waiting for the browser to paint what is in the DOM now: requestAnimationFrame runs its
 * callback before the next paint, and a timeout set from there runs after it.
 */
export function afterPaint(callback: () => void): void {
  requestAnimationFrame(() => {
    setTimeout(callback, 0);
  });
}
