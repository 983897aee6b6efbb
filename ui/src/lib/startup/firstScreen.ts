/**
 * What the first screen shows, asked for before it is drawn.
 *
 * Drawing the app's shell and then filling it in costs a whole layout and paint per answer
 * (the role, the unread badge, the home's products, then their logos), each a tenth of a
 * second or more in a software-painted webview. So before the app is mounted it asks the
 * backend for all of it at once, and mounts when everything has come or after `LIMIT_MS`,
 * whichever is first; once mounted, the window waits for the screen's own pictures (the
 * home's logos) to be decoded, for at most `PICTURES_LIMIT_MS`. The first frame is then the
 * finished screen, and a slow backend (a store catching up on weeks of timers) still gets its
 * loading states.
 */
import { firstScreenDrawn, loadHome, type HomeView } from '../api';
import { demo } from '../demo/demo.svelte';
import { kiosk } from '../demo/kiosk.svelte';
import { demoParts } from '../demo/parts.svelte';
import { unread } from '../messages/unread.svelte';
import { actingAs } from '../roles/acting.svelte';
import { parseHash } from '../router/route';
import { preloadScreen } from '../router/screens';
import { copyStatus } from '../sync/status.svelte';

/** The longest the window waits for the first screen's answers before drawing without them. */
export const LIMIT_MS = 400;
/** The longest the window waits for the first screen's pictures once it is mounted. */
export const PICTURES_LIMIT_MS = 200;
/** The app's typeface (`--kg-font` in app.css) at the size of its body text. */
export const APP_FONT = '14px "Inter Variable"';

let homeAhead: HomeView | undefined;
let sharedAhead = false;
/** Whether the first screen still waits: an answer after it was drawn is not kept. */
let waiting = false;

/** The home screen's data, once, when it was asked for before the first screen. */
export function takeHome(): HomeView | undefined {
  const home = homeAhead;
  homeAhead = undefined;
  return home;
}

/**
 * Loads what the whole app shares (whom it acts as, demo mode, the kiosk), unless it was
 * asked for before the first screen: the app calls this once as it starts.
 */
export function loadShared(): void {
  if (sharedAhead) {
    sharedAhead = false;
    return;
  }
  void actingAs.load();
  void demo.load();
  void kiosk.load();
}

async function aheadOfHome(): Promise<void> {
  const home = await loadHome();
  if (waiting) homeAhead = home;
}

/** Loads the app's typeface where the webview loads fonts (not in the tests' DOM). */
function appFont(): Promise<unknown> {
  const fonts = (document as { fonts?: FontFaceSet }).fonts;
  return typeof fonts?.load === 'function' ? fonts.load(APP_FONT) : Promise.resolve();
}

/** Resolves when `work` has settled or after `limitMs`, whichever is first. */
async function withinLimit(work: Promise<unknown>, limitMs: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const limit = new Promise<void>((resolve) => (timer = setTimeout(resolve, limitMs)));
  await Promise.race([work, limit]);
  clearTimeout(timer);
}

/** Asks for the first screen's data; resolves when it is all here or after `limitMs`. */
export async function prepareFirstScreen(hash: string, limitMs = LIMIT_MS): Promise<void> {
  sharedAhead = true;
  waiting = true;
  const asks: Promise<unknown>[] = [
    actingAs.load(),
    // Demo mode's first screen shows its DEMO mark: its parts are loaded before it is drawn.
    demo.load().then(() => (demo.active ? demoParts.load() : undefined)),
    kiosk.load(),
    unread.readAhead(),
    copyStatus.readAhead(),
    appFont(),
  ];
  const first = parseHash(hash).name;
  // Another screen than the home is drawn with its code here, not after a blank frame.
  asks.push(first === 'home' ? aheadOfHome() : preloadScreen(first));
  await withinLimit(Promise.allSettled(asks), limitMs);
  waiting = false;
}

/**
 * Resolves once the pictures the window shows at once are decoded, or could not be, or after
 * `limitMs`: the screen is shown either way. Those loaded when scrolled to, and those laid out
 * below the window's edge, are not waited for: each picture comes through the `media:` scheme,
 * one request after another, and the home's twelve logos held the window about 15 ms longer
 * than the four in it (docs/benchmarks.md). WebKit keeps no picture that nothing shows
 * (`src-tauri/memory.rs`), so they are the screen's own elements, not copies decoded ahead.
 */
export async function picturesDrawn(root: HTMLElement, limitMs = PICTURES_LIMIT_MS): Promise<void> {
  const pictures = [...root.querySelectorAll('img')]
    .filter((img) => img.loading !== 'lazy' && typeof img.decode === 'function' && inWindow(img))
    .map((img) => img.decode().catch(() => undefined));
  if (pictures.length > 0) await withinLimit(Promise.all(pictures), limitMs);
}

/** Whether `element` is laid out where the window shows it, unscrolled. */
function inWindow(element: Element): boolean {
  const { top, bottom, left, right } = element.getBoundingClientRect();
  return top < window.innerHeight && bottom >= 0 && left < window.innerWidth && right >= 0;
}

/**
 * Whether the page has been given the window's size. WebKitGTK gives a hidden window's page
 * none (its width and height are 0) until the window is shown, and lays it out only then.
 */
export function hasViewport(): boolean {
  return window.innerWidth > 0 && window.innerHeight > 0;
}

/**
 * Tells the shell that the first screen is ready, so that it shows the window it made hidden
 * (`src-tauri/first_screen.rs`). Where the page already has the window's size, it first waits
 * for the pictures in view to be decoded and makes WebKit lay the page out, unseen, rather
 * than when the window is shown. Where it has none (WebKitGTK, which sizes a hidden window's
 * page only once shown), nothing can be laid out or measured before the window is shown: a
 * layout then is at a width of 0, thrown away when the window gets its size, and no picture is
 * in view. It asks at once; the logos the screen asked for as it was mounted have come by the
 * time the shown window is laid out (docs/benchmarks.md). Should the shell not answer, it
 * shows the window by itself a little later: nothing here waits for it.
 */
export async function showWhenLaidOut(root: HTMLElement): Promise<void> {
  if (hasViewport()) {
    await picturesDrawn(root);
    performance.mark('kg-pictures-decoded');
    root.getBoundingClientRect();
  }
  void firstScreenDrawn().catch(() => undefined);
}
