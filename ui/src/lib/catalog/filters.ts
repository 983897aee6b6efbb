/**
 * What the search screen's filters show, as pure functions: the values of each filter with
 * their counts, the active filters as chips, the sort options and the price range checks.
 */
import type { FacetValue, SortOrder } from '../api';
import { isPriceBound, type SearchFilters } from '../router/route';
import { billingLabel, deliveryLabel, formatMoney } from './format';
import { formatWhole } from '../util/numbers';

/** One value of a filter as the panel lists it. */
export interface FilterOption {
  value: string;
  label: string;
  /** How many products the value would leave; null when the backend gave no counts. */
  count: number | null;
  selected: boolean;
}

/**
 * The values of one filter. With counts, those from the facet, most first as the backend
 * ordered them, without the ones that would leave nothing unless selected; without counts
 * (facets not computed), the known values in their usual order.
 */
export function filterOptions(
  facet: FacetValue[] | null | undefined,
  selected: string | null,
  known: readonly { value: string; label: string }[],
  labelOf: (value: string, facetLabel: string) => string = (_, label) => label,
): FilterOption[] {
  if (facet === null || facet === undefined) {
    const options = known.map(({ value, label }) => ({
      value,
      label,
      count: null,
      selected: value === selected,
    }));
    if (selected !== null && !known.some((option) => option.value === selected)) {
      options.push({ value: selected, label: selected, count: null, selected: true });
    }
    return options;
  }
  const options: FilterOption[] = facet
    .filter(({ value, count }) => count > 0 || value === selected)
    .map(({ value, label, count }) => ({
      value,
      label: labelOf(value, label),
      count,
      selected: value === selected,
    }));
  if (selected !== null && !options.some((option) => option.selected)) {
    const label = known.find((option) => option.value === selected)?.label ?? selected;
    options.push({ value: selected, label, count: 0, selected: true });
  }
  return options;
}

/** "Image (28)", or "Image" without a count. */
export function optionText(option: FilterOption): string {
  return option.count === null ? option.label : `${option.label} (${formatWhole(option.count)})`;
}

/** How many sellers show before "Show all". */
export const TOP_SELLERS = 10;

/** The sellers with the most products first; the first `limit` unless all are asked for. */
export function topSellers(
  options: FilterOption[],
  showAll: boolean,
  limit = TOP_SELLERS,
): FilterOption[] {
  const sorted = [...options].sort(
    (a, b) => (b.count ?? 0) - (a.count ?? 0) || a.label.localeCompare(b.label),
  );
  if (showAll || sorted.length <= limit) return sorted;
  const top = sorted.slice(0, limit);
  // A chosen seller stays visible even when it is not among the first.
  const chosen = sorted.slice(limit).find((option) => option.selected);
  return chosen === undefined ? top : [...top, chosen];
}

/** The order the results come in when the URL names none. */
export function defaultSort(text: string): SortOrder {
  return text.trim() === '' ? 'popularity' : 'relevance';
}

/** The sort options; "Relevance" only when there is text to be relevant to. */
export function sortOptions(text: string): { value: SortOrder; label: string }[] {
  const options: { value: SortOrder; label: string }[] = [
    { value: 'popularity', label: 'Most popular' },
    { value: 'price_asc', label: 'Price: low to high' },
    { value: 'price_desc', label: 'Price: high to low' },
    { value: 'newest', label: 'Newest' },
  ];
  return text.trim() === '' ? options : [{ value: 'relevance', label: 'Relevance' }, ...options];
}

/** The order on screen: the URL's, unless it asks for relevance without text. */
export function effectiveSort(filters: SearchFilters): SortOrder {
  if (filters.sort === null || (filters.sort === 'relevance' && filters.q.trim() === '')) {
    return defaultSort(filters.q);
  }
  return filters.sort;
}

/** Compares two price bounds (valid decimal strings) without turning them into numbers. */
export function compareDecimal(a: string, b: string): number {
  const [wholeA = '0', fractionA = ''] = a.split('.');
  const [wholeB = '0', fractionB = ''] = b.split('.');
  const intA = wholeA.replace(/^0+(?=\d)/, '');
  const intB = wholeB.replace(/^0+(?=\d)/, '');
  if (intA.length !== intB.length) return intA.length < intB.length ? -1 : 1;
  const left = intA + fractionA.padEnd(2, '0');
  const right = intB + fractionB.padEnd(2, '0');
  return left === right ? 0 : left < right ? -1 : 1;
}

/** Why a price input cannot be applied, or null when it can (empty means no bound). */
export function priceInputError(value: string): string | null {
  const text = value.trim();
  if (text === '' || isPriceBound(text)) return null;
  if (text.startsWith('-')) return 'Enter an amount of 0 or more.';
  return 'Enter an amount like 10 or 9.99 (at most 2 decimals).';
}

/** Why a price range cannot be applied, or null when it can. */
export function priceRangeError(min: string, max: string): string | null {
  const error = priceInputError(min) ?? priceInputError(max);
  if (error !== null) return error;
  const from = min.trim();
  const to = max.trim();
  if (from !== '' && to !== '' && compareDecimal(from, to) > 0) {
    return '“From” must not be more than “to”.';
  }
  return null;
}

/** "$10.00–$50.00 / month", "From $10.00 / month", "Up to $50.00 / month". */
export function formatPriceRange(min: string | null, max: string | null): string {
  if (min !== null && max !== null) return `${formatMoney(min)}–${formatMoney(max)} / month`;
  if (min !== null) return `From ${formatMoney(min)} / month`;
  if (max !== null) return `Up to ${formatMoney(max)} / month`;
  return 'Any price';
}

/** "Supervised" or "Not supervised". */
export function supervisionLabel(supervised: boolean): string {
  return supervised ? 'Supervised' : 'Not supervised';
}

/** The names the chips show for ids, where they are known. */
export interface FilterNames {
  category?: string;
  sub_category?: string;
  seller?: string;
}

export interface FilterChip {
  key: string;
  label: string;
  /** What removing the chip changes in the filters. */
  remove: Partial<SearchFilters>;
}

/** The active filters, each with what removing it changes. */
export function activeFilterChips(filters: SearchFilters, names: FilterNames = {}): FilterChip[] {
  const chips: FilterChip[] = [];
  if (filters.category !== null) {
    chips.push({
      key: 'category',
      label: names.category ?? filters.category,
      remove: { category: null, sub_category: null },
    });
  }
  if (filters.sub_category !== null) {
    chips.push({
      key: 'sub_category',
      label: names.sub_category ?? filters.sub_category,
      remove: { sub_category: null },
    });
  }
  if (filters.delivery !== null) {
    chips.push({
      key: 'delivery',
      label: deliveryLabel(filters.delivery),
      remove: { delivery: null },
    });
  }
  if (filters.billing !== null) {
    chips.push({ key: 'billing', label: billingLabel(filters.billing), remove: { billing: null } });
  }
  if (filters.seller !== null) {
    chips.push({ key: 'seller', label: names.seller ?? filters.seller, remove: { seller: null } });
  }
  if (filters.supervised !== null) {
    chips.push({
      key: 'supervised',
      label: supervisionLabel(filters.supervised),
      remove: { supervised: null },
    });
  }
  if (filters.operating_system !== null) {
    chips.push({
      key: 'operating_system',
      label: filters.operating_system,
      remove: { operating_system: null },
    });
  }
  if (filters.min_price !== null || filters.max_price !== null) {
    chips.push({
      key: 'price',
      label: formatPriceRange(filters.min_price, filters.max_price),
      remove: { min_price: null, max_price: null },
    });
  }
  return chips;
}

/** Every filter off; the text and the sort order stay. */
export const NO_FILTERS: Readonly<Partial<SearchFilters>> = {
  category: null,
  sub_category: null,
  delivery: null,
  billing: null,
  seller: null,
  supervised: null,
  operating_system: null,
  min_price: null,
  max_price: null,
};

/** The product requirement form, opened with what the person searched for. */
export function requestProductHref(text: string): string {
  const q = text.trim();
  return q === '' ? '#/requirements/new' : `#/requirements/new?${new URLSearchParams({ q })}`;
}
