/**
 * Service flows as the core lists them, for the tests of the Seller Console's queue and
 * appeals and of Operations > Appeals. Times are UTC, as the core stores them.
 */
import type { FlowSummary } from '../api';

/** A flow of Orbit CRM bought by Acme, waiting on the seller to deliver. */
export const waitingFlow: FlowSummary = {
  order_id: 7,
  product_id: 'orbit-crm',
  product_name: 'Orbit CRM',
  delivery: 'saas',
  buyer_name: 'Acme Retail (prepaid)',
  seller_name: 'Orbit Software',
  state: 'seller_deploying',
  step: 'Seller deploys service',
  waiting_on: 'seller',
  next: 'The seller deploys the service and delivers',
  due_at: '2026-03-06T09:01:00Z',
  due_label: 'Appeal possible from',
  order_status: 'processing',
  amount: '600.00',
  paid_at: '2026-03-01T09:00:00Z',
  updated_at: '2026-03-01T09:00:00Z',
  appeal_opened_at: null,
  appellant: null,
  appellant_party: null,
};

export function flowOf(overrides: Partial<FlowSummary>): FlowSummary {
  return { ...waitingFlow, ...overrides };
}

/** A frozen flow: the buyer appealed the seller's silence. */
export const buyerAppeal: FlowSummary = flowOf({
  order_id: 3,
  product_id: 'vault-backup',
  product_name: 'Vault Backup License',
  delivery: 'license',
  state: 'frozen',
  step: 'Under appeal',
  waiting_on: 'operations_manager',
  next: 'The operations manager settles the appeal',
  due_at: null,
  due_label: null,
  amount: '1200.00',
  appeal_opened_at: '2026-03-08T07:30:00Z',
  appellant: 'Acme Retail (prepaid)',
  appellant_party: 'buyer',
});

/** A frozen flow: the seller appealed (the buyer could not be reached). */
export const sellerAppeal: FlowSummary = flowOf({
  order_id: 9,
  buyer_name: 'Blue Harbor (postpaid)',
  state: 'frozen',
  step: 'Under appeal',
  waiting_on: 'operations_manager',
  next: 'The operations manager settles the appeal',
  due_at: null,
  due_label: null,
  amount: '49.50',
  appeal_opened_at: '2026-03-10T09:15:00Z',
  appellant: 'Orbit Software',
  appellant_party: 'seller',
});
