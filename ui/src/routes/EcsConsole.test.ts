import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { clearMocks } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it } from 'vitest';
import type { ProvisionRequest, Subscription } from '../lib/api';
import { active, released } from '../lib/renewals/fixtures';
import { fakeCloud, fakeInstance } from '../lib/testing/fixtures';
import { mockBackend } from '../lib/testing/ipc';
import Agencies from './Agencies.svelte';
import Bills from './Bills.svelte';
import EcsConsole from './EcsConsole.svelte';

afterEach(() => {
  clearMocks();
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
function cloudWith(instances: ReturnType<typeof fakeInstance>[], subscriptions: Subscription[]) {
  const cloud = fakeCloud({ instances });
  return (command: string, args: Record<string, unknown>) =>
    command === 'subscriptions_of_orders'
      ? subscriptions.filter((s) => (args.orders as number[]).includes(s.order_id))
      : cloud(command, args);
}

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
