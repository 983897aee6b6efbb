import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { clearMocks } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiError, PageRequest, Unsubscribable } from '../lib/api';
import { formatInstant } from '../lib/util/time';
import { inTimeZone } from '../lib/testing/fixtures';
import { deferred, mockBackend, type IpcCall } from '../lib/testing/ipc';
import {
  completed,
  fakeUnsubscriptions,
  negotiable,
  payPerUseImage,
  refundedRequest,
  underAppeal,
} from '../lib/unsubscriptions/fixtures';
import { fakeStandard, monthlyImage } from '../lib/unsubscriptions/standardFixtures';
import MyUnsubscriptions from './MyUnsubscriptions.svelte';

afterEach(() => {
  clearMocks();
  window.location.hash = '';
});

const input = (testid: string) => screen.getByTestId(testid) as HTMLInputElement;

/** Fills order 7's form: amount, reason (and words), contact shared or not. */
async function fill(amount: string, reason = 'No longer needed', words = '', share = false) {
  await fireEvent.input(input('unsub-amount-7'), { target: { value: amount } });
  await fireEvent.change(input('unsub-reason-7'), { target: { value: reason } });
  await fireEvent.input(input('unsub-details-7'), { target: { value: words } });
  if (share !== input('unsub-share-7').checked) await fireEvent.click(input('unsub-share-7'));
}

const requests = (calls: IpcCall[]) => calls.filter((c) => c.command === 'unsubscribe_request');

/** The pages the screen asked the backend for, in order. */
const asked = (calls: IpcCall[]) =>
  calls
    .filter((c) => c.command === 'unsubscriptions_list')
    .map((c) => (c.args as { page: PageRequest }).page);
const orderIds = () =>
  screen
    .queryAllByTestId(/^unsub-order-\d+$/)
    .map((card) => Number(card.dataset.testid?.replace('unsub-order-', '')));
const words = (testid: string) =>
  screen.getByTestId(testid).textContent?.replace(/\s+/g, ' ').trim();

/** `count` pay-per-use orders, newest first, ids from 100 + count − 1 down to 100. */
const many = (count: number): Unsubscribable[] =>
  Array.from({ length: count }, (_, index) => ({
    ...payPerUseImage,
    order_id: 100 + count - 1 - index,
    product_name: `MySQL image ${count - index}`,
  }));

describe('My KooGallery > Unsubscriptions', () => {
  it('lists every paid order with its rule, whether it is possible, and why not', async () => {
    mockBackend(fakeUnsubscriptions([negotiable, payPerUseImage, completed, underAppeal]));
    render(MyUnsubscriptions);
    await screen.findByTestId('unsub-order-7');
    const rows = [7, 11, 5, 3].map((id) => screen.getByTestId(`unsub-order-${id}`));
    expect(rows.map((r) => within(r).getByRole('heading', { level: 2 }).textContent)).toEqual([
      'Orbit CRM',
      'MySQL 8 on Ubuntu',
      'Vault Backup License',
      'Data Migration Service',
    ]);
    expect(screen.getByTestId('unsub-rule-7').textContent).toBe('Negotiated with the seller');
    expect(screen.getByTestId('unsub-possible-7').textContent).toBe('Yes');
    expect(screen.getByTestId('unsub-submit-7')).toBeTruthy();
    expect(within(rows[0]!).getByTestId('order-status').textContent).toBe('Processing');
    expect(within(rows[0]!).getByRole('link', { name: 'Order #7' }).getAttribute('href')).toBe(
      '#/billing/orders/7',
    );

    const why = (id: number) => screen.getByTestId(`unsub-note-${id}`).textContent.trim();
    expect(screen.getByTestId('unsub-rule-11').textContent).toBe('Not supported');
    expect(screen.getByTestId('unsub-possible-11').textContent).toBe('No');
    expect(why(11)).toBe(
      'Pay-per-use cannot be unsubscribed: delete the ECS instance in the ECS Console to stop billing.',
    );
    expect(why(5)).toBe(
      'The transaction guarantee period ended when service supervision completed.',
    );
    expect(why(3)).toBe('An appeal is open: no unsubscription until it is settled.');
    for (const id of [11, 5, 3]) {
      expect(screen.queryByTestId(`unsub-amount-${id}`)).toBeNull();
      expect(screen.queryByTestId(`unsub-submit-${id}`)).toBeNull();
    }
  });

  it('R-UNS-3: sends nothing on Submit, and sends the request on the second confirmation', async () => {
    const calls = mockBackend(fakeUnsubscriptions([negotiable]));
    render(MyUnsubscriptions);
    await screen.findByTestId('unsub-amount-7');
    expect(
      Array.from((input('unsub-reason-7') as unknown as HTMLSelectElement).options, (o) => o.text),
    ).toEqual([
      'Choose a reason',
      'Service not delivered as agreed',
      'No longer needed',
      'Bought by mistake',
      'Other',
    ]);
    await fill('250.50', 'Service not delivered as agreed', 'the SSO never worked', true);

    await fireEvent.click(screen.getByTestId('unsub-submit-7'));
    const summary = await screen.findByTestId('unsub-summary-7');
    expect(requests(calls)).toHaveLength(0);
    expect(within(summary).getByTestId('unsub-summary-amount-7').textContent).toMatch(
      /\$250\.50\s+of \$600\.00 paid/,
    );
    expect(summary.textContent).toContain('Service not delivered as agreed: the SSO never worked');
    expect(summary.textContent).toContain('Shared with the seller');

    await fireEvent.click(screen.getByTestId('unsub-confirm-7'));
    await waitFor(() => expect(screen.getByTestId('unsub-possible-7').textContent).toBe('No'));
    expect(requests(calls)).toEqual([
      {
        command: 'unsubscribe_request',
        args: {
          orderId: 7,
          operationId: expect.stringMatching(/^op-/),
          amount: '250.50',
          reason: 'Service not delivered as agreed: the SSO never worked',
          shareContact: true,
        },
      },
    ]);
    expect(screen.getByTestId('unsub-note-7').textContent.trim()).toBe(
      "Request 20 waits for the seller's review.",
    );
    expect(screen.getByTestId('unsub-sent-7').textContent).toBe(
      'Request 20 sent: the seller reviews it, and you are told of the decision.',
    );
    expect(screen.queryByTestId('unsub-confirm-7')).toBeNull();
    expect(
      within(screen.getByTestId('unsub-request-20')).getByTestId('request-status').textContent,
    ).toBe('Waiting for the seller');
  });

  it('goes back from the summary to the form with what was typed, and sends nothing', async () => {
    const calls = mockBackend(fakeUnsubscriptions([negotiable]));
    render(MyUnsubscriptions);
    await screen.findByTestId('unsub-amount-7');
    await fill('100', 'Bought by mistake');
    await fireEvent.click(screen.getByTestId('unsub-submit-7'));
    await fireEvent.click(await screen.findByTestId('unsub-back-7'));
    expect(input('unsub-amount-7').value).toBe('100');
    expect(input('unsub-reason-7').value).toBe('Bought by mistake');
    await fireEvent.click(screen.getByTestId('unsub-submit-7'));
    expect((await screen.findByTestId('unsub-summary-7')).textContent).toContain('Not shared');
    expect(requests(calls)).toHaveLength(0);
  });

  it.each([
    ['0', 'The refund must be more than $0.00.'],
    ['600.01', 'The refund can be at most $600.00, what you paid for this order.'],
    ['', 'Enter the refund you agreed with the seller.'],
    ['12.345', 'Enter an amount like 100 or 25.50 (at most 2 decimals).'],
  ])('refuses %j before anything is sent', async (amount, message) => {
    const calls = mockBackend(fakeUnsubscriptions([negotiable]));
    render(MyUnsubscriptions);
    await screen.findByTestId('unsub-amount-7');
    await fill(amount);
    await fireEvent.click(screen.getByTestId('unsub-submit-7'));
    expect(screen.getByTestId('unsub-amount-error-7').textContent).toBe(message);
    expect(input('unsub-amount-7').getAttribute('aria-invalid')).toBe('true');
    expect(screen.queryByTestId('unsub-summary-7')).toBeNull();
    expect(requests(calls)).toHaveLength(0);
  });

  it('accepts the whole amount paid', async () => {
    mockBackend(fakeUnsubscriptions([negotiable]));
    render(MyUnsubscriptions);
    await screen.findByTestId('unsub-amount-7');
    await fill('600.00');
    await fireEvent.click(screen.getByTestId('unsub-submit-7'));
    expect(await screen.findByTestId('unsub-summary-7')).toBeTruthy();
  });

  it('needs a reason, and the buyer’s own words for Other', async () => {
    const calls = mockBackend(fakeUnsubscriptions([negotiable]));
    render(MyUnsubscriptions);
    await screen.findByTestId('unsub-amount-7');
    await fill('50', '');
    await fireEvent.click(screen.getByTestId('unsub-submit-7'));
    expect(screen.getByTestId('unsub-reason-error-7').textContent).toBe('Choose a reason.');
    await fill('50', 'Other');
    await fireEvent.click(screen.getByTestId('unsub-submit-7'));
    expect(screen.getByTestId('unsub-reason-error-7').textContent).toBe(
      'Say in a few words why you unsubscribe.',
    );
    await fill('50', 'Other', 'the budget was cut');
    await fireEvent.click(screen.getByTestId('unsub-submit-7'));
    await fireEvent.click(await screen.findByTestId('unsub-confirm-7'));
    await waitFor(() => expect(requests(calls)).toHaveLength(1));
    expect(requests(calls)[0]!).toMatchObject({
      args: { reason: 'the budget was cut', shareContact: false },
    });
  });

  it('shows the core’s refusal on the summary and retries with the same operation id', async () => {
    const answer = fakeUnsubscriptions([negotiable]);
    const first = deferred<unknown>();
    let attempts = 0;
    const calls = mockBackend((command, args) => {
      if (command !== 'unsubscribe_request') return answer(command, args);
      attempts += 1;
      return attempts === 1 ? first.promise : answer(command, args);
    });
    render(MyUnsubscriptions);
    await screen.findByTestId('unsub-amount-7');
    await fill('300');
    await fireEvent.click(screen.getByTestId('unsub-submit-7'));
    await fireEvent.click(await screen.findByTestId('unsub-confirm-7'));
    await waitFor(() => expect(screen.getByTestId('unsub-confirm-7').textContent).toBe('Sending…'));
    expect((screen.getByTestId('unsub-confirm-7') as HTMLButtonElement).disabled).toBe(true);
    await fireEvent.click(screen.getByTestId('unsub-confirm-7'));

    first.reject({
      code: 'flow_frozen',
      message: 'an appeal is open on order 7: nothing can be done until it is settled',
    } satisfies ApiError);
    expect((await screen.findByTestId('unsub-error-7')).textContent).toBe(
      'An appeal is open on order 7: nothing can be done until it is settled.',
    );
    await fireEvent.click(screen.getByTestId('unsub-confirm-7'));
    await waitFor(() => expect(screen.getByTestId('unsub-possible-7').textContent).toBe('No'));
    const ids = requests(calls).map((c) => c.args.operationId);
    expect(ids).toHaveLength(2);
    expect(ids[1]).toBe(ids[0]);
  });

  it('tells a reseller customer that the refund is settled with its reseller', async () => {
    const reseller: Unsubscribable = {
      ...negotiable,
      reference_only: true,
      possible: false,
      note: 'The order is cancelled.',
      order_status: 'cancelled',
      requests: [{ ...refundedRequest, order_id: 7 }],
    };
    mockBackend(
      fakeUnsubscriptions([reseller, { ...negotiable, order_id: 8, reference_only: true }]),
    );
    render(MyUnsubscriptions);
    expect((await screen.findByTestId('unsub-reseller-7')).textContent).toContain(
      'settled with your reseller',
    );
    expect(screen.getByTestId('unsub-request-refund-1').textContent.replace(/\s+/g, ' ')).toBe(
      `Refund settled with your reseller on ${formatInstant('2026-03-01T13:00:00Z')}`,
    );
    await fireEvent.input(input('unsub-amount-8'), { target: { value: '10' } });
    await fireEvent.change(input('unsub-reason-8'), { target: { value: 'No longer needed' } });
    await fireEvent.click(screen.getByTestId('unsub-submit-8'));
    expect((await screen.findByTestId('unsub-summary-8')).textContent).toContain(
      'settled with your reseller within 3 hours',
    );
  });

  it('shows each order’s previous requests with the seller’s comment and the refund times', async () => {
    const approved = {
      ...refundedRequest,
      id: 6,
      status: 'approved' as const,
      refunded_at: null,
      refund_due_at: '2026-03-10T15:00:00Z',
      review_comment: 'Agreed: half of it.',
    };
    mockBackend(
      fakeUnsubscriptions([
        { ...negotiable, possible: false, note: 'The order is cancelled.', requests: [approved] },
        completed,
      ]),
    );
    render(MyUnsubscriptions);
    const request = await screen.findByTestId('unsub-request-6');
    expect(within(request).getByTestId('request-status').textContent).toBe('Approved: refund due');
    expect(screen.getByTestId('unsub-request-comment-6').textContent).toContain(
      'Agreed: half of it.',
    );
    expect(screen.getByTestId('unsub-request-refund-6').textContent.replace(/\s+/g, ' ')).toBe(
      `Refund due by ${formatInstant('2026-03-10T15:00:00Z')}`,
    );
    const rejected = screen.getByTestId('unsub-request-2');
    expect(within(rejected).getByTestId('request-status').textContent).toBe('Rejected');
    expect(screen.getByTestId('unsub-request-comment-2').textContent).toContain(
      'The license was delivered and used for two weeks.',
    );
    expect(screen.queryByTestId('unsub-request-refund-2')).toBeNull();
  });

  it('has an empty state', async () => {
    mockBackend(fakeUnsubscriptions([]));
    render(MyUnsubscriptions);
    expect((await screen.findByTestId('empty-state')).textContent).toContain('No paid orders');
  });

  it('has an error state whose Retry asks again', async () => {
    let fail = true;
    const answer = fakeUnsubscriptions([negotiable]);
    mockBackend((command, args) => {
      if (fail) throw { code: 'storage', message: 'the data file could not be read' };
      return answer(command, args);
    });
    render(MyUnsubscriptions);
    expect((await screen.findByTestId('error-message')).textContent).toBe(
      'the data file could not be read',
    );
    fail = false;
    await fireEvent.click(screen.getByTestId('retry'));
    expect(await screen.findByTestId('unsub-order-7')).toBeTruthy();
  });

  it("shows a standard unsubscription's term on the days of the account's time zone", async () => {
    mockBackend(inTimeZone('America/Los_Angeles', fakeStandard()));
    render(MyUnsubscriptions);
    await fireEvent.click(await screen.findByTestId('unsub-standard-quote-7'));
    const term = await screen.findByTestId('unsub-standard-term-7');
    // The term ends at midnight UTC: the evening before in Los Angeles.
    await waitFor(() =>
      expect(term.textContent.replace(/\s+/g, ' ').trim()).toBe(
        '1 month term, counted from 2026-03-02 02:00 to 2026-04-02 17:00: 100 of 758 hours used, as of 2026-03-06 06:30.',
      ),
    );
  });

  it("shows when an order was unsubscribed, and each request's times, on the account's day", async () => {
    const unsubscribed: Unsubscribable = {
      ...monthlyImage,
      order_status: 'cancelled',
      possible: false,
      note: 'Unsubscribed by the standard rules on 2026-03-06T19:45:00Z: 53.00 refunded, its resources released.',
    };
    const refunded = {
      ...refundedRequest,
      order_id: 8,
      requested_at: '2026-02-27T16:30:00Z',
      refunded_at: '2026-03-01T17:00:00Z',
    };
    const cancelled: Unsubscribable = {
      ...negotiable,
      order_id: 8,
      possible: false,
      note: 'The order is cancelled.',
      order_status: 'cancelled',
      requests: [refunded],
    };
    mockBackend(inTimeZone('Asia/Shanghai', fakeUnsubscriptions([unsubscribed, cancelled])));
    render(MyUnsubscriptions);
    const note = await screen.findByTestId('unsub-note-7');
    await waitFor(() =>
      expect(note.textContent.trim()).toBe(
        'Unsubscribed by the standard rules on 2026-03-07 03:45: 53.00 refunded, its resources released.',
      ),
    );
    const request = screen.getByTestId('unsub-request-1').textContent.replace(/\s+/g, ' ');
    expect(request).toContain('asked on 2026-02-28 00:30');
    expect(request).toContain('Refunded on 2026-03-02 01:00');
  });
});

describe('My KooGallery > Unsubscriptions, a page at a time', () => {
  it('shows the first 20 orders and says how many there are', async () => {
    const calls = mockBackend(fakeUnsubscriptions(many(45)));
    render(MyUnsubscriptions);
    await screen.findByTestId('unsub-order-144');
    expect(asked(calls)).toEqual([{ offset: 0, limit: 20 }]);
    expect(orderIds()).toHaveLength(20);
    expect(orderIds()[19]).toBe(125);
    expect(words('unsubscriptions-range')).toBe('1–20 of 45');
    expect((screen.getByTestId('unsubscriptions-previous') as HTMLButtonElement).disabled).toBe(
      true,
    );
    expect(screen.getByRole('navigation', { name: 'Orders pages' })).toBeTruthy();
  });

  it('moves a page at a time and writes the page in the address', async () => {
    const calls = mockBackend(fakeUnsubscriptions(many(45)));
    render(MyUnsubscriptions);
    await screen.findByTestId('unsubscriptions-range');

    await fireEvent.click(screen.getByTestId('unsubscriptions-next'));
    await waitFor(() => expect(words('unsubscriptions-range')).toBe('21–40 of 45'));
    expect(asked(calls).at(-1)).toEqual({ offset: 20, limit: 20 });
    expect(window.location.hash).toBe('#/my/unsubscriptions?offset=20');
    expect(orderIds()[0]).toBe(124);

    await fireEvent.click(screen.getByTestId('unsubscriptions-previous'));
    await waitFor(() => expect(words('unsubscriptions-range')).toBe('1–20 of 45'));
    expect(window.location.hash).toBe('#/my/unsubscriptions');
    expect(asked(calls).map((page) => page.offset)).toEqual([0, 20, 0]);
  });

  it('follows the address without opening again', async () => {
    const calls = mockBackend(fakeUnsubscriptions(many(45)));
    const { rerender } = render(MyUnsubscriptions, { props: { offset: 0 } });
    await screen.findByTestId('unsubscriptions-range');
    await rerender({ offset: 40 });
    await waitFor(() => expect(words('unsubscriptions-range')).toBe('41–45 of 45'));
    expect(orderIds()).toEqual([104, 103, 102, 101, 100]);
    expect(asked(calls).map((page) => page.offset)).toEqual([0, 40]);
  });

  it('opens the last page for an offset past the end, replacing the address', async () => {
    const calls = mockBackend(fakeUnsubscriptions(many(25)));
    render(MyUnsubscriptions, { props: { offset: 60 } });
    await waitFor(() => expect(words('unsubscriptions-range')).toBe('21–25 of 25'));
    expect(asked(calls).map((page) => page.offset)).toEqual([60, 20]);
    expect(orderIds()).toEqual([104, 103, 102, 101, 100]);
    expect(window.location.hash).toBe('#/my/unsubscriptions?offset=20');
  });

  it('has no pager when one page holds them all', async () => {
    mockBackend(fakeUnsubscriptions(many(20)));
    render(MyUnsubscriptions);
    await screen.findByTestId('unsub-order-119');
    expect(orderIds()).toHaveLength(20);
    expect(screen.queryByTestId('unsubscriptions-pager')).toBeNull();
  });

  it('shows the order a request changed in place, on the page it is on', async () => {
    const orders = many(24);
    orders.splice(21, 0, negotiable);
    mockBackend(fakeUnsubscriptions(orders));
    render(MyUnsubscriptions, { props: { offset: 20 } });
    await screen.findByTestId('unsub-amount-7');
    await fill('300');
    await fireEvent.click(screen.getByTestId('unsub-submit-7'));
    await fireEvent.click(await screen.findByTestId('unsub-confirm-7'));
    await waitFor(() => expect(screen.getByTestId('unsub-possible-7').textContent).toBe('No'));
    expect(orderIds()).toEqual([103, 7, 102, 101, 100]);
    expect(words('unsubscriptions-range')).toBe('21–25 of 25');
  });
});
