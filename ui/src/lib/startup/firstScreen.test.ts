import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { clearMocks } from '@tauri-apps/api/mocks';
import { render, screen, within } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import Home from '../../routes/Home.svelte';
import { demo } from '../demo/demo.svelte';
import { statusOf } from '../demo/testing';
import { unread } from '../messages/unread.svelte';
import { copyStatus } from '../sync/status.svelte';
import TopBar from '../ui/TopBar.svelte';
import { actingAs } from '../roles/acting.svelte';
import { screens } from '../router/screens';
import { fakeShop, home } from '../testing/fixtures';
import { deferred, mockBackend } from '../testing/ipc';
import {
  APP_FONT,
  loadShared,
  picturesDrawn,
  prepareFirstScreen,
  showWhenLaidOut,
  takeHome,
} from './firstScreen';

const SHARED = ['role_show', 'demo_status', 'kiosk_status', 'messages_unread', 'sync_status'];

afterEach(() => {
  clearMocks();
  takeHome();
  unread.polling = false;
  copyStatus.polling = false;
  unread.set(0);
});

describe('the first screen, asked for before it is drawn', () => {
  it('asks at once for what the shell and the home show, and hands the home over once', async () => {
    const calls = mockBackend(fakeShop());
    await prepareFirstScreen('#/');
    expect(calls.map((c) => c.command).sort()).toEqual([...SHARED, 'catalog_home'].sort());
    expect(actingAs.current?.role).toBe('buyer');
    expect(takeHome()?.popular.length).toBeGreaterThan(0);
    expect(takeHome()).toBeUndefined();
  });

  it('draws the home from what was asked for, without asking again or a loading state', async () => {
    const calls = mockBackend(fakeShop());
    await prepareFirstScreen('');
    const before = calls.length;
    render(Home);
    expect(screen.queryByTestId('loading')).toBeNull();
    const cards = within(screen.getByTestId('popular-apps')).getAllByTestId('product-card');
    expect(cards.length).toBeGreaterThan(0);
    expect(calls.slice(before).map((c) => c.command)).not.toContain('catalog_home');
  });

  it('draws the top bar with the unread count and sync status it has, without asking again', async () => {
    unread.polling = true;
    copyStatus.polling = true;
    const answer = fakeShop();
    const calls = mockBackend((command, args) => {
      if (command === 'messages_unread') return 4;
      return command === 'sync_status' ? null : answer(command, args);
    });
    await prepareFirstScreen('#/');
    const before = calls.length;
    const bar = render(TopBar);
    expect(screen.getByTestId('messages-badge').textContent).toBe('4');
    await new Promise((resolve) => setTimeout(resolve, 0));
    const asked = calls.slice(before).map((c) => c.command);
    expect(asked).not.toContain('messages_unread');
    expect(asked).not.toContain('sync_status');
    bar.unmount();
  });

  it("in demo mode (R-DEMO-1), draws the top bar's DEMO mark in the first frame", async () => {
    // The demo's parts are a module of their own that only demo mode loads.
    const answer = fakeShop();
    mockBackend((command, args) =>
      command === 'demo_status' ? statusOf() : answer(command, args),
    );
    await prepareFirstScreen('#/');
    const bar = render(TopBar);
    expect(screen.getByTestId('demo-mark').textContent).toBe('Demo');
    bar.unmount();
    demo.set(undefined);
  });

  it('does not ask for the home when the app starts on another screen', async () => {
    const calls = mockBackend(fakeShop());
    await prepareFirstScreen('#/billing/orders');
    expect(calls.map((c) => c.command)).not.toContain('catalog_home');
    expect(takeHome()).toBeUndefined();
  });

  it('loads the code of another first screen before it is drawn', async () => {
    mockBackend(fakeShop());
    const code = deferred<Awaited<ReturnType<typeof screens.my_orders>>>();
    const load = vi.spyOn(screens, 'my_orders').mockReturnValue(code.promise);
    let drawn = false;
    const prepared = prepareFirstScreen('#/billing/orders', 5_000).then(() => (drawn = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(load).toHaveBeenCalledTimes(1);
    expect(drawn).toBe(false);

    code.resolve(await import('../../routes/MyOrders.svelte'));
    await prepared;
    expect(drawn).toBe(true);
    load.mockRestore();
  });

  it('draws without waiting past its limit, and drops a home that comes after', async () => {
    const late = deferred<unknown>();
    const answer = fakeShop();
    mockBackend((command, args) =>
      command === 'catalog_home' ? late.promise : answer(command, args),
    );
    await prepareFirstScreen('#/', 20);
    late.resolve(home);
    await late.promise;
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(takeHome()).toBeUndefined();
  });

  it("waits for the app's typeface before drawing, within the same limit", async () => {
    mockBackend(fakeShop());
    const font = deferred<FontFace[]>();
    const load = vi.fn(() => font.promise);
    Object.defineProperty(document, 'fonts', { value: { load }, configurable: true });
    try {
      let drawn = false;
      const prepared = prepareFirstScreen('#/', 5_000).then(() => (drawn = true));
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(load).toHaveBeenCalledWith(APP_FONT);
      expect(drawn).toBe(false);
      font.resolve([]);
      await prepared;
      expect(drawn).toBe(true);

      load.mockReturnValue(new Promise<FontFace[]>(() => undefined));
      await prepareFirstScreen('#/', 20);
    } finally {
      Reflect.deleteProperty(document, 'fonts');
    }
  });

  it("loads the typeface the app's styles draw with first", () => {
    const family = APP_FONT.slice(APP_FONT.indexOf(' ') + 1).replaceAll('"', "'");
    // The tests run from ui/ (vitest.config.ts).
    const appCss = readFileSync(resolve(process.cwd(), 'src/app.css'), 'utf8');
    expect(appCss).toMatch(new RegExp(`--kg-font: ${family},`));
  });

  it('lets the app load what it shares only when nobody asked for it yet', async () => {
    const calls = mockBackend(fakeShop());
    await prepareFirstScreen('#/billing/orders');
    const before = calls.length;
    loadShared();
    expect(calls.length).toBe(before);
    loadShared();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(
      calls
        .slice(before)
        .map((c) => c.command)
        .sort(),
    ).toEqual(['demo_status', 'kiosk_status', 'role_show'].sort());
  });

  it('asks the shell to show the window once the screen is laid out, and lives with a refusal', async () => {
    let laidOut = 0;
    let laidOutWhenAsked = 0;
    const calls = mockBackend(() => {
      laidOutWhenAsked = laidOut;
      throw { code: 'internal', message: 'no window' };
    });
    const root = document.createElement('div');
    root.getBoundingClientRect = () => {
      laidOut += 1;
      return new DOMRect();
    };
    await showWhenLaidOut(root);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(laidOutWhenAsked).toBe(1);
    expect(calls.map((c) => c.command)).toEqual(['first_screen_drawn']);
  });

  it('in a window not given its size yet, asks at once, without laying out or waiting for a picture', async () => {
    const size = { innerWidth: window.innerWidth, innerHeight: window.innerHeight };
    // WebKitGTK's hidden window: its page has a width and height of 0 until it is shown.
    Object.assign(window, { innerWidth: 0, innerHeight: 0 });
    try {
      const calls = mockBackend(() => null);
      const root = document.createElement('div');
      let laidOut = 0;
      root.getBoundingClientRect = () => {
        laidOut += 1;
        return new DOMRect();
      };
      const logo = document.createElement('img');
      logo.decode = () => new Promise<void>(() => undefined);
      logo.getBoundingClientRect = root.getBoundingClientRect;
      root.append(logo);

      await showWhenLaidOut(root);
      expect(calls.map((c) => c.command)).toEqual(['first_screen_drawn']);
      expect(laidOut).toBe(0);
    } finally {
      Object.assign(window, size);
    }
  });

  it('shows the window once the pictures drawn at once are decoded, not those loaded later', async () => {
    const calls = mockBackend(() => null);
    const root = document.createElement('div');
    const logo = deferred<void>();
    const first = document.createElement('img');
    first.decode = () => logo.promise;
    const later = document.createElement('img');
    later.loading = 'lazy';
    later.decode = () => new Promise<void>(() => undefined);
    root.append(first, later);

    const shown = showWhenLaidOut(root);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(calls).toHaveLength(0);
    logo.resolve();
    await shown;
    expect(calls.map((c) => c.command)).toEqual(['first_screen_drawn']);
  });

  it('does not wait for the pictures laid out beyond the edges of the window', async () => {
    const never = () => new Promise<void>(() => undefined);
    const root = document.createElement('div');
    const below = document.createElement('img');
    below.decode = never;
    below.getBoundingClientRect = () => new DOMRect(0, window.innerHeight + 10, 48, 48);
    const right = document.createElement('img');
    right.decode = never;
    right.getBoundingClientRect = () => new DOMRect(window.innerWidth + 10, 0, 48, 48);
    const edge = document.createElement('img');
    const logo = deferred<void>();
    edge.decode = () => logo.promise;
    edge.getBoundingClientRect = () => new DOMRect(0, window.innerHeight - 20, 48, 48);
    root.append(below, right, edge);

    let drawn = false;
    const pictures = picturesDrawn(root, 60_000).then(() => (drawn = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(drawn).toBe(false);
    logo.resolve();
    await pictures;
    expect(drawn).toBe(true);
  });

  it('does not wait past its limit for a picture, nor for one that cannot be decoded', async () => {
    const root = document.createElement('div');
    const stuck = document.createElement('img');
    stuck.decode = () => new Promise<void>(() => undefined);
    const broken = document.createElement('img');
    broken.decode = () => Promise.reject(new DOMException('bad picture', 'EncodingError'));
    root.append(stuck, broken);
    const began = Date.now();
    await picturesDrawn(root, 30);
    expect(Date.now() - began).toBeLessThan(1_000);

    root.removeChild(stuck);
    await picturesDrawn(root, 60_000);
  });
});
