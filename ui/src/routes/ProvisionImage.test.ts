import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { clearMocks } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it } from 'vitest';
import type { ProvisionRequest } from '../lib/api';
import { fakeCloud, mysqlImage } from '../lib/testing/fixtures';
import { mockBackend } from '../lib/testing/ipc';
import ProvisionImage from './ProvisionImage.svelte';

afterEach(() => {
  clearMocks();
  window.location.hash = '';
});

const STRONG = 'Kg-Demo-2026!';
const spec = {
  edition: 'standard',
  billing: 'pay_per_use',
  period: null,
  duration: null,
  users: null,
} as const;

function open(mode: 'quick' | 'custom') {
  render(ProvisionImage, { props: { mode, id: mysqlImage.id, spec } });
}

async function typePassword(password: string) {
  await fireEvent.input(await screen.findByTestId('password-input'), {
    target: { value: password },
  });
  await fireEvent.input(screen.getByTestId('password-confirm'), { target: { value: password } });
}

describe('Quick provisioning', () => {
  it('R-IMG-3: shows each password rule live, met or not, and blocks Quickly Enable', async () => {
    mockBackend(fakeCloud());
    open('quick');
    await typePassword('root1234');
    await waitFor(() => {
      const rules = screen.getAllByTestId('password-rule');
      expect(rules.map((r) => r.dataset.met)).toEqual(['true', 'true', 'false', 'false']);
    });
    expect(screen.getByTestId('password-rules').textContent).toContain(
      'not containing the user name root',
    );
    await fireEvent.click(screen.getByTestId('accept-agreements'));
    expect((screen.getByTestId('quickly-enable') as HTMLButtonElement).disabled).toBe(true);

    await typePassword(STRONG);
    await waitFor(() =>
      expect(screen.getAllByTestId('password-rule').every((r) => r.dataset.met === 'true')).toBe(
        true,
      ),
    );
    expect((screen.getByTestId('quickly-enable') as HTMLButtonElement).disabled).toBe(false);
    expect(document.body.textContent).not.toContain(STRONG);
  });

  it('R-BUY-5: itemises image + ECS, adds the EIP when chosen, and offers a VPC to create', async () => {
    mockBackend(fakeCloud());
    open('quick');
    const fees = await screen.findByTestId('fees');
    await waitFor(() => expect(within(fees).getByTestId('quote-total').textContent).toBe('$0.20'));
    expect(
      within(fees)
        .getAllByRole('listitem')
        .map((li) => li.textContent?.trim()),
    ).toEqual(['Image: Standard edition $0.12', 'ECS s6.large.2 $0.08']);
    expect(screen.getByTestId('fees-due').textContent).toContain('Billed by the hour');
    expect(screen.getByTestId('no-vpc')).toBeTruthy();
    expect((screen.getByTestId('vpc-name') as HTMLInputElement).value).toBe('vpc-koogallery');

    await fireEvent.click(screen.getByTestId('eip-enabled'));
    await waitFor(() => expect(within(fees).getByTestId('quote-total').textContent).toBe('$0.25'));
    expect(fees.textContent).toContain('EIP 5 Mbit/s');
  });

  it('R-AGY: shows the agencies and their actions before agreeing, then provisions once', async () => {
    const calls = mockBackend(fakeCloud());
    open('quick');
    await typePassword(STRONG);
    await fireEvent.click(screen.getByTestId('accept-agreements'));
    await waitFor(() =>
      expect((screen.getByTestId('quickly-enable') as HTMLButtonElement).disabled).toBe(false),
    );
    await fireEvent.click(screen.getByTestId('quickly-enable'));

    const dialog = await screen.findByTestId('agency-dialog');
    const agencies = within(dialog).getAllByTestId('agency-to-authorize');
    expect(agencies).toHaveLength(2);
    expect(agencies[0]!.textContent).toContain('KooGallery system account');
    expect(agencies[0]!.textContent).toContain('mkp_deployment_policy (version 2)');
    expect(within(agencies[0]!).getByTestId('agency-actions').textContent).toContain(
      'ecs:servers:create',
    );
    expect(calls.some((c) => c.command === 'agencies_authorize')).toBe(false);

    await fireEvent.click(within(dialog).getByTestId('agency-agree'));
    await waitFor(() => expect(window.location.hash).toBe('#/ecs?highlight=1'));
    const provisions = calls.filter((c) => c.command === 'image_provision');
    const keys = provisions.map((c) => (c.args.request as ProvisionRequest).idempotency_key);
    expect(keys).toHaveLength(2);
    expect(keys[0]).toBe(keys[1]);
    expect(calls.filter((c) => c.command === 'agencies_authorize')).toHaveLength(1);
  });
});

describe('Customized provisioning', () => {
  it('walks the steps, keeps entries going back, and pays from the balance', async () => {
    const calls = mockBackend(fakeCloud());
    open('custom');
    await screen.findByTestId('section-ecs');
    await fireEvent.click(screen.getByTestId('wizard-next'));
    await fireEvent.input(await screen.findByTestId('vpc-name'), { target: { value: 'vpc-shop' } });
    await fireEvent.click(screen.getByTestId('eip-enabled'));
    await fireEvent.click(screen.getByTestId('wizard-next'));

    await fireEvent.input(await screen.findByTestId('ecs-name'), {
      target: { value: 'db-custom' },
    });
    await typePassword(STRONG);
    await waitFor(() =>
      expect(screen.getAllByTestId('password-rule').every((r) => r.dataset.met === 'true')).toBe(
        true,
      ),
    );
    await fireEvent.click(screen.getByTestId('wizard-back'));
    expect(((await screen.findByTestId('vpc-name')) as HTMLInputElement).value).toBe('vpc-shop');
    expect((screen.getByTestId('eip-enabled') as HTMLInputElement).checked).toBe(true);
    await fireEvent.click(screen.getByTestId('wizard-next'));
    expect(((await screen.findByTestId('ecs-name')) as HTMLInputElement).value).toBe('db-custom');
    expect((screen.getByTestId('password-input') as HTMLInputElement).value).toBe(STRONG);
    await fireEvent.click(screen.getByTestId('wizard-next'));

    const summary = await screen.findByTestId('confirm-summary');
    expect(summary.textContent).toContain('new VPC vpc-shop');
    await fireEvent.click(screen.getByTestId('wizard-submit'));
    expect(screen.getByTestId('step-error').textContent).toBe('Tick the agreements to submit.');
    await fireEvent.click(screen.getByTestId('accept-agreements'));
    await fireEvent.click(screen.getByTestId('wizard-submit'));
    const payment = await screen.findByTestId('payment-step');
    expect(within(payment).getAllByTestId('payment-option')[0]!.textContent).toContain(
      'Prepaid balance',
    );
    await fireEvent.click(screen.getByTestId('wizard-pay'));
    await waitFor(() => expect(window.location.hash).toBe('#/ecs?highlight=1'));
    const request = calls.find((c) => c.command === 'image_provision')!.args
      .request as ProvisionRequest;
    expect(request).toMatchObject({
      mode: 'custom',
      name: 'db-custom',
      network: { kind: 'new', vpc_name: 'vpc-shop' },
      configuration: { eip_bandwidth_mbps: 5, billing: 'pay_per_use' },
      payment: { method: 'balance' },
    });
  });

  it('shows a refusal from the core in place', async () => {
    const cloud = fakeCloud();
    mockBackend((command, args) =>
      command === 'image_fees'
        ? (() => {
            throw { code: 'invalid_input', message: 'flavour: "x" is not a flavour on offer' };
          })()
        : cloud(command, args),
    );
    open('quick');
    expect((await screen.findByTestId('fees-error')).textContent).toBe(
      'Flavour: "x" is not a flavour on offer.',
    );
  });
});
