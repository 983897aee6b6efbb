/**
 * What the tests of Billing Center > Invoices share: the fields filled as a buyer does, and what
 * the screen asked of the backend. Used by tests only.
 */
import { fireEvent, screen } from '@testing-library/svelte';
import type { PageRequest } from '../lib/api';
import type { IpcCall } from '../lib/testing/ipc';

export const input = (testid: string) => screen.getByTestId(testid) as HTMLInputElement;
export const requests = (calls: IpcCall[]) => calls.filter((c) => c.command === 'invoice_request');
/** The order ids of each invoice asked for. */
export const askedFor = (calls: IpcCall[]) =>
  requests(calls).map((c) => (c.args.request as { order_ids: number[] }).order_ids);
/** The pages of paid orders asked for, in order. */
export const pagesAsked = (calls: IpcCall[]) =>
  calls
    .filter((c) => c.command === 'invoice_orders')
    .map((c) => (c.args as { page: PageRequest }).page);
export const words = (testid: string) =>
  screen.getByTestId(testid).textContent.replace(/\s+/g, ' ').trim();
export const button = (testid: string) => screen.getByTestId(testid) as HTMLButtonElement;

export async function fill(
  details: Partial<Record<'title' | 'tax-id' | 'address' | 'email', string>>,
) {
  const all = {
    title: 'Acme Retail Pte Ltd',
    'tax-id': 'SG-2019-0042',
    address: '1 Harbour Road, Singapore 018989',
    email: 'billing@acme.example',
    ...details,
  };
  for (const [field, value] of Object.entries(all)) {
    await fireEvent.input(input(`invoice-${field}`), { target: { value } });
  }
}

/** The arguments of asking for the paid orders from `offset`. */
export function args(offset: number): Record<string, unknown> {
  return { page: { offset, limit: 20 } };
}
