//! R-IMG: the customized provisioning wizard's state machine, every legal and illegal step.

use koogallery_core::images::password::LoginPassword;
use koogallery_core::images::wizard::{Wizard, WizardStep};
use koogallery_core::images::{NetworkChoice, ProvisionMode, SecurityGroupChoice};
use koogallery_core::ErrorCode;
use WizardStep::*;

/// A wizard at `step` with every field filled.
fn filled(step: WizardStep) -> Wizard {
    let mut wizard = Wizard::new("mysql-image");
    let d = &mut wizard.draft;
    d.edition = Some("standard".into());
    d.billing = Some("yearly_monthly".parse().unwrap());
    d.flavour = Some("s6.large.2".into());
    d.network = Some(NetworkChoice::Existing { vpc_id: 1, subnet_id: 1 });
    d.security_group = Some(SecurityGroupChoice::Recommended);
    d.name = Some("db-1".into());
    d.duration = Some(3);
    d.accept_agreements = true;
    wizard.step = step;
    wizard
}

#[test]
fn r_img_wizard_next_and_back_move_one_step_and_keep_entries() {
    let mut wizard = filled(BuyEcs);
    let draft = wizard.draft.clone();
    assert_eq!(wizard.forward().unwrap(), ConfigureNetwork);
    assert_eq!(wizard.forward().unwrap(), AdvancedSettings);
    assert_eq!(wizard.forward().unwrap(), Confirm);
    assert_eq!(wizard.back().unwrap(), AdvancedSettings);
    assert_eq!(wizard.back().unwrap(), ConfigureNetwork);
    assert_eq!(wizard.back().unwrap(), BuyEcs);
    assert_eq!(wizard.draft, draft, "entries survive back and forth");
}

#[test]
fn r_img_wizard_every_go_to_from_every_step() {
    // (from, to, legal)
    for from in WizardStep::ALL {
        for to in WizardStep::ALL {
            let mut wizard = filled(from);
            let result = wizard.go_to(to);
            let legal = from != Submitted && to != Submitted && (to <= from || to as usize == from as usize + 1);
            assert_eq!(result.is_ok(), legal, "{from:?} → {to:?}: {result:?}");
            if legal {
                assert_eq!(wizard.step, to);
            } else {
                assert_eq!(result.unwrap_err().code(), ErrorCode::Conflict);
                assert_eq!(wizard.step, from, "a refused move stays put");
            }
        }
    }
}

#[test]
fn r_img_wizard_next_back_and_submit_from_every_step() {
    for from in WizardStep::ALL {
        let mut wizard = filled(from);
        assert_eq!(wizard.forward().is_ok(), !matches!(from, Confirm | Submitted), "forward from {from:?}");
        let mut wizard = filled(from);
        assert_eq!(wizard.back().is_ok(), !matches!(from, BuyEcs | Submitted), "back from {from:?}");
        let mut wizard = filled(from);
        let submitted = wizard.submit(LoginPassword::new("Kg-Demo-2026!"), "key-1");
        assert_eq!(submitted.is_ok(), from == Confirm, "submit from {from:?}");
    }
    let mut wizard = filled(Confirm);
    let request = wizard.submit(LoginPassword::new("Kg-Demo-2026!"), "key-1").unwrap();
    assert_eq!(wizard.step, Submitted);
    assert_eq!(request.mode, ProvisionMode::Custom);
    assert_eq!(request.configuration.duration, Some(3));
    assert_eq!(request.name.as_deref(), Some("db-1"));
    assert_eq!(format!("{:?}", request.password), "***");
}

#[test]
fn r_img_wizard_a_step_with_a_missing_field_does_not_go_on() {
    type Spoil = fn(&mut Wizard);
    let cases: [(WizardStep, Spoil, &str); 8] = [
        (BuyEcs, |w| w.draft.edition = None, "edition"),
        (BuyEcs, |w| w.draft.billing = None, "billing mode"),
        (BuyEcs, |w| w.draft.flavour = Some(String::new()), "flavour"),
        (ConfigureNetwork, |w| w.draft.network = None, "network"),
        (ConfigureNetwork, |w| w.draft.security_group = None, "security group"),
        (AdvancedSettings, |w| w.draft.name = None, "ECS name"),
        (Confirm, |w| w.draft.accept_agreements = false, "agreements"),
        (Confirm, |w| w.draft.duration = None, "duration"),
    ];
    for (step, spoil, field) in cases {
        let mut wizard = filled(step);
        spoil(&mut wizard);
        let err = if step == Confirm {
            wizard.submit(LoginPassword::new("Kg-Demo-2026!"), "k").unwrap_err()
        } else {
            wizard.forward().unwrap_err()
        };
        assert_eq!(err.code(), ErrorCode::InvalidInput);
        assert!(err.to_string().starts_with(field), "{field}: {err}");
        assert_eq!(wizard.step, step);
    }
    // Pay-per-use needs no duration.
    let mut wizard = filled(Confirm);
    wizard.draft.billing = Some("pay_per_use".parse().unwrap());
    wizard.draft.duration = None;
    assert!(wizard.submit(LoginPassword::new("Kg-Demo-2026!"), "k").is_ok());
}
