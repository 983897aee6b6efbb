import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { clearMocks } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiError } from '../lib/api';
import {
  fakeAfterSales,
  issuedInvoice,
  renewalsInvoice,
  submittedInvoice,
} from '../lib/aftersales/fixtures';
import { kiosk } from '../lib/demo/kiosk.svelte';
import { inTimeZone } from '../lib/testing/fixtures';
import { mockBackend, type IpcCall } from '../lib/testing/ipc';
import Invoice from './Invoice.svelte';

afterEach(() => {
  clearMocks();
  kiosk.on = false;
  window.location.hash = '';
});

const input = (testid: string) => screen.getByTestId(testid) as HTMLInputElement;
const reissues = (calls: IpcCall[]) => calls.filter((c) => c.command === 'invoice_reissue');

describe("an invoice's page", () => {
  it('shows the details, the orders and amounts, and the total', async () => {
    mockBackend(fakeAfterSales());
    render(Invoice, { props: { id: 3 } });
    expect((await screen.findByTestId('invoice-name')).textContent).toBe('INV-2026-000003');
    expect(screen.getByTestId('invoice-status').textContent).toBe('Issued');
    const details = screen.getByTestId('invoice-details').textContent;
    expect(details).toContain('Acme Retail Pte Ltd');
    expect(details).toContain('SG-2019-0042');
    expect(details).toContain('billing@acme.example');
    const line = screen.getByTestId('invoice-line-order-5');
    expect(line.textContent).toContain('Vault Backup License');
    expect(line.textContent).toContain('$1,200.00');
    expect(within(line).getByRole('link', { name: '#5' }).getAttribute('href')).toBe(
      '#/billing/orders/5',
    );
    expect(screen.getByTestId('invoice-line-order-6').textContent).toContain('$49.50');
    expect(screen.getByTestId('invoice-total').textContent).toBe('$1,249.50');
    expect(screen.getByTestId('invoice-lines').textContent).toMatch(/Tax\s*\$0\.00/);
  });

  it('R-AFT-1: lists a renewal and an upgrade of an invoiced order as charges, each with its amount', async () => {
    mockBackend(fakeAfterSales({ invoices: [issuedInvoice, renewalsInvoice] }));
    render(Invoice, { props: { id: 5 } });
    expect((await screen.findByTestId('invoice-name')).textContent).toBe('INV-2026-000005');
    const renewal = screen.getByTestId('invoice-line-renewal-4');
    expect(renewal.textContent).toContain('Renewal of order 6: Orbit CRM, 1 month, to 2026-04-02');
    expect(renewal.textContent).toContain('$49.50');
    expect(within(renewal).getByRole('link', { name: '#6' }).getAttribute('href')).toBe(
      '#/billing/orders/6',
    );
    const upgrade = screen.getByTestId('invoice-line-upgrade-2');
    expect(upgrade.textContent).toContain('Upgrade of order 6: Standard to Professional');
    expect(upgrade.textContent).toContain('$120.25');
    expect(screen.queryByTestId('invoice-line-order-6')).toBeNull();
    expect(screen.getByTestId('invoice-lines').textContent).toMatch(/Subtotal\s*\$169\.75/);
    expect(screen.getByTestId('invoice-lines').textContent).toMatch(/Tax\s*\$0\.00/);
    expect(screen.getByTestId('invoice-total').textContent).toBe('$169.75');
  });

  it('links to a ticket to return the invoice', async () => {
    mockBackend(fakeAfterSales());
    render(Invoice, { props: { id: 3 } });
    expect((await screen.findByTestId('invoice-return')).getAttribute('href')).toBe(
      '#/billing/tickets/new?category=invoice&invoice=3',
    );
  });

  it('saves the PDF and shows where', async () => {
    const calls = mockBackend(fakeAfterSales());
    render(Invoice, { props: { id: 3 } });
    await fireEvent.click(await screen.findByTestId('invoice-save'));
    expect((await screen.findByTestId('invoice-saved-path')).textContent).toBe(
      'Saved to /home/dana/Downloads/INV-2026-000003.pdf',
    );
    expect(calls.filter((c) => c.command === 'invoice_save')).toEqual([
      { command: 'invoice_save', args: { id: 3 } },
    ]);
  });

  it('on a kiosk, offers no Save PDF, and still Reissue', async () => {
    kiosk.on = true;
    mockBackend(fakeAfterSales());
    render(Invoice, { props: { id: 3 } });
    expect(await screen.findByTestId('invoice-reissue')).toBeTruthy();
    expect(screen.queryByTestId('invoice-save')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Save PDF' })).toBeNull();
  });

  it('offers Save PDF beside Reissue outside a kiosk', async () => {
    mockBackend(fakeAfterSales());
    render(Invoice, { props: { id: 3 } });
    expect(await screen.findByTestId('invoice-reissue')).toBeTruthy();
    expect(screen.getByTestId('invoice-save').textContent).toBe('Save PDF');
  });

  it('says why the PDF could not be saved', async () => {
    const fake = fakeAfterSales();
    mockBackend((command, args) => {
      if (command === 'invoice_save') {
        throw { code: 'storage', message: 'the Downloads folder is full' } satisfies ApiError;
      }
      return fake(command, args);
    });
    render(Invoice, { props: { id: 3 } });
    await fireEvent.click(await screen.findByTestId('invoice-save'));
    expect((await screen.findByTestId('invoice-save-error')).textContent).toBe(
      'The Downloads folder is full.',
    );
  });

  it('reissues with the corrected details only, and opens the new invoice', async () => {
    const calls = mockBackend(fakeAfterSales());
    render(Invoice, { props: { id: 3 } });
    await fireEvent.click(await screen.findByTestId('invoice-reissue'));
    expect(input('invoice-title').value).toBe('Acme Retail Pte Ltd');
    await fireEvent.input(input('invoice-tax-id'), { target: { value: ' SG-2019-0043 ' } });
    await fireEvent.input(input('invoice-email'), { target: { value: 'ap@acme.example' } });
    await fireEvent.click(screen.getByTestId('invoice-reissue-submit'));
    await waitFor(() => expect(window.location.hash).toBe('#/billing/invoices/20'));
    expect(reissues(calls)).toEqual([
      {
        command: 'invoice_reissue',
        args: { id: 3, correction: { tax_id: 'SG-2019-0043', email: 'ap@acme.example' } },
      },
    ]);
  });

  it('refuses a reissue without a correction, or with a bad field, without calling the backend', async () => {
    const calls = mockBackend(fakeAfterSales());
    render(Invoice, { props: { id: 3 } });
    await fireEvent.click(await screen.findByTestId('invoice-reissue'));
    await fireEvent.click(screen.getByTestId('invoice-reissue-submit'));
    expect(screen.getByTestId('invoice-error').textContent).toBe(
      'Nothing was corrected: change the title, tax id, address or email to reissue it.',
    );
    await fireEvent.input(input('invoice-email'), { target: { value: 'nobody' } });
    await fireEvent.click(screen.getByTestId('invoice-reissue-submit'));
    expect(screen.getByTestId('invoice-email-error').textContent.trim()).toBe(
      'Enter an address like name@company.com.',
    );
    expect(reissues(calls)).toHaveLength(0);
  });

  it('offers neither Save nor Reissue before the invoice is issued', async () => {
    mockBackend(fakeAfterSales({ invoices: [submittedInvoice] }));
    render(Invoice, { props: { id: 4 } });
    expect((await screen.findByTestId('invoice-waiting')).textContent).toContain(
      'Waiting for the marketplace to issue it',
    );
    expect(screen.queryByTestId('invoice-save')).toBeNull();
    expect(screen.queryByTestId('invoice-reissue')).toBeNull();
  });

  it('points a superseded invoice to the one that replaced it', async () => {
    mockBackend(
      fakeAfterSales({
        invoices: [
          {
            ...issuedInvoice,
            status: 'superseded',
            superseded_by: { id: 21, number: 'INV-2026-000021' },
            superseded_at: '2026-03-10T12:00:00Z',
            tickets: [31],
          },
        ],
      }),
    );
    render(Invoice, { props: { id: 3 } });
    const note = await screen.findByTestId('invoice-superseded');
    expect(within(note).getByRole('link').getAttribute('href')).toBe('#/billing/invoices/21');
    expect(screen.queryByTestId('invoice-save')).toBeNull();
    expect(
      within(screen.getByTestId('invoice-tickets')).getByRole('link').getAttribute('href'),
    ).toBe('#/billing/tickets/31');
  });

  it('shows an error state for an unknown invoice', async () => {
    mockBackend(fakeAfterSales());
    render(Invoice, { props: { id: 99 } });
    expect((await screen.findByTestId('error-state')).textContent).toContain(
      'The invoice could not be loaded',
    );
  });

  it("shows its times on the day of the account's time zone", async () => {
    // Just after midnight UTC is still the evening before in Los Angeles.
    const invoice = {
      ...issuedInvoice,
      lines: [{ ...issuedInvoice.lines[0]!, paid_at: '2026-02-02T00:30:00Z' }],
      requested_at: '2026-02-03T02:00:00Z',
      issued_at: '2026-02-04T07:59:00Z',
    };
    mockBackend(inTimeZone('America/Los_Angeles', fakeAfterSales({ invoices: [invoice] })));
    render(Invoice, { props: { id: 3 } });
    const details = await screen.findByTestId('invoice-details');
    await waitFor(() => expect(details.textContent).toMatch(/Asked for\s*2026-02-02 18:00/));
    expect(details.textContent).toMatch(/Issued\s*2026-02-03 23:59/);
    expect(screen.getByTestId('invoice-line-order-5').textContent).toContain('2026-02-01 16:30');
  });
});
