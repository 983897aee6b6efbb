/**
 * The one module of the UI that talks to the backend.
 *
 * It wraps the commands generated from the Rust types (`bindings.ts`, never edited by hand)
 * into plain async functions that return the data or throw an `ApiFailure`, so that screens
 * branch on a closed set of error codes instead of inspecting `Result` objects or raw IPC
 * exceptions. Nothing else in the UI may import `@tauri-apps/*` or the bindings' commands
 * (ESLint enforces it); the transport types are re-exported from here.
 *
 * It must never hold state, cache answers or contain business rules: it is transport only.
 */
import { commands } from './bindings';
import type {
  Account,
  ActingAs,
  Agency,
  AgencyToAuthorize,
  ApiError,
  CheckoutRequest,
  EcsConfiguration,
  EcsInstance,
  ErrorCode,
  Flavour,
  HourlyCharge,
  Networks,
  PasswordCheck,
  ProvisionFees,
  ProvisionRequest,
  ProvisionResult,
  Purpose,
  Favorite,
  FavoriteSpec,
  HomeView,
  Order,
  OrderDetail,
  ProductDetail,
  PurchasedApp,
  Quote,
  QuoteRequest,
  Requirement,
  RequirementForm,
  RoleChoice,
  SearchQuery,
  SearchResults,
  SellerPage,
  Action,
  ChainReport,
  FlowDetail,
  FlowQuery,
  FlowSummary,
  Inbox,
  StandardRefund,
  Unsubscribable,
  UnsubscriptionRequest,
  Upload,
  Invoice,
  InvoiceCorrection,
  InvoiceRequest,
  InvoiceableOrder,
  Ticket,
  TicketForm,
  AutoRenewChoice,
  BillingPeriod,
  Renewal,
  RenewalQuote,
  RenewRequest,
  Subscription,
  SubscriptionDetail,
  Upgrade,
  UpgradeQuote,
  UpgradeRequest,
  Device,
  EnrolmentCode,
  Pending,
  Round,
  Status as SyncStatus,
  DemoStatus,
  TimeStep,
  Travel,
} from './bindings';

/** What every generated command resolves to. */
type Result<T, E> = { status: 'ok'; data: T } | { status: 'error'; error: E };

export type {
  Action,
  AppAccess,
  AttachmentInfo,
  ChainReport,
  Delivery,
  FlowDetail,
  FlowQuery,
  FlowState,
  FlowSummary,
  Inbox,
  Message,
  OperationDetails,
  OperationRecord,
  Party,
  RequestStatus,
  Ruling,
  SharedContact,
  Step,
  StepAvailability,
  StandardRefund,
  StandardRefundLine,
  Unsubscribable,
  UnsubscribeRule,
  UnsubscriptionRequest,
  Upload,
  Account,
  AccountChoice,
  AccountKind,
  ActingAs,
  Agency,
  AgencyStatus,
  AgencyToAuthorize,
  ApiError,
  ChargeStatus,
  EcsConfiguration,
  EcsInstance,
  Flavour,
  HourlyCharge,
  InstanceState,
  NetworkChoice,
  Networks,
  PasswordCheck,
  PasswordRule,
  ProvisionFees,
  ProvisionMode,
  ProvisionRequest,
  ProvisionResult,
  Purpose,
  RecommendedSecurityGroup,
  RuleCheck,
  SecurityGroup,
  SecurityGroupChoice,
  Subnet,
  Vpc,
  BillingMode,
  Card,
  CheckoutRequest,
  Credit,
  BillingPeriod,
  Category,
  DeliveryMethod,
  Edition,
  ErrorCode,
  FacetValue,
  Facets,
  Favorite,
  FavoriteSpec,
  HomeView,
  LedgerLine,
  Order,
  OrderDetail,
  OrderEvent,
  OrderStatus,
  PaymentChoice,
  PricePlan,
  PriceTier,
  PricingModel,
  ProductDetail,
  ProductSummary,
  PurchasedApp,
  Quote,
  QuoteLine,
  QuoteRequest,
  Requirement,
  RequirementForm,
  Role,
  SellerPage,
  RoleChoice,
  SaasAccess,
  Screenshot,
  SearchQuery,
  SearchResults,
  SellerChoice,
  SellerContact,
  SellerInfo,
  SortOrder,
  StartingPrice,
  SubCategory,
  SupportRange,
  UserGuide,
  ChargeKind,
  Invoice,
  InvoiceCorrection,
  InvoiceLine,
  InvoiceRef,
  InvoiceRequest,
  InvoiceStatus,
  InvoiceableOrder,
  Ticket,
  TicketCategory,
  TicketForm,
  TicketStatus,
  AutoRenewChoice,
  Renewal,
  RenewalQuote,
  RenewRequest,
  Subscription,
  SubscriptionDetail,
  SubscriptionState,
  TimelineEvent,
  Upgrade,
  UpgradeLine,
  UpgradeQuote,
  UpgradeRequest,
  Device,
  EnrolmentCode,
  Link,
  Pending,
  Round,
  Status as SyncStatus,
  DemoStatus,
  Fired,
  TimeStep,
  Travel,
  Upcoming,
} from './bindings';

// A record, not a list, so that a code added in the core fails the type check until it is here.
const ERROR_CODES: Record<ErrorCode, true> = {
  not_found: true,
  invalid_input: true,
  store_too_new: true,
  storage: true,
  invalid_image: true,
  payment_declined: true,
  insufficient_balance: true,
  conflict: true,
  forbidden: true,
  authorization_required: true,
  flow_frozen: true,
  flow_closed: true,
  not_your_turn: true,
  appeal_not_allowed_yet: true,
  too_soon: true,
  unauthenticated: true,
  out_of_sequence: true,
  internal: true,
};

/** A backend call that did not return data: the backend's error code and message. */
export class ApiFailure extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'ApiFailure';
    this.code = code;
  }
}

function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERROR_CODES, value);
}

/** Turns whatever the backend rejected with into an ApiFailure. */
function failureFromBackend(error: unknown): ApiFailure {
  if (typeof error === 'object' && error !== null) {
    const { code, message } = error as Partial<ApiError>;
    if (isErrorCode(code) && typeof message === 'string') {
      return new ApiFailure(code, message);
    }
  }
  // Tauri refuses a command the window was not granted before it runs (a kiosk's window has
  // only what the demo needs): that is a refusal to say plainly, not a failure of the core.
  if (typeof error === 'string' && /not allowed/i.test(error)) {
    return new ApiFailure('forbidden', 'This is not available on this demo stand.');
  }
  if (typeof error === 'string' && error.length > 0) {
    return new ApiFailure('internal', `The application core failed: ${error}`);
  }
  return new ApiFailure('internal', 'The application core returned an unexpected error.');
}

/** Turns an exception thrown on the way (IPC missing, serialisation) into an ApiFailure. */
function failureFromException(error: unknown): ApiFailure {
  if (error instanceof ApiFailure) return error;
  const detail = error instanceof Error ? error.message : String(error);
  return new ApiFailure(
    'internal',
    `KooGallery could not reach its application core (${detail}). Restart the app and try again.`,
  );
}

async function unwrap<T>(call: () => Promise<Result<T, ApiError>>): Promise<T> {
  let result: Result<T, ApiError>;
  try {
    result = await call();
  } catch (error) {
    throw failureFromException(error);
  }
  if (result.status === 'ok') return result.data;
  throw failureFromBackend(result.error);
}

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

/** Seller Center: the orders the seller received. Throws `forbidden` outside the seller role. */
export function loadOrdersReceived(): Promise<Order[]> {
  return unwrap(() => commands.ordersReceived());
}

/** Operations: every order. Throws `forbidden` outside the operations manager role. */
export function loadAllOrders(): Promise<Order[]> {
  return unwrap(() => commands.ordersAll());
}

/**
 * Pay Now: places and pays a checkout. Submitting the same request again (same idempotency
 * key) returns the first order and charges nothing more; the same key with other contents
 * throws `conflict`. A declined payment throws `payment_declined` or `insufficient_balance`
 * and leaves the order cancelled.
 */
export function placeOrder(request: CheckoutRequest): Promise<OrderDetail> {
  return unwrap(() => commands.orderPlace(request));
}

/** Billing Center > My Orders, the newest first. */
export function loadOrders(): Promise<Order[]> {
  return unwrap(() => commands.ordersList());
}

/** One order with its itemised price, history and ledger lines. */
export function loadOrder(id: number): Promise<OrderDetail> {
  return unwrap(() => commands.orderShow(id));
}

/** My KooGallery > Purchased Apps, the newest first. */
export function loadPurchasedApps(): Promise<PurchasedApp[]> {
  return unwrap(() => commands.appsList());
}

/** One purchased app's Resource Details (without its password). */
export function loadPurchasedApp(orderId: number): Promise<PurchasedApp> {
  return unwrap(() => commands.appShow(orderId));
}

/** The SaaS initial password, asked for only when the person clicks to reveal or copy it. */
export function revealPassword(orderId: number): Promise<string> {
  return unwrap(() => commands.appRevealPassword(orderId));
}

/** The ECS flavours on offer, smallest first, with their hourly, monthly and yearly prices. */
export function loadFlavours(): Promise<Flavour[]> {
  return unwrap(() => commands.ecsFlavours());
}

/** The account's VPCs and security groups, and the group the image's seller recommends. */
export function loadNetworks(productId: string): Promise<Networks> {
  return unwrap(() => commands.ecsNetworks(productId));
}

/**
 * The fees of an image with its ECS, itemised (image + ECS + EIP). Throws `invalid_input`
 * naming the field that cannot be bought.
 */
export function imageFees(configuration: EcsConfiguration): Promise<ProvisionFees> {
  return unwrap(() => commands.imageFees(configuration));
}

/**
 * The ECS login password checked rule by rule (R-IMG-3) for the user the image logs in as.
 * The password crosses to the core only here and in `provisionImage`; keep it out of logs.
 */
export function checkLoginPassword(productId: string, password: string): Promise<PasswordCheck> {
  return unwrap(() => commands.imagePasswordCheck(productId, password));
}

/**
 * Provisions an image with its ECS (quick or customized). The same idempotency key returns
 * the first result. Throws `authorization_required` when quick provisioning needs agencies,
 * `invalid_input` naming a field, `insufficient_balance` or `payment_declined` (the order is
 * then cancelled and nothing is created).
 */
export function provisionImage(request: ProvisionRequest): Promise<ProvisionResult> {
  return unwrap(() => commands.imageProvision(request));
}

/** The ECS console, the newest first, after billing the hours due. */
export function loadInstances(): Promise<EcsInstance[]> {
  return unwrap(() => commands.ecsList());
}

/** Stops an instance (billing goes on). Throws `conflict` when its state does not allow it. */
export function stopInstance(id: number): Promise<EcsInstance> {
  return unwrap(() => commands.ecsStop(id));
}

/** Starts an instance; a suspended one pays its arrears first. */
export function startInstance(id: number): Promise<EcsInstance> {
  return unwrap(() => commands.ecsStart(id));
}

/** Deletes an instance: billing stops. Final. */
export function deleteInstance(id: number): Promise<EcsInstance> {
  return unwrap(() => commands.ecsDelete(id));
}

/** Puts an image (an edition of it, or its first) on an instance's system disk. */
export function replaceSystemDisk(
  id: number,
  productId: string,
  edition: string | null,
): Promise<EcsInstance> {
  return unwrap(() => commands.ecsReplaceDisk(id, productId, edition));
}

/** Billing Center's hourly charges, the newest first, after billing the hours due. */
export function loadBills(): Promise<HourlyCharge[]> {
  return unwrap(() => commands.billsList());
}

/** The account's agencies (R-AGY), retired ones flagged. */
export function loadAgencies(): Promise<Agency[]> {
  return unwrap(() => commands.agenciesList());
}

/** What `purpose` still needs the buyer to agree to, with each policy's actions. */
export function pendingAgencies(purpose: Purpose): Promise<AgencyToAuthorize[]> {
  return unwrap(() => commands.agenciesPending(purpose));
}

/** Grants the agencies `purpose` needs; returns the account's agencies. */
export function authorizeAgencies(purpose: Purpose): Promise<Agency[]> {
  return unwrap(() => commands.agenciesAuthorize(purpose));
}

/** Deletes an agency at once: what needs it stops working until authorized again. */
export function deleteAgency(name: string): Promise<Agency[]> {
  return unwrap(() => commands.agencyDelete(name));
}

/** Service Supervision: the flows whom the app acts as may see, matching the criteria. */
export function loadFlows(query: Partial<FlowQuery> = {}): Promise<FlowSummary[]> {
  const full: FlowQuery = {
    order_id: query.order_id ?? null,
    product: query.product ?? null,
    state: query.state ?? null,
    from: query.from ?? null,
    to: query.to ?? null,
  };
  return unwrap(() => commands.supervisionList(full));
}

/** One flow's page: timeline, files, and the actions of whom the app acts as. */
export function loadFlow(orderId: number): Promise<FlowDetail> {
  return unwrap(() => commands.supervisionShow(orderId));
}

/** A new operation id: one per action a person submits, reused if the same submit is retried. */
export function newOperationId(): string {
  return `op-${crypto.randomUUID()}`;
}

/**
 * Applies an action to a flow as whom the app acts as. The same `operationId` again changes
 * nothing and answers as the first time, so a double click cannot act twice.
 */
export function actOnFlow(
  orderId: number,
  operationId: string,
  action: Action,
): Promise<FlowDetail> {
  return unwrap(() => commands.supervisionAct(orderId, operationId, action));
}

/** Seller Console: flows waiting on the seller, the longest silent first. */
export function loadSellerQueue(): Promise<FlowSummary[]> {
  return unwrap(() => commands.supervisionQueue());
}

/** Operations > Appeals: every open appeal, the oldest first. */
export function loadAppeals(): Promise<FlowSummary[]> {
  return unwrap(() => commands.appealsList());
}

/** Walks the flow's chain of records and re-hashes its files. */
export function verifyFlow(orderId: number): Promise<ChainReport> {
  return unwrap(() => commands.supervisionVerify(orderId));
}

/** Writes the flow's case file into the Downloads folder; resolves to its path. */
export function exportCaseFile(orderId: number): Promise<string> {
  return unwrap(() => commands.supervisionExport(orderId));
}

/** Saves one attached file into the Downloads folder; resolves to its path. */
export function saveAttachment(operationId: string, position: number): Promise<string> {
  return unwrap(() => commands.supervisionAttachmentSave(operationId, position));
}

/** My KooGallery > Unsubscriptions: every paid order, whether it can be unsubscribed and why not. */
export function loadUnsubscribable(): Promise<Unsubscribable[]> {
  return unwrap(() => commands.unsubscriptionsList());
}

export function quoteUnsubscription(orderId: number): Promise<Unsubscribable> {
  return unwrap(() => commands.unsubscribeQuote(orderId));
}

/** Asks for a negotiated unsubscription (R-UNS-3). */
export function requestUnsubscription(
  orderId: number,
  operationId: string,
  amount: string,
  reason: string,
  shareContact: boolean,
): Promise<Unsubscribable> {
  return unwrap(() =>
    commands.unsubscribeRequest(orderId, operationId, amount, reason, shareContact),
  );
}

/**
 * The refund of unsubscribing a yearly/monthly image by the standard rules now (R-UNS-2), line by
 * line with each line's arithmetic; for one already unsubscribed, the refund it made.
 */
export function quoteStandardUnsubscription(orderId: number): Promise<StandardRefund> {
  return unwrap(() => commands.unsubscribeStandardQuote(orderId));
}

/**
 * Unsubscribes a yearly/monthly image by the standard rules: refunded, cancelled and its
 * resources released at once. `expectedRefund` is the refund the buyer confirmed: a refund that
 * changed since (an hour passed) throws a conflict. A repeat answers with the first refund.
 */
export function unsubscribeStandard(
  orderId: number,
  expectedRefund: string | null,
): Promise<StandardRefund> {
  return unwrap(() => commands.unsubscribeStandard(orderId, expectedRefund));
}

/** Seller Console > Orders > Unsubscriptions. */
export function loadUnsubscriptionsReceived(): Promise<UnsubscriptionRequest[]> {
  return unwrap(() => commands.unsubscriptionsReceived());
}

/** The seller approves or rejects a request, with comments and its records of the talks. */
export function reviewUnsubscription(
  requestId: number,
  operationId: string,
  approve: boolean,
  comment: string,
  records: Upload[],
): Promise<UnsubscriptionRequest[]> {
  return unwrap(() =>
    commands.unsubscribeReview(requestId, operationId, approve, comment, records),
  );
}

/** The messages of whom the app acts as, the newest first, with the unread count. */
export function loadMessages(): Promise<Inbox> {
  return unwrap(() => commands.messagesList());
}

export function unreadMessages(): Promise<number> {
  return unwrap(() => commands.messagesUnread());
}

/** Marks the messages named read, or all when none are named. */
export function markMessagesRead(ids: number[]): Promise<Inbox> {
  return unwrap(() => commands.messagesRead(ids));
}

/** Billing Center > Invoices: the buyer's paid orders, each with whether it can be invoiced and why not. */
export function loadInvoiceableOrders(): Promise<InvoiceableOrder[]> {
  return unwrap(() => commands.invoiceOrders());
}

/** The buyer's invoices, or every invoice for the operations manager. */
export function loadInvoices(): Promise<Invoice[]> {
  return unwrap(() => commands.invoicesList());
}

/** One invoice with its orders, amounts and tickets. */
export function loadInvoice(id: number): Promise<Invoice> {
  return unwrap(() => commands.invoiceShow(id));
}

/**
 * Asks for an invoice of paid orders (R-AFT-1); it waits, submitted, for the operations
 * manager. Throws `invalid_input` naming the field first ("the tax id …", "the orders: …"),
 * `conflict` when an order is already on an invoice.
 */
export function requestInvoice(request: InvoiceRequest): Promise<Invoice> {
  return unwrap(() => commands.invoiceRequest(request));
}

/** Operations: issues a submitted invoice, which gets its number; its buyer is told. */
export function issueInvoice(id: number): Promise<Invoice> {
  return unwrap(() => commands.invoiceIssue(id));
}

/**
 * Reissues an issued invoice with corrected details (a field left out keeps its value);
 * resolves to the new invoice, which supersedes the old one.
 */
export function reissueInvoice(id: number, correction: InvoiceCorrection): Promise<Invoice> {
  return unwrap(() => commands.invoiceReissue(id, correction));
}

/** Writes an issued invoice's PDF into the Downloads folder; resolves to its path. */
export function saveInvoice(id: number): Promise<string> {
  return unwrap(() => commands.invoiceSave(id));
}

/** The buyer's service tickets, or every ticket for the operations manager. */
export function loadTickets(): Promise<Ticket[]> {
  return unwrap(() => commands.ticketsList());
}

export function loadTicket(id: number): Promise<Ticket> {
  return unwrap(() => commands.ticketShow(id));
}

/**
 * Opens a service ticket (R-AFT-3). Throws `invalid_input` naming the field first ("the
 * description …", "the related order: …", "attachments …").
 */
export function openTicket(form: TicketForm): Promise<Ticket> {
  return unwrap(() => commands.ticketOpen(form));
}

/** Operations: answers an open ticket; its buyer is told. */
export function answerTicket(id: number, reply: string): Promise<Ticket> {
  return unwrap(() => commands.ticketAnswer(id, reply));
}

/** The buyer closes a ticket. */
export function closeTicket(id: number): Promise<Ticket> {
  return unwrap(() => commands.ticketClose(id));
}

/** Saves one of a ticket's files into the Downloads folder; resolves to its path. */
export function saveTicketAttachment(id: number, position: number): Promise<string> {
  return unwrap(() => commands.ticketAttachmentSave(id, position));
}

/** Billing Center > Renewals: the buyer's subscriptions, the soonest to expire first. */
export function loadSubscriptions(): Promise<Subscription[]> {
  return unwrap(() => commands.subscriptionsList());
}

/** One subscription with its timeline (what happens on which date) and its renewals. */
export function loadSubscription(id: number): Promise<SubscriptionDetail> {
  return unwrap(() => commands.subscriptionShow(id));
}

/**
 * What renewing for `duration` months (1 to 11) or years (1 to 5) would cost, and the expiry it
 * would give. Throws `conflict` for a subscription released or cancelled.
 */
export function quoteRenewal(
  id: number,
  period: BillingPeriod,
  duration: number,
): Promise<RenewalQuote> {
  return unwrap(() => commands.subscriptionRenewalQuote(id, period, duration));
}

/**
 * Renews by hand, paid the way the order was. The same idempotency key again returns the first
 * renewal and pays nothing more; the same key for another renewal throws `conflict`. A declined
 * payment throws `payment_declined` or `insufficient_balance` and writes nothing.
 */
export function renewSubscription(request: RenewRequest): Promise<Renewal> {
  return unwrap(() => commands.subscriptionRenew(request));
}

/**
 * Switches automatic renewal on, changes it, or off; resolves to the subscription as it now
 * stands (switched on past its charge time, it has charged at once).
 */
export function setAutoRenew(id: number, choice: AutoRenewChoice): Promise<SubscriptionDetail> {
  return unwrap(() => commands.subscriptionAutoRenew(id, choice));
}

/**
 * Upgrade Specification: the fee of a higher edition and/or more users for the rest of the
 * term, line by line with each line's rule and arithmetic. `null` keeps the edition or the
 * users. A lower edition or fewer users throws (they are chosen at renewal).
 */
export function quoteUpgrade(
  id: number,
  edition: string | null,
  users: number | null,
): Promise<UpgradeQuote> {
  return unwrap(() => commands.subscriptionUpgradeQuote(id, edition, users));
}

/**
 * Pays an upgrade, the way the order was paid; the new specification takes effect at once.
 * The same idempotency key again returns the first upgrade and pays nothing more.
 */
export function payUpgrade(request: UpgradeRequest): Promise<Upgrade> {
  return unwrap(() => commands.subscriptionUpgrade(request));
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

/** On a seller's copy: online or offline, what waits to sync, how many conflicts; `null` on a
 * marketplace. */
export function loadSyncStatus(): Promise<SyncStatus | null> {
  return unwrap(() => commands.syncStatus());
}

/** Pushes what waits and pulls what changed, once. */
export function syncNow(): Promise<Round> {
  return unwrap(() => commands.syncNow());
}

/** The actions the marketplace refused, with their reasons, the newest first. */
export function loadSyncConflicts(): Promise<Pending[]> {
  return unwrap(() => commands.syncConflicts());
}

/** Makes this app a seller's copy of the marketplace at `address`, with an enrolment code. */
export function connectToMarketplace(
  address: string,
  code: string,
  deviceName: string,
  fingerprint: string | null,
): Promise<SyncStatus> {
  return unwrap(() => commands.syncConnect(address, code, deviceName, fingerprint));
}

/** Operations: a one-time code for a laptop of `sellerId`. */
export function enrolLaptop(sellerId: string): Promise<EnrolmentCode> {
  return unwrap(() => commands.syncEnrol(sellerId));
}

/** Operations: every enrolled laptop. */
export function loadLaptops(): Promise<Device[]> {
  return unwrap(() => commands.syncDevices());
}

/** Operations: the laptop's token stops working. */
export function revokeLaptop(deviceId: number): Promise<Device> {
  return unwrap(() => commands.syncRevoke(deviceId));
}

/**
 * Where the demo stands: its clock, the moves that can be undone, what fires next; `null` when
 * the app is not in demo mode (the core answers `forbidden` to every demo command then).
 */
export async function loadDemoStatus(): Promise<DemoStatus | null> {
  try {
    return await unwrap(() => commands.demoStatus());
  } catch (error) {
    if (error instanceof ApiFailure && error.code === 'forbidden') return null;
    throw error;
  }
}

/** Puts the demo back to its first state, clock and role included (R-DEMO-1). */
export function resetDemo(): Promise<DemoStatus> {
  return unwrap(() => commands.demoReset());
}

/** Moves the demo clock forward by `step`; what fired on the way, in order (R-DEMO-2). */
export function travelInTime(step: TimeStep): Promise<Travel> {
  return unwrap(() => commands.demoTravel(step));
}

/** Puts the store back as it was before the last move of the clock. */
export function undoTravel(): Promise<DemoStatus> {
  return unwrap(() => commands.demoUndo());
}

/** True when the app runs as an unattended stand's kiosk (R-DEMO-3). */
export function loadKioskStatus(): Promise<boolean> {
  return unwrap(() => commands.kioskStatus());
}

/** The first screen is laid out: the shell shows the window, made hidden until then. */
export async function firstScreenDrawn(): Promise<void> {
  await unwrap(() => commands.firstScreenDrawn());
}

/** Staff leave the kiosk with its PIN: the app ends. */
export async function leaveKiosk(pin: string): Promise<void> {
  await unwrap(() => commands.kioskLeave(pin));
}

/** The product's logo. */
export function logoUrl(id: string): string {
  return `${productMedia(id)}/logo`;
}

/** A screenshot (positions start at 1), full size or as a thumbnail. */
export function screenshotUrl(id: string, position: number, thumb: boolean): string {
  const url = `${productMedia(id)}/screenshots/${position}`;
  return thumb ? `${url}/thumb` : url;
}
