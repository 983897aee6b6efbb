//! The customized provisioning flow as a pure state machine (R-IMG): Buy ECS → Configure
//! Network → Configure Advanced Settings → Confirm → Submitted.
//!
//! The UI mirrors it: it keeps a [`Wizard`], fills its [`WizardDraft`] as the buyer types,
//! and moves with [`Wizard::forward`], [`Wizard::back`] and [`Wizard::go_to`]. Going back and
//! forth keeps every entry. Going forward requires the current step's fields; skipping ahead,
//! leaving Submitted, or submitting from anywhere but Confirm is refused. It never touches the
//! store: what the entries are worth (a flavour on offer, a free VPC name) is checked by
//! `provision` when the buyer submits. The password is not kept here: the form holds it and
//! checks it live with `password::check`.

use serde::{Deserialize, Serialize};

use super::fees::EcsConfiguration;
use super::password::LoginPassword;
use super::provision::{NetworkChoice, ProvisionRequest, SecurityGroupChoice};
use super::ProvisionMode;
use crate::catalog::model::{BillingMode, BillingPeriod};
use crate::orders::PaymentChoice;
use crate::{CoreError, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum WizardStep {
    BuyEcs,
    ConfigureNetwork,
    AdvancedSettings,
    Confirm,
    Submitted,
}

impl WizardStep {
    pub const ALL: [WizardStep; 5] = [
        WizardStep::BuyEcs,
        WizardStep::ConfigureNetwork,
        WizardStep::AdvancedSettings,
        WizardStep::Confirm,
        WizardStep::Submitted,
    ];

    fn index(self) -> usize {
        self as usize
    }

    pub fn title(self) -> &'static str {
        match self {
            WizardStep::BuyEcs => "Buy ECS",
            WizardStep::ConfigureNetwork => "Configure Network",
            WizardStep::AdvancedSettings => "Configure Advanced Settings",
            WizardStep::Confirm => "Confirm",
            WizardStep::Submitted => "Submitted",
        }
    }
}

/// What the buyer has entered so far; every field may still be missing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default)]
pub struct WizardDraft {
    pub product_id: String,
    // Buy ECS
    pub edition: Option<String>,
    pub billing: Option<BillingMode>,
    pub flavour: Option<String>,
    // Configure Network
    pub network: Option<NetworkChoice>,
    pub security_group: Option<SecurityGroupChoice>,
    pub eip_bandwidth_mbps: Option<u32>,
    // Configure Advanced Settings
    pub name: Option<String>,
    // Confirm
    pub period: Option<BillingPeriod>,
    pub duration: Option<u32>,
    pub quantity: Option<u32>,
    pub accept_agreements: bool,
    pub payment: Option<PaymentChoice>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Wizard {
    pub step: WizardStep,
    pub draft: WizardDraft,
}

fn missing(field: &str, step: WizardStep) -> CoreError {
    CoreError::invalid(format!("{field}: fill it in before leaving {}", step.title()))
}

impl Wizard {
    /// A wizard at its first step for `product_id`.
    pub fn new(product_id: impl Into<String>) -> Wizard {
        Wizard { step: WizardStep::BuyEcs, draft: WizardDraft { product_id: product_id.into(), ..Default::default() } }
    }

    /// Refuses with the first field `step` needs that is missing.
    fn complete(&self, step: WizardStep) -> Result<()> {
        let d = &self.draft;
        match step {
            WizardStep::BuyEcs => {
                if d.edition.as_deref().is_none_or(str::is_empty) {
                    return Err(missing("edition", step));
                }
                if d.billing.is_none() {
                    return Err(missing("billing mode", step));
                }
                if d.flavour.as_deref().is_none_or(str::is_empty) {
                    return Err(missing("flavour", step));
                }
            }
            WizardStep::ConfigureNetwork => {
                if d.network.is_none() {
                    return Err(missing("network", step));
                }
                if d.security_group.is_none() {
                    return Err(missing("security group", step));
                }
            }
            WizardStep::AdvancedSettings => {
                if d.name.as_deref().is_none_or(str::is_empty) {
                    return Err(missing("ECS name", step));
                }
            }
            WizardStep::Confirm => {
                if d.billing == Some(BillingMode::YearlyMonthly) && d.duration.is_none() {
                    return Err(missing("duration", step));
                }
                if !d.accept_agreements {
                    return Err(CoreError::invalid("agreements: tick them to submit"));
                }
            }
            WizardStep::Submitted => {}
        }
        Ok(())
    }

    /// To the next step, once this one is complete. Confirm goes on only by [`Wizard::submit`].
    pub fn forward(&mut self) -> Result<WizardStep> {
        match self.step {
            WizardStep::Confirm => {
                Err(CoreError::Conflict("the wizard: Confirm goes on by submitting, not by going forward".into()))
            }
            WizardStep::Submitted => Err(CoreError::Conflict("the wizard: it was submitted; start a new one".into())),
            step => {
                self.complete(step)?;
                self.step = WizardStep::ALL[step.index() + 1];
                Ok(self.step)
            }
        }
    }

    /// Back one step, keeping every entry.
    pub fn back(&mut self) -> Result<WizardStep> {
        match self.step {
            WizardStep::BuyEcs => Err(CoreError::Conflict("the wizard: Buy ECS is the first step".into())),
            WizardStep::Submitted => Err(CoreError::Conflict("the wizard: it was submitted; start a new one".into())),
            step => {
                self.step = WizardStep::ALL[step.index() - 1];
                Ok(self.step)
            }
        }
    }

    /// Jumps to `step` (the step bar): any earlier step, or the next one. Skipping ahead,
    /// and reaching Submitted or leaving it, are refused.
    pub fn go_to(&mut self, step: WizardStep) -> Result<WizardStep> {
        if self.step == WizardStep::Submitted || step == WizardStep::Submitted {
            return Err(CoreError::Conflict(format!(
                "the wizard: cannot go from {} to {}",
                self.step.title(),
                step.title()
            )));
        }
        match step.index() {
            i if i <= self.step.index() => {
                self.step = step;
                Ok(step)
            }
            i if i == self.step.index() + 1 => self.forward(),
            _ => Err(CoreError::Conflict(format!(
                "the wizard: {} comes after {}; complete the steps in order",
                step.title(),
                WizardStep::ALL[self.step.index() + 1].title()
            ))),
        }
    }

    /// Submits from Confirm: the request to hand to `provision`, with the password the form
    /// holds and a key made for this submission. The wizard is then Submitted.
    pub fn submit(&mut self, password: LoginPassword, idempotency_key: impl Into<String>) -> Result<ProvisionRequest> {
        if self.step != WizardStep::Confirm {
            return Err(CoreError::Conflict(format!(
                "the wizard: submit from Confirm, not from {}",
                self.step.title()
            )));
        }
        for step in
            [WizardStep::BuyEcs, WizardStep::ConfigureNetwork, WizardStep::AdvancedSettings, WizardStep::Confirm]
        {
            self.complete(step)?;
        }
        let d = self.draft.clone();
        let (Some(edition), Some(billing), Some(flavour), Some(network), Some(security_group)) =
            (d.edition, d.billing, d.flavour, d.network, d.security_group)
        else {
            return Err(CoreError::Internal("the wizard: a complete draft lacks a field".into()));
        };
        self.step = WizardStep::Submitted;
        Ok(ProvisionRequest {
            mode: ProvisionMode::Custom,
            configuration: EcsConfiguration {
                product_id: d.product_id,
                edition,
                billing,
                period: d.period,
                duration: d.duration,
                quantity: d.quantity,
                flavour,
                eip_bandwidth_mbps: d.eip_bandwidth_mbps,
            },
            network,
            security_group,
            name: d.name,
            password,
            accept_agreements: d.accept_agreements,
            payment: d.payment,
            idempotency_key: idempotency_key.into(),
        })
    }
}
