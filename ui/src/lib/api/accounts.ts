/** The buyer account and who the app acts as. */
import { commands } from './bindings';
import type { Account, ActingAs, RoleChoice } from './bindings';
import { unwrap } from './call';

/** The buyer account the app acts for: its kind, prepaid balance, masked cards and credit. */
export function loadAccount(): Promise<Account> {
  return unwrap(() => commands.accountShow());
}

/** Acts for another buyer account (the demo's switch). Throws `not_found` for an unknown one. */
export function switchAccount(accountId: string): Promise<Account> {
  return unwrap(() => commands.accountSwitch(accountId));
}

/** Adds a typed amount ("100", "25.50") to a prepaid balance. Throws `invalid_input`. */
export function topUp(amount: string): Promise<Account> {
  return unwrap(() => commands.accountTopUp(amount));
}

/**
 * Puts a card on file for the postpaid account; only its brand and last four digits are kept.
 * Throws `invalid_input` for a number that is not a card's, one already on file or a sixth.
 */
export function addCard(number: string): Promise<Account> {
  return unwrap(() => commands.accountAddCard(number));
}

/** Asks for credit on the postpaid account: granted at once with the standard limit. */
export function requestCredit(): Promise<Account> {
  return unwrap(() => commands.accountRequestCredit());
}

/**
 * Sets the account's time zone (an IANA name such as "Europe/Berlin"), in which days and terms
 * are counted. Throws `invalid_input` for an unknown zone.
 */
export function setTimeZone(zone: string): Promise<Account> {
  return unwrap(() => commands.accountSetTimeZone(zone));
}

/** Who the app acts as (buyer account, seller, operations manager) and the other choices. */
export function loadActingAs(): Promise<ActingAs> {
  return unwrap(() => commands.roleShow());
}

/** Acts as someone else: a buyer account, a seller or the operations manager. */
export function switchRole(choice: RoleChoice): Promise<ActingAs> {
  return unwrap(() => commands.roleSwitch(choice));
}
