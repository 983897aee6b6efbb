/** The catalog: the home, search, product and seller pages, quotes, favourites, requirements, and
 * the addresses of products' pictures. */
import { commands } from './bindings';
import type {
  Favorite,
  FavoriteSpec,
  HomeView,
  ProductDetail,
  Quote,
  QuoteRequest,
  Requirement,
  RequirementForm,
  SearchQuery,
  SearchResults,
  SellerPage,
} from './bindings';
import { unwrap } from './call';

/** The home page: categories, popular applications and the catalog size. */
export function loadHome(): Promise<HomeView> {
  return unwrap(() => commands.catalogHome());
}

/** Searches the catalog; omitted fields mean "no constraint" (or the backend's default page). */
export function searchProducts(query: Partial<SearchQuery>): Promise<SearchResults> {
  const full: SearchQuery = {
    text: query.text ?? null,
    category: query.category ?? null,
    sub_category: query.sub_category ?? null,
    delivery: query.delivery ?? null,
    billing: query.billing ?? null,
    seller: query.seller ?? null,
    supervised: query.supervised ?? null,
    operating_system: query.operating_system ?? null,
    min_price: query.min_price ?? null,
    max_price: query.max_price ?? null,
    sort: query.sort ?? null,
    facets: query.facets ?? null,
    limit: query.limit ?? null,
    offset: query.offset ?? null,
  };
  return unwrap(() => commands.catalogSearch(full));
}

/** One product with everything its page shows. Throws `not_found` for an unknown id. */
export function loadProduct(id: string): Promise<ProductDetail> {
  return unwrap(() => commands.productShow(id));
}

/** A seller's page: its contact, support hours and most bought products (R-AFT-2). */
export function loadSeller(id: string): Promise<SellerPage> {
  return unwrap(() => commands.sellerShow(id));
}

/** What a configuration of a product costs, itemised. Throws `invalid_input` naming the field. */
export function quoteProduct(request: QuoteRequest): Promise<Quote> {
  return unwrap(() => commands.productQuote(request));
}

/**
 * Saves a product's user guide (a PDF) to the Downloads folder, never over another file, and
 * returns the path it was saved to. Throws `not_found` when the product has no guide,
 * `storage` when the folder cannot be written.
 */
export function saveUserGuide(productId: string): Promise<string> {
  return unwrap(() => commands.productGuideSave(productId));
}

/**
 * Saves a product with the specification configured on its page to My Favorites; a product
 * already saved takes the new specification and keeps its place. Throws `invalid_input` when
 * the product does not sell that specification, `not_found` for an unknown product.
 */
export function saveFavorite(productId: string, spec: FavoriteSpec): Promise<Favorite> {
  return unwrap(() => commands.favoriteSave(productId, spec));
}

/** Takes a product off My Favorites. Throws `not_found` when it is not in the list. */
export async function removeFavorite(productId: string): Promise<void> {
  await unwrap(() => commands.favoriteRemove(productId));
}

/** My Favorites, the most recently added first. */
export function loadFavorites(): Promise<Favorite[]> {
  return unwrap(() => commands.favoritesList());
}

/**
 * Sends a product requirement. Throws `invalid_input` with a message that starts by naming the
 * field ("the phone number …") when a field is wrong; nothing is kept then.
 */
export function submitRequirement(form: RequirementForm): Promise<Requirement> {
  return unwrap(() => commands.requirementSubmit(form));
}

/** The requirements sent, the most recent first. */
export function loadRequirements(): Promise<Requirement[]> {
  return unwrap(() => commands.requirementsList());
}

// Product images are served by the shell's `media` URI scheme. WebView2 (Windows) and
// Android cannot register custom schemes, so Tauri serves them as http://<scheme>.localhost.
function mediaBase(): string {
  const userAgent = typeof navigator === 'undefined' ? '' : navigator.userAgent;
  return /Windows|Android/.test(userAgent) ? 'http://media.localhost' : 'media://localhost';
}

function productMedia(id: string): string {
  return `${mediaBase()}/products/${encodeURIComponent(id)}`;
}

/** The product's logo, 128 pixels a side. */
export function logoUrl(id: string): string {
  return `${productMedia(id)}/logo`;
}

/** The product's logo at 64 pixels a side, for logos drawn at most that size. */
export function smallLogoUrl(id: string): string {
  return `${productMedia(id)}/logo/small`;
}

/** A screenshot (positions start at 1), full size or as a thumbnail. */
export function screenshotUrl(id: string, position: number, thumb: boolean): string {
  const url = `${productMedia(id)}/screenshots/${position}`;
  return thumb ? `${url}/thumb` : url;
}
