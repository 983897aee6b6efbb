import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { clearMocks } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiError } from '../lib/api';
import {
  fakeAfterSales,
  invoicedOrder,
  issuedInvoice,
  paidOrder,
  renewalsInvoice,
  renewedOrder,
  resellerOrder,
  secondOrder,
  submittedInvoice,
} from '../lib/aftersales/fixtures';
import { kiosk } from '../lib/demo/kiosk.svelte';
import { inTimeZone } from '../lib/testing/fixtures';
import { mockBackend } from '../lib/testing/ipc';
import Invoices from './Invoices.svelte';
import { fill, input, requests } from './invoicesTesting';

afterEach(() => {
  clearMocks();
  kiosk.on = false;
});

describe('Billing Center > Invoices', () => {
  it("lists the buyer's invoices with status, number and amount", async () => {
    mockBackend(fakeAfterSales({ invoices: [submittedInvoice, issuedInvoice] }));
    render(Invoices);
    const issued = await screen.findByTestId('invoice-row-3');
    expect(within(issued).getByTestId('invoice-number').textContent).toBe('INV-2026-000003');
    expect(within(issued).getByTestId('invoice-number').getAttribute('href')).toBe(
      '#/billing/invoices/3',
    );
    expect(within(issued).getByTestId('invoice-status').textContent).toBe('Issued');
    expect(within(issued).getByTestId('invoice-total').textContent).toBe('$1,249.50');
    const submitted = screen.getByTestId('invoice-row-4');
    expect(within(submitted).getByTestId('invoice-number').textContent).toBe(
      'Invoice 4 (not issued yet)',
    );
    expect(within(submitted).getByTestId('invoice-status').textContent).toBe('Submitted');
  });

  it('shows an empty state without invoices, and still offers the form', async () => {
    mockBackend(fakeAfterSales({ invoices: [] }));
    render(Invoices);
    expect((await screen.findByTestId('empty-state')).textContent).toContain('No invoices yet');
    expect(await screen.findByTestId('invoice-submit')).toBeTruthy();
  });

  it('says the issued invoice can be saved, except on a kiosk', async () => {
    mockBackend(fakeAfterSales());
    const { unmount } = render(Invoices);
    const offered = (await screen.findByTestId('invoice-request-note')).textContent;
    expect(offered.replace(/\s+/g, ' ')).toContain(
      'you are told when it is, and can save it then.',
    );
    unmount();

    kiosk.on = true;
    render(Invoices);
    const note = (await screen.findByTestId('invoice-request-note')).textContent;
    expect(note.replace(/\s+/g, ' ').trim()).toBe(
      'Prices include any applicable tax. The invoice is issued by the marketplace; you are told when it is.',
    );
  });

  it('shows an error state with Retry when the invoices cannot be loaded', async () => {
    let fail = true;
    const fake = fakeAfterSales();
    mockBackend((command, args) => {
      if (command === 'invoices_list' && fail) {
        throw { code: 'storage', message: 'the store is busy' } satisfies ApiError;
      }
      return fake(command, args);
    });
    render(Invoices);
    expect((await screen.findByTestId('error-state')).textContent).toContain(
      'The invoices could not be loaded',
    );
    fail = false;
    await fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(await screen.findByTestId('invoice-row-3')).toBeTruthy();
  });

  it('R-AFT-1: an order that cannot be invoiced says why and cannot be ticked', async () => {
    mockBackend(fakeAfterSales());
    render(Invoices);
    const box = (await screen.findByTestId('invoice-order-9')) as HTMLInputElement;
    expect(box.disabled).toBe(true);
    expect(screen.getByTestId('invoice-order-reason-9').textContent.trim()).toBe(
      `Cannot be invoiced: ${resellerOrder.reason}.`,
    );
    await fireEvent.click(box);
    expect(box.checked).toBe(false);
    expect(input('invoice-order-7').disabled).toBe(false);
    expect(screen.queryByTestId('invoice-order-reason-7')).toBeNull();
  });

  it('R-AFT-1: sends the chosen orders and the details, trimmed', async () => {
    const calls = mockBackend(fakeAfterSales({ invoices: [] }));
    render(Invoices);
    await fireEvent.click(await screen.findByTestId('invoice-order-8'));
    await fireEvent.click(screen.getByTestId('invoice-order-7'));
    await fill({ title: '  Acme Retail Pte Ltd ' });
    await fireEvent.click(screen.getByTestId('invoice-submit'));
    expect(await screen.findByTestId('invoice-row-20')).toBeTruthy();
    expect(requests(calls)).toEqual([
      {
        command: 'invoice_request',
        args: {
          request: {
            order_ids: [paidOrder.order_id, secondOrder.order_id],
            title: 'Acme Retail Pte Ltd',
            tax_id: 'SG-2019-0042',
            address: '1 Harbour Road, Singapore 018989',
            email: 'billing@acme.example',
          },
        },
      },
    ]);
    expect(screen.getByTestId('invoice-sent').textContent).toContain('Invoice 20 asked for');
    // The orders are reloaded: those invoiced now say so and cannot be ticked again.
    await waitFor(() => expect(input('invoice-order-7').disabled).toBe(true));
    expect(screen.getByTestId('invoice-order-reason-7').textContent).toContain(
      'already on invoice 20',
    );
    expect(input('invoice-title').value).toBe('');
  });

  it.each([
    [{ title: 'A' }, 'invoice-title-error', 'The invoice title must be 2 to 120 characters'],
    [{ 'tax-id': 'SG/42' }, 'invoice-tax-id-error', 'The tax id may hold only letters'],
    [{ address: 'Road' }, 'invoice-address-error', 'The address must be 5 to 300 characters'],
    [{ email: 'billing@acme' }, 'invoice-email-error', 'Enter an address like name@company.com.'],
  ] as const)('refuses %j without calling the backend', async (details, testid, message) => {
    const calls = mockBackend(fakeAfterSales());
    render(Invoices);
    await fireEvent.click(await screen.findByTestId('invoice-order-7'));
    await fill(details);
    await fireEvent.click(screen.getByTestId('invoice-submit'));
    expect(screen.getByTestId(testid).textContent).toContain(message);
    expect(screen.getByTestId('invoice-error').textContent).toBe(
      'Correct the fields marked below.',
    );
    expect(requests(calls)).toHaveLength(0);
  });

  it('R-AFT-1: an invoiced order is offered again for its renewal and upgrade, with what they come to', async () => {
    mockBackend(fakeAfterSales({ orders: [renewedOrder, paidOrder] }));
    render(Invoices);
    const box = (await screen.findByTestId('invoice-order-6')) as HTMLInputElement;
    expect(box.disabled).toBe(false);
    expect(screen.getByTestId('invoice-order-amount-6').textContent).toBe('$169.75');
    const charges = screen.getByTestId('invoice-order-charges-6');
    expect(within(charges).getByTestId('invoice-order-charge-renewal-4').textContent).toContain(
      'Renewal of order 6: Orbit CRM, 1 month, to 2026-04-02',
    );
    expect(within(charges).getByTestId('invoice-order-charge-upgrade-2').textContent).toContain(
      '$120.25',
    );
    // Its payment is on an invoice already: the order says which.
    const on = within(box.closest('li')!).getByRole('link', { name: 'INV-2026-000003' });
    expect(on.getAttribute('href')).toBe('#/billing/invoices/3');
    // An order with only its payment lists no charges of its own.
    expect(screen.queryByTestId('invoice-order-charges-7')).toBeNull();
    expect(screen.getByTestId('invoice-order-amount-7').textContent).toBe('$600.00');
  });

  it('R-AFT-1: asks for the renewal and upgrade by their order, and then nothing is left', async () => {
    const calls = mockBackend(
      fakeAfterSales({ orders: [renewedOrder], invoices: [issuedInvoice] }),
    );
    render(Invoices);
    await fireEvent.click(await screen.findByTestId('invoice-order-6'));
    await fill({});
    await fireEvent.click(screen.getByTestId('invoice-submit'));
    const row = await screen.findByTestId('invoice-row-20');
    expect(within(row).getByTestId('invoice-total').textContent).toBe('$169.75');
    expect(
      requests(calls).map((c) => (c.args.request as { order_ids: number[] }).order_ids),
    ).toEqual([[6]]);
    await waitFor(() => expect(input('invoice-order-6').disabled).toBe(true));
    expect(screen.getByTestId('invoice-order-reason-6').textContent).toContain(
      'already on invoice 20',
    );
    expect(screen.queryByTestId('invoice-order-charges-6')).toBeNull();
  });

  it('R-AFT-1: an order whose every charge is invoiced names each invoice and cannot be ticked', async () => {
    mockBackend(
      fakeAfterSales({ orders: [invoicedOrder], invoices: [renewalsInvoice, issuedInvoice] }),
    );
    render(Invoices);
    const box = (await screen.findByTestId('invoice-order-6')) as HTMLInputElement;
    expect(box.disabled).toBe(true);
    expect(screen.getByTestId('invoice-order-reason-6').textContent.trim()).toBe(
      'Cannot be invoiced: it is already on INV-2026-000003 and INV-2026-000005.',
    );
    const entry = within(box.closest('li')!);
    expect(entry.getByRole('link', { name: 'INV-2026-000003' }).getAttribute('href')).toBe(
      '#/billing/invoices/3',
    );
    expect(entry.getByRole('link', { name: 'INV-2026-000005' }).getAttribute('href')).toBe(
      '#/billing/invoices/5',
    );
    // The list of invoices names the order once per invoice.
    expect(within(screen.getByTestId('invoice-row-5')).getByText('#6')).toBeTruthy();
  });

  it('asks for at least one order without calling the backend', async () => {
    const calls = mockBackend(fakeAfterSales());
    render(Invoices);
    await screen.findByTestId('invoice-order-7');
    await fill({});
    await fireEvent.click(screen.getByTestId('invoice-submit'));
    expect(screen.getByTestId('invoice-orders-error').textContent.trim()).toBe(
      'Pick at least one paid order to invoice.',
    );
    expect(requests(calls)).toHaveLength(0);
  });

  it("shows the backend's refusal beside the field it names", async () => {
    const calls = mockBackend(fakeAfterSales());
    render(Invoices);
    await fireEvent.click(await screen.findByTestId('invoice-order-7'));
    await fill({ title: 'Refused' });
    await fireEvent.click(screen.getByTestId('invoice-submit'));
    expect((await screen.findByTestId('invoice-title-error')).textContent.trim()).toBe(
      'The invoice title is not accepted here.',
    );
    expect(screen.getByTestId('invoice-error').textContent).toBe(
      'The invoice title is not accepted here.',
    );
    expect(input('invoice-title').getAttribute('aria-invalid')).toBe('true');
    expect(requests(calls)).toHaveLength(1);
  });

  it('says so when no order is paid yet', async () => {
    mockBackend(fakeAfterSales({ orders: [] }));
    render(Invoices);
    expect((await screen.findByTestId('invoice-no-orders')).textContent).toContain(
      'No paid orders yet',
    );
  });

  it("shows when each was asked for, and each order paid, on the day of the account's time zone", async () => {
    // Late evening in UTC is already the next morning in Shanghai.
    mockBackend(
      inTimeZone(
        'Asia/Shanghai',
        fakeAfterSales({
          invoices: [{ ...issuedInvoice, requested_at: '2026-02-03T20:30:00Z' }],
          orders: [{ ...paidOrder, paid_at: '2026-03-01T17:00:00Z' }],
        }),
      ),
    );
    render(Invoices);
    const row = await screen.findByTestId('invoice-row-3');
    await waitFor(() => expect(row.textContent).toContain('2026-02-04 04:30'));
    const paid = screen.getByRole('link', { name: 'Order #7' }).closest('p')!;
    expect(paid.textContent.replace(/\s+/g, ' ')).toContain('paid 2026-03-02 01:00');
  });

  it('shows the day before where the account is behind UTC', async () => {
    mockBackend(
      inTimeZone(
        'America/Los_Angeles',
        fakeAfterSales({ invoices: [{ ...issuedInvoice, requested_at: '2026-02-04T03:00:00Z' }] }),
      ),
    );
    render(Invoices);
    const row = await screen.findByTestId('invoice-row-3');
    await waitFor(() => expect(row.textContent).toContain('2026-02-03 19:00'));
  });
});
