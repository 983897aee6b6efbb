import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { clearMocks } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiError, Pending } from '../lib/api';
import { kiosk } from '../lib/demo/kiosk.svelte';
import { copyStatus } from '../lib/sync/status.svelte';
import { REFUSED, copyOf, pendingAction, roundOf } from '../lib/sync/testing';
import { mockBackend } from '../lib/testing/ipc';
import Sync from './Sync.svelte';

afterEach(() => {
  clearMocks();
  copyStatus.set(null);
  copyStatus.lastRound = null;
  copyStatus.error = null;
  kiosk.on = false;
});

/** A copy with `waiting` actions and `conflicts`; a sync applies everything that waits. */
function laptop(waiting: Pending[], conflicts: Pending[], online = true) {
  let status = copyOf({ waiting, conflicts: conflicts.length, online });
  return mockBackend((command) => {
    switch (command) {
      case 'sync_status':
        return status;
      case 'sync_conflicts':
        return conflicts;
      case 'sync_now':
        status = copyOf({ waiting: [], conflicts: conflicts.length });
        return roundOf({ applied: waiting.length, pulled: waiting.length });
      default:
        throw { code: 'internal', message: command } satisfies ApiError;
    }
  });
}

describe('Sync (R-SYNC-2 to R-SYNC-4)', () => {
  it('shows what waits and syncs it on "Sync now"', async () => {
    const waiting = [
      pendingAction(),
      pendingAction({ id: 2, order_id: 9, action: 'accept_request' }),
    ];
    const calls = laptop(waiting, []);
    copyStatus.set(copyOf({ waiting, online: false }));
    render(Sync);
    expect(screen.getByTestId('sync-status').textContent).toContain('Offline');
    const list = screen.getByTestId('sync-waiting-list');
    expect(within(list).getByTestId('sync-waiting-list-row-7').textContent).toContain('Delivery');
    expect(within(list).getByTestId('sync-waiting-list-row-9').textContent).toContain(
      'Request accepted',
    );
    expect(await screen.findByText('No conflicts')).toBeTruthy();

    await fireEvent.click(screen.getByTestId('sync-now-page'));
    expect((await screen.findByTestId('sync-round')).textContent).toContain(
      'Synced: 2 applied, 2 flows updated.',
    );
    await waitFor(() => expect(screen.getByTestId('sync-nothing-waiting')).toBeTruthy());
    expect(screen.getByTestId('sync-status').textContent).toContain('Online');
    expect(calls.filter((c) => c.command === 'sync_now')).toHaveLength(1);
  });

  it('lists each conflict with its reason and a link to its flow', async () => {
    laptop([], [REFUSED]);
    copyStatus.set(copyOf({ conflicts: 1 }));
    render(Sync);
    const row = await screen.findByTestId('sync-conflicts-list-row-12');
    expect(row.textContent).toContain('Refused by the marketplace');
    expect(row.textContent).toContain('flow_frozen');
    expect(row.textContent).toContain('The flow is frozen by an appeal');
    expect(within(row).getByRole('link').getAttribute('href')).toBe('#/supervision/12');
  });

  it('says why it is offline, and what a failed sync said', async () => {
    mockBackend((command) => {
      if (command === 'sync_conflicts') return [];
      if (command === 'sync_status') return copyOf({ online: false });
      throw { code: 'unauthenticated', message: 'this laptop was revoked' } satisfies ApiError;
    });
    const offline = copyOf({ online: false });
    offline.link.last_error = 'no connection to the marketplace';
    copyStatus.set(offline);
    render(Sync);
    expect(screen.getByTestId('sync-last-error').textContent).toBe(
      'No connection to the marketplace.',
    );
    await fireEvent.click(screen.getByTestId('sync-now-page'));
    expect((await screen.findByTestId('sync-error')).textContent).toContain(
      'This laptop was revoked',
    );
  });

  it('on the marketplace itself, has nothing to sync and points to Connect', () => {
    mockBackend((command) => (command === 'sync_conflicts' ? [] : null));
    copyStatus.set(null);
    render(Sync);
    expect(screen.getByText('This app works on the marketplace itself')).toBeTruthy();
    expect(screen.getByTestId('sync-connect').getAttribute('href')).toBe('#/connect');
  });

  it('on a kiosk, has nothing to sync and points nowhere', () => {
    kiosk.on = true;
    mockBackend((command) => (command === 'sync_conflicts' ? [] : null));
    copyStatus.set(null);
    render(Sync);
    const empty = screen.getByTestId('empty-state');
    expect(empty.textContent).toContain('This app works on the marketplace itself');
    expect(empty.textContent).toContain('Nothing to sync here.');
    expect(empty.textContent).not.toContain('connect');
    expect(screen.queryByTestId('sync-connect')).toBeNull();
    expect(within(empty).queryByRole('link')).toBeNull();
  });

  it("on a kiosk, shows a seller's copy without Sync now", async () => {
    kiosk.on = true;
    const calls = laptop([pendingAction()], []);
    copyStatus.set(copyOf({ waiting: [pendingAction()] }));
    render(Sync);
    expect(screen.getByTestId('sync-status').textContent).toContain('Online');
    expect(screen.getByTestId('sync-waiting-list-row-7')).toBeTruthy();
    expect(await screen.findByText('No conflicts')).toBeTruthy();
    expect(screen.queryByTestId('sync-now-page')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Sync now' })).toBeNull();
    expect(calls.filter((c) => c.command === 'sync_now')).toHaveLength(0);
  });
});
