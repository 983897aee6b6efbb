import { describe, expect, it } from 'vitest';
import { checkConnection, type ConnectForm } from './connect';

const GOOD: ConnectForm = {
  address: 'http://127.0.0.1:8765',
  code: 'K7QM-2XHP-9TRA',
  name: 'Field laptop',
  fingerprint: '',
};

const PIN = Array.from({ length: 32 }, (_, i) => (i * 7).toString(16).padStart(2, '0').slice(-2))
  .join(':')
  .toUpperCase();

describe('the Connect form (R-SYNC-1)', () => {
  it('takes an address, a code and a name; a code typed in lower case too', () => {
    expect(checkConnection(GOOD)).toEqual({});
    expect(checkConnection({ ...GOOD, code: ' k7qm-2xhp-9tra ' })).toEqual({});
  });

  it.each([
    ['address', { address: '192.168.1.20:8765' }],
    ['address', { address: 'http://' }],
    ['address', { address: 'ftp://market' }],
    ['address', { address: 'http://192.168.1.20:8765' }],
    ['code', { code: 'K7QM2XHP9TRA' }],
    ['code', { code: 'K7QM-2XHP' }],
    ['name', { name: '   ' }],
  ] as const)('marks the %s of %o', (field, change) => {
    expect(Object.keys(checkConnection({ ...GOOD, ...change }))).toEqual([field]);
  });

  it('takes plain HTTP on this computer only', () => {
    for (const address of ['http://localhost:8765', 'http://127.0.0.1:9', 'http://[::1]:8765/']) {
      expect(checkConnection({ ...GOOD, address })).toEqual({});
    }
    expect(checkConnection({ ...GOOD, address: 'http://market.example:8765' }).address).toBe(
      'Beyond this computer the marketplace is reached over https://.',
    );
  });

  it('asks a secure address for the fingerprint to pin, with or without colons', () => {
    const secure = { ...GOOD, address: 'https://market.example:8443' };
    expect(Object.keys(checkConnection(secure))).toEqual(['fingerprint']);
    expect(checkConnection({ ...secure, fingerprint: PIN })).toEqual({});
    expect(
      checkConnection({ ...secure, fingerprint: PIN.replaceAll(':', '').toLowerCase() }),
    ).toEqual({});
    expect(Object.keys(checkConnection({ ...secure, fingerprint: PIN.slice(3) }))).toEqual([
      'fingerprint',
    ]);
  });
});
