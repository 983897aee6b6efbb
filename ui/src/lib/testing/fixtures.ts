/**
 * Catalog data for tests and visual checks: the four categories, a handful of products of
 * every delivery method, and full product pages with each pricing model.
 *
 * Plain data and pure functions only (no Tauri import), so that a test can hand it to
 * `mockIPC` and a headless browser check can load it as a stub of the backend.
 */
import type {
  Account,
  AccountChoice,
  ActingAs,
  Agency,
  AgencyToAuthorize,
  ApiError,
  EcsConfiguration,
  EcsInstance,
  Flavour,
  HourlyCharge,
  Networks,
  PasswordCheck,
  ProvisionFees,
  ProvisionRequest,
  ProvisionResult,
  Category,
  CheckoutRequest,
  Facets,
  FacetValue,
  Favorite,
  FavoriteSpec,
  HomeView,
  Order,
  OrderDetail,
  ProductDetail,
  ProductSummary,
  PurchasedApp,
  Quote,
  QuoteRequest,
  Requirement,
  RequirementForm,
  RoleChoice,
  SearchQuery,
  SearchResults,
} from '../api';

export const categories: Category[] = [
  {
    id: 'infrastructure',
    name: 'Infrastructure software',
    sub_categories: [
      { id: 'running-environment', name: 'Running environment' },
      { id: 'databases-cache', name: 'Databases and cache' },
      { id: 'content-management', name: 'Content management' },
      { id: 'system-administration', name: 'System administration' },
      { id: 'big-data-analytics', name: 'Big data analytics' },
      { id: 'storage-backup', name: 'Storage and backup' },
    ],
  },
  {
    id: 'business',
    name: 'Business software',
    sub_categories: [
      { id: 'business-intelligence', name: 'Business intelligence' },
      { id: 'financial-services', name: 'Financial services' },
      { id: 'enterprise-applications', name: 'Enterprise applications' },
      { id: 'crm', name: 'CRM' },
      { id: 'e-commerce', name: 'E-commerce' },
      { id: 'project-management', name: 'Project management' },
    ],
  },
  {
    id: 'developer-tools',
    name: 'Developer tools',
    sub_categories: [
      { id: 'internet-middleware', name: 'Internet middleware' },
      { id: 'application-development', name: 'Application development' },
      { id: 'issue-tracking', name: 'Issue and bug tracking' },
      { id: 'log-analysis', name: 'Log analysis' },
      { id: 'source-control', name: 'Source control' },
      { id: 'testing', name: 'Testing' },
    ],
  },
  {
    id: 'professional-services',
    name: 'Professional services',
    sub_categories: [
      { id: 'data-transfer', name: 'Data transfer' },
      { id: 'consulting-training', name: 'Consulting and training' },
      { id: 'environment-configuration', name: 'Environment configuration' },
      { id: 'maintenance', name: 'Maintenance' },
    ],
  },
];

function inCategory(categoryId: string, subCategoryId: string) {
  const category = categories.find((c) => c.id === categoryId);
  const sub = category?.sub_categories.find((s) => s.id === subCategoryId);
  if (category === undefined || sub === undefined) {
    throw new Error(`fixture category ${categoryId}/${subCategoryId} does not exist`);
  }
  return {
    category: category.id,
    category_name: category.name,
    sub_category: sub.id,
    sub_category_name: sub.name,
  };
}

export const mysqlImage: ProductSummary = {
  id: 'mysql-ha-image',
  name: 'MySQL 8 High Availability',
  seller_id: 'dataforge',
  seller: 'DataForge Systems',
  ...inCategory('infrastructure', 'databases-cache'),
  delivery: 'image',
  billing_modes: ['pay_per_use', 'yearly_monthly'],
  supervised: false,
  summary: 'A hardened MySQL 8 image with semi-synchronous replication and automatic failover.',
  starting_price: { amount: '0.12', period: 'hour', per_user: false },
  popularity: 980,
  has_logo: true,
};

export const crmSaas: ProductSummary = {
  id: 'orbit-crm',
  name: 'Orbit CRM',
  seller_id: 'orbit-soft',
  seller: 'Orbit Software',
  ...inCategory('business', 'crm'),
  delivery: 'saas',
  billing_modes: ['yearly_monthly'],
  supervised: true,
  summary: 'Pipeline, contacts and quotes for sales teams of every size.',
  starting_price: { amount: '8.00', period: 'month', per_user: true },
  popularity: 870,
  has_logo: true,
};

export const backupLicense: ProductSummary = {
  id: 'vaultkeeper-backup',
  name: 'VaultKeeper Backup Server',
  seller_id: 'vaultkeeper',
  seller: 'VaultKeeper Ltd.',
  ...inCategory('infrastructure', 'storage-backup'),
  delivery: 'license',
  billing_modes: ['yearly_monthly'],
  supervised: true,
  summary: 'Incremental, encrypted backups of servers and databases to object storage.',
  starting_price: { amount: '29.00', period: 'month', per_user: false },
  popularity: 760,
  has_logo: true,
};

export const migrationService: ProductSummary = {
  id: 'cloud-migration-service',
  name: 'Database Migration to the Cloud',
  seller_id: 'bridgeworks',
  seller: 'BridgeWorks Consulting',
  ...inCategory('professional-services', 'data-transfer'),
  delivery: 'professional_service',
  billing_modes: ['yearly_monthly'],
  supervised: true,
  summary: 'Assessment, migration and cut-over of on-premises databases, with a rollback plan.',
  starting_price: { amount: '1200.00', period: 'year', per_user: false },
  popularity: 640,
  has_logo: true,
};

export const longNameProduct: ProductSummary = {
  id: 'observability-suite',
  name: 'Enterprise Observability Suite with Distributed Tracing, Log Analytics and Anomaly Alerts',
  seller_id: 'lumen-ops',
  seller: 'Lumen Operations International Holdings Group',
  ...inCategory('developer-tools', 'log-analysis'),
  delivery: 'saas',
  billing_modes: ['yearly_monthly'],
  supervised: false,
  summary:
    'Collects traces, metrics and logs from every service, correlates them and raises alerts before users notice anything wrong.',
  starting_price: { amount: '49.00', period: 'month', per_user: false },
  popularity: 600,
  has_logo: true,
};

export const gitService: ProductSummary = {
  id: 'gitforge-hosted',
  name: 'GitForge Hosted',
  seller_id: 'gitforge',
  seller: 'GitForge',
  ...inCategory('developer-tools', 'source-control'),
  delivery: 'cloud_host',
  billing_modes: ['yearly_monthly'],
  supervised: false,
  summary: 'Private Git hosting with merge requests, pipelines and fine-grained permissions.',
  starting_price: { amount: '4.00', period: 'month', per_user: true },
  popularity: 550,
  has_logo: true,
};

export const trainingService: ProductSummary = {
  id: 'kubernetes-training',
  name: 'Kubernetes Operations Training',
  seller_id: 'bridgeworks',
  seller: 'BridgeWorks Consulting',
  ...inCategory('professional-services', 'consulting-training'),
  delivery: 'consulting_service',
  billing_modes: ['yearly_monthly'],
  supervised: false,
  summary: 'A three-day, hands-on course for operators running production clusters.',
  starting_price: null,
  popularity: 420,
  has_logo: true,
};

export const biContent: ProductSummary = {
  id: 'insight-dashboards',
  name: 'Insight Dashboards',
  seller_id: 'orbit-soft',
  seller: 'Orbit Software',
  ...inCategory('business', 'business-intelligence'),
  delivery: 'content_service',
  billing_modes: ['yearly_monthly'],
  supervised: false,
  summary: 'Ready-made dashboards for revenue, churn and pipeline health.',
  starting_price: { amount: '15.00', period: 'month', per_user: false },
  popularity: 380,
  has_logo: true,
};

export const products: ProductSummary[] = [
  mysqlImage,
  crmSaas,
  backupLicense,
  migrationService,
  longNameProduct,
  gitService,
  trainingService,
  biContent,
];

export const home: HomeView = {
  categories,
  popular: products.slice(0, 8),
  product_count: 128,
};

export const emptyHome: HomeView = { categories, popular: [], product_count: 0 };

export const crmDetail: ProductDetail = {
  summary: crmSaas,
  description:
    'Orbit CRM keeps every customer conversation in one place: contacts, companies, deals and the emails that move them forward.\n\n' +
    'Sales managers see the pipeline by stage and by owner, forecast the quarter and spot deals that have gone quiet.\n' +
    'Quotes are built from the product list and sent for e-signature.\n\n' +
    '<b>Markup in a description is shown as text.</b>',
  tags: ['CRM', 'Sales', 'Pipeline'],
  operating_system: null,
  released_on: '2024-03-15',
  requires_seller_authorization: true,
  seller: {
    id: 'orbit-soft',
    name: 'Orbit Software',
    email: 'sales@orbit.example',
    phone: '+1 415 555 0100',
    website: 'https://orbit.example',
  },
  support: {
    email: 'support@orbit.example',
    phone: '+1 415 555 0199',
    hours: 'Monday to Friday, 09:00–18:00 (UTC−8)',
  },
  user_guide: { file_name: 'orbit-crm-user-guide.pdf', size_bytes: 2_516_582 },
  screenshots: [
    { position: 1, width: 1280, height: 800 },
    { position: 2, width: 1280, height: 800 },
    { position: 3, width: 1280, height: 800 },
  ],
  editions: [
    {
      code: 'team',
      name: 'Team',
      specification: 'Up to 50 users, 10 GB storage',
      plans: [
        {
          billing: 'yearly_monthly',
          period: 'month',
          pricing: 'linear',
          price: '8.00',
          tiers: [],
        },
        {
          billing: 'yearly_monthly',
          period: 'year',
          pricing: 'flat',
          price: '960.00',
          tiers: [],
        },
      ],
    },
    {
      code: 'business',
      name: 'Business',
      specification: 'Unlimited users, 100 GB storage, sandbox',
      plans: [
        {
          billing: 'yearly_monthly',
          period: 'month',
          pricing: 'tiered',
          price: null,
          tiers: [
            { from_users: 1, to_users: 10, unit_price: '12.00' },
            { from_users: 11, to_users: 50, unit_price: '10.00' },
            { from_users: 51, to_users: null, unit_price: '8.00' },
          ],
        },
        {
          billing: 'yearly_monthly',
          period: 'year',
          pricing: 'volume',
          price: null,
          tiers: [
            { from_users: 1, to_users: 100, unit_price: '110.00' },
            { from_users: 101, to_users: null, unit_price: '90.00' },
          ],
        },
      ],
    },
  ],
};

export const mysqlDetail: ProductDetail = {
  summary: mysqlImage,
  description:
    'MySQL 8 configured for production: semi-synchronous replication between two instances, automatic failover and daily backups.',
  tags: ['MySQL', 'Database', 'High availability'],
  operating_system: 'Ubuntu 22.04 LTS 64-bit',
  released_on: '2023-11-02',
  requires_seller_authorization: false,
  seller: {
    id: 'dataforge',
    name: 'DataForge Systems',
    email: 'hello@dataforge.example',
    phone: '+49 30 5550 1234',
    website: null,
  },
  support: {
    email: 'support@dataforge.example',
    phone: '+49 30 5550 1299',
    hours: '24/7',
  },
  user_guide: null,
  screenshots: [],
  editions: [
    {
      code: 'standard',
      name: 'Standard',
      specification: '2 vCPUs, 4 GB memory recommended',
      plans: [
        {
          billing: 'pay_per_use',
          period: 'hour',
          pricing: 'flat',
          price: '0.12',
          tiers: [],
        },
        {
          billing: 'yearly_monthly',
          period: 'month',
          pricing: 'flat',
          price: '59.00',
          tiers: [],
        },
      ],
    },
  ],
};

/** A generic page for any fixture product that has no detailed one above. */
export function detailFor(summary: ProductSummary): ProductDetail {
  return {
    ...mysqlDetail,
    summary,
    description: summary.summary,
    tags: [],
    operating_system: summary.delivery === 'image' ? mysqlDetail.operating_system : null,
    seller: { ...mysqlDetail.seller, id: summary.seller_id, name: summary.seller },
    editions: summary.starting_price
      ? [
          {
            code: 'standard',
            name: 'Standard',
            specification: 'Standard specification',
            plans: [
              {
                billing: 'yearly_monthly',
                period: summary.starting_price.period,
                pricing: summary.starting_price.per_user ? 'linear' : 'flat',
                price: summary.starting_price.amount,
                tiers: [],
              },
            ],
          },
        ]
      : [],
  };
}

export const details: Record<string, ProductDetail> = {
  [crmDetail.summary.id]: crmDetail,
  [mysqlDetail.summary.id]: mysqlDetail,
};

/** `count` made-up products in the databases sub-category, to exercise paging. */
export function manyProducts(count: number): ProductSummary[] {
  return Array.from({ length: count }, (_, index) => ({
    ...mysqlImage,
    id: `generated-${index + 1}`,
    name: `Generated database product ${index + 1}`,
    popularity: count - index,
    // Like generated products: no logo.
    has_logo: false,
  }));
}

/** The operating system of the fixture images (summaries do not carry it). */
export function operatingSystemOf(product: ProductSummary): string | null {
  if (product.delivery !== 'image') return null;
  return product.id.startsWith('generated-') && product.id.endsWith('7')
    ? 'CentOS 7.9 64-bit'
    : 'Ubuntu 22.04 LTS 64-bit';
}

/** The monthly price in cents, as the core's price filter and sort read it (fixtures only). */
function monthlyCents(product: ProductSummary): number | null {
  const price = product.starting_price;
  if (price === null) return null;
  const cents = Math.round(Number(price.amount) * 100);
  if (price.period === 'year') return Math.round(cents / 12);
  if (price.period === 'hour') return cents * 730;
  return cents;
}

const cents = (bound: string | null | undefined) =>
  bound == null ? null : Math.round(Number(bound) * 100);

type FacetField = keyof Facets;

/** Whether a product passes the query, leaving out one filter (to count that filter's values). */
function passes(product: ProductSummary, query: SearchQuery, skip?: FacetField): boolean {
  const words = (query.text ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  const haystack = `${product.name} ${product.summary} ${product.seller}`.toLowerCase();
  const price = monthlyCents(product);
  const min = cents(query.min_price);
  const max = cents(query.max_price);
  return (
    words.every((word) => haystack.includes(word)) &&
    (skip === 'category' || query.category == null || product.category === query.category) &&
    (skip === 'sub_category' ||
      query.sub_category == null ||
      product.sub_category === query.sub_category) &&
    (skip === 'delivery' || query.delivery == null || product.delivery === query.delivery) &&
    (skip === 'billing' ||
      query.billing == null ||
      product.billing_modes.includes(query.billing)) &&
    (skip === 'seller' || query.seller == null || product.seller_id === query.seller) &&
    (skip === 'supervised' ||
      query.supervised == null ||
      product.supervised === query.supervised) &&
    (skip === 'operating_system' ||
      query.operating_system == null ||
      operatingSystemOf(product) === query.operating_system) &&
    (min === null || (price !== null && price >= min)) &&
    (max === null || (price !== null && price <= max))
  );
}

function countBy(
  catalog: ProductSummary[],
  query: SearchQuery,
  field: FacetField,
  values: (product: ProductSummary) => [value: string, label: string][],
): FacetValue[] {
  const counts = new Map<string, FacetValue>();
  for (const product of catalog) {
    if (!passes(product, query, field)) continue;
    for (const [value, label] of values(product)) {
      const entry = counts.get(value) ?? { value, label, count: 0 };
      entry.count += 1;
      counts.set(value, entry);
    }
  }
  return [...counts.values()].sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
}

/** Counts for every filter value, like the core's facets: each given the other filters. */
export function facetsIn(catalog: ProductSummary[], query: SearchQuery): Facets {
  return {
    category: countBy(catalog, query, 'category', (p) => [[p.category, p.category_name]]),
    sub_category: countBy(catalog, query, 'sub_category', (p) =>
      query.category == null || p.category === query.category
        ? [[p.sub_category, p.sub_category_name]]
        : [],
    ),
    delivery: countBy(catalog, query, 'delivery', (p) => [[p.delivery, p.delivery]]),
    billing: countBy(catalog, query, 'billing', (p) => p.billing_modes.map((m) => [m, m])),
    seller: countBy(catalog, query, 'seller', (p) => [[p.seller_id, p.seller]]),
    supervised: countBy(catalog, query, 'supervised', (p) => [
      [String(p.supervised), p.supervised ? 'Supervised' : 'Not supervised'],
    ]),
    operating_system: countBy(catalog, query, 'operating_system', (p) => {
      const os = operatingSystemOf(p);
      return os === null ? [] : [[os, os]];
    }),
  };
}

/** Words that the fixture search can suggest when a text finds nothing. */
const DICTIONARY = ['mysql', 'crm', 'backup', 'migration', 'kubernetes', 'dashboards', 'git'];

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i += 1) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j += 1) {
      const above = row[j]!;
      row[j] = Math.min(above + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

/** Near spellings of a text, like the core's suggestions. */
export function suggestionsFor(text: string): string[] {
  const word = text.trim().toLowerCase();
  if (word === '') return [];
  return DICTIONARY.filter((candidate) => candidate !== word && distance(word, candidate) <= 2);
}

function sortKey(query: SearchQuery): (a: ProductSummary, b: ProductSummary) => number {
  const sort = query.sort ?? (query.text ? 'relevance' : 'popularity');
  const price = (p: ProductSummary) => monthlyCents(p) ?? Number.MAX_SAFE_INTEGER;
  switch (sort) {
    case 'price_asc':
      return (a, b) => price(a) - price(b);
    case 'price_desc':
      return (a, b) => (monthlyCents(b) ?? -1) - (monthlyCents(a) ?? -1);
    case 'newest':
      return (a, b) => b.id.localeCompare(a.id);
    case 'popularity':
      return (a, b) => b.popularity - a.popularity;
    case 'relevance':
      return () => 0;
  }
}

/** What the core's search does, closely enough for screens: match, filter, sort, page, count. */
export function searchIn(catalog: ProductSummary[], query: SearchQuery): SearchResults {
  const matches = catalog.filter((product) => passes(product, query)).sort(sortKey(query));
  const offset = query.offset ?? 0;
  const limit = query.limit ?? 50;
  return {
    items: matches.slice(offset, offset + limit),
    total: matches.length,
    facets: query.facets ? facetsIn(catalog, query) : null,
    suggestions: matches.length === 0 ? suggestionsFor(query.text ?? '') : [],
  };
}

/** Product number `index` (from 0) of a made-up catalog too large to hold in memory. */
export function generatedProduct(index: number): ProductSummary {
  return {
    ...mysqlImage,
    id: `generated-${index + 1}`,
    name: `Generated database product ${(index + 1).toLocaleString('en-US')}`,
    popularity: 1_000_000 - index,
    has_logo: false,
  };
}

/**
 * A backend answering `catalog_search` for `total` made-up products, generating each page
 * from its offset: paging a list of 100,000 results without building it.
 */
export function hugeCatalog(total: number) {
  const base = fakeCatalog();
  return (command: string, args?: unknown): unknown => {
    if (command !== 'catalog_search') return base(command, args);
    const query = (args as { query: SearchQuery }).query;
    const offset = query.offset ?? 0;
    const end = Math.min(total, offset + (query.limit ?? 50));
    const items = Array.from({ length: Math.max(0, end - offset) }, (_, i) =>
      generatedProduct(offset + i),
    );
    const facets: Facets | null = query.facets
      ? {
          ...facetsIn([mysqlImage], { text: null }),
          category: [{ value: 'infrastructure', label: 'Infrastructure software', count: total }],
          sub_category: [],
          delivery: [{ value: 'image', label: 'Image', count: total }],
          seller: [{ value: 'dataforge', label: 'DataForge Systems', count: total }],
          supervised: [{ value: 'false', label: 'Not supervised', count: total }],
          operating_system: [
            { value: 'Ubuntu 22.04 LTS 64-bit', label: 'Ubuntu 22.04 LTS 64-bit', count: total },
          ],
          billing: [
            { value: 'pay_per_use', label: 'Pay-per-use', count: total },
            { value: 'yearly_monthly', label: 'Yearly/Monthly', count: total },
          ],
        }
      : null;
    return { items, total, facets, suggestions: [] } satisfies SearchResults;
  };
}

export const notFound = (id: string): ApiError => ({
  code: 'not_found',
  message: `No product has the id “${id}”.`,
});

/**
 * A stand-in for the core's quote, good enough for screens: the plan's price (a flat or
 * linear price, or the first tier's) × users × duration, in whole cents, with the same
 * `invalid_input` refusals for the cases tests use. The real arithmetic is the core's.
 */
export function fakeQuote(request: QuoteRequest, detail: ProductDetail): Quote {
  const edition = detail.editions.find((e) => e.code === request.edition);
  if (edition === undefined) {
    throw invalidInput(`edition: "${request.edition}" is not an edition of ${detail.summary.name}`);
  }
  const plan = edition.plans.find(
    (p) => p.billing === request.billing && p.period === request.period,
  );
  if (plan === undefined) {
    throw invalidInput(`billing and period: the ${edition.name} edition has no such plan`);
  }
  const perUser = plan.pricing !== 'flat';
  const users = request.users ?? null;
  if (perUser && users === null) {
    throw invalidInput(
      `users: the ${edition.name} edition is priced per user; give the number of users (1 to 10000)`,
    );
  }
  if (perUser && users !== null && (users < 1 || users > 10000)) {
    throw invalidInput(`users: must be between 1 and 10000 (got ${users})`);
  }
  const unit = plan.price ?? plan.tiers[0]?.unit_price ?? '0';
  const cents = Math.round(Number(unit) * 100) * (perUser ? (users ?? 1) : 1) * request.duration;
  const amount = (cents / 100).toFixed(2);
  return {
    lines: [{ label: `${edition.name} edition, ${request.duration} × ${request.period}`, amount }],
    total: amount,
    per: request.period === 'hour' ? 'per hour' : `for ${request.duration} ${request.period}(s)`,
    note: null,
  };
}

export const invalidInput = (message: string): ApiError => ({ code: 'invalid_input', message });

/**
 * A stand-in for the core's catalog commands, answering like the shell would: data, or a
 * rejected `ApiError`.
 */
export function fakeCatalog(catalog: ProductSummary[] = products) {
  return (command: string, args?: unknown): unknown => {
    const payload = (args ?? {}) as Record<string, unknown>;
    switch (command) {
      case 'catalog_home':
        return {
          ...home,
          popular: catalog.slice(0, 8),
          product_count: catalog.length,
        } satisfies HomeView;
      case 'catalog_search':
        return searchIn(catalog, payload.query as SearchQuery);
      case 'product_show': {
        const id = String(payload.id);
        const summary = catalog.find((product) => product.id === id);
        if (summary === undefined) throw notFound(id);
        return details[id] ?? detailFor(summary);
      }
      case 'product_quote': {
        const request = payload.request as QuoteRequest;
        const summary = catalog.find((product) => product.id === request.product_id);
        if (summary === undefined) throw notFound(request.product_id);
        return fakeQuote(request, details[request.product_id] ?? detailFor(summary));
      }
      case 'product_guide_save': {
        const id = String(payload.id);
        const summary = catalog.find((product) => product.id === id);
        const guide = summary && (details[id] ?? detailFor(summary)).user_guide;
        if (!guide)
          throw { code: 'not_found', message: `the user guide of product ${id} was not found` };
        return `/home/dana/Downloads/${guide.file_name}`;
      }
      default:
        throw { code: 'internal', message: `Unknown command ${command}` } satisfies ApiError;
    }
  };
}

/** My Favorites of the buyer in tests: a per-user SaaS saved last, an hourly image first. */
export const crmFavorite: Favorite = {
  product: crmSaas,
  spec: { edition: 'team', billing: 'yearly_monthly', period: 'month', duration: 3, users: 25 },
  edition_name: 'Team',
  saved_at: '2026-03-02T10:00:00Z',
};

export const mysqlFavorite: Favorite = {
  product: mysqlImage,
  spec: { edition: 'standard', billing: 'pay_per_use', period: 'hour', duration: 48, users: null },
  edition_name: 'Standard',
  saved_at: '2026-03-01T09:00:00Z',
};

export const favorites: Favorite[] = [crmFavorite, mysqlFavorite];

export const requirementForm: RequirementForm = {
  requirement: 'A hosted FHIR server with audit logs',
  company: 'Acme Retail',
  contact: 'Dana Smith',
  phone: '+1 202 555 0101',
  email: 'dana@acme-retail.example',
  search_text: 'fhir',
};

export const requirement: Requirement = {
  id: 1,
  account_id: 'acme-prepaid',
  requirement: 'A hosted FHIR server with audit logs',
  company: 'Acme Retail',
  contact: 'Dana Smith',
  phone: '+1 202 555 0101',
  email: 'dana@acme-retail.example',
  search_text: 'fhir',
  submitted_at: '2026-03-01T09:00:00Z',
};

/**
 * A stand-in for the buyer's commands (favourites and requirements) on top of the catalog's,
 * keeping what is saved and sent in memory like the core would, newest first.
 */
export function fakeBuyer(
  initial: { favorites?: Favorite[]; requirements?: Requirement[] } = {},
  catalog: ProductSummary[] = products,
) {
  let saved = [...(initial.favorites ?? favorites)];
  const sent = [...(initial.requirements ?? [])];
  const browse = fakeCatalog(catalog);
  return (command: string, args?: unknown): unknown => {
    const payload = (args ?? {}) as Record<string, unknown>;
    switch (command) {
      case 'favorites_list':
        return saved;
      case 'favorite_save': {
        const id = String(payload.productId);
        const product = catalog.find((p) => p.id === id);
        if (product === undefined) throw notFound(id);
        const spec = payload.spec as FavoriteSpec;
        const existing = saved.find((f) => f.product.id === id);
        const favorite: Favorite = {
          product,
          spec,
          edition_name: spec.edition,
          saved_at: existing?.saved_at ?? '2026-03-03T12:00:00Z',
        };
        saved = existing
          ? saved.map((f) => (f.product.id === id ? favorite : f))
          : [favorite, ...saved];
        return favorite;
      }
      case 'favorite_remove': {
        const id = String(payload.productId);
        if (!saved.some((f) => f.product.id === id)) {
          throw {
            code: 'not_found',
            message: `the product "${id}" in My Favorites was not found`,
          } satisfies ApiError;
        }
        saved = saved.filter((f) => f.product.id !== id);
        return null;
      }
      case 'requirements_list':
        return sent;
      case 'requirement_submit': {
        const form = payload.form as RequirementForm;
        const kept: Requirement = {
          ...requirement,
          ...form,
          search_text: form.search_text ?? null,
          id: sent.length + 1,
        };
        sent.unshift(kept);
        return kept;
      }
      default:
        return browse(command, args);
    }
  };
}

/** The demo's three buyer accounts (R-BUY-1). */
export const prepaidAccount: Account = {
  id: 'acme-prepaid',
  name: 'Acme Retail (prepaid)',
  kind: 'direct_prepaid',
  email: 'it@acme-retail.example',
  mobile: '+1 202 555 0101',
  iam_user: 'acme-admin',
  time_zone: 'America/New_York',
  balance: '2000.00',
  cards: [],
  credit: null,
};

export const postpaidAccount: Account = {
  id: 'borealis-postpaid',
  name: 'Borealis Logistics (postpaid)',
  kind: 'direct_postpaid',
  email: 'cloud@borealis.example',
  mobile: '+49 30 5550 0102',
  iam_user: 'borealis-ops',
  time_zone: 'Europe/Berlin',
  balance: null,
  cards: [
    { id: 1, brand: 'Visa', last4: '4242', masked: 'Visa •••• 4242' },
    { id: 2, brand: 'Visa', last4: '0002', masked: 'Visa •••• 0002' },
  ],
  credit: { enabled: true, limit: '5000.00', used: '0.00', available: '5000.00' },
};

export const resellerAccount: Account = {
  id: 'cedar-reseller',
  name: 'Cedar Clinics (reseller customer)',
  kind: 'reseller_customer',
  email: 'admin@cedar-clinics.example',
  mobile: '+65 5550 0103',
  iam_user: 'cedar-it',
  time_zone: 'Asia/Singapore',
  balance: null,
  cards: [],
  credit: null,
};

/**
 * `backend` for the prepaid buyer with its account in `zone` (an IANA name), so that a test
 * can show a screen's times in a zone other than the machine's.
 */
export function inTimeZone<Args>(zone: string, backend: (command: string, args: Args) => unknown) {
  return (command: string, args: Args): unknown =>
    command === 'account_show' ? { ...prepaidAccount, time_zone: zone } : backend(command, args);
}

function choiceOf(account: Account): AccountChoice {
  return { id: account.id, name: account.name, kind: account.kind };
}

/** The demo acting as the prepaid buyer, with every account and two sellers to switch to. */
export const actingAsBuyer: ActingAs = {
  role: 'buyer',
  account: choiceOf(prepaidAccount),
  seller: { id: 'orbit-soft', name: 'Orbit Software', products: 3 },
  accounts: [prepaidAccount, postpaidAccount, resellerAccount].map(choiceOf),
  sellers: [
    { id: 'orbit-soft', name: 'Orbit Software', products: 3 },
    { id: 'dataforge', name: 'DataForge Systems', products: 5 },
  ],
};

/** A paid, unsupervised SaaS order of Orbit CRM. */
export const crmOrder: Order = {
  id: 1,
  buyer_name: 'Acme Retail (prepaid)',
  status: 'completed',
  product_id: 'orbit-crm',
  product_name: 'Orbit CRM',
  seller_id: 'orbit-soft',
  seller_name: 'Orbit Software',
  delivery: 'saas',
  supervised: false,
  edition: 'team',
  edition_name: 'Team',
  billing: 'yearly_monthly',
  period: 'month',
  duration: 3,
  users: 25,
  quantity: 1,
  amount: '600.00',
  reference_only: false,
  payment: 'Prepaid balance',
  failure: null,
  created_at: '2026-03-08T10:00:00Z',
  updated_at: '2026-03-08T10:00:00Z',
};

export const crmOrderDetail: OrderDetail = {
  order: crmOrder,
  quote: {
    lines: [{ label: 'Team: 25 users × $8.00 per month, 3 months', amount: '600.00' }],
    total: '600.00',
    per: 'for 3 months',
    note: null,
  },
  events: [
    { status: 'pending_payment', note: 'Order placed', at: '2026-03-08T10:00:00Z' },
    { status: 'paid', note: 'Paid', at: '2026-03-08T10:00:00Z' },
    { status: 'completed', note: 'Delivered', at: '2026-03-08T10:00:00Z' },
  ],
  ledger: [
    {
      transaction_id: 2,
      kind: 'payment',
      memo: 'Order 1: Orbit CRM',
      ledger_account: 'buyer_balance:acme-prepaid',
      amount: '-600.00',
      at: '2026-03-08T10:00:00Z',
    },
    {
      transaction_id: 2,
      kind: 'payment',
      memo: 'Order 1: Orbit CRM',
      ledger_account: 'seller_sales:orbit-soft',
      amount: '600.00',
      at: '2026-03-08T10:00:00Z',
    },
  ],
};

export const crmApp: PurchasedApp = {
  order_id: 1,
  product_id: 'orbit-crm',
  product_name: 'Orbit CRM',
  delivery: 'saas',
  edition_name: 'Team',
  purchased_at: '2026-03-08T10:00:00Z',
  seller: {
    name: 'Orbit Software',
    support: {
      email: 'support@orbit.example',
      phone: '+1 415 555 0199',
      hours: 'Monday to Friday, 09:00–18:00 (UTC−8)',
    },
  },
  saas: {
    user_name: 'it@acme-retail.example',
    management_url: 'https://orbit-crm.apps.koogallery.example/manage/t1',
    front_end_url: 'https://t1.orbit-crm.apps.koogallery.example/',
  },
  user_guide: { file_name: 'orbit-crm-user-guide.pdf', size_bytes: 2_516_582 },
};

/** The password the stand-in backend reveals. */
export const crmPassword = 'cF3rURR5bwrPg68T';

/**
 * A stand-in for the buying commands on top of the catalog's: an account, orders kept in
 * memory and keyed by idempotency key like the core (the same key returns the first order),
 * the declined test card (card 2) refused, and Purchased Apps.
 */
export function fakeShop(start: Account = prepaidAccount, catalog: ProductSummary[] = products) {
  const browse = fakeCatalog(catalog);
  const byKey = new Map<string, OrderDetail>();
  const orders: OrderDetail[] = [];
  let account = start;
  let acting: ActingAs = { ...actingAsBuyer, account: choiceOf(start) };
  const buyerOnly = (): void => {
    if (acting.role !== 'buyer') {
      throw {
        code: 'forbidden',
        message: 'only a buyer can do that; switch roles first',
      } satisfies ApiError;
    }
  };
  return (command: string, args?: unknown): unknown => {
    const payload = (args ?? {}) as Record<string, unknown>;
    switch (command) {
      case 'account_show':
        return account;
      case 'account_top_up': {
        buyerOnly();
        const amount = String(payload.amount);
        if (!/^\d+(\.\d{1,2})?$/.test(amount) || Number(amount) <= 0) {
          throw invalidInput('amount: must be a positive amount with at most two decimals');
        }
        const cents = Math.round(Number(account.balance ?? '0') * 100 + Number(amount) * 100);
        account = { ...account, balance: (cents / 100).toFixed(2) };
        return account;
      }
      case 'account_add_card': {
        buyerOnly();
        const digits = String(payload.number).replace(/[\s-]/g, '');
        if (!/^\d{12,19}$/.test(digits)) throw invalidInput('card number: must be 12 to 19 digits');
        const last4 = digits.slice(-4);
        const card = {
          id: account.cards.length + 1,
          brand: 'Mastercard',
          last4,
          masked: `Mastercard •••• ${last4}`,
        };
        account = { ...account, cards: [...account.cards, card] };
        return account;
      }
      case 'account_set_time_zone': {
        buyerOnly();
        const zone = String(payload.zone).trim();
        if (
          !/^(UTC|[A-Z][A-Za-z_]+(\/[A-Z][A-Za-z_+-]+)+)$/.test(zone) ||
          zone.includes('Atlantis')
        ) {
          throw invalidInput(`time zone: "${zone}" is not a known time zone`);
        }
        account = { ...account, time_zone: zone };
        return account;
      }
      case 'account_request_credit':
        buyerOnly();
        account = {
          ...account,
          credit: { enabled: true, limit: '5000.00', used: '0.00', available: '5000.00' },
        };
        return account;
      case 'role_show':
        return acting;
      case 'role_switch': {
        const choice = payload.choice as RoleChoice;
        if (choice.role === 'buyer') {
          const found = [prepaidAccount, postpaidAccount, resellerAccount].find(
            (a) => a.id === choice.account_id,
          );
          if (found === undefined) throw notFound(choice.account_id);
          account = found;
          acting = { ...acting, role: 'buyer', account: choiceOf(found) };
        } else if (choice.role === 'seller') {
          const seller = acting.sellers.find((s) => s.id === choice.seller_id);
          if (seller === undefined) throw notFound(choice.seller_id);
          acting = { ...acting, role: 'seller', seller };
        } else {
          acting = { ...acting, role: 'operations_manager' };
        }
        return acting;
      }
      case 'orders_received':
        if (acting.role !== 'seller')
          throw { code: 'forbidden', message: 'only a seller can see that' };
        return orders.map((o) => o.order).filter((o) => o.seller_id === acting.seller?.id);
      case 'orders_all':
        if (acting.role !== 'operations_manager')
          throw { code: 'forbidden', message: 'only operations' };
        return orders.map((o) => o.order);
      case 'order_place': {
        buyerOnly();
        const request = payload.request as CheckoutRequest;
        const earlier = byKey.get(request.idempotency_key);
        if (earlier !== undefined) return earlier;
        if (request.payment?.method === 'card' && request.payment.card_id === 2) {
          throw {
            code: 'payment_declined',
            message:
              'the card was declined by its issuer; order 9 was cancelled and nothing was charged: choose another payment method and check out again',
          } satisfies ApiError;
        }
        const id = orders.length + 1;
        const detail: OrderDetail = {
          ...crmOrderDetail,
          order: {
            ...crmOrder,
            id,
            quantity: request.configuration.quantity ?? 1,
            reference_only: account.kind === 'reseller_customer',
          },
        };
        byKey.set(request.idempotency_key, detail);
        orders.unshift(detail);
        return detail;
      }
      case 'orders_list':
        return orders.map((o) => o.order);
      case 'order_show': {
        const found = orders.find((o) => o.order.id === payload.id);
        if (found === undefined)
          throw { code: 'not_found', message: `order ${String(payload.id)} was not found` };
        return found;
      }
      case 'apps_list':
        return [crmApp];
      case 'app_show':
        if (payload.orderId !== crmApp.order_id) {
          throw { code: 'not_found', message: 'a purchased app was not found' } satisfies ApiError;
        }
        return crmApp;
      case 'app_reveal_password':
        return crmPassword;
      default:
        return browse(command, args);
    }
  };
}

/** ECS flavours, smallest first, with the core's prices. */
export const flavours: Flavour[] = [
  {
    id: 's6.small.1',
    vcpus: 1,
    memory_gib: 1,
    hourly_price: '0.02',
    monthly_price: '10.00',
    yearly_price: '100.00',
  },
  {
    id: 's6.large.2',
    vcpus: 2,
    memory_gib: 4,
    hourly_price: '0.08',
    monthly_price: '40.00',
    yearly_price: '400.00',
  },
  {
    id: 'c6.xlarge.2',
    vcpus: 4,
    memory_gib: 8,
    hourly_price: '0.16',
    monthly_price: '80.00',
    yearly_price: '800.00',
  },
];

/** A buyer with no VPC yet, and the seller's recommended group. */
export const noNetworks: Networks = {
  vpcs: [],
  security_groups: [],
  recommended: { product_id: 'mysql-ha-image', name: 'sg-mysql-ha', ports: [22] },
};

export const someNetworks: Networks = {
  vpcs: [
    {
      id: 1,
      name: 'vpc-default',
      cidr: '192.168.0.0/16',
      subnets: [{ id: 1, name: 'subnet-default', cidr: '192.168.0.0/24' }],
    },
    {
      id: 2,
      name: 'vpc-shop',
      cidr: '10.0.0.0/16',
      subnets: [
        { id: 2, name: 'subnet-a', cidr: '10.0.0.0/24' },
        { id: 3, name: 'subnet-b', cidr: '10.0.1.0/24' },
      ],
    },
  ],
  security_groups: [{ id: 7, name: 'sg-web', ports: [22, 80, 443] }],
  recommended: noNetworks.recommended,
};

export const agenciesToAuthorize: AgencyToAuthorize[] = [
  {
    name: 'mkp_agency_trust',
    delegatee: 'KooGallery system account',
    policy: 'mkp_deployment_policy',
    policy_version: 2,
    actions: ['ecs:servers:create', 'vpc:vpcs:create', 'ims:images:share'],
    outdated: false,
  },
  {
    name: 'mkp_rfs_agency_trust',
    delegatee: 'Resource Formation Service',
    policy: 'mkp_rfs_deployment_policy',
    policy_version: 1,
    actions: ['rfs:stacks:create', 'rfs:stacks:delete'],
    outdated: false,
  },
];

/** The R-IMG-3 rules as the core checks them, for login user `root`. */
export function fakePasswordCheck(password: string): PasswordCheck {
  const special = '!@$%^-_=+[{}]:,./?~#*';
  const kinds =
    [/[A-Z]/, /[a-z]/, /\d/].filter((re) => re.test(password)).length +
    ([...password].some((c) => special.includes(c)) ? 1 : 0);
  const lower = password.toLowerCase();
  const rules = [
    {
      rule: 'length' as const,
      met: password.length >= 8 && password.length <= 26,
      description: '8 to 26 characters',
    },
    {
      rule: 'allowed_characters' as const,
      met:
        password !== '' && [...password].every((c) => /[A-Za-z0-9]/.test(c) || special.includes(c)),
      description: `only letters, digits and the special characters ${special}`,
    },
    {
      rule: 'character_types' as const,
      met: kinds >= 3,
      description:
        'at least three of: upper-case letters, lower-case letters, digits, special characters',
    },
    {
      rule: 'no_user_name' as const,
      met: !lower.includes('root') && !lower.includes('toor'),
      description: 'not containing the user name root or it reversed (toor)',
    },
  ];
  return { rules, acceptable: rules.every((r) => r.met) };
}

/** Itemised fees as the core makes them: image, ECS, EIP. */
export function fakeFees(c: EcsConfiguration): ProvisionFees {
  const hourly = c.billing === 'pay_per_use';
  const flavour = flavours.find((f) => f.id === c.flavour);
  if (flavour === undefined)
    throw invalidInput(`flavour: "${c.flavour}" is not a flavour on offer`);
  const count = (c.quantity ?? 1) * (hourly ? 1 : (c.duration ?? 1));
  const cents = (amount: string) => Math.round(Number(amount) * 100);
  const money = (value: number) => (value / 100).toFixed(2);
  const lines = [
    { label: 'Image: Standard edition', amount: money(count * (hourly ? 12 : 5900)) },
    {
      label: `ECS ${flavour.id}`,
      amount: money(count * cents(hourly ? flavour.hourly_price : flavour.monthly_price)),
    },
  ];
  if (c.eip_bandwidth_mbps) {
    lines.push({
      label: `EIP ${c.eip_bandwidth_mbps} Mbit/s`,
      amount: money(count * c.eip_bandwidth_mbps * (hourly ? 1 : 500)),
    });
  }
  const total = money(lines.reduce((sum, line) => sum + cents(line.amount), 0));
  return {
    quote: {
      lines,
      total,
      per: hourly
        ? 'per hour'
        : `for ${c.duration ?? 1} month${(c.duration ?? 1) === 1 ? '' : 's'}`,
      note: null,
    },
    due_now: hourly ? '0.00' : total,
    hourly,
  };
}

export function fakeInstance(id: number, request: ProvisionRequest): EcsInstance {
  const c = request.configuration;
  return {
    id,
    name: request.name ?? 'ecs-mysql-ha-image',
    state: 'running',
    flavour: c.flavour,
    product_id: c.product_id,
    product_name: mysqlImage.name,
    edition: c.edition,
    login_user: 'root',
    billing: c.billing,
    payment: 'Prepaid balance',
    vpc: request.network.kind === 'new' ? request.network.vpc_name : 'vpc-default',
    subnet: 'subnet (10.0.0.0/24)',
    security_group: 'sg-mysql-ha',
    eip_address: c.eip_bandwidth_mbps ? '198.18.0.7' : null,
    eip_bandwidth_mbps: c.eip_bandwidth_mbps ?? null,
    expires_at: c.billing === 'yearly_monthly' ? '2026-12-25T23:59:59Z' : null,
    order_id: id,
    created_at: '2026-11-25T10:00:00Z',
    billing_since: c.billing === 'pay_per_use' ? '2026-11-25T10:00:00Z' : null,
    arrears: '0.00',
  };
}

export const hourlyCharges: HourlyCharge[] = [
  {
    id: 2,
    instance_id: 1,
    instance_name: 'db-1',
    item: 'mysql-ha-image/standard',
    label: 'Image: MySQL 8 High Availability, Standard edition',
    block_start: '2026-11-25T11:00:00Z',
    amount: '0.12',
    status: 'paid',
    billed_at: '2026-11-25T11:00:00Z',
  },
  {
    id: 1,
    instance_id: 1,
    instance_name: 'db-1',
    item: 'ecs',
    label: 'ECS s6.large.2',
    block_start: '2026-11-25T10:00:00Z',
    amount: '0.08',
    status: 'unpaid',
    billed_at: '2026-11-25T10:00:00Z',
  },
];

/**
 * A stand-in for the cloud commands on top of the shop's: flavours, networks, fees, the
 * password check, provisioning keyed by idempotency key (quick needs the agencies first),
 * the ECS console's state machine, bills and agencies.
 */
export function fakeCloud(
  options: { networks?: Networks; agencies?: Agency[]; instances?: EcsInstance[] } = {},
  start: Account = prepaidAccount,
) {
  const shop = fakeShop(start);
  let agencies: Agency[] = options.agencies ?? [];
  const instances: EcsInstance[] = [...(options.instances ?? [])];
  const byKey = new Map<string, ProvisionResult>();
  const pending = () =>
    agenciesToAuthorize.filter((a) => !agencies.some((held) => held.name === a.name));
  const find = (id: unknown) => {
    const found = instances.find((i) => i.id === id);
    if (found === undefined) throw notFound(`ECS ${String(id)}`);
    return found;
  };
  const move = (id: unknown, from: EcsInstance['state'][], to: EcsInstance['state']) => {
    const instance = find(id);
    if (!from.includes(instance.state)) {
      throw {
        code: 'conflict',
        message: `ECS ${instance.id} cannot be ${to} because it is ${instance.state}`,
      } satisfies ApiError;
    }
    instance.state = to;
    return { ...instance };
  };
  return (command: string, args?: unknown): unknown => {
    const payload = (args ?? {}) as Record<string, unknown>;
    switch (command) {
      case 'ecs_flavours':
        return flavours;
      case 'ecs_networks':
        return options.networks ?? noNetworks;
      case 'image_fees':
        return fakeFees(payload.configuration as EcsConfiguration);
      case 'image_password_check':
        return fakePasswordCheck(String(payload.password));
      case 'image_provision': {
        const request = payload.request as ProvisionRequest;
        const earlier = byKey.get(request.idempotency_key);
        if (earlier !== undefined) return earlier;
        if (request.mode === 'quick' && pending().length > 0) {
          throw {
            code: 'authorization_required',
            message: 'quick provisioning needs your authorization',
          } satisfies ApiError;
        }
        if (!fakePasswordCheck(request.password).acceptable) {
          throw invalidInput('password: the ECS login password must have 8 to 26 characters');
        }
        const instance = fakeInstance(instances.length + 1, request);
        instances.unshift(instance);
        const result: ProvisionResult = {
          order: { ...crmOrderDetail, order: { ...crmOrder, id: instance.order_id } },
          instances: [instance],
        };
        byKey.set(request.idempotency_key, result);
        return result;
      }
      case 'ecs_list':
        return instances.map((i) => ({ ...i }));
      case 'ecs_show':
        return { ...find(payload.id) };
      case 'ecs_stop':
        return move(payload.id, ['running'], 'stopped');
      case 'ecs_start':
        return move(payload.id, ['stopped', 'suspended'], 'running');
      case 'ecs_delete':
        return move(payload.id, ['running', 'stopped', 'suspended'], 'deleted');
      case 'ecs_replace_disk': {
        const instance = find(payload.id);
        if (instance.state === 'deleted' || instance.state === 'suspended') {
          return move(payload.id, ['running', 'stopped'], instance.state);
        }
        instance.edition = String(payload.edition ?? instance.edition);
        return { ...instance };
      }
      case 'bills_list':
        return hourlyCharges;
      case 'agencies_list':
        return agencies;
      case 'agencies_pending':
        return pending();
      case 'agencies_authorize':
        agencies = [
          ...agencies.filter((a) => !agenciesToAuthorize.some((p) => p.name === a.name)),
          ...agenciesToAuthorize.map((a) => ({
            name: a.name,
            delegatee: a.delegatee,
            policy: a.policy,
            policy_version: a.policy_version,
            status: 'active' as const,
            created_at: '2026-11-25T10:00:00Z',
          })),
        ];
        return agencies;
      case 'agency_delete': {
        const name = String(payload.name);
        if (!agencies.some((a) => a.name === name)) throw notFound(`the agency "${name}"`);
        agencies = agencies.filter((a) => a.name !== name);
        return agencies;
      }
      default:
        return shop(command, args);
    }
  };
}
