/**
 * Upgrade Specification for the tests of a subscription's page: a stand-in for the upgrade
 * commands that answers like the core, on top of the renewal stand-in and the catalog (the
 * product's editions). Orbit CRM is on Team, 25 users, 19 of 31 days left in its term.
 */
import type { ApiError, Subscription, Upgrade, UpgradeQuote, UpgradeRequest } from '../api';
import { fakeCatalog } from '../testing/fixtures';
import { fakeRenewals } from './fixtures';

const failure = (code: ApiError['code'], message: string): ApiError => ({ code, message });

/** The refusal of fewer users or a lower edition (R-UP-5). */
export const fewerUsers =
  'fewer users: only as part of a renewal, from 30 days before expiry (R-UP-5)';

/** The core's quote for Orbit CRM (Team, 25 users) moved to `edition` and `users`. */
export function upgradeQuote(edition: string | null, users: number | null): UpgradeQuote {
  const to = edition ?? 'team';
  const total = users ?? 25;
  const lines: UpgradeQuote['lines'] = [
    {
      rule: 'R-MT-3',
      label: 'Days left in the term',
      arithmetic: '2026-03-21 to 2026-04-08 = 19 of 31 days',
      amount: '0.00',
    },
  ];
  if (to === 'business') {
    lines.push(
      {
        rule: 'R-UP-1',
        label: `Business for ${total} users, the rest of the term`,
        arithmetic: `10.00 × ${total} users ÷ 31 days × 19 days × 1 = ${(
          (10 * total * 19) /
          31
        ).toFixed(2)}`,
        amount: ((10 * total * 19) / 31).toFixed(2),
      },
      {
        rule: 'R-UP-1',
        label: 'Team for 25 users, credited',
        arithmetic: '8.00 × 25 users ÷ 31 days × 19 days × 1 = 122.58',
        amount: '-122.58',
      },
    );
  } else {
    lines.push({
      rule: 'R-UP-4',
      label: `${total - 25} users added`,
      arithmetic: `8.00 × ${total - 25} users ÷ 31 days × 19 days × 1 = ${(
        (8 * (total - 25) * 19) /
        31
      ).toFixed(2)}`,
      amount: ((8 * (total - 25) * 19) / 31).toFixed(2),
    });
  }
  const sum = lines.reduce((s, l) => s + Math.round(Number(l.amount) * 100), 0);
  return {
    lines,
    total: (Math.max(0, sum) / 100).toFixed(2),
    term_days: 31,
    remaining_days: 19,
    edition: to,
    users: total,
  };
}

/** The renewal and catalog stand-ins with Upgrade Specification, paid once per key. */
export function fakeUpgrades(start: Subscription[]) {
  const renewals = fakeRenewals(start);
  const catalog = fakeCatalog();
  const keys = new Map<string, Upgrade>();
  const edits = new Map<number, { edition: string; users: number | null }>();
  const quote = (id: number, edition: string | null, users: number | null): UpgradeQuote => {
    const current = start.find((s) => s.id === id);
    if (current === undefined) throw failure('not_found', `subscription ${id} not found`);
    if (users !== null && current.users !== null && users < current.users) {
      throw failure('invalid_input', fewerUsers);
    }
    return upgradeQuote(edition, users ?? current.users);
  };

  return (command: string, args: Record<string, unknown>): unknown => {
    switch (command) {
      case 'product_show':
        return catalog(command, args);
      case 'subscription_upgrade_quote':
        return quote(
          Number(args.id),
          (args.edition as string | null) ?? null,
          (args.users as number | null) ?? null,
        );
      case 'subscription_upgrade': {
        const request = args.request as UpgradeRequest;
        const earlier = keys.get(request.idempotency_key);
        if (earlier !== undefined) return earlier;
        const priced = quote(
          request.subscription_id,
          request.edition ?? null,
          request.users ?? null,
        );
        const was = start.find((s) => s.id === request.subscription_id)!;
        const upgrade: Upgrade = {
          id: 40 + keys.size,
          subscription_id: was.id,
          edition_from: was.edition,
          edition_to: priced.edition,
          users_from: was.users,
          users_to: priced.users,
          quote: priced,
          at: '2026-03-21T15:00:00Z',
        };
        keys.set(request.idempotency_key, upgrade);
        edits.set(was.id, { edition: priced.edition, users: priced.users });
        return upgrade;
      }
      case 'subscription_show': {
        const detail = renewals(command, args) as { subscription: Subscription };
        const edit = edits.get(detail.subscription.id);
        return edit === undefined
          ? detail
          : { ...detail, subscription: { ...detail.subscription, ...edit } };
      }
      default:
        return renewals(command, args);
    }
  };
}
