/**
 * happy-dom lays nothing out, so a virtualised list would see a viewport of zero pixels and
 * show no rows. This stands in for the browser's ResizeObserver and reports every observed
 * element at a fixed size, as a window of that size would.
 */
export function stubViewport(height = 900, width = 800): () => void {
  const original = window.ResizeObserver;

  class FixedSizeObserver {
    readonly #callback: ResizeObserverCallback;

    constructor(callback: ResizeObserverCallback) {
      this.#callback = callback;
    }

    observe(target: Element) {
      void Promise.resolve().then(() => {
        const entry = { target, contentRect: { width, height } } as unknown as ResizeObserverEntry;
        this.#callback([entry], this as unknown as ResizeObserver);
      });
    }

    unobserve() {}

    disconnect() {}
  }

  window.ResizeObserver = FixedSizeObserver as unknown as typeof ResizeObserver;
  return () => {
    window.ResizeObserver = original;
  };
}

/** Scrolls an element as a person would, firing the scroll event a list listens to. */
export function scrollElement(element: HTMLElement, top: number): void {
  element.scrollTop = top;
  element.dispatchEvent(new Event('scroll'));
}
