import { describe, expect, it, vi } from 'vitest';
import { ApiFailure, type ProvisionRequest } from '../api';
import {
  agenciesToAuthorize,
  fakeFees,
  fakePasswordCheck,
  flavours,
  mysqlDetail,
  noNetworks,
  postpaidAccount,
  prepaidAccount,
  someNetworks,
} from '../testing/fixtures';
import { Provisioning, type ProvisionServices } from './provision.svelte';

const STRONG = 'Kg-Demo-2026!';

function form(mode: 'quick' | 'custom', services: ProvisionServices = {}, networks = noNetworks) {
  let keys = 0;
  return new Provisioning(mode, mysqlDetail, prepaidAccount, flavours, networks, null, {
    fees: (c) => Promise.resolve(fakeFees(c)),
    checkPassword: (_, p) => Promise.resolve(fakePasswordCheck(p)),
    newKey: () => `key-${++keys}`,
    ...services,
  });
}

async function setPassword(f: Provisioning, password: string) {
  f.password = password;
  f.confirmPassword = password;
  await f.checkPassword(password);
}

describe('Provisioning defaults', () => {
  it('preselects the recommended flavour, a new VPC when there is none, and the seller group', () => {
    const f = form('quick');
    expect(f.flavour).toBe('s6.large.2');
    expect(f.networkKind).toBe('new');
    expect(f.network).toEqual({
      kind: 'new',
      vpc_name: 'vpc-koogallery',
      vpc_cidr: '192.168.0.0/16',
      subnet_cidr: null,
    });
    expect(f.securityGroup).toEqual({ kind: 'recommended' });
  });

  it('takes the first VPC and its first subnet when the account has some', () => {
    const f = form('quick', {}, someNetworks);
    expect(f.network).toEqual({ kind: 'existing', vpc_id: 1, subnet_id: 1 });
    f.selectVpc(2);
    expect(f.network).toEqual({ kind: 'existing', vpc_id: 2, subnet_id: 2 });
  });
});

describe('The customized wizard (mirrors images/wizard.rs)', () => {
  it('goes forward only when the step is complete, and back and forth keeps every entry', async () => {
    const f = form('custom');
    expect(f.step).toBe('buy_ecs');
    expect(f.goTo('advanced_settings')).toBe(false);
    expect(f.forward()).toBe(true);
    expect(f.step).toBe('configure_network');

    f.newVpcName = '';
    expect(f.forward()).toBe(false);
    expect(f.stepError).toContain('Name the new VPC');
    f.newVpcName = 'vpc-shop';
    f.newVpcCidr = '10.0.0.0/16';
    f.eipEnabled = true;
    f.eipBandwidth = 500;
    expect(f.forward()).toBe(false);
    expect(f.stepError).toContain('1 to 300');
    f.eipBandwidth = 10;
    expect(f.forward()).toBe(true);

    f.name = 'db-custom';
    await setPassword(f, 'root1234');
    expect(f.forward()).toBe(false);
    expect(f.stepError).toBe('The password does not meet every rule yet.');
    await setPassword(f, STRONG);
    f.confirmPassword = 'other';
    expect(f.forward()).toBe(false);
    expect(f.stepError).toBe('The two passwords differ.');
    f.confirmPassword = STRONG;
    expect(f.forward()).toBe(true);
    expect(f.step).toBe('confirm');

    // Back to the network through the step bar, then forward again: nothing is lost.
    expect(f.goTo('configure_network')).toBe(true);
    expect(f.step).toBe('configure_network');
    expect([f.newVpcName, f.newVpcCidr, f.eipEnabled, f.eipBandwidth]).toEqual([
      'vpc-shop',
      '10.0.0.0/16',
      true,
      10,
    ]);
    f.back();
    expect(f.step).toBe('buy_ecs');
    expect(f.forward() && f.forward() && f.forward()).toBe(true);
    expect([f.name, f.password, f.step]).toEqual(['db-custom', STRONG, 'confirm']);

    // Confirm's Submit needs the agreements, then leads to payment.
    await f.refreshFees();
    expect(f.forward()).toBe(false);
    expect(f.stepError).toBe('Tick the agreements to submit.');
    f.acceptAgreements = true;
    expect(f.forward()).toBe(true);
    expect(f.step).toBe('payment');
    expect(f.forward()).toBe(false);
  });

  it('sends the whole request with the payment chosen, and the same key on a retry', async () => {
    const seen: ProvisionRequest[] = [];
    let fail = true;
    const f = new Provisioning(
      'custom',
      mysqlDetail,
      postpaidAccount,
      flavours,
      someNetworks,
      { edition: 'standard', billing: 'yearly_monthly', period: 'month', duration: 3, users: null },
      {
        fees: (c) => Promise.resolve(fakeFees(c)),
        checkPassword: (_, p) => Promise.resolve(fakePasswordCheck(p)),
        newKey: vi.fn().mockReturnValueOnce('k1').mockReturnValueOnce('k2'),
        provision: (request) => {
          seen.push(request);
          if (fail) {
            fail = false;
            return Promise.reject(new ApiFailure('payment_declined', 'the card was declined'));
          }
          return Promise.resolve({ order: {} as never, instances: [] });
        },
      },
    );
    await setPassword(f, STRONG);
    f.acceptAgreements = true;
    f.step = 'payment';
    f.paymentKey = 'card:2';
    expect(await f.submit()).toBeNull();
    expect(f.error?.code).toBe('payment_declined');
    f.paymentKey = 'credit';
    expect(await f.submit()).not.toBeNull();
    expect(seen.map((r) => r.idempotency_key)).toEqual(['k1', 'k2']);
    expect(seen[1]).toMatchObject({
      mode: 'custom',
      configuration: {
        billing: 'yearly_monthly',
        period: 'month',
        duration: 3,
        quantity: 1,
        flavour: 's6.large.2',
        eip_bandwidth_mbps: null,
      },
      network: { kind: 'existing', vpc_id: 1, subnet_id: 1 },
      security_group: { kind: 'recommended' },
      payment: { method: 'credit' },
      accept_agreements: true,
    });
    expect(f.password).toBe('');
  });
});

describe('Quick provisioning and agencies (R-AGY)', () => {
  it('asks for the agencies, and after Agree provisions once with the same key', async () => {
    const provision = vi
      .fn()
      .mockRejectedValueOnce(new ApiFailure('authorization_required', 'needs agencies'))
      .mockResolvedValue({ order: {}, instances: [{ id: 4 }] });
    const authorize = vi.fn().mockResolvedValue([]);
    const f = form('quick', {
      provision,
      authorize,
      pending: () => Promise.resolve(agenciesToAuthorize),
    });
    await setPassword(f, STRONG);
    await f.refreshFees();
    f.acceptAgreements = true;
    expect(f.quickMissing).toBeNull();

    expect(await f.submit()).toBeNull();
    expect(f.agencies).toEqual(agenciesToAuthorize);
    expect(f.error).toBeNull();
    expect(authorize).not.toHaveBeenCalled();

    const result = await f.agree();
    expect(result?.instances[0]?.id).toBe(4);
    expect(authorize).toHaveBeenCalledOnce();
    const keys = provision.mock.calls.map(([r]) => (r as ProvisionRequest).idempotency_key);
    expect(keys).toEqual(['key-1', 'key-1']);
    expect(f.agencies).toBeNull();
  });

  it('Not now closes the dialog and says why nothing happened', async () => {
    const f = form('quick', {
      provision: () => Promise.reject(new ApiFailure('authorization_required', 'x')),
      pending: () => Promise.resolve(agenciesToAuthorize),
    });
    await setPassword(f, STRONG);
    await f.refreshFees();
    f.acceptAgreements = true;
    await f.submit();
    f.decline();
    expect(f.agencies).toBeNull();
    expect(f.stepError).toContain('needs your authorization');
  });

  it('blocks Quickly Enable while the password breaks a rule', async () => {
    const f = form('quick');
    await f.refreshFees();
    f.acceptAgreements = true;
    await setPassword(f, 'root1234');
    expect(f.quickMissing).toBe('The password does not meet every rule yet.');
    expect(await f.submit()).toBeNull();
  });
});
