import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { clearMocks } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiError, InvoiceableOrder, Page, PageRequest } from '../lib/api';
import { fakeAfterSales, paidOrders } from '../lib/aftersales/fixtures';
import { kiosk } from '../lib/demo/kiosk.svelte';
import { deferred, mockBackend } from '../lib/testing/ipc';
import Invoices from './Invoices.svelte';
import {
  args,
  askedFor,
  button,
  fill,
  input,
  pagesAsked,
  requests,
  words,
} from './invoicesTesting';

afterEach(() => {
  clearMocks();
  kiosk.on = false;
});

describe('Billing Center > Invoices: the paid orders to invoice, a page at a time', () => {
  it('shows 20 paid orders at a time, the newest first, with a pager in the form', async () => {
    const calls = mockBackend(fakeAfterSales({ orders: paidOrders(45) }));
    render(Invoices);
    await screen.findByTestId('invoice-order-45');
    expect(pagesAsked(calls)).toEqual([{ offset: 0, limit: 20 }]);
    expect(screen.getAllByRole('checkbox')).toHaveLength(20);
    expect(screen.queryByTestId('invoice-order-25')).toBeNull();
    expect(words('invoice-orders-range')).toBe('1–20 of 45');
    const pager = screen.getByRole('navigation', { name: 'Paid orders pages' });
    expect(pager.closest('fieldset')).toBe(screen.getByRole('group', { name: 'Paid orders' }));
    expect(button('invoice-orders-previous').disabled).toBe(true);
    expect(button('invoice-orders-next').disabled).toBe(false);
    // Nothing is picked yet: nothing is said about it.
    expect(words('invoice-picked')).toBe('');
    expect(screen.queryByTestId('invoice-picked-clear')).toBeNull();
  });

  it('has no pager when one page holds every paid order', async () => {
    mockBackend(fakeAfterSales({ orders: paidOrders(20) }));
    render(Invoices);
    await screen.findByTestId('invoice-order-1');
    expect(screen.queryByTestId('invoice-orders-pager')).toBeNull();
  });

  it('Next asks for the next 20, keeping the rows and the focus until they come', async () => {
    const fake = fakeAfterSales({ orders: paidOrders(45) });
    const later = deferred<Page<InvoiceableOrder>>();
    const calls = mockBackend((command, args) => {
      const { offset } = (args.page ?? {}) as PageRequest;
      if (command === 'invoice_orders' && offset === 20) return later.promise;
      return fake(command, args);
    });
    render(Invoices);
    await screen.findByTestId('invoice-order-45');
    const next = button('invoice-orders-next');
    next.focus();
    await fireEvent.click(next);
    expect(pagesAsked(calls).at(-1)).toEqual({ offset: 20, limit: 20 });
    // The page asked for is on its way: the rows it replaces stay, marked busy.
    expect(screen.getByTestId('invoice-order-45')).toBeTruthy();
    expect(screen.getByRole('list', { busy: true })).toBeTruthy();
    expect(screen.queryByTestId('loading')).toBeNull();
    later.resolve(fake('invoice_orders', args(20)) as Page<InvoiceableOrder>);
    await waitFor(() => expect(words('invoice-orders-range')).toBe('21–40 of 45'));
    expect(screen.getByTestId('invoice-order-25')).toBeTruthy();
    expect(screen.queryByTestId('invoice-order-45')).toBeNull();
    expect(document.activeElement).toBe(button('invoice-orders-next'));
    // The page is the form's own: the address does not change.
    expect(window.location.hash).toBe('');
  });

  it('keeps what is picked on each page, and asks for one invoice of it all, the newest first', async () => {
    const calls = mockBackend(fakeAfterSales({ orders: paidOrders(45), invoices: [] }));
    render(Invoices);
    await screen.findByTestId('invoice-order-45');
    await fireEvent.click(button('invoice-orders-next'));
    await fireEvent.click(await screen.findByTestId('invoice-order-20'));
    expect(words('invoice-picked')).toBe('1 order picked, $2,020.20 to invoice');
    await fireEvent.click(button('invoice-orders-previous'));
    await fireEvent.click(await screen.findByTestId('invoice-order-45'));
    // $4,545.45 and $2,020.20, to the cent.
    expect(words('invoice-picked')).toBe('2 orders picked, $6,565.65 to invoice');
    expect(screen.getByTestId('invoice-picked').getAttribute('role')).toBe('status');
    await fireEvent.click(button('invoice-orders-next'));
    await waitFor(() => expect(input('invoice-order-20').checked).toBe(true));
    expect(input('invoice-order-19').checked).toBe(false);

    await fill({});
    await fireEvent.click(screen.getByTestId('invoice-submit'));
    expect(await screen.findByTestId('invoice-row-20')).toBeTruthy();
    expect(askedFor(calls)).toEqual([[45, 20]]);
  });

  it('after an invoice is asked for, nothing is picked and the first page is shown again', async () => {
    const calls = mockBackend(fakeAfterSales({ orders: paidOrders(45), invoices: [] }));
    render(Invoices);
    await fireEvent.click(await screen.findByTestId('invoice-order-44'));
    await fireEvent.click(button('invoice-orders-next'));
    await fireEvent.click(await screen.findByTestId('invoice-order-21'));
    await fill({});
    await fireEvent.click(screen.getByTestId('invoice-submit'));
    expect(await screen.findByTestId('invoice-row-20')).toBeTruthy();
    expect(askedFor(calls)).toEqual([[44, 21]]);
    await waitFor(() => expect(words('invoice-orders-range')).toBe('1–20 of 45'));
    expect(pagesAsked(calls)).toEqual([
      { offset: 0, limit: 20 },
      { offset: 20, limit: 20 },
      { offset: 0, limit: 20 },
    ]);
    expect(words('invoice-picked')).toBe('');
    expect(screen.queryByTestId('invoice-picked-clear')).toBeNull();
    // The orders invoiced are offered no more.
    expect(input('invoice-order-44').disabled).toBe(true);
    expect(input('invoice-order-44').checked).toBe(false);
    expect(input('invoice-order-45').checked).toBe(false);
  });

  it('Clear unticks the orders picked on every page', async () => {
    const calls = mockBackend(fakeAfterSales({ orders: paidOrders(45) }));
    render(Invoices);
    await fireEvent.click(await screen.findByTestId('invoice-order-45'));
    await fireEvent.click(button('invoice-orders-next'));
    await fireEvent.click(await screen.findByTestId('invoice-order-20'));
    expect(words('invoice-picked')).toBe('2 orders picked, $6,565.65 to invoice');

    await fireEvent.click(screen.getByTestId('invoice-picked-clear'));
    expect(words('invoice-picked')).toBe('');
    expect(screen.queryByTestId('invoice-picked-clear')).toBeNull();
    expect(input('invoice-order-20').checked).toBe(false);
    // Focus goes back to the orders rather than being lost with the button.
    expect(document.activeElement).toBe(input('invoice-order-25'));
    await fireEvent.click(button('invoice-orders-previous'));
    await waitFor(() => expect(screen.getByTestId('invoice-order-45')).toBeTruthy());
    expect(input('invoice-order-45').checked).toBe(false);

    await fill({});
    await fireEvent.click(screen.getByTestId('invoice-submit'));
    expect(screen.getByTestId('invoice-orders-error').textContent.trim()).toBe(
      'Pick at least one paid order to invoice.',
    );
    expect(requests(calls)).toHaveLength(0);
  });

  it('asks for at most 50 orders on one invoice, without calling the backend', async () => {
    const calls = mockBackend(fakeAfterSales({ orders: paidOrders(60) }));
    render(Invoices);
    await screen.findByTestId('invoice-order-60');
    for (const offset of [0, 20, 40]) {
      if (offset > 0) {
        await fireEvent.click(button('invoice-orders-next'));
        await waitFor(() =>
          expect(screen.getByTestId(`invoice-order-${60 - offset}`)).toBeTruthy(),
        );
      }
      for (const box of screen.getAllByRole('checkbox')) await fireEvent.click(box);
    }
    expect(words('invoice-picked')).toMatch(/^60 orders picked, \$[\d,]+\.\d\d to invoice$/);
    await fill({});
    await fireEvent.click(screen.getByTestId('invoice-submit'));
    expect(screen.getByTestId('invoice-orders-error').textContent.trim()).toBe(
      'One invoice can cover at most 50 orders, and 60 are picked: untick some, and ask for another invoice for them.',
    );
    expect(requests(calls)).toHaveLength(0);
  });

  it('keeps the rows and the picks when another page cannot be loaded, and Retry asks again', async () => {
    let fail = true;
    const fake = fakeAfterSales({ orders: paidOrders(45) });
    const calls = mockBackend((command, args) => {
      const { offset } = (args.page ?? {}) as PageRequest;
      if (command === 'invoice_orders' && offset === 20 && fail) {
        throw { code: 'storage', message: 'the store is busy' } satisfies ApiError;
      }
      return fake(command, args);
    });
    render(Invoices);
    await fireEvent.click(await screen.findByTestId('invoice-order-45'));
    await fireEvent.click(button('invoice-orders-next'));
    const failed = await screen.findByTestId('invoice-orders-failed');
    expect(failed.getAttribute('role')).toBe('alert');
    expect(failed.textContent).toContain(
      'Your paid orders could not be loaded. The store is busy.',
    );
    expect(input('invoice-order-45').checked).toBe(true);
    expect(words('invoice-orders-range')).toBe('1–20 of 45');

    fail = false;
    await fireEvent.click(screen.getByTestId('invoice-orders-retry'));
    await waitFor(() => expect(words('invoice-orders-range')).toBe('21–40 of 45'));
    expect(screen.queryByTestId('invoice-orders-failed')).toBeNull();
    expect(words('invoice-picked')).toBe('1 order picked, $4,545.45 to invoice');
    expect(pagesAsked(calls).map((page) => page.offset)).toEqual([0, 20, 20]);
  });

  it('shows the loading state, then an error state with Retry, before any order is shown', async () => {
    let fail = true;
    const fake = fakeAfterSales();
    mockBackend((command, args) => {
      if (command === 'invoice_orders' && fail) {
        throw { code: 'storage', message: 'the store is busy' } satisfies ApiError;
      }
      return fake(command, args);
    });
    render(Invoices);
    expect(screen.getAllByTestId('loading').map((l) => l.textContent.trim())).toContain(
      'Loading your paid orders…',
    );
    expect((await screen.findByTestId('error-state')).textContent).toContain(
      'Your paid orders could not be loaded',
    );
    fail = false;
    await fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(await screen.findByTestId('invoice-order-7')).toBeTruthy();
  });
});
