import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { clearMocks } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it } from 'vitest';
import type { Action, FlowDetail, OperationDetails } from '../lib/api';
import { kiosk } from '../lib/demo/kiosk.svelte';
import { actingAs } from '../lib/roles/acting.svelte';
import { localTime } from '../lib/supervision/format';
import {
  deliveredForBuyer,
  deliveryRecord,
  deployingForSeller,
  fakeSupervision,
  flowDetail,
  frozenForOperations,
  licenseFlow,
  saasFlow,
  startRecord,
} from '../lib/supervision/testing';
import { copyStatus } from '../lib/sync/status.svelte';
import { copyOf, pendingAction } from '../lib/sync/testing';
import { actingAsBuyer } from '../lib/testing/fixtures';
import { deferred, mockBackend, type IpcCall } from '../lib/testing/ipc';
import ServiceFlow from './ServiceFlow.svelte';

afterEach(() => {
  clearMocks();
  actingAs.current = null;
  copyStatus.set(undefined);
  kiosk.on = false;
});

const acts = (calls: IpcCall[]) =>
  calls
    .filter((c) => c.command === 'supervision_act')
    .map((c) => ({ operationId: c.args.operationId as string, action: c.args.action as Action }));

/** The flow after an action: a record with `title` at the end, and the page's new state. */
function after(detail: FlowDetail, title: string, changes: Partial<FlowDetail> = {}): FlowDetail {
  return {
    ...detail,
    records: [
      ...detail.records,
      { ...startRecord, id: `op-${title}`, position: detail.records.length + 1, title },
    ],
    ...changes,
  };
}

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

describe('a service flow, as its seller', () => {
  const saasDeploying = {
    ...saasFlow,
    state: 'seller_deploying' as const,
    step: 'Seller deploys service',
    waiting_on: 'seller' as const,
  };
  const pdf = new File(['%PDF-'], 'acceptance.pdf', { type: 'application/pdf' });
  const png = new File([new Uint8Array([137, 80, 78, 71])], 'deployed.png', { type: 'image/png' });

  async function fillSaasDelivery() {
    await fireEvent.click(await screen.findByTestId('step-deliver'));
    await fireEvent.change(screen.getByTestId('deliver-proof'), { target: { files: [pdf, png] } });
    await fireEvent.input(screen.getByTestId('deliver-enabled-at'), {
      target: { value: '2026-03-02T09:30' },
    });
    await fireEvent.input(screen.getByTestId('deliver-user'), { target: { value: 'admin@acme' } });
    await fireEvent.input(screen.getByTestId('deliver-password'), {
      target: { value: 'cF3rURR5bwrPg68T' },
    });
    await fireEvent.input(screen.getByTestId('deliver-management-url'), {
      target: { value: 'https://crm.example/manage' },
    });
    await fireEvent.input(screen.getByTestId('deliver-front-end-url'), {
      target: { value: 'https://crm.example' },
    });
  }

  it('delivers with the files as uploads, the enabling time in UTC and the application', async () => {
    let attempts = 0;
    const calls = mockBackend(
      fakeSupervision({
        pages: { 8: deployingForSeller(saasDeploying) },
        act: () => {
          attempts += 1;
          if (attempts === 1) throw 'the connection was lost';
          return after(deployingForSeller(saasDeploying), 'Delivered');
        },
      }),
    );
    render(ServiceFlow, { props: { orderId: 8 } });
    await fillSaasDelivery();
    expect(screen.getByTestId('deliver-password').getAttribute('type')).toBe('password');
    await fireEvent.click(screen.getByTestId('deliver-submit'));
    expect((await screen.findByTestId('action-error')).textContent).toContain(
      'the connection was lost',
    );
    await fireEvent.click(screen.getByTestId('deliver-submit'));
    await screen.findByTestId('action-done');

    const [first, second] = acts(calls);
    expect(second!.operationId).toBe(first!.operationId);
    expect(second!.action).toEqual({
      action: 'deliver',
      proof: [
        { name: 'acceptance.pdf', content_base64: 'JVBERi0=' },
        { name: 'deployed.png', content_base64: 'iVBORw==' },
      ],
      remark: null,
      enabled_at: new Date('2026-03-02T09:30').toISOString().replace('.000Z', 'Z'),
      app: {
        user_name: 'admin@acme',
        initial_password: 'cF3rURR5bwrPg68T',
        management_url: 'https://crm.example/manage',
        front_end_url: 'https://crm.example',
      },
    });
  });

  it('sends a delivery once however often Deliver is clicked while it is sent', async () => {
    const answer = deferred<FlowDetail>();
    const calls = mockBackend((command, args) =>
      command === 'supervision_act'
        ? answer.promise
        : fakeSupervision({ pages: { 8: deployingForSeller(saasDeploying) } })(command, args),
    );
    render(ServiceFlow, { props: { orderId: 8 } });
    await fillSaasDelivery();
    const submit = screen.getByTestId('deliver-submit') as HTMLButtonElement;
    await fireEvent.click(submit);
    await fireEvent.click(submit);
    await waitFor(() => expect(submit.disabled).toBe(true));
    answer.resolve(after(deployingForSeller(saasDeploying), 'Delivered'));
    await screen.findByTestId('action-done');
    expect(acts(calls)).toHaveLength(1);
  });

  it('finds the delivery form open, and Cancel closes it for good', async () => {
    mockBackend(fakeSupervision({ pages: { 7: deployingForSeller() } }));
    render(ServiceFlow, { props: { orderId: 7 } });
    expect(await screen.findByTestId('deliver-form')).toBeTruthy();
    expect(screen.getByTestId('step-deliver').getAttribute('aria-expanded')).toBe('true');
    await fireEvent.click(within(screen.getByTestId('deliver-form')).getByText('Cancel'));
    expect(screen.queryByTestId('deliver-form')).toBeNull();
    await fireEvent.click(screen.getByTestId('step-deliver'));
    expect(screen.getByTestId('deliver-form')).toBeTruthy();
  });

  it('asks for proof, and only PDF, PNG or JPEG, before sending anything', async () => {
    const calls = mockBackend(fakeSupervision({ pages: { 7: deployingForSeller() } }));
    render(ServiceFlow, { props: { orderId: 7 } });
    await fireEvent.click(await screen.findByTestId('step-deliver'));
    expect(screen.queryByTestId('deliver-app')).toBeNull();
    const input = screen.getByTestId('deliver-proof');
    expect(input.getAttribute('multiple')).not.toBeNull();
    expect(input.getAttribute('accept')).toBe(
      '.pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg',
    );
    await fireEvent.click(screen.getByTestId('deliver-submit'));
    expect(screen.getByTestId('action-error').textContent).toContain(
      'Attach at least one document (PDF) or screenshot (PNG or JPEG).',
    );
    await fireEvent.change(input, {
      target: { files: [new File(['x'], 'notes.docx', { type: 'application/msword' })] },
    });
    await fireEvent.click(screen.getByTestId('deliver-submit'));
    await waitFor(() =>
      expect(screen.getByTestId('action-error').textContent).toContain(
        'The file notes.docx is not a PDF, PNG or JPEG file.',
      ),
    );
    expect(acts(calls)).toHaveLength(0);
  });

  it('accepts a request with a remark, or rejects it with a reason', async () => {
    const reviewing = flowDetail({
      summary: { ...saasFlow, state: 'reviewing_request', waiting_on: 'seller' },
      steps: [
        { step: 'accept_request', possible: true, reason: null, code: null },
        { step: 'reject_request', possible: true, reason: null, code: null },
        { step: 'deliver', possible: false, reason: 'not yet', code: 'not_your_turn' },
        { step: 'appeal', possible: true, reason: null, code: null },
      ],
    });
    const calls = mockBackend(
      fakeSupervision({ pages: { 8: reviewing }, act: () => after(reviewing, 'Done it') }),
    );
    render(ServiceFlow, { props: { orderId: 8 } });
    await fireEvent.click(await screen.findByTestId('step-accept_request'));
    await fireEvent.click(screen.getByTestId('accept-request-submit'));
    await screen.findByTestId('action-done');
    await fireEvent.click(screen.getByTestId('step-reject_request'));
    await fireEvent.input(screen.getByTestId('reject-reason'), {
      target: { value: 'Give the number of users.' },
    });
    await fireEvent.click(screen.getByTestId('reject-submit'));
    await waitFor(() => expect(acts(calls)).toHaveLength(2));
    expect(acts(calls).map((a) => a.action)).toEqual([
      { action: 'accept_request', remark: null },
      { action: 'reject_request', reason: 'Give the number of users.' },
    ]);
    // Each form opened is one operation.
    expect(acts(calls)[0]!.operationId).not.toBe(acts(calls)[1]!.operationId);
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
