import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { clearMocks } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it } from 'vitest';
import type { FlowDetail } from '../lib/api';
import {
  deployingForSeller,
  fakeSupervision,
  flowDetail,
  saasFlow,
} from '../lib/supervision/testing';
import { deferred, mockBackend } from '../lib/testing/ipc';
import ServiceFlow from './ServiceFlow.svelte';
import { acts, after } from './serviceFlowTesting';

afterEach(() => {
  clearMocks();
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
