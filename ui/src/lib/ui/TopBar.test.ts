import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { clearMocks } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ActingAs } from '../api';
import { kiosk } from '../demo/kiosk.svelte';
import { POLL_MS, unread } from '../messages/unread.svelte';
import { actingAs } from '../roles/acting.svelte';
import { copyStatus } from '../sync/status.svelte';
import { copyOf, pendingAction, roundOf } from '../sync/testing';
import { fakeSupervision } from '../supervision/testing';
import { actingAsBuyer } from '../testing/fixtures';
import { mockBackend } from '../testing/ipc';
import TopBar from './TopBar.svelte';

afterEach(() => {
  clearMocks();
  vi.useRealTimers();
  unread.polling = false;
  unread.set(0);
  actingAs.current = null;
  copyStatus.set(undefined);
  kiosk.on = false;
});

const actingAsSeller: ActingAs = {
  ...actingAsBuyer,
  role: 'seller',
};

const links = () =>
  screen
    .getAllByRole('link')
    .map((a) => [a.textContent?.trim() ?? '', a.getAttribute('href')] as const)
    .filter(([, href]) => href !== '#/');

describe('the top bar', () => {
  it('gives the buyer its pages, the rarer ones behind More, and Messages', async () => {
    mockBackend(fakeSupervision());
    render(TopBar);
    expect(links()).toEqual([
      ['My Favorites', '#/my/favorites'],
      ['Purchased Apps', '#/my/apps'],
      ['Supervision', '#/my/supervision'],
      ['ECS Console', '#/ecs'],
      ['My Orders', '#/billing/orders'],
      ['Account', '#/billing/account'],
      ['', '#/messages'],
    ]);
    expect(screen.getByTestId('nav-messages').getAttribute('aria-label')).toBe('Messages');
    const menu = screen.getByTestId('nav-more-menu');
    expect(menu.hidden).toBe(true);
    await fireEvent.click(screen.getByTestId('nav-more'));
    expect(menu.hidden).toBe(false);
    expect(screen.getByTestId('nav-more').getAttribute('aria-expanded')).toBe('true');
    expect(
      [...menu.querySelectorAll('a')].map((a) => [a.textContent, a.getAttribute('href')]),
    ).toEqual([
      ['My Requirements', '#/my/requirements'],
      ['Unsubscriptions', '#/my/unsubscriptions'],
      ['Invoices', '#/billing/invoices'],
      ['Tickets', '#/billing/tickets'],
      ['Renewals', '#/billing/renewals'],
    ]);
    // A click elsewhere closes it.
    await fireEvent.click(document.body);
    expect(menu.hidden).toBe(true);
  });

  it('gives the seller Seller Center and Seller Console, and operations its Appeals', () => {
    mockBackend(fakeSupervision());
    actingAs.current = actingAsSeller;
    const seller = render(TopBar);
    expect(links()).toEqual([
      ['Seller Center', '#/seller'],
      ['Seller Console', '#/seller/queue'],
      ['', '#/messages'],
    ]);
    seller.unmount();
    actingAs.current = { ...actingAsBuyer, role: 'operations_manager' };
    render(TopBar);
    expect(links()).toEqual([
      ['Operations', '#/operations'],
      ['Appeals', '#/operations/appeals'],
      ['', '#/messages'],
    ]);
  });

  it('does not ask for the unread count under test unless told to', () => {
    const calls = mockBackend(fakeSupervision());
    render(TopBar);
    expect(calls).toHaveLength(0);
    expect(screen.queryByTestId('messages-badge')).toBeNull();
  });

  it('shows the unread count, asks again every 5 seconds, and stops when it goes', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    unread.polling = true;
    let count = 2;
    const calls = mockBackend((command, args) =>
      command === 'messages_unread' ? count : fakeSupervision()(command, args),
    );
    const bar = render(TopBar);
    expect((await screen.findByTestId('messages-badge')).textContent).toBe('2');
    expect(screen.getByTestId('nav-messages').getAttribute('aria-label')).toBe(
      'Messages, 2 unread',
    );
    count = 5;
    await vi.advanceTimersByTimeAsync(POLL_MS);
    await waitFor(() => expect(screen.getByTestId('messages-badge').textContent).toBe('5'));
    count = 0;
    await vi.advanceTimersByTimeAsync(POLL_MS);
    await waitFor(() => expect(screen.queryByTestId('messages-badge')).toBeNull());
    const asked = calls.filter((c) => c.command === 'messages_unread').length;
    expect(asked).toBe(3);

    bar.unmount();
    await vi.advanceTimersByTimeAsync(POLL_MS * 3);
    expect(calls.filter((c) => c.command === 'messages_unread')).toHaveLength(asked);
  });

  it('polls once however many top bars are shown', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    unread.polling = true;
    const calls = mockBackend(fakeSupervision());
    const first = render(TopBar);
    render(TopBar);
    await waitFor(() => expect(screen.getAllByTestId('messages-badge')).toHaveLength(2));
    const before = calls.length;
    first.unmount();
    await vi.advanceTimersByTimeAsync(POLL_MS);
    expect(calls.length - before).toBe(1);
  });

  it('shows 99+ beyond 99, named as shown, with the exact count in its tooltip', async () => {
    unread.polling = true;
    mockBackend((command) => (command === 'messages_unread' ? 27261 : null));
    render(TopBar);
    expect((await screen.findByTestId('messages-badge')).textContent).toBe('99+');
    const link = screen.getByTestId('nav-messages');
    expect(link.getAttribute('aria-label')).toBe('Messages, 99+ unread');
    expect(link.getAttribute('title')).toBe('Messages, 27,261 unread');
  });

  it('on the marketplace, offers to connect this app to one as a seller', () => {
    mockBackend(fakeSupervision());
    copyStatus.set(null);
    render(TopBar);
    expect(screen.getByTestId('nav-connect').getAttribute('href')).toBe('#/connect');
    expect(screen.getByTestId('acting-as')).toBeTruthy();
    expect(screen.queryByTestId('sync-bar')).toBeNull();
  });

  it('on a kiosk, does not offer to connect to a marketplace', () => {
    kiosk.on = true;
    mockBackend(fakeSupervision());
    copyStatus.set(null);
    render(TopBar);
    expect(screen.queryByTestId('nav-connect')).toBeNull();
    expect(screen.queryByText('Connect to a marketplace')).toBeNull();
    expect(screen.getByTestId('acting-as')).toBeTruthy();
  });

  it("on a kiosk, shows a seller's copy's sync without Sync now", () => {
    kiosk.on = true;
    mockBackend(fakeSupervision());
    actingAs.current = actingAsSeller;
    copyStatus.set(copyOf({ conflicts: 1 }));
    render(TopBar);
    expect(screen.getByTestId('sync-bar').textContent).toContain("Seller's copy of");
    expect(screen.getByTestId('sync-conflicts').textContent).toBe('1 conflict to look at');
    expect(screen.queryByTestId('sync-now')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Sync now' })).toBeNull();
  });

  it("on a seller's copy, shows its sync instead of the role switcher (R-SYNC-4)", async () => {
    const calls = mockBackend((command) => {
      if (command === 'sync_now') return roundOf({ applied: 2 });
      if (command === 'sync_status') return copyOf();
      return fakeSupervision()(command, {});
    });
    actingAs.current = actingAsSeller;
    const waiting = [pendingAction(), pendingAction({ id: 2 })];
    copyStatus.set(copyOf({ online: false, waiting, conflicts: 1 }));
    render(TopBar);
    const bar = screen.getByTestId('sync-bar');
    expect(bar.textContent).toContain("Seller's copy of 192.168.1.20:8765");
    expect(screen.getByTestId('sync-state').textContent?.trim()).toBe('Offline');
    expect(screen.getByTestId('sync-waiting').textContent).toBe('2 actions waiting to sync');
    expect(screen.getByTestId('sync-conflicts').textContent).toBe('1 conflict to look at');
    expect(screen.queryByTestId('acting-as')).toBeNull();
    expect(screen.queryByTestId('nav-connect')).toBeNull();
    expect(screen.getByTestId('nav-sync').getAttribute('href')).toBe('#/sync');

    await fireEvent.click(screen.getByTestId('sync-now'));
    await waitFor(() =>
      expect(screen.getByTestId('sync-state').textContent?.trim()).toBe('Online'),
    );
    expect(calls.filter((c) => c.command === 'sync_now')).toHaveLength(1);
    expect(screen.queryByTestId('sync-waiting')).toBeNull();
  });
});
