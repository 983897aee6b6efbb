import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { clearMocks } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it } from 'vitest';
import type { EcsInstance, PageRequest, ProvisionRequest, Subscription } from '../lib/api';
import { active, released } from '../lib/renewals/fixtures';
import { fakeCloud, fakeInstance } from '../lib/testing/fixtures';
import { deferred, mockBackend, type IpcCall } from '../lib/testing/ipc';
import Agencies from './Agencies.svelte';
import Bills from './Bills.svelte';
import EcsConsole from './EcsConsole.svelte';

afterEach(() => {
  clearMocks();
  window.location.hash = '';
});

const request = {
  mode: 'quick',
  configuration: {
    product_id: 'mysql-ha-image',
    edition: 'standard',
    billing: 'pay_per_use',
    flavour: 's6.large.2',
    eip_bandwidth_mbps: 5,
  },
  network: { kind: 'new', vpc_name: 'vpc-shop', vpc_cidr: '10.0.0.0/16' },
  security_group: { kind: 'recommended' },
  name: 'db-with-a-rather-long-name-for-a-database-server-1',
  password: 'never shown',
  accept_agreements: true,
  idempotency_key: 'k',
} as ProvisionRequest;

/** A yearly/monthly instance of order `id`, the way the wizard provisions one. */
const yearly = (id: number) =>
  fakeInstance(id, {
    ...request,
    configuration: { ...request.configuration, billing: 'yearly_monthly', period: 'month' },
    name: `db-yearly-${id}`,
  } as ProvisionRequest);

/** The image's subscription of order `orderId`, as Billing Center > Renewals lists it. */
const imageSubscription = (id: number, orderId: number, state: Subscription['state']) => ({
  ...(state === 'active' ? active : released),
  id,
  order_id: orderId,
  product_id: 'mysql-ha-image',
  product_name: 'MySQL 8 High Availability',
  delivery: 'image' as const,
  edition: 'standard',
  users: null,
});

/** The cloud's commands, with the buyer's subscriptions found by their orders. */
function cloudWith(instances: EcsInstance[], subscriptions: Subscription[]) {
  const cloud = fakeCloud({ instances });
  return (command: string, args: Record<string, unknown>) =>
    command === 'subscriptions_of_orders'
      ? subscriptions.filter((s) => (args.orders as number[]).includes(s.order_id))
      : cloud(command, args);
}

/** `count` yearly/monthly instances, newest (the highest id) first, two to an order. */
const many = (count: number): EcsInstance[] =>
  Array.from({ length: count }, (_, index) => {
    const id = count - index;
    return { ...yearly(id), order_id: Math.ceil(id / 2) };
  });

/** The pages the console asked the backend for, in order. */
const asked = (calls: IpcCall[]) =>
  calls.filter((c) => c.command === 'ecs_list').map((c) => c.args.page as PageRequest);
/** The orders whose subscriptions the console looked up, lookup by lookup. */
const lookedUp = (calls: IpcCall[]) =>
  calls.filter((c) => c.command === 'subscriptions_of_orders').map((c) => c.args.orders);
const rowIds = () => screen.queryAllByTestId('ecs-row').map((r) => Number(r.dataset.id));
const row = (id: number) => screen.getAllByTestId('ecs-row').find((r) => r.dataset.id === `${id}`)!;
const words = (testid: string) =>
  screen.getByTestId(testid).textContent?.replace(/\s+/g, ' ').trim();
/** Orders `from` down to `to`. */
const orders = (from: number, to: number) =>
  Array.from({ length: from - to + 1 }, (_, index) => from - index);

describe('ECS console', () => {
  it('lists instances with flavour, image, state, billing, expiry and EIP; the new one highlighted', async () => {
    mockBackend(fakeCloud({ instances: [fakeInstance(1, request)] }));
    render(EcsConsole, { props: { highlight: 1 } });
    const row = (await screen.findAllByTestId('ecs-row'))[0]!;
    expect(row.classList.contains('highlight')).toBe(true);
    for (const text of [
      'db-with-a-rather-long-name',
      's6.large.2',
      'MySQL 8 High Availability',
      'Running',
      'Pay-per-use',
      '198.18.0.7',
    ]) {
      expect(row.textContent).toContain(text);
    }
  });

  it('asks before stopping, stops, and shows a refusal from the core in place', async () => {
    const calls = mockBackend(fakeCloud({ instances: [fakeInstance(1, request)] }));
    render(EcsConsole, { props: { highlight: null } });
    await fireEvent.click(await screen.findByTestId('ecs-stop'));
    expect(calls.some((c) => c.command === 'ecs_stop')).toBe(false);
    expect(screen.getByTestId('ecs-confirm').textContent).toContain('still billed');
    await fireEvent.click(screen.getByTestId('ecs-confirm-action'));
    await waitFor(() => expect(screen.getByTestId('ecs-state').textContent).toContain('Stopped'));
    expect(screen.getByTestId('ecs-done').textContent).toContain('stopped');

    // Delete, confirmed.
    await fireEvent.click(screen.getByTestId('ecs-delete'));
    await fireEvent.click(screen.getByTestId('ecs-confirm-action'));
    await waitFor(() => expect(screen.getByTestId('ecs-state').textContent).toContain('Deleted'));
    expect(screen.queryByTestId('ecs-start')).toBeNull();
  });

  it('shows a conflict where the action was asked', async () => {
    const cloud = fakeCloud({ instances: [fakeInstance(1, request)] });
    mockBackend((command, args) => {
      if (command === 'ecs_stop')
        throw { code: 'conflict', message: 'ECS 1 cannot be stopped because it is deleted' };
      return cloud(command, args);
    });
    render(EcsConsole, { props: { highlight: null } });
    await fireEvent.click(await screen.findByTestId('ecs-stop'));
    await fireEvent.click(screen.getByTestId('ecs-confirm-action'));
    expect((await screen.findByTestId('ecs-error')).textContent).toBe(
      'ECS 1 cannot be stopped because it is deleted.',
    );
  });

  it("links a yearly/monthly instance to its subscription's Upgrade Specification", async () => {
    const rows = () => screen.getAllByTestId('ecs-row');
    const calls = mockBackend(
      cloudWith([yearly(1), fakeInstance(2, request)], [imageSubscription(9, 1, 'active')]),
    );
    render(EcsConsole, { props: { highlight: null } });
    await screen.findAllByTestId('ecs-row');
    const row = rows().find((r) => r.dataset.id === '1')!;
    const link = await within(row).findByTestId('ecs-upgrade');
    expect(link.textContent).toBe('Upgrade specification');
    expect(link.getAttribute('href')).toBe('#/billing/renewals/9');
    // Pay-per-use has no subscription, so no upgrade.
    const payPerUse = rows().find((r) => r.dataset.id === '2')!;
    expect(payPerUse.textContent).toContain('Pay-per-use');
    expect(within(payPerUse).queryByTestId('ecs-upgrade')).toBeNull();
    // Only the listed instances' orders are looked up, once.
    const lookups = calls.filter((c) => c.command === 'subscriptions_of_orders');
    expect(lookups.map((c) => c.args.orders)).toEqual([[1, 2]]);
  });

  it('offers no upgrade once the subscription is no longer in use', async () => {
    mockBackend(
      cloudWith(
        [yearly(1), yearly(2)],
        [imageSubscription(9, 1, 'active'), imageSubscription(10, 2, 'released')],
      ),
    );
    render(EcsConsole, { props: { highlight: null } });
    const rows = await screen.findAllByTestId('ecs-row');
    await within(rows.find((r) => r.dataset.id === '1')!).findByTestId('ecs-upgrade');
    expect(within(rows.find((r) => r.dataset.id === '2')!).queryByTestId('ecs-upgrade')).toBeNull();
  });

  it('has an empty state, and looks no subscription up', async () => {
    const calls = mockBackend(fakeCloud());
    render(EcsConsole, { props: { highlight: null } });
    expect((await screen.findByTestId('empty-state')).textContent).toContain(
      'No ECS instances yet',
    );
    expect(calls.some((c) => c.command === 'subscriptions_of_orders')).toBe(false);
    expect(screen.queryByTestId('ecs-pager')).toBeNull();
  });

  it('has an error state whose Retry asks for the same page again', async () => {
    let fail = true;
    const cloud = fakeCloud({ instances: many(45) });
    const calls = mockBackend((command, args) => {
      if (fail && command === 'ecs_list') {
        throw { code: 'storage', message: 'the data file could not be read' };
      }
      return cloud(command, args);
    });
    render(EcsConsole, { props: { highlight: null, offset: 20 } });
    expect((await screen.findByTestId('error-message')).textContent).toBe(
      'the data file could not be read',
    );
    expect(lookedUp(calls)).toEqual([]);
    fail = false;
    await fireEvent.click(screen.getByTestId('retry'));
    await waitFor(() => expect(words('ecs-range')).toBe('21–40 of 45'));
    expect(asked(calls)).toEqual([
      { offset: 20, limit: 20 },
      { offset: 20, limit: 20 },
    ]);
  });

  it('offers no upgrade when the subscriptions cannot be looked up', async () => {
    const cloud = fakeCloud({ instances: [yearly(1)] });
    mockBackend((command, args) => {
      if (command === 'subscriptions_of_orders') {
        throw { code: 'storage', message: 'the data file could not be read' };
      }
      return cloud(command, args);
    });
    render(EcsConsole, { props: { highlight: null } });
    await screen.findAllByTestId('ecs-row');
    // Let the failed lookup settle: the row stays, without a link.
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(rowIds()).toEqual([1]);
    expect(screen.queryByTestId('ecs-upgrade')).toBeNull();
    expect(screen.queryByTestId('error-message')).toBeNull();
  });
});

describe('ECS console pages', () => {
  it('shows 20 instances at a time; Next asks for the next 20 and writes the address', async () => {
    const calls = mockBackend(cloudWith(many(45), []));
    render(EcsConsole, { props: { highlight: null, offset: 0 } });
    await waitFor(() => expect(rowIds()).toHaveLength(20));
    expect(rowIds()[0]).toBe(45);
    expect(words('ecs-range')).toBe('1–20 of 45');
    expect(screen.getByRole('navigation', { name: 'Instances pages' })).toBe(
      screen.getByTestId('ecs-pager'),
    );
    expect(asked(calls)).toEqual([{ offset: 0, limit: 20 }]);

    await fireEvent.click(screen.getByTestId('ecs-next'));
    await waitFor(() => expect(words('ecs-range')).toBe('21–40 of 45'));
    expect(asked(calls).at(-1)).toEqual({ offset: 20, limit: 20 });
    expect(rowIds()).toEqual(orders(25, 6));
    expect(window.location.hash).toBe('#/ecs?offset=20');

    await fireEvent.click(screen.getByTestId('ecs-next'));
    await waitFor(() => expect(words('ecs-range')).toBe('41–45 of 45'));
    expect(rowIds()).toEqual([5, 4, 3, 2, 1]);
    expect(window.location.hash).toBe('#/ecs?offset=40');
  });

  it('looks up the subscriptions of the orders on the page shown only, again after Next', async () => {
    const calls = mockBackend(
      cloudWith(many(45), [imageSubscription(9, 13, 'active'), imageSubscription(10, 3, 'active')]),
    );
    render(EcsConsole, { props: { highlight: null } });
    // Instances 45 to 26, two to an order: each order once.
    await waitFor(() => expect(lookedUp(calls)).toEqual([orders(23, 13)]));
    await within(row(26)).findByTestId('ecs-upgrade');
    expect(screen.getAllByTestId('ecs-upgrade')).toHaveLength(1);

    await fireEvent.click(screen.getByTestId('ecs-next'));
    await waitFor(() => expect(lookedUp(calls)).toEqual([orders(23, 13), orders(13, 3)]));
    // Order 13 is on both pages; order 3's instance 6 is on the second only.
    await within(row(6)).findByTestId('ecs-upgrade');
    expect(within(row(25)).getByTestId('ecs-upgrade').getAttribute('href')).toBe(
      '#/billing/renewals/9',
    );
    expect(within(row(6)).getByTestId('ecs-upgrade').getAttribute('href')).toBe(
      '#/billing/renewals/10',
    );
    expect(screen.getAllByTestId('ecs-upgrade')).toHaveLength(2);
  });

  it('keeps the links of the page shown when an earlier lookup answers late', async () => {
    const slow = deferred<Subscription[]>();
    const cloud = cloudWith(many(45), [imageSubscription(10, 3, 'active')]);
    let lookups = 0;
    mockBackend((command, args) =>
      command === 'subscriptions_of_orders' && ++lookups === 1
        ? slow.promise
        : cloud(command, args),
    );
    render(EcsConsole, { props: { highlight: null } });
    await waitFor(() => expect(rowIds()).toHaveLength(20));
    await fireEvent.click(screen.getByTestId('ecs-next'));
    await waitFor(() => expect(words('ecs-range')).toBe('21–40 of 45'));
    await within(row(6)).findByTestId('ecs-upgrade');
    // The first page's answer, late and without order 3.
    slow.resolve([]);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(within(row(6)).queryByTestId('ecs-upgrade')).not.toBeNull();
  });

  it('opens the last page for an offset past the end', async () => {
    const calls = mockBackend(cloudWith(many(25), []));
    render(EcsConsole, { props: { highlight: null, offset: 60 } });
    await waitFor(() => expect(rowIds()).toEqual([5, 4, 3, 2, 1]));
    expect(asked(calls).map((page) => page.offset)).toEqual([60, 20]);
    expect(words('ecs-range')).toBe('21–25 of 25');
    expect(window.location.hash).toBe('#/ecs?offset=20');
    expect(screen.queryByTestId('empty-state')).toBeNull();
    // Nothing looked up for the empty page past the end.
    await waitFor(() => expect(lookedUp(calls)).toEqual([[3, 2, 1]]));
  });

  it('reloads the page shown after an action', async () => {
    const calls = mockBackend(cloudWith(many(45), []));
    render(EcsConsole, { props: { highlight: null, offset: 20 } });
    await waitFor(() => expect(words('ecs-range')).toBe('21–40 of 45'));
    await fireEvent.click(within(row(25)).getByTestId('ecs-stop'));
    await fireEvent.click(screen.getByTestId('ecs-confirm-action'));
    await waitFor(() =>
      expect(within(row(25)).getByTestId('ecs-state').textContent).toContain('Stopped'),
    );
    expect(asked(calls)).toEqual([
      { offset: 20, limit: 20 },
      { offset: 20, limit: 20 },
    ]);
    expect(rowIds()).toEqual(orders(25, 6));
    expect(words('ecs-range')).toBe('21–40 of 45');
  });

  it('keeps the new instance highlighted, and in the address, from page to page', async () => {
    mockBackend(cloudWith(many(45), []));
    render(EcsConsole, { props: { highlight: 45 } });
    await waitFor(() => expect(rowIds()).toHaveLength(20));
    const highlighted = () =>
      screen.queryAllByTestId('ecs-row').filter((r) => r.classList.contains('highlight'));
    expect(highlighted().map((r) => r.dataset.id)).toEqual(['45']);
    expect(row(45).dataset.tour).toBe('new-instance');
    expect(row(45).textContent).toContain('new');

    await fireEvent.click(screen.getByTestId('ecs-next'));
    await waitFor(() => expect(words('ecs-range')).toBe('21–40 of 45'));
    expect(window.location.hash).toBe('#/ecs?highlight=45&offset=20');
    expect(highlighted()).toEqual([]);

    await fireEvent.click(screen.getByTestId('ecs-previous'));
    await waitFor(() => expect(words('ecs-range')).toBe('1–20 of 45'));
    expect(window.location.hash).toBe('#/ecs?highlight=45');
    expect(highlighted().map((r) => r.dataset.id)).toEqual(['45']);
  });
});

describe('Bills and agencies', () => {
  it('lists hourly charges with their status', async () => {
    mockBackend(fakeCloud());
    render(Bills);
    const rows = await screen.findAllByTestId('bill-row');
    expect(rows).toHaveLength(2);
    expect(rows[1]!.textContent).toContain('$0.08');
    expect(rows[1]!.textContent).toContain('Unpaid (arrears)');
  });

  it('flags retired agencies, deletes one after asking, and authorizes what is missing', async () => {
    const calls = mockBackend(
      fakeCloud({
        agencies: [
          {
            name: 'mkp_ims_trust',
            delegatee: 'KooGallery (retired)',
            policy: null,
            policy_version: null,
            status: 'retired',
            created_at: '2024-01-01T00:00:00Z',
          },
        ],
      }),
    );
    render(Agencies);
    const row = (await screen.findAllByTestId('agency-row'))[0]!;
    expect(within(row).getByTestId('agency-status').textContent).toBe('Retired: delete it');
    await fireEvent.click(within(row).getByTestId('agency-delete'));
    await fireEvent.click(within(row).getByTestId('agency-delete-confirm'));
    await screen.findByText('No agencies');
    expect(calls.filter((c) => c.command === 'agency_delete')[0]!.args).toEqual({
      name: 'mkp_ims_trust',
    });

    await fireEvent.click(screen.getByTestId('agencies-authorize'));
    const dialog = await screen.findByTestId('agency-dialog');
    expect(dialog.textContent).toContain('rfs:stacks:create');
    await fireEvent.click(within(dialog).getByTestId('agency-agree'));
    await waitFor(() => expect(screen.getAllByTestId('agency-row')).toHaveLength(2));
    expect(screen.queryByTestId('agencies-pending')).toBeNull();
  });
});
