/**
 * Kiosk mode (R-DEMO-3): on an unattended stand the webview's own shortcuts would let a visitor
 * reload the page, zoom it, go back past the app, open the developer tools or a context menu.
 * In kiosk mode only, they are swallowed before the webview acts on them; staff leave with the
 * PIN given when the app started (`KioskExit`).
 */
import { leaveKiosk, loadKioskStatus, type ApiFailure } from '../api';
import { asFailure } from '../util/resource.svelte';

/** The keys of a keydown, as `KeyboardEvent` has them. */
export interface Keys {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

const ALWAYS = new Set([
  'F5',
  'F11',
  'F12',
  'BrowserBack',
  'BrowserForward',
  'BrowserRefresh',
  'ContextMenu',
]);
// With Ctrl (or ⌘): reload, zoom, print, save, open, find in page, new or closed windows,
// the developer tools and the page source.
const WITH_CONTROL = new Set([
  'r',
  'R',
  '+',
  '=',
  '-',
  '_',
  '0',
  'p',
  'P',
  's',
  'S',
  'o',
  'O',
  'f',
  'F',
  'g',
  'G',
  'n',
  'N',
  'w',
  'W',
  'q',
  'Q',
  'u',
  'U',
  'i',
  'I',
  'j',
  'J',
  'c',
  'C',
]);

/** True for a shortcut a kiosk swallows. Typing, Tab, Enter, Escape and the arrows go through. */
export function blockedInKiosk(keys: Keys): boolean {
  if (ALWAYS.has(keys.key)) return true;
  // Alt+Left/Right: back and forward.
  if (keys.altKey && (keys.key === 'ArrowLeft' || keys.key === 'ArrowRight')) return true;
  const control = keys.ctrlKey || keys.metaKey;
  if (!control) return false;
  // Copy (Ctrl+C) and the developer tools' Ctrl+Shift+C differ by Shift: copying stays.
  if (keys.key === 'c' || keys.key === 'C') return keys.shiftKey;
  if (keys.key === 'i' || keys.key === 'I' || keys.key === 'j' || keys.key === 'J')
    return keys.shiftKey;
  return WITH_CONTROL.has(keys.key);
}

class KioskState {
  on = $state(false);
  leaving = $state(false);
  error = $state.raw<ApiFailure | null>(null);

  /** Asks whether the app is a kiosk and, if it is, guards the window. */
  async load(target: Window = window): Promise<void> {
    try {
      this.on = await loadKioskStatus();
    } catch {
      this.on = false;
    }
    if (this.on) guard(target);
  }

  /** Leaves with `pin`; the app then ends. */
  async leave(pin: string): Promise<boolean> {
    this.leaving = true;
    this.error = null;
    try {
      await leaveKiosk(pin);
      return true;
    } catch (error) {
      this.error = asFailure(error);
      return false;
    } finally {
      this.leaving = false;
    }
  }
}

/** Swallows the shortcuts and the context menu, before anything else hears them. */
function guard(target: Window) {
  target.addEventListener(
    'keydown',
    (event) => {
      if (blockedInKiosk(event)) {
        event.preventDefault();
        event.stopPropagation();
      }
    },
    { capture: true },
  );
  target.addEventListener('contextmenu', (event) => event.preventDefault(), { capture: true });
  // Ctrl+wheel zooms in a webview.
  target.addEventListener(
    'wheel',
    (event) => {
      if (event.ctrlKey) event.preventDefault();
    },
    { capture: true, passive: false },
  );
}

export const kiosk = new KioskState();
