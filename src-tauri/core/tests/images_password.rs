//! R-IMG-3: the ECS login password's rules, each with failing and passing cases, the user
//! name reversed, and the hash that is all a server keeps.

use koogallery_core::entropy::OsEntropy;
use koogallery_core::images::password::{self, LoginPassword, PasswordRule};
use koogallery_core::ErrorCode;

/// The rules `password` breaks for `user`.
fn broken(password: &str, user: &str) -> Vec<PasswordRule> {
    password::check(password, user).rules.into_iter().filter(|r| !r.met).map(|r| r.rule).collect()
}

#[test]
fn r_img_3_each_rule_has_failing_and_passing_cases() {
    use PasswordRule::*;
    let cases: &[(&str, &str, &[PasswordRule])] = &[
        // Length: 8 to 26.
        ("Ab1!xyz", "root", &[Length]),
        ("Ab1!xyzw", "root", &[]),
        ("Ab1!xyzwAb1!xyzwAb1!xyzwAb", "root", &[]),
        ("Ab1!xyzwAb1!xyzwAb1!xyzwAbc", "root", &[Length]),
        // Three of four kinds.
        ("abcdefgh", "root", &[CharacterTypes]),
        ("abcdEFGH", "root", &[CharacterTypes]),
        ("abcd1234", "root", &[CharacterTypes]),
        ("abcdEF12", "root", &[]),
        ("abcd12!!", "root", &[]),
        ("ABCD12!!", "root", &[]),
        ("12345678", "root", &[CharacterTypes]),
        // Allowed characters only.
        ("Abcd 123!", "root", &[AllowedCharacters]),
        ("Abcd123€x", "root", &[AllowedCharacters]),
        ("Abcd123<x", "root", &[AllowedCharacters]),
        // The user name, or it reversed, anywhere, whatever the case.
        ("myRoot-2026", "root", &[NoUserName]),
        ("xTOORx-2026", "root", &[NoUserName]),
        ("Rot-2026-abc", "root", &[]),
        ("Administrator1!", "Administrator", &[NoUserName]),
        ("rotartsinimdA1!", "Administrator", &[NoUserName]),
        ("Admin-2026-x", "Administrator", &[]),
        // "root" is fine in a Windows password, and the reverse.
        ("Root-2026-x", "Administrator", &[]),
        ("", "root", &[Length, AllowedCharacters, CharacterTypes]),
    ];
    for (text, user, expected) in cases {
        assert_eq!(broken(text, user), *expected, "{text:?} for {user}");
        let valid = password::validate(&LoginPassword::new(*text), user);
        assert_eq!(valid.is_ok(), expected.is_empty(), "{text:?}");
        if let Err(err) = valid {
            assert_eq!(err.code(), ErrorCode::InvalidInput);
            assert!(err.to_string().starts_with("password: "), "{err}");
            if !text.is_empty() {
                assert!(!err.to_string().contains(text), "the message never quotes the password: {err}");
            }
        }
    }
}

#[test]
fn r_img_3_the_check_lists_every_rule_for_live_feedback() {
    let check = password::check("abc", "root");
    assert_eq!(check.rules.len(), 4);
    assert!(!check.acceptable);
    assert!(check.rules.iter().any(|r| r.description.contains("toor")), "names the reversed user");
    assert!(password::check("Kg-Demo-2026!", "root").acceptable);
}

#[test]
fn r_img_3_a_password_is_kept_only_as_a_salted_argon2id_hash_and_never_printed() {
    let secret = LoginPassword::new("Kg-Demo-2026!");
    assert_eq!(format!("{secret:?}"), "***");
    let first = password::hash(&secret, &OsEntropy).unwrap();
    let second = password::hash(&secret, &OsEntropy).unwrap();
    assert!(first.starts_with("$argon2id$"), "{first}");
    assert_ne!(first, second, "salted: the same password hashes differently");
    assert!(!first.contains("Kg-Demo-2026!"));
    assert!(password::verify(&secret, &first));
    assert!(!password::verify(&LoginPassword::new("Kg-Demo-2027!"), &first));
}
