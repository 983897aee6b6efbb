/** Images and their cloud: provisioning, the ECS console, hourly bills and agencies. */
import { commands } from './bindings';
import type {
  Agency,
  AgencyToAuthorize,
  EcsConfiguration,
  EcsInstance,
  Flavour,
  HourlyCharge,
  Networks,
  Page,
  PageRequest,
  PasswordCheck,
  ProvisionFees,
  ProvisionRequest,
  ProvisionResult,
  Purpose,
} from './bindings';
import { unwrap } from './call';

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

/**
 * The ECS console, the newest first, a page at a time, after billing the hours due. A limit
 * outside 1 to 100 throws `invalid_input` and bills nothing.
 */
export function loadInstances(page: PageRequest): Promise<Page<EcsInstance>> {
  return unwrap(() => commands.ecsList(page));
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

/**
 * Billing Center's hourly charges, the newest first, a page at a time, after billing the hours
 * due. A limit outside 1 to 100 throws `invalid_input` and bills nothing.
 */
export function loadBills(page: PageRequest): Promise<Page<HourlyCharge>> {
  return unwrap(() => commands.billsList(page));
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
