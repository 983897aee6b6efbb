//! An operation as it travels and as the outbox keeps it: as its fingerprint shows it, with
//! its files by name and SHA-256 and a SaaS application without its password. [`whole`]
//! makes it an [`Operation`] again where it is applied, with the files' bytes from wherever
//! that side keeps them and the password given beside it.

use base64::Engine;
use serde_json::Value;

use crate::store::secrets::Secret;
use crate::supervision::Operation;
use crate::{CoreError, Result};

/// `operation` made whole: each `{name, sha256}` filled with the bytes `bytes_of` finds for
/// the hash, and `password` put back into its application. A file `bytes_of` does not have is
/// refused.
pub(crate) fn whole(
    operation: &Value,
    password: Option<&Secret>,
    bytes_of: &mut dyn FnMut(&str) -> Result<Option<Vec<u8>>>,
) -> Result<Operation> {
    let mut value = operation.clone();
    fill(&mut value, bytes_of)?;
    if let (Some(password), Some(app)) = (password, value.pointer_mut("/action/app").and_then(Value::as_object_mut)) {
        app.insert("initial_password".into(), Value::from(password.expose()));
    }
    serde_json::from_value(value)
        .map_err(|e| CoreError::invalid(format!("not an operation this marketplace knows: {e}")))
}

/// The hashes of the files `operation` names.
pub(crate) fn files(operation: &Value) -> Vec<String> {
    let mut found = Vec::new();
    walk(operation, &mut |map| {
        if let Some(sha) = map.get("sha256").and_then(Value::as_str) {
            found.push(sha.to_string());
        }
    });
    found
}

fn is_file(map: &serde_json::Map<String, Value>) -> bool {
    map.len() == 2 && map.contains_key("name") && map.get("sha256").is_some_and(Value::is_string)
}

fn walk(value: &Value, visit: &mut dyn FnMut(&serde_json::Map<String, Value>)) {
    match value {
        Value::Object(map) if is_file(map) => visit(map),
        Value::Object(map) => map.values().for_each(|v| walk(v, visit)),
        Value::Array(items) => items.iter().for_each(|v| walk(v, visit)),
        _ => {}
    }
}

fn fill(value: &mut Value, bytes_of: &mut dyn FnMut(&str) -> Result<Option<Vec<u8>>>) -> Result<()> {
    match value {
        Value::Object(map) if is_file(map) => {
            let sha = map.remove("sha256").and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
            let bytes = bytes_of(&sha)?
                .ok_or_else(|| CoreError::invalid(format!("the file {sha} it names was not sent first")))?;
            map.insert("content_base64".into(), Value::from(base64::engine::general_purpose::STANDARD.encode(bytes)));
        }
        Value::Object(map) => map.values_mut().try_for_each(|v| fill(v, bytes_of))?,
        Value::Array(items) => items.iter_mut().try_for_each(|v| fill(v, bytes_of))?,
        _ => {}
    }
    Ok(())
}
