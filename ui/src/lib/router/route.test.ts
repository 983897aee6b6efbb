import { describe, expect, it } from 'vitest';
import {
  buildHash,
  checkoutHref,
  EMPTY_FILTERS,
  EMPTY_REFINEMENTS,
  newRequirementHref,
  newTicketHref,
  orderHref,
  parseHash,
  productHref,
  sellerHref,
  purchasedAppHref,
  searchHref,
  subscriptionHref,
  type Route,
} from './route';
describe('parseHash', () => {
  it.each([
    ['', { name: 'home' }],
    ['#', { name: 'home' }],
    ['#/', { name: 'home' }],
    ['#/products/orbit-crm', { name: 'product', id: 'orbit-crm' }],
    ['#/products/a%2Fb%20c', { name: 'product', id: 'a/b c' }],
    ['#/sellers/dolphin-data', { name: 'seller', id: 'dolphin-data' }],
    ['#/sellers/a%2Fb', { name: 'seller', id: 'a/b' }],
    ['#/search', { name: 'search', filters: EMPTY_FILTERS }],
  ] satisfies [string, Route][])('%s', (hash, route) => {
    expect(parseHash(hash)).toEqual(route);
  });

  it('reads every filter from the query string', () => {
    expect(
      parseHash(
        '#/search?q=mysql%20ha&category=infrastructure&sub_category=databases-cache&delivery=saas&billing=pay_per_use',
      ),
    ).toEqual({
      name: 'search',
      filters: {
        q: 'mysql ha',
        category: 'infrastructure',
        sub_category: 'databases-cache',
        delivery: 'saas',
        billing: 'pay_per_use',
        ...EMPTY_REFINEMENTS,
      },
    });
  });

  it('drops values it does not know instead of guessing', () => {
    expect(parseHash('#/search?delivery=teleport&billing=free&q=%20%20&category=')).toEqual({
      name: 'search',
      filters: EMPTY_FILTERS,
    });
  });

  it('ignores a sub-category without its category', () => {
    expect(parseHash('#/search?sub_category=crm')).toEqual({
      name: 'search',
      filters: EMPTY_FILTERS,
    });
  });

  it.each([
    '#/nowhere',
    '#/products',
    '#/products/a/b',
    '#/search/more',
    '#/products/%E0%A4%A',
    '#/sellers',
    '#/sellers/a/b',
    '#/sellers/%E0%A4%A',
  ])('treats %s as not found', (hash) => {
    expect(parseHash(hash).name).toBe('not_found');
  });
});

describe('buildHash', () => {
  it.each([
    { name: 'home' },
    { name: 'product', id: 'orbit-crm' },
    { name: 'product', id: 'odd id/with?chars#' },
    { name: 'search', filters: EMPTY_FILTERS },
    { name: 'search', filters: { ...EMPTY_FILTERS, q: 'mysql & redis' } },
    {
      name: 'search',
      filters: {
        q: 'crm',
        category: 'business',
        sub_category: 'crm',
        delivery: 'saas',
        billing: 'yearly_monthly',
        ...EMPTY_REFINEMENTS,
      },
    },
    { name: 'not_found', path: '/nowhere' },
  ] satisfies Route[])('round-trips %j', (route) => {
    expect(parseHash(buildHash(route))).toEqual(route);
  });

  it('writes only the filters that are set, in a stable order', () => {
    expect(searchHref({ billing: 'pay_per_use', q: 'mysql', delivery: 'image' })).toBe(
      '#/search?q=mysql&delivery=image&billing=pay_per_use',
    );
    expect(searchHref()).toBe('#/search');
    expect(buildHash({ name: 'home' })).toBe('#/');
  });

  it('never writes a sub-category without its category', () => {
    expect(searchHref({ sub_category: 'crm' })).toBe('#/search');
  });

  it('escapes product ids', () => {
    expect(productHref('a/b')).toBe('#/products/a%2Fb');
    expect(sellerHref('a/b')).toBe('#/sellers/a%2Fb');
  });
});

describe('My KooGallery and requirement routes', () => {
  it.each([
    ['#/my/favorites', { name: 'my_favorites' }],
    ['#/my/requirements', { name: 'my_requirements' }],
    ['#/requirements/new?q=%20fhir%20', { name: 'new_requirement', q: 'fhir' }],
    ['#/requirements/new', { name: 'new_requirement', q: '' }],
  ] as const)('parses %s', (hash, route) => {
    expect(parseHash(hash)).toEqual(route);
    expect(parseHash(buildHash(route))).toEqual(route);
  });

  it('builds the requirement form link with the search that found nothing', () => {
    expect(newRequirementHref('mysql & redis')).toBe('#/requirements/new?q=mysql+%26+redis');
    expect(newRequirementHref('  ')).toBe('#/requirements/new');
    expect(newRequirementHref()).toBe('#/requirements/new');
  });

  it('builds a product link with a saved configuration, as My Favorites Buy opens it', () => {
    expect(productHref('crm-saas', { edition: 'professional', period: 'month', users: 25 })).toBe(
      '#/products/crm-saas?edition=professional&period=month&users=25',
    );
    expect(productHref('crm-saas')).toBe('#/products/crm-saas');
  });

  it.each([
    '#/my',
    '#/my/orders',
    '#/requirements',
    '#/requirements/old',
    '#/my/favorites/x',
    '#/billing',
    '#/seller/orders',
  ])('treats %s as not found', (hash) => {
    expect(parseHash(hash).name).toBe('not_found');
  });
});

describe('buying routes', () => {
  it.each([
    ['#/billing/orders', { name: 'my_orders', offset: 0 }],
    ['#/billing/orders?offset=40', { name: 'my_orders', offset: 40 }],
    ['#/billing/bills?offset=20', { name: 'bills', offset: 20 }],
    ['#/my/unsubscriptions?offset=100', { name: 'my_unsubscriptions', offset: 100 }],
    ['#/billing/orders/12', { name: 'order', id: 12 }],
    ['#/billing/account', { name: 'billing_account' }],
    ['#/seller', { name: 'seller_center' }],
    ['#/operations', { name: 'operations' }],
    ['#/my/apps', { name: 'purchased_apps', offset: 0 }],
    ['#/my/apps?offset=20', { name: 'purchased_apps', offset: 20 }],
    ['#/my/apps/7', { name: 'purchased_app', orderId: 7 }],
    [
      '#/checkout/crm-saas?edition=team&billing=yearly_monthly&period=month&duration=3&users=25',
      {
        name: 'checkout',
        id: 'crm-saas',
        spec: {
          edition: 'team',
          billing: 'yearly_monthly',
          period: 'month',
          duration: 3,
          users: 25,
        },
      },
    ],
  ] as const)('parses %s', (hash, route) => {
    expect(parseHash(hash)).toEqual(route);
    expect(parseHash(buildHash(route))).toEqual(route);
  });

  it('builds the links Continue to Submit, My Orders and Purchased Apps use', () => {
    expect(checkoutHref('crm saas', { edition: 'team', duration: 2 })).toBe(
      '#/checkout/crm%20saas?edition=team&duration=2',
    );
    expect(orderHref(3)).toBe('#/billing/orders/3');
    expect(purchasedAppHref(4)).toBe('#/my/apps/4');
  });

  it.each(['#/billing', '#/billing/orders/0', '#/billing/orders/x', '#/my/apps/-1', '#/checkout'])(
    'treats %s as not found',
    (hash) => {
      expect(parseHash(hash).name).toBe('not_found');
    },
  );
});

describe('ECS console routes', () => {
  it.each([
    ['#/ecs', { name: 'ecs_console', highlight: null, offset: 0 }],
    ['#/ecs?highlight=5', { name: 'ecs_console', highlight: 5, offset: 0 }],
    ['#/ecs?highlight=5&offset=20', { name: 'ecs_console', highlight: 5, offset: 20 }],
    ['#/ecs?offset=40', { name: 'ecs_console', highlight: null, offset: 40 }],
  ] as const)('parses %s and builds it back', (hash, route) => {
    expect(parseHash(hash)).toEqual(route);
    expect(buildHash(route)).toBe(hash);
  });

  it('opens the first page, unmarked, for values it does not know', () => {
    const route = parseHash('#/ecs?highlight=x&offset=-20');
    expect(route).toEqual({ name: 'ecs_console', highlight: null, offset: 0 });
    expect(buildHash(route)).toBe('#/ecs');
  });
});

describe('invoice and ticket routes', () => {
  it.each([
    ['#/billing/invoices', { name: 'invoices' }],
    ['#/billing/invoices/12', { name: 'invoice', id: 12 }],
    ['#/billing/tickets', { name: 'tickets' }],
    ['#/billing/tickets/4', { name: 'ticket', id: 4 }],
    [
      '#/billing/tickets/new',
      { name: 'new_ticket', prefill: { category: null, order: null, invoice: null } },
    ],
    [
      '#/billing/tickets/new?invoice=3&category=invoice',
      { name: 'new_ticket', prefill: { category: 'invoice', order: null, invoice: 3 } },
    ],
    [
      '#/billing/tickets/new?order=7&category=seller_unreachable',
      { name: 'new_ticket', prefill: { category: 'seller_unreachable', order: 7, invoice: null } },
    ],
    ['#/operations/after-sales', { name: 'after_sales' }],
  ] as const)('parses %s', (hash, route) => {
    expect(parseHash(hash)).toEqual(route);
    expect(parseHash(buildHash(route))).toEqual(route);
  });

  it('drops a prefill it does not know instead of guessing', () => {
    expect(parseHash('#/billing/tickets/new?category=refund&order=-1&invoice=x')).toEqual({
      name: 'new_ticket',
      prefill: { category: null, order: null, invoice: null },
    });
  });

  it('builds the links to the ticket form', () => {
    expect(newTicketHref({ invoice: 3, category: 'invoice' })).toBe(
      '#/billing/tickets/new?category=invoice&invoice=3',
    );
    expect(newTicketHref({ category: 'credit' })).toBe('#/billing/tickets/new?category=credit');
    expect(newTicketHref()).toBe('#/billing/tickets/new');
  });

  it.each([
    '#/billing/invoices/0',
    '#/billing/invoices/x',
    '#/billing/invoices/new',
    '#/billing/invoices/1/pdf',
    '#/billing/tickets/new/x',
    '#/operations/after-sales/1',
  ])('treats %s as not found', (hash) => {
    expect(parseHash(hash).name).toBe('not_found');
  });
});

describe('renewal routes', () => {
  it.each([
    ['#/billing/renewals', { name: 'renewals', view: { tab: 'all', product: '', offset: 0 } }],
    [
      '#/billing/renewals?tab=grace&product=crm&offset=20',
      { name: 'renewals', view: { tab: 'grace', product: 'crm', offset: 20 } },
    ],
    ['#/billing/renewals/5', { name: 'subscription', id: 5 }],
  ] as const)('parses %s', (hash, route) => {
    expect(parseHash(hash)).toEqual(route);
    expect(buildHash(route)).toBe(hash);
  });

  it('opens Renewals on its defaults for values it does not know', () => {
    const route = parseHash('#/billing/renewals?tab=soon&offset=-1&product=%20&page=2');
    expect(route).toEqual({ name: 'renewals', view: { tab: 'all', product: '', offset: 0 } });
    expect(buildHash(route)).toBe('#/billing/renewals');
  });

  it('builds the link of a subscription’s page', () => {
    expect(subscriptionHref(8)).toBe('#/billing/renewals/8');
  });

  it.each(['#/billing/renewals/0', '#/billing/renewals/x', '#/billing/renewals/3/renew'])(
    'treats %s as not found',
    (hash) => {
      expect(parseHash(hash).name).toBe('not_found');
    },
  );
});

describe('Seller Center and Operations order routes', () => {
  it.each([
    ['#/seller', { name: 'seller_center' }],
    ['#/seller?status=completed', { name: 'seller_center', status: 'completed' }],
    ['#/seller?offset=40', { name: 'seller_center', offset: 40 }],
    [
      '#/seller?status=completed&offset=20',
      { name: 'seller_center', status: 'completed', offset: 20 },
    ],
    ['#/operations', { name: 'operations' }],
    ['#/operations?status=pending_payment', { name: 'operations', status: 'pending_payment' }],
    [
      '#/operations?status=cancelled&offset=40',
      { name: 'operations', status: 'cancelled', offset: 40 },
    ],
  ] as const)('parses %s and builds it back', (hash, route) => {
    expect(parseHash(hash)).toStrictEqual(route);
    expect(buildHash(route)).toBe(hash);
  });

  it('writes the status before the page, and leaves the defaults out', () => {
    expect(buildHash({ name: 'operations', offset: 20, status: 'paid' })).toBe(
      '#/operations?status=paid&offset=20',
    );
    expect(buildHash({ name: 'seller_center', offset: 0 })).toBe('#/seller');
    expect(buildHash({ name: 'operations', status: undefined, offset: 0 })).toBe('#/operations');
  });

  it.each([
    ['#/seller?status=refunded&offset=-20', { name: 'seller_center' }],
    ['#/seller?status=Completed&offset=2e1', { name: 'seller_center' }],
    ['#/operations?status=&offset=x', { name: 'operations' }],
    ['#/operations?status=paid&offset=0', { name: 'operations', status: 'paid' }],
    ['#/operations?offset=20&status=%20paid', { name: 'operations', offset: 20 }],
    ['#/operations?page=3&tab=paid', { name: 'operations' }],
  ] as const)('reads %s as every status or the first page where it cannot tell', (hash, route) => {
    expect(parseHash(hash)).toStrictEqual(route);
  });

  it('keeps the order routes apart from the Seller Console tabs and Operations pages', () => {
    expect(parseHash('#/seller/queue?status=paid')).toEqual({
      name: 'seller_console',
      tab: 'queue',
    });
    expect(parseHash('#/operations/appeals?offset=20')).toEqual({ name: 'appeals' });
  });
});

describe("a seller's copy routes", () => {
  it.each([
    ['#/connect', { name: 'connect' }],
    ['#/sync', { name: 'sync' }],
  ] as const)('parses %s', (hash, route) => {
    expect(parseHash(hash)).toEqual(route);
    expect(parseHash(buildHash(route))).toEqual(route);
  });

  it.each(['#/connect/1', '#/sync/now'])('treats %s as not found', (hash) => {
    expect(parseHash(hash).name).toBe('not_found');
  });
});

describe('the Messages route', () => {
  it.each([
    ['#/messages', { name: 'messages' }],
    ['#/messages?unread=1', { name: 'messages', unread: true }],
    ['#/messages?offset=20', { name: 'messages', offset: 20 }],
    ['#/messages?unread=1&offset=20', { name: 'messages', unread: true, offset: 20 }],
  ] as const)('parses %s and builds it back', (hash, route) => {
    expect(parseHash(hash)).toStrictEqual(route);
    expect(buildHash(route)).toBe(hash);
  });

  it('writes the filter before the page, and leaves the defaults out', () => {
    expect(buildHash({ name: 'messages', offset: 40, unread: true })).toBe(
      '#/messages?unread=1&offset=40',
    );
    expect(buildHash({ name: 'messages', unread: false, offset: 0 })).toBe('#/messages');
    expect(buildHash({ name: 'messages', unread: false, offset: 20 })).toBe('#/messages?offset=20');
  });

  it.each([
    ['#/messages?unread=0&offset=-20', { name: 'messages' }],
    ['#/messages?unread=true&offset=2e1', { name: 'messages' }],
    ['#/messages?unread=&offset=x', { name: 'messages' }],
    ['#/messages?unread=1&offset=0', { name: 'messages', unread: true }],
    ['#/messages?offset=20&unread=%201', { name: 'messages', offset: 20 }],
    ['#/messages?page=3&filter=unread', { name: 'messages' }],
  ] as const)('reads %s as every message or the first page where it cannot tell', (hash, route) => {
    expect(parseHash(hash)).toStrictEqual(route);
  });

  it('keeps its query off other paths', () => {
    expect(parseHash('#/messages/3?unread=1').name).toBe('not_found');
  });
});
