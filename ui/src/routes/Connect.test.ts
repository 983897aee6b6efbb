import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { clearMocks } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiError } from '../lib/api';
import { kiosk } from '../lib/demo/kiosk.svelte';
import { copyStatus } from '../lib/sync/status.svelte';
import { copyOf } from '../lib/sync/testing';
import { mockBackend } from '../lib/testing/ipc';
import Connect from './Connect.svelte';

afterEach(() => {
  clearMocks();
  copyStatus.set(null);
  kiosk.on = false;
  window.location.hash = '';
});

async function fill(fields: Record<string, string>) {
  for (const [testid, value] of Object.entries(fields)) {
    await fireEvent.input(screen.getByTestId(testid), { target: { value } });
  }
}

const acting = {
  role: 'seller',
  account: { id: 'acme-prepaid', name: 'Acme', kind: 'direct_prepaid' },
  seller: { id: 'dolphin-data', name: 'Dolphin Data', products: 0 },
  accounts: [],
  sellers: [],
};

describe('Connect (R-SYNC-1)', () => {
  it('connects with the address, the code typed in lower case and a name, then opens Sync', async () => {
    copyStatus.set(null);
    const calls = mockBackend((command) => {
      if (command === 'sync_connect') return copyOf();
      if (command === 'role_show') return acting;
      throw { code: 'internal', message: command } satisfies ApiError;
    });
    render(Connect);
    await fill({
      'connect-address': ' http://127.0.0.1:8765 ',
      'connect-code': 'k7qm-2xhp-9tra',
      'connect-name': 'Field laptop',
    });
    expect(screen.queryByTestId('connect-fingerprint')).toBeNull();
    await fireEvent.click(screen.getByTestId('connect-submit'));
    await waitFor(() => expect(window.location.hash).toBe('#/sync'));
    expect(calls.find((c) => c.command === 'sync_connect')?.args).toEqual({
      address: 'http://127.0.0.1:8765',
      code: 'K7QM-2XHP-9TRA',
      deviceName: 'Field laptop',
      fingerprint: null,
    });
    expect(copyStatus.copy?.link.seller_id).toBe('dolphin-data');
  });

  it('on a kiosk, says the stand does not connect and offers no form', () => {
    kiosk.on = true;
    copyStatus.set(null);
    mockBackend(() => {
      throw { code: 'internal', message: 'unexpected' } satisfies ApiError;
    });
    render(Connect);
    expect(screen.getByTestId('connect-kiosk').textContent.replace(/\s+/g, ' ')).toContain(
      'This demo stand does not connect to a marketplace.',
    );
    expect(screen.queryByTestId('connect-form')).toBeNull();
    expect(screen.queryByTestId('connect-submit')).toBeNull();
    expect(screen.queryByRole('textbox')).toBeNull();
  });

  it('outside a kiosk, offers the form', () => {
    copyStatus.set(null);
    mockBackend(() => {
      throw { code: 'internal', message: 'unexpected' } satisfies ApiError;
    });
    render(Connect);
    expect(screen.getByTestId('connect-form')).toBeTruthy();
    expect(screen.getByTestId('connect-submit')).toBeTruthy();
    expect(screen.queryByTestId('connect-kiosk')).toBeNull();
  });

  it('marks the wrong fields and sends nothing', async () => {
    const calls = mockBackend(() => {
      throw { code: 'internal', message: 'unexpected' } satisfies ApiError;
    });
    render(Connect);
    await fill({ 'connect-address': '192.168.1.20', 'connect-code': 'K7QM' });
    await fireEvent.click(screen.getByTestId('connect-submit'));
    expect(screen.getByTestId('connect-error').textContent).toContain('Fill in the fields');
    expect(screen.getByTestId('connect-address').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByTestId('connect-code').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByTestId('connect-name').getAttribute('aria-invalid')).toBe('true');
    expect(calls).toEqual([]);
  });

  it('asks a secure address for the fingerprint and sends it to be pinned', async () => {
    const pin = 'AB:'.repeat(31) + 'AB';
    const calls = mockBackend((command) => {
      if (command === 'sync_connect') return copyOf();
      return acting;
    });
    render(Connect);
    await fill({
      'connect-address': 'https://market.example:8443',
      'connect-code': 'K7QM-2XHP-9TRA',
      'connect-name': 'Field laptop',
    });
    await fireEvent.click(screen.getByTestId('connect-submit'));
    expect(screen.getByTestId('connect-fingerprint').getAttribute('aria-invalid')).toBe('true');
    expect(calls).toEqual([]);
    await fill({ 'connect-fingerprint': pin });
    await fireEvent.click(screen.getByTestId('connect-submit'));
    await waitFor(() => expect(calls.some((c) => c.command === 'sync_connect')).toBe(true));
    expect(calls.find((c) => c.command === 'sync_connect')?.args.fingerprint).toBe(pin);
  });

  it("shows the marketplace's refusal of a used code and stays on the form", async () => {
    mockBackend(() => {
      throw {
        code: 'unauthenticated',
        message: 'this enrolment code is not valid: it was used, has expired or was never issued',
      } satisfies ApiError;
    });
    render(Connect);
    await fill({
      'connect-address': 'http://127.0.0.1:8765',
      'connect-code': 'K7QM-2XHP-9TRA',
      'connect-name': 'Field laptop',
    });
    await fireEvent.click(screen.getByTestId('connect-submit'));
    const error = await screen.findByTestId('connect-error');
    expect(error.textContent).toContain('This enrolment code is not valid');
    expect(screen.getByTestId('connect-form')).toBeTruthy();
    expect(copyStatus.copy).toBeNull();
  });

  it('says so when the app is already a copy', () => {
    copyStatus.set(copyOf());
    mockBackend(() => null);
    render(Connect);
    expect(screen.getByTestId('connect-already').textContent).toContain(
      'https://192.168.1.20:8765',
    );
    expect(screen.queryByTestId('connect-form')).toBeNull();
  });
});
