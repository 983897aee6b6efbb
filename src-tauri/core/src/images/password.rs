//! The ECS login password (R-IMG-3): 8 to 26 characters, at least three of upper case, lower
//! case, digits and special characters, and not containing the login user name or it
//! reversed (case-insensitively).
//!
//! [`check`] says rule by rule what holds, for the form's live feedback; [`validate`] refuses
//! with the first broken rule. A password travels as [`LoginPassword`], whose `Debug` prints
//! `***` and which cannot be serialised; the simulated server keeps only a salted Argon2id
//! hash of it ([`hash`]). It is never logged and never shown again.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use serde::{Deserialize, Serialize};

use crate::entropy::Entropy;
use crate::{CoreError, Result};

pub const MIN_LEN: usize = 8;
pub const MAX_LEN: usize = 26;

/// The special characters a login password may hold, as the cloud's console lists them.
pub const SPECIAL: &str = "!@$%^-_=+[{}]:,./?~#*";

/// A login password as typed. `Debug` prints `***`; it cannot be serialised, so it cannot
/// end up in a stored request, an order or a JSON answer.
#[derive(Clone, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(transparent)]
pub struct LoginPassword(String);

impl LoginPassword {
    pub fn new(text: impl Into<String>) -> LoginPassword {
        LoginPassword(text.into())
    }

    /// The password itself: only to check and hash it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for LoginPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("***")
    }
}

/// The rules of R-IMG-3, one by one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum PasswordRule {
    /// 8 to 26 characters.
    Length,
    /// Only letters, digits and the special characters in [`SPECIAL`].
    AllowedCharacters,
    /// At least three of upper case, lower case, digits and special characters.
    CharacterTypes,
    /// Not the login user name, nor it reversed, anywhere inside, whatever the case.
    NoUserName,
}

/// One rule and whether the password keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RuleCheck {
    pub rule: PasswordRule,
    pub met: bool,
    /// What the rule asks, as the form shows it beside the field.
    pub description: String,
}

/// Every rule checked, for live feedback.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PasswordCheck {
    pub rules: Vec<RuleCheck>,
    /// All rules met.
    pub acceptable: bool,
}

/// Checks `password` for the login user `user` ("root" or "Administrator"), rule by rule.
pub fn check(password: &str, user: &str) -> PasswordCheck {
    let len = password.chars().count();
    let allowed = password.chars().all(|c| c.is_ascii_alphanumeric() || SPECIAL.contains(c));
    let types = [
        password.chars().any(|c| c.is_ascii_uppercase()),
        password.chars().any(|c| c.is_ascii_lowercase()),
        password.chars().any(|c| c.is_ascii_digit()),
        password.chars().any(|c| SPECIAL.contains(c)),
    ]
    .iter()
    .filter(|&&has| has)
    .count();
    let lower = password.to_lowercase();
    let name = user.to_lowercase();
    let reversed: String = name.chars().rev().collect();
    let no_user = name.is_empty() || !(lower.contains(&name) || lower.contains(&reversed));
    let rules = vec![
        RuleCheck {
            rule: PasswordRule::Length,
            met: (MIN_LEN..=MAX_LEN).contains(&len),
            description: format!("{MIN_LEN} to {MAX_LEN} characters"),
        },
        RuleCheck {
            rule: PasswordRule::AllowedCharacters,
            met: allowed && !password.is_empty(),
            description: format!("only letters, digits and the special characters {SPECIAL}"),
        },
        RuleCheck {
            rule: PasswordRule::CharacterTypes,
            met: types >= 3,
            description: "at least three of: upper-case letters, lower-case letters, digits, special characters"
                .to_string(),
        },
        RuleCheck {
            rule: PasswordRule::NoUserName,
            met: no_user,
            description: format!(
                "not containing the user name {user} or it reversed ({})",
                user.chars().rev().collect::<String>()
            ),
        },
    ];
    let acceptable = rules.iter().all(|r| r.met);
    PasswordCheck { rules, acceptable }
}

/// Checks `password` rule by rule for the user an image logs in as (`root`, or
/// `Administrator` on Windows): the live feedback of the provisioning forms.
pub fn check_for_product(
    conn: &rusqlite::Connection,
    product_id: &str,
    password: &LoginPassword,
) -> Result<PasswordCheck> {
    let detail = crate::catalog::product::show(conn, product_id)?;
    Ok(check(password.expose(), super::login_user(detail.operating_system.as_deref())))
}

/// Refuses `password` for `user` with the first rule it breaks, never quoting it.
pub fn validate(password: &LoginPassword, user: &str) -> Result<()> {
    match check(password.expose(), user).rules.into_iter().find(|r| !r.met) {
        None => Ok(()),
        Some(broken) => {
            Err(CoreError::invalid(format!("password: the ECS login password must have {}", broken.description)))
        }
    }
}

/// Small but real Argon2id parameters (19 MiB, 2 passes: OWASP's minimum): this hash stands
/// for what the simulated server keeps, and must not make provisioning slow.
fn argon2() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).expect("fixed Argon2 parameters are valid");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// A salted Argon2id hash of `password`, as a PHC string (`$argon2id$v=19$...`).
pub fn hash(password: &LoginPassword, entropy: &dyn Entropy) -> Result<String> {
    let mut salt = [0u8; 16];
    entropy.fill(&mut salt);
    let salt =
        SaltString::encode_b64(&salt).map_err(|e| CoreError::Internal(format!("a salt could not be made: {e}")))?;
    argon2()
        .hash_password(password.expose().as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| CoreError::Internal(format!("the password could not be hashed: {e}")))
}

/// Whether `password` is the one `stored` was hashed from.
pub fn verify(password: &LoginPassword, stored: &str) -> bool {
    PasswordHash::new(stored).is_ok_and(|h| argon2().verify_password(password.expose().as_bytes(), &h).is_ok())
}
