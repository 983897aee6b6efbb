/**
 * The state behind provisioning an image with its ECS (R-IMG, R-BUY-5, R-IMG-3, R-AGY): the
 * quick page and the customized wizard share it.
 *
 * The wizard mirrors the core's state machine (`images/wizard.rs`): Buy ECS → Configure
 * Network → Configure Advanced Settings → Confirm, then a payment step (Submit → pay). Going
 * back and forth keeps every entry; going forward needs the current step's fields; the step
 * bar jumps to any earlier step or the next one (the steps, and what each needs, are in
 * `wizard.ts`). Fees and the password's rules come from the
 * core as the buyer types (only the latest answer is kept); nothing here computes money.
 *
 * One idempotency key per submission, as at checkout: a second click, or the retry after the
 * buyer agreed to the agencies quick provisioning needs, sends the same key and provisions
 * once. A new key is made only when the attempt ended its order (a declined payment).
 *
 * The login password lives only in this object while the form is open. It must never be
 * logged, put in a URL or shown again after submission.
 */
import {
  authorizeAgencies,
  checkLoginPassword,
  imageFees,
  pendingAgencies,
  provisionImage,
  type Account,
  type AgencyToAuthorize,
  type ApiFailure,
  type BillingMode,
  type BillingPeriod,
  type EcsConfiguration,
  type Edition,
  type Flavour,
  type NetworkChoice,
  type Networks,
  type PasswordCheck,
  type ProductDetail,
  type ProvisionFees,
  type ProvisionMode,
  type ProvisionRequest,
  type ProvisionResult,
  type SecurityGroupChoice,
} from '../api';
import { billingChoices, periodChoices } from '../catalog/configurator.svelte';
import { newCheckoutKey } from '../orders/checkout.svelte';
import { paymentOptions, type PaymentOption } from '../orders/format';
import type { ProductSpec } from '../router/route';
import { asFailure } from '../util/resource.svelte';
import { DEFAULT_VPC_CIDR, DEFAULT_VPC_NAME, parsePorts, recommendedFlavour } from './ecs';
import { quickMissing, stepMissing, WIZARD_STEPS, type WizardStep } from './wizard';

export interface ProvisionServices {
  fees?: (configuration: EcsConfiguration) => Promise<ProvisionFees>;
  checkPassword?: (productId: string, password: string) => Promise<PasswordCheck>;
  provision?: (request: ProvisionRequest) => Promise<ProvisionResult>;
  pending?: () => Promise<AgencyToAuthorize[]>;
  authorize?: () => Promise<unknown>;
  newKey?: () => string;
}

export class Provisioning {
  readonly mode: ProvisionMode;
  readonly product: ProductDetail;
  readonly account: Account;
  readonly flavours: Flavour[];
  readonly networks: Networks;

  // Buy ECS
  edition = $state('');
  billing = $state<BillingMode>('pay_per_use');
  flavour = $state('');
  // Configure Network
  networkKind = $state<'existing' | 'new'>('new');
  vpcId = $state<number | null>(null);
  subnetId = $state<number | null>(null);
  newVpcName = $state(DEFAULT_VPC_NAME);
  newVpcCidr = $state(DEFAULT_VPC_CIDR);
  newSubnetCidr = $state('');
  groupKind = $state<'recommended' | 'existing' | 'new'>('recommended');
  groupId = $state<number | null>(null);
  newGroupName = $state('sg-koogallery');
  newGroupPorts = $state('22');
  eipEnabled = $state(false);
  eipBandwidth = $state(5);
  // Advanced Settings
  name = $state('');
  password = $state('');
  confirmPassword = $state('');
  // Confirm
  period = $state<BillingPeriod>('month');
  duration = $state(1);
  quantity = $state(1);
  acceptAgreements = $state(false);
  paymentKey = $state<string | null>(null);

  step = $state<WizardStep>('buy_ecs');
  /** Why the wizard did not go forward, naming the field. */
  stepError = $state<string | null>(null);

  fees = $state.raw<ProvisionFees | null>(null);
  feesError = $state.raw<ApiFailure | null>(null);
  passwordCheck = $state.raw<PasswordCheck | null>(null);
  /** The agencies to agree to: shown in the authorization dialog while not null. */
  agencies = $state.raw<AgencyToAuthorize[] | null>(null);
  authorizing = $state(false);
  submitting = $state(false);
  error = $state.raw<ApiFailure | null>(null);
  result = $state.raw<ProvisionResult | null>(null);

  readonly #services: Required<ProvisionServices>;
  #key: string;
  #feesGeneration = 0;
  #passwordGeneration = 0;

  constructor(
    mode: ProvisionMode,
    product: ProductDetail,
    account: Account,
    flavours: Flavour[],
    networks: Networks,
    preset: ProductSpec | null,
    services: ProvisionServices = {},
  ) {
    this.mode = mode;
    this.product = product;
    this.account = account;
    this.flavours = flavours;
    this.networks = networks;
    this.#services = {
      fees: services.fees ?? imageFees,
      checkPassword: services.checkPassword ?? checkLoginPassword,
      provision: services.provision ?? provisionImage,
      pending: services.pending ?? (() => pendingAgencies('quick_provisioning')),
      authorize: services.authorize ?? (() => authorizeAgencies('quick_provisioning')),
      newKey: services.newKey ?? newCheckoutKey,
    };
    this.#key = this.#services.newKey();

    const editions = this.editions;
    const edition = editions.find((e) => e.code === preset?.edition) ?? editions[0];
    this.edition = edition?.code ?? '';
    const billings = edition ? billingChoices(edition) : [];
    this.billing =
      billings.find((b) => b === preset?.billing) ?? billings[0] ?? ('pay_per_use' as const);
    this.period = preset?.period === 'year' ? 'year' : 'month';
    this.duration = preset?.duration ?? 1;
    this.flavour = recommendedFlavour(flavours, edition?.specification ?? '')?.id ?? '';

    const vpc = networks.vpcs[0];
    if (vpc !== undefined) {
      this.networkKind = 'existing';
      this.vpcId = vpc.id;
      this.subnetId = vpc.subnets[0]?.id ?? null;
    }
    if (networks.recommended === null) {
      const group = networks.security_groups[0];
      this.groupKind = group === undefined ? 'new' : 'existing';
      this.groupId = group?.id ?? null;
    }
    this.name = `ecs-${product.summary.id}`.slice(0, 44);
    this.paymentKey = this.paymentOptions[0]?.key ?? null;
  }

  /** Editions that can be bought (that have a plan). */
  get editions(): Edition[] {
    return this.product.editions.filter((e) => e.plans.length > 0);
  }

  get billingOptions(): BillingMode[] {
    const edition = this.editions.find((e) => e.code === this.edition);
    return edition ? billingChoices(edition) : [];
  }

  /** Month and year, where the edition sells them yearly/monthly. */
  get periodOptions(): BillingPeriod[] {
    const edition = this.editions.find((e) => e.code === this.edition);
    return edition ? periodChoices(edition, 'yearly_monthly').filter((p) => p !== 'hour') : [];
  }

  setEdition(code: string) {
    this.edition = code;
    if (!this.billingOptions.includes(this.billing)) {
      this.billing = this.billingOptions[0] ?? 'pay_per_use';
    }
    if (this.periodOptions.length > 0 && !this.periodOptions.includes(this.period)) {
      this.period = this.periodOptions[0] ?? 'month';
    }
  }

  get selectedVpc() {
    return this.networks.vpcs.find((v) => v.id === this.vpcId);
  }

  selectVpc(id: number) {
    this.vpcId = id;
    this.subnetId = this.selectedVpc?.subnets[0]?.id ?? null;
  }

  /** What the fees depend on. */
  get configuration(): EcsConfiguration {
    const yearly = this.billing === 'yearly_monthly';
    return {
      product_id: this.product.summary.id,
      edition: this.edition,
      billing: this.billing,
      period: yearly ? this.period : null,
      duration: yearly ? this.duration : null,
      quantity: this.quantity,
      flavour: this.flavour,
      eip_bandwidth_mbps: this.eipEnabled ? this.eipBandwidth : null,
    };
  }

  get network(): NetworkChoice | null {
    if (this.networkKind === 'existing') {
      return this.vpcId === null || this.subnetId === null
        ? null
        : { kind: 'existing', vpc_id: this.vpcId, subnet_id: this.subnetId };
    }
    const name = this.newVpcName.trim();
    const cidr = this.newVpcCidr.trim();
    if (name === '' || cidr === '') return null;
    const subnet = this.newSubnetCidr.trim();
    return {
      kind: 'new',
      vpc_name: name,
      vpc_cidr: cidr,
      subnet_cidr: subnet === '' ? null : subnet,
    };
  }

  get securityGroup(): SecurityGroupChoice | null {
    switch (this.groupKind) {
      case 'recommended':
        return this.networks.recommended === null ? null : { kind: 'recommended' };
      case 'existing':
        return this.groupId === null ? null : { kind: 'existing', security_group_id: this.groupId };
      case 'new': {
        const ports = parsePorts(this.newGroupPorts);
        const name = this.newGroupName.trim();
        return ports === null || name === '' ? null : { kind: 'new', name, ports };
      }
    }
  }

  get paymentOptions(): PaymentOption[] {
    return paymentOptions(this.account);
  }

  get referenceOnly(): boolean {
    return this.account.kind === 'reseller_customer';
  }

  get passwordsMatch(): boolean {
    return this.password === this.confirmPassword;
  }

  /** The password keeps every rule (as the core last said) and the confirmation matches. */
  get passwordReady(): boolean {
    return this.password !== '' && this.passwordCheck?.acceptable === true && this.passwordsMatch;
  }

  /** The first thing `step` still needs, in words; null when it is complete. */
  missing(step: WizardStep): string | null {
    return stepMissing(step, this);
  }

  /** Quick provisioning: everything on one page must be complete. */
  get quickMissing(): string | null {
    return quickMissing(this);
  }

  /** To the next step once this one is complete (Confirm's Submit leads to payment). */
  forward(): boolean {
    const missing = this.missing(this.step);
    this.stepError = missing;
    if (missing !== null) return false;
    const next = WIZARD_STEPS[WIZARD_STEPS.indexOf(this.step) + 1];
    if (next === undefined) return false;
    this.step = next;
    return true;
  }

  /** Back one step, keeping every entry. */
  back() {
    const previous = WIZARD_STEPS[WIZARD_STEPS.indexOf(this.step) - 1];
    if (previous === undefined || this.submitting) return;
    this.stepError = null;
    this.error = null;
    this.step = previous;
  }

  /** The step bar: any earlier step, or the next one when this one is complete. */
  goTo(step: WizardStep): boolean {
    const from = WIZARD_STEPS.indexOf(this.step);
    const to = WIZARD_STEPS.indexOf(step);
    if (to <= from) {
      if (to < from) this.back();
      while (WIZARD_STEPS.indexOf(this.step) > to) this.back();
      return true;
    }
    return to === from + 1 ? this.forward() : false;
  }

  get request(): ProvisionRequest {
    const option = this.paymentOptions.find((o) => o.key === this.paymentKey);
    const network = this.network;
    const group = this.securityGroup;
    if (network === null || group === null) throw new Error('the network is not complete');
    return {
      mode: this.mode,
      configuration: this.configuration,
      network,
      security_group: group,
      name: this.name.trim(),
      password: this.password,
      accept_agreements: this.acceptAgreements,
      payment: this.referenceOnly ? null : (option?.choice ?? null),
      idempotency_key: this.#key,
    };
  }

  /** The key the next submission sends. */
  get idempotencyKey(): string {
    return this.#key;
  }

  async refreshFees(): Promise<void> {
    const generation = ++this.#feesGeneration;
    const configuration = this.configuration;
    if (configuration.flavour === '' || configuration.edition === '') return;
    try {
      const fees = await this.#services.fees(configuration);
      if (generation !== this.#feesGeneration) return;
      this.fees = fees;
      this.feesError = null;
    } catch (error) {
      if (generation !== this.#feesGeneration) return;
      this.fees = null;
      this.feesError = asFailure(error);
    }
  }

  /** Asks the core which rules `password` keeps; only the latest answer is kept. */
  async checkPassword(password: string): Promise<void> {
    const generation = ++this.#passwordGeneration;
    try {
      const check = await this.#services.checkPassword(this.product.summary.id, password);
      if (generation === this.#passwordGeneration) this.passwordCheck = check;
    } catch {
      // The rules stay unconfirmed; submitting reports the core's refusal in place.
      if (generation === this.#passwordGeneration) this.passwordCheck = null;
    }
  }

  /**
   * Provisions, once. When the core asks for agencies, their list (with each policy's actions)
   * is loaded for the dialog and nothing else happens until the buyer agrees.
   */
  async submit(): Promise<ProvisionResult | null> {
    if (this.submitting || this.result !== null) return this.result;
    const missing = this.mode === 'quick' ? this.quickMissing : this.missing('payment');
    if (missing !== null) {
      this.stepError = missing;
      return null;
    }
    this.stepError = null;
    this.submitting = true;
    this.error = null;
    try {
      const result = await this.#services.provision(this.request);
      this.result = result;
      // Not needed any more, and never shown again.
      this.password = '';
      this.confirmPassword = '';
      return result;
    } catch (error) {
      const failure = asFailure(error);
      if (failure.code === 'authorization_required') {
        try {
          this.agencies = await this.#services.pending();
        } catch (pendingError) {
          this.error = asFailure(pendingError);
          return null;
        }
        if (this.agencies.length === 0) this.agencies = null;
        else return null;
      }
      this.error = failure;
      if (
        failure.code === 'payment_declined' ||
        failure.code === 'insufficient_balance' ||
        failure.code === 'conflict'
      ) {
        this.#key = this.#services.newKey();
      }
      return null;
    } finally {
      this.submitting = false;
    }
  }

  /** Agree: grants the agencies, then provisions again with the same key. */
  async agree(): Promise<ProvisionResult | null> {
    if (this.agencies === null || this.authorizing) return null;
    this.authorizing = true;
    this.error = null;
    try {
      await this.#services.authorize();
    } catch (error) {
      this.error = asFailure(error);
      return null;
    } finally {
      this.authorizing = false;
    }
    this.agencies = null;
    return this.submit();
  }

  /** Not now: the dialog closes and quick provisioning waits. */
  decline() {
    this.agencies = null;
    this.stepError =
      'Quick provisioning needs your authorization of the agencies. Agree to them, or use customized provisioning.';
  }
}
