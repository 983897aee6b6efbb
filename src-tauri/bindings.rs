//! The TypeScript bindings of the commands, generated from the Rust types into
//! `ui/src/lib/api/bindings.ts` and committed. A test fails when they drift; run
//! `KG_WRITE_BINDINGS=1 cargo test -p koogallery-desktop --lib bindings` to write them anew.

use std::path::{Path, PathBuf};

/// Where the UI keeps the generated bindings.
pub fn bindings_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/src/lib/api/bindings.ts")
}

/// Writes the bindings to `path`.
pub fn export(path: &Path) -> Result<(), String> {
    crate::specta_builder::<tauri::Wry>()
        .export(
            specta_typescript::Typescript::default()
                .header("// Generated from the Rust types by tauri-specta. Do not edit.\n"),
            path,
        )
        .map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bindings_are_up_to_date() {
        let dir = tempfile::tempdir().unwrap();
        let fresh = dir.path().join("bindings.ts");
        export(&fresh).unwrap();
        let fresh = std::fs::read_to_string(fresh).unwrap();
        if std::env::var_os("KG_WRITE_BINDINGS").is_some() {
            std::fs::write(bindings_path(), &fresh).unwrap();
        }
        let committed = std::fs::read_to_string(bindings_path()).unwrap_or_default();
        assert!(
            committed == fresh,
            "ui/src/lib/api/bindings.ts is out of date with the Rust types; write it anew with \
             KG_WRITE_BINDINGS=1 cargo test -p koogallery-desktop --lib bindings"
        );
    }
}
