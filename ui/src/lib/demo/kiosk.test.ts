import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { clearMocks } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiError } from '../api';
import { mockBackend } from '../testing/ipc';
import DemoControls from './DemoControls.svelte';
import { demo } from './demo.svelte';
import { blockedInKiosk, kiosk, type Keys } from './kiosk.svelte';
import { statusOf } from './testing';

afterEach(() => {
  clearMocks();
  kiosk.on = false;
  kiosk.error = null;
  demo.set(undefined);
});

function keys(key: string, mods: Partial<Keys> = {}): Keys {
  return { key, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...mods };
}

describe('a kiosk swallows the webview’s own shortcuts (R-DEMO-3)', () => {
  it.each([
    ['F5 (reload)', keys('F5')],
    ['Ctrl+R (reload)', keys('r', { ctrlKey: true })],
    ['Ctrl+Shift+R (reload)', keys('R', { ctrlKey: true, shiftKey: true })],
    ['Ctrl++ (zoom)', keys('+', { ctrlKey: true })],
    ['Ctrl+- (zoom)', keys('-', { ctrlKey: true })],
    ['Ctrl+0 (zoom)', keys('0', { ctrlKey: true })],
    ['⌘+= (zoom)', keys('=', { metaKey: true })],
    ['Alt+Left (back)', keys('ArrowLeft', { altKey: true })],
    ['Alt+Right (forward)', keys('ArrowRight', { altKey: true })],
    ['F12 (developer tools)', keys('F12')],
    ['Ctrl+Shift+I (developer tools)', keys('I', { ctrlKey: true, shiftKey: true })],
    ['Ctrl+Shift+C (inspect)', keys('C', { ctrlKey: true, shiftKey: true })],
    ['Ctrl+U (page source)', keys('u', { ctrlKey: true })],
    ['Ctrl+P (print)', keys('p', { ctrlKey: true })],
    ['the context menu key', keys('ContextMenu')],
  ])('blocks %s', (_, pressed) => {
    expect(blockedInKiosk(pressed)).toBe(true);
  });

  it.each([
    ['typing', keys('a')],
    ['a capital', keys('A', { shiftKey: true })],
    ['Tab', keys('Tab')],
    ['Enter', keys('Enter')],
    ['Escape', keys('Escape')],
    ['an arrow', keys('ArrowLeft')],
    ['Backspace', keys('Backspace')],
    ['Ctrl+C (copy)', keys('c', { ctrlKey: true })],
    ['Ctrl+V (paste)', keys('v', { ctrlKey: true })],
    ['Ctrl+A (select all)', keys('a', { ctrlKey: true })],
  ])('lets %s through', (_, pressed) => {
    expect(blockedInKiosk(pressed)).toBe(false);
  });

  it('guards the window only in kiosk mode', async () => {
    mockBackend((command) => (command === 'kiosk_status' ? true : null));
    const target = new EventTarget() as unknown as Window;
    await kiosk.load(target);
    expect(kiosk.on).toBe(true);
    const reload = new KeyboardEvent('keydown', { key: 'F5', cancelable: true });
    target.dispatchEvent(reload);
    expect(reload.defaultPrevented).toBe(true);
    const menu = new MouseEvent('contextmenu', { cancelable: true });
    target.dispatchEvent(menu);
    expect(menu.defaultPrevented).toBe(true);

    mockBackend((command) => (command === 'kiosk_status' ? false : null));
    const plain = new EventTarget() as unknown as Window;
    await kiosk.load(plain);
    const free = new KeyboardEvent('keydown', { key: 'F5', cancelable: true });
    plain.dispatchEvent(free);
    expect(free.defaultPrevented).toBe(false);
  });
});

describe('staff leave the kiosk with the PIN (R-DEMO-3)', () => {
  it('refuses a wrong PIN, clears it, and leaves with the right one', async () => {
    const calls = mockBackend((command, args) => {
      if (command !== 'kiosk_leave') return null;
      if (args.pin !== '2468') {
        throw { code: 'forbidden', message: "that is not the kiosk's PIN" } satisfies ApiError;
      }
      return null;
    });
    demo.set(statusOf());
    kiosk.on = true;
    render(DemoControls);
    await fireEvent.click(screen.getByTestId('kiosk-staff'));
    const field = screen.getByTestId('kiosk-pin') as HTMLInputElement;
    expect(field.type).toBe('password');
    await fireEvent.input(field, { target: { value: '1357' } });
    await fireEvent.click(screen.getByTestId('kiosk-leave'));
    expect((await screen.findByTestId('kiosk-error')).textContent).toBe(
      "That is not the kiosk's PIN.",
    );
    // A PIN is never left on screen.
    expect(field.value).toBe('');

    await fireEvent.input(field, { target: { value: '2468' } });
    await fireEvent.click(screen.getByTestId('kiosk-leave'));
    await waitFor(() => expect(calls.filter((c) => c.command === 'kiosk_leave')).toHaveLength(2));
    expect(calls.map((c) => c.args.pin)).toEqual(['1357', '2468']);
  });

  it('shows no staff exit outside a kiosk', () => {
    mockBackend(() => null);
    demo.set(statusOf());
    render(DemoControls);
    expect(screen.queryByTestId('kiosk-staff')).toBeNull();
  });
});
