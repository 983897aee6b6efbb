/**
 * Who the app acts as — a buyer account, a seller, the operations manager — shared by the
 * top bar's switcher and the screens that depend on it.
 *
 * A switch bumps `version`: App.svelte keys the screen on it, so whatever was on screen loads
 * again for the new account or role instead of showing the previous one's data.
 */
import {
  loadActingAs,
  switchRole,
  type AccountKind,
  type ActingAs,
  type ApiFailure,
  type Role,
  type RoleChoice,
} from '../api';
import type { Route } from '../router/route';
import { asFailure } from '../util/resource.svelte';

const KIND_LABELS: Record<AccountKind, string> = {
  direct_prepaid: 'Direct prepaid',
  direct_postpaid: 'Direct postpaid',
  reseller_customer: 'Reseller customer',
};

/** "Direct prepaid", "Reseller customer"… */
export function accountKindLabel(kind: AccountKind): string {
  return KIND_LABELS[kind];
}

const ROLE_LABELS: Record<Role, string> = {
  buyer: 'Buyer',
  seller: 'Seller',
  operations_manager: 'Operations manager',
};

export function roleLabel(role: Role): string {
  return ROLE_LABELS[role];
}

/** Who the app acts as, in a few words: "Acme Corp · Buyer", "Northwind · Seller". */
export function actingWords(acting: ActingAs): string {
  switch (acting.role) {
    case 'buyer':
      return `${acting.account.name} · Buyer`;
    case 'seller':
      return `${acting.seller?.name ?? 'No seller'} · Seller`;
    case 'operations_manager':
      return 'Operations manager';
  }
}

/**
 * Where a switch leads: a seller to Seller Center, the operations manager to Operations, and a
 * buyer stays where it is unless that was another role's screen.
 */
export function landingAfterSwitch(role: Role, current: Route): Route | null {
  if (role === 'seller') return { name: 'seller_center' };
  if (role === 'operations_manager') return { name: 'operations' };
  return current.name === 'seller_center' || current.name === 'operations'
    ? { name: 'home' }
    : null;
}

class ActingAsState {
  current = $state.raw<ActingAs | null>(null);
  error = $state.raw<ApiFailure | null>(null);
  switching = $state(false);
  version = $state(0);

  async load(): Promise<void> {
    try {
      this.current = await loadActingAs();
      this.error = null;
    } catch (error) {
      this.error = asFailure(error);
    }
  }

  /** Acts as `choice`; returns the new role, or null when the switch failed (see `error`). */
  async switchTo(choice: RoleChoice): Promise<Role | null> {
    this.switching = true;
    try {
      this.current = await switchRole(choice);
      this.error = null;
      this.version += 1;
      return this.current.role;
    } catch (error) {
      this.error = asFailure(error);
      return null;
    } finally {
      this.switching = false;
    }
  }
}

export const actingAs = new ActingAsState();
