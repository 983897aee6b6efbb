import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { clearMocks } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it } from 'vitest';
import { localTime } from '../lib/supervision/format';
import {
  deliveredForBuyer,
  deployingForSeller,
  fakeSupervision,
  flowDetail,
  frozenForOperations,
  licenseFlow,
  saasFlow,
} from '../lib/supervision/testing';
import { actingAs } from '../lib/roles/acting.svelte';
import { actingAsBuyer, inTimeZone } from '../lib/testing/fixtures';
import { mockBackend } from '../lib/testing/ipc';
import ServiceFlow from './ServiceFlow.svelte';
import { acts, after } from './serviceFlowTesting';

afterEach(() => {
  clearMocks();
  actingAs.current = null;
});

describe('a service flow, as its buyer', () => {
  it('shows where it stands, who acts next and by when, and the records', async () => {
    mockBackend(fakeSupervision({ pages: { 7: flowDetail() } }));
    render(ServiceFlow, { props: { orderId: 7 } });
    expect((await screen.findByTestId('flow-step')).textContent).toBe('Seller deploys service');
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('VaultKeeper Backup Server');
    const next = screen.getByTestId('flow-next').textContent ?? '';
    expect(next).toContain('Next: Seller.');
    expect(next).toContain('The seller deploys the service and delivers');
    expect(next).toContain(`Appeal possible from ${localTime('2026-03-06T10:01:00Z')}`);
    expect(screen.getByTestId('flow-buyer').textContent).toBe('Acme Retail (prepaid)');
    expect(screen.getByTestId('flow-seller').textContent).toBe('VaultKeeper Ltd.');
    expect(screen.getByTestId('flow-seller-contact').textContent).toContain(
      'support@vaultkeeper.example',
    );
    // R-AFT-3: where the seller cannot be reached, a service ticket about this order.
    expect(screen.getByTestId('flow-seller-unreachable').getAttribute('href')).toBe(
      '#/billing/tickets/new?order=7&category=seller_unreachable',
    );
    expect(screen.getByRole('link', { name: '#7' }).getAttribute('href')).toBe(
      '#/billing/orders/7',
    );
    expect(screen.getByTestId('order-status').textContent).toBe('Processing');
    const records = screen.getAllByTestId('record');
    expect(records).toHaveLength(1);
    expect(records[0]!.textContent).toContain('Paid: the seller deploys the service');
    expect(records[0]!.textContent).toContain(localTime('2026-03-01T10:00:00Z'));
    expect(screen.getByTestId('chain-status').textContent).toContain('Records intact.');
  });

  it('R-MT-4: shows its times in the buyer’s time zone, and the seller in the machine’s', async () => {
    // Paid 1 March 10:00 UTC, 19:00 in Tokyo; the appeal possible from 6 March 10:01 UTC,
    // 19:01 in Tokyo.
    mockBackend(inTimeZone('Asia/Tokyo', fakeSupervision({ pages: { 7: flowDetail() } })));
    const { unmount } = render(ServiceFlow, { props: { orderId: 7 } });
    await waitFor(() =>
      expect(screen.getAllByTestId('record')[0]!.textContent).toContain('2026-03-01 19:00'),
    );
    expect(screen.getByTestId('flow-next').textContent).toContain(
      'Appeal possible from 2026-03-06 19:01',
    );
    unmount();

    actingAs.current = { ...actingAsBuyer, role: 'seller' };
    render(ServiceFlow, { props: { orderId: 7 } });
    const record = (await screen.findAllByTestId('record'))[0]!;
    // Whatever the account's zone, a seller reads the machine's.
    await waitFor(() => expect(record.textContent).toContain(localTime('2026-03-01T10:00:00Z')));
  });

  it('shows each step it cannot take disabled, with the reason beside it', async () => {
    mockBackend(fakeSupervision({ pages: { 7: flowDetail() } }));
    render(ServiceFlow, { props: { orderId: 7 } });
    const accept = (await screen.findByTestId('step-accept_delivery')) as HTMLButtonElement;
    expect(accept.disabled).toBe(true);
    expect(screen.getByTestId('step-reason-accept_delivery').textContent).toBe(
      'The flow is at "Seller deploys service"; you can accept the delivery only after the seller has delivered.',
    );
    expect((screen.getByTestId('step-appeal') as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByTestId('step-reason-appeal').textContent).toBe(
      `Appeal possible from ${localTime('2026-03-06T10:01:00Z')} if the seller stays silent.`,
    );
    expect((screen.getByTestId('step-remind') as HTMLButtonElement).disabled).toBe(false);
    expect(screen.queryByTestId('step-reason-remind')).toBeNull();
    // Unsubscribing is asked on its own page.
    expect(screen.getByTestId('step-request_unsubscription').getAttribute('href')).toBe(
      '#/my/unsubscriptions',
    );
  });

  it('puts the times in a refusal in local time', async () => {
    const page = flowDetail();
    page.steps = [
      {
        step: 'remind',
        possible: false,
        code: 'too_soon',
        reason:
          'the seller was reminded less than 24 hours ago; you can remind it again from 2026-03-03T09:00:00+00:00',
      },
    ];
    mockBackend(fakeSupervision({ pages: { 7: page } }));
    render(ServiceFlow, { props: { orderId: 7 } });
    expect((await screen.findByTestId('step-reason-remind')).textContent).toBe(
      `The seller was reminded less than 24 hours ago; you can remind it again from ${localTime('2026-03-03T09:00:00Z')}.`,
    );
  });

  it('reminds the seller with one click and shows the new record', async () => {
    const calls = mockBackend(
      fakeSupervision({
        pages: { 7: flowDetail() },
        act: () => after(flowDetail(), 'Reminded the seller'),
      }),
    );
    render(ServiceFlow, { props: { orderId: 7 } });
    await fireEvent.click(await screen.findByTestId('step-remind'));
    expect((await screen.findByTestId('action-done')).textContent).toBe(
      'Done: Reminded the seller.',
    );
    expect(acts(calls).map((a) => a.action)).toEqual([{ action: 'remind' }]);
    expect(acts(calls)[0]!.operationId).toMatch(/^op-/);
    expect(screen.getAllByTestId('record')).toHaveLength(2);
  });

  it('asks for confirmation before accepting the delivery', async () => {
    const accepted = after(deliveredForBuyer(), 'Accepted the delivery', {
      summary: {
        ...licenseFlow,
        state: 'accepted',
        step: 'Accepted: completing',
        waiting_on: 'clock',
        next: 'Completes 3 hours after acceptance',
        due_at: '2026-03-03T13:00:00Z',
        due_label: 'Completes at',
      },
      steps: [],
    });
    const calls = mockBackend(
      fakeSupervision({ pages: { 7: deliveredForBuyer() }, act: () => accepted }),
    );
    render(ServiceFlow, { props: { orderId: 7 } });
    await fireEvent.click(await screen.findByTestId('step-accept_delivery'));
    const dialog = screen.getByTestId('accept-dialog');
    expect(dialog.getAttribute('role')).toBe('alertdialog');
    expect(dialog.textContent).toContain('Has the service been completely provisioned?');
    expect(dialog.textContent).toContain('cannot be unsubscribed from after provision completion');
    expect(acts(calls)).toHaveLength(0);

    await fireEvent.click(within(dialog).getByText('Cancel'));
    expect(screen.queryByTestId('accept-dialog')).toBeNull();
    expect(acts(calls)).toHaveLength(0);

    await fireEvent.click(screen.getByTestId('step-accept_delivery'));
    await fireEvent.click(screen.getByTestId('confirm-accept'));
    await waitFor(() =>
      expect(screen.getByTestId('flow-step').textContent).toBe('Accepted: completing'),
    );
    expect(acts(calls).map((a) => a.action)).toEqual([{ action: 'accept_delivery' }]);
    expect(screen.getByTestId('flow-next').textContent).toContain(
      `Completes at ${localTime('2026-03-03T13:00:00Z')}`,
    );
    expect(screen.getByTestId('no-steps')).toBeTruthy();
  });

  it('rejects a delivery only with a reason', async () => {
    const calls = mockBackend(
      fakeSupervision({
        pages: { 7: deliveredForBuyer() },
        act: () => after(deployingForSeller(), 'Rejected the delivery'),
      }),
    );
    render(ServiceFlow, { props: { orderId: 7 } });
    await fireEvent.click(await screen.findByTestId('step-reject_delivery'));
    await fireEvent.click(screen.getByTestId('reject-submit'));
    expect(screen.getByTestId('action-error').textContent?.trim()).toBe('Write the reason first.');
    expect(acts(calls)).toHaveLength(0);
    await fireEvent.input(screen.getByTestId('reject-reason'), {
      target: { value: '  The license key does not activate.  ' },
    });
    await fireEvent.click(screen.getByTestId('reject-submit'));
    await screen.findByTestId('action-done');
    expect(acts(calls).map((a) => a.action)).toEqual([
      { action: 'reject_delivery', reason: 'The license key does not activate.' },
    ]);
  });

  it('shows a refusal from the core in the form and retries with the same operation', async () => {
    let attempts = 0;
    const calls = mockBackend(
      fakeSupervision({
        pages: { 7: deliveredForBuyer() },
        act: () => {
          attempts += 1;
          if (attempts === 1) {
            throw {
              code: 'flow_frozen',
              message:
                'an appeal is open: neither side can act until the operations manager settles it',
            };
          }
          return after(deployingForSeller(), 'Rejected the delivery');
        },
      }),
    );
    render(ServiceFlow, { props: { orderId: 7 } });
    await fireEvent.click(await screen.findByTestId('step-reject_delivery'));
    await fireEvent.input(screen.getByTestId('reject-reason'), { target: { value: 'Missing.' } });
    await fireEvent.click(screen.getByTestId('reject-submit'));
    expect((await screen.findByTestId('action-error')).textContent?.trim()).toBe(
      'An appeal is open: neither side can act until the operations manager settles it.',
    );
    await fireEvent.click(screen.getByTestId('reject-submit'));
    await screen.findByTestId('action-done');
    const [first, second] = acts(calls);
    expect(second!.operationId).toBe(first!.operationId);
  });

  it('submits a request prefilled with the seller’s template', async () => {
    const page = flowDetail({
      summary: saasFlow,
      request_template: 'Company name:\nNumber of users:',
      steps: [{ step: 'submit_request', possible: true, reason: null, code: null }],
      appeal_possible_from: null,
    });
    const calls = mockBackend(
      fakeSupervision({ pages: { 8: page }, act: () => after(page, 'Submitted a request') }),
    );
    render(ServiceFlow, { props: { orderId: 8 } });
    await fireEvent.click(await screen.findByTestId('step-submit_request'));
    const text = screen.getByTestId('request-text') as HTMLTextAreaElement;
    expect(text.value).toBe('Company name:\nNumber of users:');
    await fireEvent.input(text, { target: { value: 'Company name: Acme\nNumber of users: 25' } });
    await fireEvent.click(screen.getByTestId('request-submit'));
    await screen.findByTestId('action-done');
    expect(acts(calls)[0]!.action).toEqual({
      action: 'submit_request',
      text: 'Company name: Acme\nNumber of users: 25',
    });
  });

  it('appeals with a reason and proof files', async () => {
    const page = deliveredForBuyer();
    page.steps = [{ step: 'appeal', possible: true, reason: null, code: null }];
    const calls = mockBackend(
      fakeSupervision({ pages: { 7: page }, act: () => after(page, 'Appealed') }),
    );
    render(ServiceFlow, { props: { orderId: 7 } });
    await fireEvent.click(await screen.findByTestId('step-appeal'));
    await fireEvent.input(screen.getByTestId('appeal-reason'), {
      target: { value: 'Rejected three times.' },
    });
    await fireEvent.change(screen.getByTestId('appeal-proof'), {
      target: { files: [new File(['%PDF-'], 'emails.pdf', { type: 'application/pdf' })] },
    });
    await fireEvent.click(screen.getByTestId('appeal-submit'));
    await screen.findByTestId('action-done');
    expect(acts(calls)[0]!.action).toEqual({
      action: 'appeal',
      reason: 'Rejected three times.',
      proof: [{ name: 'emails.pdf', content_base64: 'JVBERi0=' }],
    });
  });
});

describe('a service flow, as the operations manager', () => {
  it('shows the open appeal and settles for the buyer with a refund and a decision', async () => {
    const settled = after(frozenForOperations(), 'Settled for the buyer', { steps: [] });
    const calls = mockBackend(
      fakeSupervision({ pages: { 7: frozenForOperations() }, act: () => settled }),
    );
    render(ServiceFlow, { props: { orderId: 7 } });
    expect((await screen.findByTestId('flow-appeal')).textContent).toContain(
      `Appeal opened ${localTime('2026-03-07T11:00:00Z')} by Acme Retail (prepaid)`,
    );
    // The settlement's form is open on arrival.
    expect(screen.getByTestId('settle-form')).toBeTruthy();
    await fireEvent.click(screen.getByTestId('step-settle_for_buyer'));
    expect(screen.getByTestId('settle-full-amount').textContent).toBe(
      'Leave it empty to refund in full: $348.00.',
    );
    expect((screen.getByTestId('settle-for-buyer') as HTMLInputElement).checked).toBe(true);
    await fireEvent.click(screen.getByTestId('settle-submit'));
    expect(screen.getByTestId('action-error').textContent?.trim()).toBe(
      'Write the decision and its reasons first.',
    );
    await fireEvent.input(screen.getByTestId('settle-refund'), { target: { value: '100.50' } });
    await fireEvent.input(screen.getByTestId('settle-decision'), {
      target: { value: 'The seller could not show a delivery.' },
    });
    await fireEvent.click(screen.getByTestId('settle-submit'));
    await screen.findByTestId('action-done');
    expect(acts(calls).map((a) => a.action)).toEqual([
      {
        action: 'settle',
        ruling: { for: 'buyer', refund: '100.50' },
        decision: 'The seller could not show a delivery.',
      },
    ]);
  });

  it('refunds in full when the amount is left empty, or rules for the seller', async () => {
    const calls = mockBackend(
      fakeSupervision({
        pages: { 7: frozenForOperations() },
        act: () => frozenForOperations(),
      }),
    );
    render(ServiceFlow, { props: { orderId: 7 } });
    await fireEvent.click(await screen.findByTestId('step-settle_for_buyer'));
    await fireEvent.input(screen.getByTestId('settle-decision'), {
      target: { value: 'Not delivered.' },
    });
    await fireEvent.click(screen.getByTestId('settle-submit'));
    await waitFor(() => expect(acts(calls)).toHaveLength(1));

    await fireEvent.click(await screen.findByTestId('step-settle_for_buyer'));
    await fireEvent.click(screen.getByTestId('settle-complete'));
    expect(screen.queryByTestId('settle-refund')).toBeNull();
    await fireEvent.input(screen.getByTestId('settle-decision'), {
      target: { value: 'Delivered as agreed.' },
    });
    await fireEvent.click(screen.getByTestId('settle-submit'));
    await waitFor(() => expect(acts(calls)).toHaveLength(2));
    expect(acts(calls).map((a) => a.action)).toEqual([
      { action: 'settle', ruling: { for: 'buyer', refund: null }, decision: 'Not delivered.' },
      {
        action: 'settle',
        ruling: { for: 'seller', complete: true },
        decision: 'Delivered as agreed.',
      },
    ]);
  });
});
