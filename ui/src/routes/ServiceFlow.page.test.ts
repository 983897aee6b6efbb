import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { clearMocks } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it } from 'vitest';
import type { OperationDetails } from '../lib/api';
import { kiosk } from '../lib/demo/kiosk.svelte';
import { actingAs } from '../lib/roles/acting.svelte';
import { localTime } from '../lib/supervision/format';
import {
  deliveredForBuyer,
  deliveryRecord,
  fakeSupervision,
  flowDetail,
  startRecord,
} from '../lib/supervision/testing';
import { copyStatus } from '../lib/sync/status.svelte';
import { copyOf, pendingAction } from '../lib/sync/testing';
import { actingAsBuyer } from '../lib/testing/fixtures';
import { mockBackend } from '../lib/testing/ipc';
import ServiceFlow from './ServiceFlow.svelte';

afterEach(() => {
  clearMocks();
  actingAs.current = null;
  copyStatus.set(undefined);
  kiosk.on = false;
});

describe('the operation records', () => {
  it('list each file with its size, type and hash, and save one to Downloads', async () => {
    const calls = mockBackend(fakeSupervision({ pages: { 7: deliveredForBuyer() } }));
    render(ServiceFlow, { props: { orderId: 7 } });
    const files = await screen.findAllByTestId('attachment');
    expect(files).toHaveLength(2);
    expect(files[0]!.textContent).toContain('statement-of-work.pdf');
    expect(files[0]!.textContent).toContain('48 KB');
    expect(files[0]!.textContent).toContain('PDF');
    const hash = within(files[0]!).getByTestId('attachment-sha256');
    expect(hash.textContent).toBe('SHA-256 e3b0c44298fc…');
    expect(hash.getAttribute('title')).toBe(deliveryRecord.attachments[0]!.sha256);

    await fireEvent.click(within(files[1]!).getByTestId('save-attachment'));
    expect((await within(files[1]!).findByTestId('saved-path')).textContent).toBe(
      'Saved to /home/dana/Downloads/attachment-2',
    );
    expect(calls.find((c) => c.command === 'supervision_attachment_save')!.args).toEqual({
      operationId: 'op-deliver-7',
      position: 2,
    });
  });

  it('show what an operation said, in local time, and nothing they do not name', async () => {
    const details = {
      enabled_at: '2026-03-02T08:30:00Z',
      app_user_name: 'admin@acme',
      management_url: 'https://crm.example/manage',
      front_end_url: 'https://crm.example',
      initial_password: 'cF3rURR5bwrPg68T',
    } as OperationDetails;
    const page = deliveredForBuyer();
    page.records = [startRecord, { ...deliveryRecord, details }];
    mockBackend(fakeSupervision({ pages: { 7: page } }));
    render(ServiceFlow, { props: { orderId: 7 } });
    const shown = (await screen.findAllByTestId('record-details'))[0]!.textContent ?? '';
    expect(shown).toMatch(new RegExp(`Enabled at\\s*${localTime('2026-03-02T08:30:00Z')}`));
    expect(shown).toMatch(/Application user\s*admin@acme/);
    expect(shown).toContain('https://crm.example/manage');
    expect(document.body.textContent).not.toContain('cF3rURR5bwrPg68T');
    expect(screen.getByTestId('record-remark').textContent).toBe('License key sent by email.');
  });

  it('say when the chain does not check, and check it again on request', async () => {
    const page = deliveredForBuyer();
    page.chain = {
      ...page.chain,
      intact: false,
      problems: ['record 2: its files do not match their hashes'],
    };
    const calls = mockBackend(fakeSupervision({ pages: { 7: page } }));
    render(ServiceFlow, { props: { orderId: 7 } });
    expect((await screen.findByTestId('chain-problems')).textContent).toContain(
      'Record 2: its files do not match their hashes.',
    );
    await fireEvent.click(screen.getByTestId('chain-check'));
    await waitFor(() => expect(calls.some((c) => c.command === 'supervision_verify')).toBe(true));
  });

  it('export as a case file, saying where', async () => {
    mockBackend(fakeSupervision({ pages: { 7: flowDetail() } }));
    render(ServiceFlow, { props: { orderId: 7 } });
    await fireEvent.click(await screen.findByTestId('export-case-file'));
    expect((await screen.findByTestId('export-path')).textContent).toBe(
      'Case file saved to /home/dana/Downloads/case-order-7',
    );
  });

  it('on a kiosk, list the files without Save, and offer no export', async () => {
    kiosk.on = true;
    const calls = mockBackend(fakeSupervision({ pages: { 7: deliveredForBuyer() } }));
    render(ServiceFlow, { props: { orderId: 7 } });
    const files = await screen.findAllByTestId('attachment');
    expect(files).toHaveLength(2);
    expect(files[0]!.textContent).toContain('statement-of-work.pdf');
    expect(files[0]!.textContent).toContain('48 KB');
    expect(screen.queryAllByTestId('save-attachment')).toHaveLength(0);
    expect(screen.queryByTestId('export-case-file')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Export case file' })).toBeNull();
    expect(screen.getByRole('heading', { level: 1 })).toBeTruthy();
    expect(
      calls.filter((c) =>
        ['supervision_attachment_save', 'supervision_export'].includes(c.command),
      ),
    ).toHaveLength(0);
  });

  it('outside a kiosk, offer Save on each file and the export', async () => {
    mockBackend(fakeSupervision({ pages: { 7: deliveredForBuyer() } }));
    render(ServiceFlow, { props: { orderId: 7 } });
    await screen.findAllByTestId('attachment');
    expect(screen.getAllByTestId('save-attachment')).toHaveLength(2);
    expect(screen.getByTestId('export-case-file')).toBeTruthy();
  });
});

describe('the flow page', () => {
  it('leads back to the list of whom the app acts as', async () => {
    mockBackend(fakeSupervision({ pages: { 7: flowDetail() } }));
    const crumb = () =>
      within(screen.getByRole('navigation', { name: 'Breadcrumb' })).getByRole('link');
    const buyer = render(ServiceFlow, { props: { orderId: 7 } });
    expect(crumb().getAttribute('href')).toBe('#/my/supervision');
    buyer.unmount();
    actingAs.current = { ...actingAsBuyer, role: 'seller' };
    const seller = render(ServiceFlow, { props: { orderId: 7 } });
    expect(crumb().getAttribute('href')).toBe('#/seller/queue');
    // The order's page is the buyer's.
    expect(await screen.findByText('#7')).toBeTruthy();
    expect(screen.queryByRole('link', { name: '#7' })).toBeNull();
    seller.unmount();
    actingAs.current = { ...actingAsBuyer, role: 'operations_manager' };
    render(ServiceFlow, { props: { orderId: 7 } });
    expect(crumb().getAttribute('href')).toBe('#/operations/appeals');
  });

  /** A request for unsubscription waiting for the seller, with one record of the talks. */
  const pendingUnsubscription = () => ({
    id: 4,
    order_id: 7,
    product_name: 'VaultKeeper Backup Server',
    buyer_name: 'Acme Retail (prepaid)',
    seller_name: 'VaultKeeper Ltd.',
    amount: '200.00',
    paid: '348.00',
    reason: 'No longer needed',
    contact: null,
    status: 'pending' as const,
    requested_at: '2026-03-03T10:00:00Z',
    review_comment: null,
    reviewed_at: null,
    records: [deliveryRecord.attachments[0]!],
    review_operation: 'op-review-4',
    refund_due_at: null,
    refunded_at: null,
  });

  it('lists the flow’s unsubscription requests', async () => {
    const page = flowDetail({
      unsubscriptions: [pendingUnsubscription()],
    });
    const calls = mockBackend(fakeSupervision({ pages: { 7: page } }));
    render(ServiceFlow, { props: { orderId: 7 } });
    const request = await screen.findByTestId('unsubscription');
    expect(request.textContent).toContain('$200.00 of $348.00');
    expect(within(request).getByTestId('unsubscription-status').textContent).toBe(
      'Waiting for the seller',
    );
    // The seller's records of the talks are saved through its review's operation.
    await fireEvent.click(within(request).getByTestId('save-attachment'));
    await within(request).findByTestId('saved-path');
    expect(calls.find((c) => c.command === 'supervision_attachment_save')!.args).toEqual({
      operationId: 'op-review-4',
      position: 1,
    });
  });

  it('on a kiosk, lists the records of an unsubscription request without Save', async () => {
    kiosk.on = true;
    const page = flowDetail({
      unsubscriptions: [pendingUnsubscription()],
    });
    mockBackend(fakeSupervision({ pages: { 7: page } }));
    render(ServiceFlow, { props: { orderId: 7 } });
    const request = await screen.findByTestId('unsubscription');
    expect(within(request).getByTestId('attachment').textContent).toContain(
      'statement-of-work.pdf',
    );
    expect(within(request).queryByTestId('save-attachment')).toBeNull();
  });

  it('says when there is no such flow', async () => {
    mockBackend(fakeSupervision());
    render(ServiceFlow, { props: { orderId: 42 } });
    expect((await screen.findByTestId('empty-state')).textContent).toContain(
      'Service flow not found',
    );
  });

  it('has a loading and an error state', async () => {
    mockBackend(() => {
      throw { code: 'storage', message: 'the data file could not be read' };
    });
    render(ServiceFlow, { props: { orderId: 7 } });
    expect(screen.getByTestId('loading')).toBeTruthy();
    expect((await screen.findByTestId('error-message')).textContent).toBe(
      'the data file could not be read',
    );
  });

  it("on a seller's copy, says which of the flow's actions wait to sync (R-SYNC-1)", async () => {
    mockBackend(fakeSupervision({ pages: { 7: flowDetail() } }));
    copyStatus.set(
      copyOf({ waiting: [pendingAction({ order_id: 7 }), pendingAction({ id: 2, order_id: 8 })] }),
    );
    render(ServiceFlow, { props: { orderId: 7 } });
    const banner = (await screen.findByTestId('flow-unsynced')).textContent?.replace(/\s+/g, ' ');
    expect(banner).toContain('Waiting to sync: Delivery.');
    expect(banner).toContain('until then the buyer does not see it');
  });

  it('says nothing of syncing on the marketplace itself', async () => {
    mockBackend(fakeSupervision({ pages: { 7: flowDetail() } }));
    copyStatus.set(null);
    render(ServiceFlow, { props: { orderId: 7 } });
    await screen.findByTestId('flow-step');
    expect(screen.queryByTestId('flow-unsynced')).toBeNull();
  });
});
