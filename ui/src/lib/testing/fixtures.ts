/**
 * Catalog data for tests and visual checks: the four categories, a handful of products of
 * every delivery method, and full product pages with each pricing model.
 *
 * Plain data and pure functions only (no Tauri import), so that a test can hand it to
 * `mockIPC` and a headless browser check can load it as a stub of the backend.
 */
import type {
  ApiError,
  Category,
  Favorite,
  FavoriteSpec,
  HomeView,
  ProductDetail,
  ProductSummary,
  Requirement,
  RequirementForm,
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
  }));
}

/** What the core's search does, closely enough for screens: match, filter, page. */
export function searchIn(catalog: ProductSummary[], query: SearchQuery): SearchResults {
  const words = (query.text ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  const matches = catalog.filter((product) => {
    const haystack = `${product.name} ${product.summary} ${product.seller}`.toLowerCase();
    return (
      words.every((word) => haystack.includes(word)) &&
      (query.category == null || product.category === query.category) &&
      (query.sub_category == null || product.sub_category === query.sub_category) &&
      (query.delivery == null || product.delivery === query.delivery) &&
      (query.billing == null || product.billing_modes.includes(query.billing))
    );
  });
  const offset = query.offset ?? 0;
  const limit = query.limit ?? 50;
  return {
    items: matches.slice(offset, offset + limit),
    total: matches.length,
    facets: null,
    suggestions: [],
  };
}

export const notFound = (id: string): ApiError => ({
  code: 'not_found',
  message: `No product has the id “${id}”.`,
});

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
