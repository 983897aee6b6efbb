/**
 * Lets go of a picture as soon as its element leaves the screen.
 *
 * WebKit keeps an image element's decoded picture for as long as the element lives, and an
 * element taken out of the page lives on until JavaScriptCore next collects its garbage. The
 * app's scripts allocate little, so collections come seldom: on a stand kept busy, the logos
 * and screenshots of screens already left piled up between them, tens of megabytes at a time
 * (`docs/benchmarks.md`). Taking its `src` and `srcset` away drops the element's hold on its
 * picture at once, whenever the element itself goes.
 */
export function releasedWhenGone(image: HTMLImageElement): { destroy: () => void } {
  return {
    destroy() {
      image.removeAttribute('srcset');
      image.removeAttribute('src');
    },
  };
}
