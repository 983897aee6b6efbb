/**
 * How a saved favourite reads on screen, and where its Buy button leads.
 */
import type { Favorite } from '../api';
import { billingLabel, formatCount, periodLabel } from '../catalog/format';
import { productHref } from '../router/route';

/** "Team · Yearly/Monthly · 3 months · 25 users", "Standard · Pay-per-use · 48 hours". */
export function specWords(favorite: Favorite): string {
  const { spec } = favorite;
  const words = [
    favorite.edition_name,
    billingLabel(spec.billing),
    formatCount(spec.duration, periodLabel(spec.period)),
  ];
  if (spec.users != null) words.push(formatCount(spec.users, 'user'));
  return words.join(' · ');
}

/** The product page with the saved specification preselected. */
export function buyHref(favorite: Favorite): string {
  const { spec } = favorite;
  return productHref(favorite.product.id, {
    edition: spec.edition,
    billing: spec.billing,
    period: spec.period,
    duration: spec.duration,
    users: spec.users ?? null,
  });
}
