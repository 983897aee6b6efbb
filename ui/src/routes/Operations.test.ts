import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { clearMocks } from '@tauri-apps/api/mocks';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ApiError, Device, EnrolmentCode, OrdersPage, OrdersQuery } from '../lib/api';
import { kiosk } from '../lib/demo/kiosk.svelte';
import { actingAs } from '../lib/roles/acting.svelte';
import { actingAsBuyer, crmOrder, ordersPageOf } from '../lib/testing/fixtures';
import { mockBackend, type IpcCall } from '../lib/testing/ipc';
import { formatInstant } from '../lib/util/time';
import Operations from './Operations.svelte';

const longName =
  'Northwind Field Services and Customer-Site Installations International Holding Company Limited';

const acting = {
  ...actingAsBuyer,
  role: 'operations_manager' as const,
  sellers: [
    { id: 'orbit-soft', name: 'Orbit Software', products: 3 },
    { id: 'northwind', name: longName, products: 1 },
    { id: 'dataforge', name: 'DataForge Systems', products: 5 },
  ],
};

/** Orbit's laptop, which has pushed operations up to 12. */
const activeLaptop: Device = {
  id: 5,
  seller_id: 'orbit-soft',
  name: 'Field laptop',
  enrolled_at: '2026-03-02T08:15:00Z',
  revoked_at: null,
  last_seq: 12,
  last_seen_at: '2026-03-09T16:40:00Z',
};

/** A laptop of a seller that is no longer among the choices, revoked before it ever synced. */
const revokedLaptop: Device = {
  id: 2,
  seller_id: 'gone-seller',
  name: 'Old ThinkPad',
  enrolled_at: '2026-02-20T10:00:00Z',
  revoked_at: '2026-02-21T09:30:00Z',
  last_seq: 0,
  last_seen_at: null,
};

const code: EnrolmentCode = {
  code: 'K7QM-2XHP-9TRA',
  seller_id: 'dataforge',
  expires_at: '2026-03-11T12:00:00Z',
  served: {
    address: 'https://market.example:8765',
    fingerprint: 'AB:'.repeat(31) + 'AB',
  },
};

const forbidden: ApiError = {
  code: 'forbidden',
  message: "only the operations manager can enrol a seller's device",
};

interface Answers {
  /** Answers `orders_all` instead of the one completed order. */
  orders?: (query: OrdersQuery) => OrdersPage;
  laptops?: Device[];
  /** Answers the list instead of `laptops`, to fail it. */
  list?: () => Device[];
  enrol?: (sellerId: string) => EnrolmentCode;
  revoke?: (id: number) => Device;
}

/** The operations manager's backend: one order, no appeal, and the laptops as given. */
function backend({
  orders = (query) => ordersPageOf([crmOrder], query),
  laptops = [activeLaptop, revokedLaptop],
  list,
  enrol,
  revoke,
}: Answers = {}) {
  return mockBackend((command, args) => {
    switch (command) {
      case 'orders_all':
        return orders(args.query as OrdersQuery);
      case 'appeals_list':
        return [];
      case 'sync_devices':
        return list ? list() : laptops;
      case 'sync_enrol':
        return (enrol ?? ((sellerId) => ({ ...code, seller_id: sellerId })))(
          args.sellerId as string,
        );
      case 'sync_revoke': {
        const id = args.deviceId as number;
        if (revoke) return revoke(id);
        const device = laptops.find((d) => d.id === id);
        return { ...device, revoked_at: '2026-03-10T12:00:00Z' };
      }
      default:
        throw new Error(`unexpected command ${command}`);
    }
  });
}

const called = (calls: IpcCall[], command: string) => calls.filter((c) => c.command === command);
const section = () => screen.getByTestId('laptops-section');
const sellerSelect = () => screen.getByTestId('enrol-seller') as HTMLSelectElement;
const issueButton = () => screen.getByTestId('enrol-issue') as HTMLButtonElement;
const cells = (row: HTMLElement) =>
  within(row)
    .getAllByRole('cell')
    .map((td) => td.textContent.trim());

async function issueFor(sellerId: string) {
  await fireEvent.change(sellerSelect(), { target: { value: sellerId } });
  await fireEvent.click(issueButton());
}

beforeEach(() => {
  actingAs.current = acting;
});

afterEach(() => {
  actingAs.current = null;
  kiosk.on = false;
  clearMocks();
});

describe("Operations > Sellers' laptops", () => {
  it('R-SYNC-5: issues a one-time code for the chosen seller and shows it large', async () => {
    const calls = backend();
    render(Operations);
    await screen.findByTestId('laptops');

    expect(within(section()).getByRole('heading', { level: 2 }).textContent).toBe(
      "Sellers' laptops",
    );
    expect(section().textContent.replace(/\s+/g, ' ')).toContain(
      "the seller types the code in the app's Connect screen (Connect to a marketplace) with this marketplace's address",
    );
    expect(Array.from(sellerSelect().options, (o) => o.text)).toEqual([
      'Choose a seller',
      'DataForge Systems',
      longName,
      'Orbit Software',
    ]);
    expect(issueButton().disabled).toBe(true);

    await issueFor('orbit-soft');
    const shown = await screen.findByTestId('enrolment-code');
    expect(shown.textContent).toBe('K7QM-2XHP-9TRA');
    expect(called(calls, 'sync_enrol')).toEqual([
      { command: 'sync_enrol', args: { sellerId: 'orbit-soft' } },
    ]);
    expect(screen.getByTestId('enrolment-seller').textContent).toBe('Orbit Software');
    expect(screen.getByTestId('enrolment-expiry').textContent.trim()).toBe(
      `Valid once, until ${formatInstant('2026-03-11T12:00:00Z')}.`,
    );
    // What the laptop needs beside the code: where the marketplace is, and what it shows.
    expect(screen.getByTestId('enrolment-address').textContent).toBe('https://market.example:8765');
    expect(screen.getByTestId('enrolment-fingerprint').textContent.trim()).toBe(
      code.served?.fingerprint,
    );
    expect(issueButton().disabled).toBe(false);
  });

  it('says to serve the marketplace first when it never was', async () => {
    backend({ enrol: (sellerId) => ({ ...code, seller_id: sellerId, served: null }) });
    render(Operations);
    await screen.findByTestId('laptops');
    await issueFor('orbit-soft');
    await screen.findByTestId('enrolment-code');
    expect(screen.getByTestId('enrolment-not-served').textContent).toContain('kg serve');
    expect(screen.queryByTestId('enrolment-address')).toBeNull();
  });

  it('copies the code, and says how to get it across when the clipboard refuses', async () => {
    const writeText = vi.spyOn(navigator.clipboard, 'writeText').mockResolvedValue(undefined);
    backend();
    render(Operations);
    await screen.findByTestId('laptops');
    await issueFor('dataforge');
    await screen.findByTestId('enrolment-code');

    await fireEvent.click(screen.getByTestId('enrolment-copy'));
    expect(writeText).toHaveBeenCalledWith('K7QM-2XHP-9TRA');
    await waitFor(() =>
      expect(screen.getByTestId('enrolment-copy-message').textContent).toBe(
        'Copied to the clipboard.',
      ),
    );

    writeText.mockRejectedValue(new DOMException('Write permission denied.', 'NotAllowedError'));
    await fireEvent.click(screen.getByTestId('enrolment-copy'));
    await waitFor(() =>
      expect(screen.getByTestId('enrolment-copy-message').textContent).toBe(
        'The code could not be copied: select it and copy it by hand, or read it out.',
      ),
    );
  });

  it('shows a refusal next to the button and changes nothing else', async () => {
    const calls = backend({
      enrol: () => {
        throw forbidden;
      },
    });
    render(Operations);
    await screen.findByTestId('laptops');
    const before = cells(screen.getByTestId('laptop-row-5'));

    await issueFor('orbit-soft');
    const alert = await screen.findByTestId('enrol-error');
    expect(alert.getAttribute('role')).toBe('alert');
    expect(alert.textContent).toBe("Only the operations manager can enrol a seller's device.");
    expect(screen.queryByTestId('enrolment-code')).toBeNull();
    expect(called(calls, 'sync_devices')).toHaveLength(1);
    expect(called(calls, 'sync_enrol')).toEqual([
      { command: 'sync_enrol', args: { sellerId: 'orbit-soft' } },
    ]);
    expect(cells(screen.getByTestId('laptop-row-5'))).toEqual(before);
    expect(sellerSelect().value).toBe('orbit-soft');
    expect(issueButton().disabled).toBe(false);
  });

  it('lists active and revoked laptops with whose they are and what they last did', async () => {
    backend();
    render(Operations);
    const table = await screen.findByTestId('laptops');
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => r.dataset.testid)).toEqual(['laptop-row-5', 'laptop-row-2']);

    expect(cells(screen.getByTestId('laptop-row-5'))).toEqual([
      'Orbit Software',
      'Field laptop',
      formatInstant('2026-03-02T08:15:00Z'),
      '12',
      formatInstant('2026-03-09T16:40:00Z'),
      'Active',
      'Revoke',
    ]);
    expect(screen.getByTestId('laptop-revoke-5')).toBeTruthy();

    expect(cells(screen.getByTestId('laptop-row-2'))).toEqual([
      'gone-seller',
      'Old ThinkPad',
      formatInstant('2026-02-20T10:00:00Z'),
      'none yet',
      'never',
      `Revoked ${formatInstant('2026-02-21T09:30:00Z')}`,
      '',
    ]);
    expect(screen.queryByTestId('laptop-revoke-2')).toBeNull();
  });

  it('on a kiosk, lists the laptops without enrolling or revoking any', async () => {
    kiosk.on = true;
    const calls = backend();
    render(Operations);
    const table = await screen.findByTestId('laptops');
    const text = section().textContent.replace(/\s+/g, ' ');
    expect(text).toContain('The laptops enrolled with this marketplace are listed here.');
    expect(text).not.toContain('Enrol the laptop here');
    expect(screen.queryByTestId('enrol-seller')).toBeNull();
    expect(screen.queryByTestId('enrol-issue')).toBeNull();
    expect(screen.queryByTestId('laptop-revoke-5')).toBeNull();
    expect(within(section()).queryByRole('button', { name: /Revoke/ })).toBeNull();
    // No column is left for the action.
    expect(within(table).getAllByRole('columnheader')).toHaveLength(6);
    expect(cells(screen.getByTestId('laptop-row-5'))).toEqual([
      'Orbit Software',
      'Field laptop',
      formatInstant('2026-03-02T08:15:00Z'),
      '12',
      formatInstant('2026-03-09T16:40:00Z'),
      'Active',
    ]);
    expect(called(calls, 'sync_enrol')).toHaveLength(0);
    expect(called(calls, 'sync_revoke')).toHaveLength(0);
  });

  it('outside a kiosk, offers to enrol a laptop and to revoke an active one', async () => {
    backend();
    render(Operations);
    const table = await screen.findByTestId('laptops');
    expect(screen.getByTestId('enrol-seller')).toBeTruthy();
    expect(screen.getByTestId('enrol-issue')).toBeTruthy();
    expect(screen.getByTestId('laptop-revoke-5')).toBeTruthy();
    expect(within(table).getAllByRole('columnheader')).toHaveLength(7);
  });

  it('revokes a laptop only after the confirmation, and shows the row as revoked', async () => {
    const calls = backend();
    render(Operations);
    await screen.findByTestId('laptops');
    const row = () => screen.getByTestId('laptop-row-5');

    await fireEvent.click(screen.getByTestId('laptop-revoke-5'));
    expect(within(row()).getByText('Revoke Field laptop? It can no longer sync.')).toBeTruthy();
    expect(called(calls, 'sync_revoke')).toHaveLength(0);

    await fireEvent.click(screen.getByTestId('laptop-revoke-cancel'));
    expect(screen.queryByTestId('laptop-revoke-confirm')).toBeNull();
    expect(within(row()).getByTestId('laptop-state').textContent).toBe('Active');
    expect(called(calls, 'sync_revoke')).toHaveLength(0);

    await fireEvent.click(screen.getByTestId('laptop-revoke-5'));
    await fireEvent.click(screen.getByTestId('laptop-revoke-confirm'));
    await waitFor(() =>
      expect(within(row()).getByTestId('laptop-state').textContent).toBe(
        `Revoked ${formatInstant('2026-03-10T12:00:00Z')}`,
      ),
    );
    expect(called(calls, 'sync_revoke')).toEqual([
      { command: 'sync_revoke', args: { deviceId: 5 } },
    ]);
    expect(screen.queryByTestId('laptop-revoke-5')).toBeNull();
    expect(screen.queryByTestId('laptop-revoke-confirm')).toBeNull();
    expect(within(screen.getByTestId('laptop-row-2')).getByTestId('laptop-state').textContent).toBe(
      `Revoked ${formatInstant('2026-02-21T09:30:00Z')}`,
    );
  });

  it('keeps the laptop active and says why when the revocation is refused', async () => {
    backend({
      revoke: () => {
        throw {
          code: 'forbidden',
          message: "only the operations manager can revoke a seller's device",
        };
      },
    });
    render(Operations);
    await screen.findByTestId('laptops');
    await fireEvent.click(screen.getByTestId('laptop-revoke-5'));
    await fireEvent.click(screen.getByTestId('laptop-revoke-confirm'));

    const row = screen.getByTestId('laptop-row-5');
    const alert = await within(row).findByRole('alert');
    expect(alert.textContent.trim()).toBe(
      "Only the operations manager can revoke a seller's device.",
    );
    expect(within(row).getByTestId('laptop-state').textContent).toBe('Active');
  });

  it('has an empty state when no laptop is enrolled', async () => {
    backend({ laptops: [] });
    render(Operations);
    const empty = await within(section()).findByTestId('empty-state');
    expect(empty.textContent).toContain('No laptop is enrolled yet');
    expect(screen.queryByTestId('laptops')).toBeNull();
    expect(sellerSelect()).toBeTruthy();
  });

  it('keeps the orders when the laptops cannot be loaded, and lists them on Retry', async () => {
    let fail = true;
    backend({
      list: () => {
        if (fail) throw { code: 'storage', message: 'the data file could not be read' };
        return [activeLaptop];
      },
    });
    render(Operations);
    const failed = await within(section()).findByTestId('error-state');
    expect(failed.textContent).toContain('The enrolled laptops could not be loaded');
    expect(await screen.findByTestId('order-counts')).toBeTruthy();
    fail = false;
    await fireEvent.click(within(section()).getByTestId('retry'));
    expect(await screen.findByTestId('laptop-row-5')).toBeTruthy();
  });
});

describe('Operations > Orders', () => {
  it('sums up every order by the statuses that hold some, whatever the filter', async () => {
    const calls = backend({
      orders: (query) => ({
        items: query.status === 'cancelled' ? [{ ...crmOrder, status: 'cancelled' }] : [crmOrder],
        total: query.status === 'cancelled' ? 103 : 10_015,
        offset: 0,
        limit: 20,
        all: 10_015,
        statuses: [
          { status: 'pending_payment', count: 0 },
          { status: 'paid', count: 0 },
          { status: 'processing', count: 12 },
          { status: 'completed', count: 9900 },
          { status: 'cancelled', count: 103 },
        ],
      }),
    });
    render(Operations);
    await waitFor(() =>
      expect(screen.getByTestId('order-counts').textContent.trim()).toBe(
        '10,015 orders: 12 processing, 9,900 completed, 103 cancelled',
      ),
    );
    expect(screen.getByTestId('orders-range').textContent).toBe('1–1 of 10,015');

    await fireEvent.click(screen.getByTestId('orders-status-cancelled'));
    await waitFor(() => expect(screen.getByTestId('orders-range').textContent).toBe('1–1 of 103'));
    expect(screen.getByTestId('order-counts').textContent.trim()).toBe(
      '10,015 orders: 12 processing, 9,900 completed, 103 cancelled',
    );
    expect(called(calls, 'orders_all').map((call) => call.args)).toEqual([
      { query: { status: null, offset: 0, limit: 20 } },
      { query: { status: 'cancelled', offset: 0, limit: 20 } },
    ]);
    // The appeals and the laptops are not asked again for another status.
    expect(called(calls, 'appeals_list')).toHaveLength(1);
    expect(called(calls, 'sync_devices')).toHaveLength(1);
  });

  it('says one order in the singular, and keeps its sections when there is none', async () => {
    backend();
    const { unmount } = render(Operations);
    await waitFor(() =>
      expect(screen.getByTestId('order-counts').textContent.trim()).toBe('1 order: 1 completed'),
    );
    unmount();

    backend({ orders: (query) => ordersPageOf([], query) });
    render(Operations);
    const section = screen.getByTestId('orders-section');
    expect((await within(section).findByTestId('empty-state')).textContent).toContain(
      'No orders yet',
    );
    expect(screen.queryByTestId('order-counts')).toBeNull();
    expect(screen.getByTestId('appeals-summary')).toBeTruthy();
    expect(screen.getByTestId('laptops-section')).toBeTruthy();
  });
});
