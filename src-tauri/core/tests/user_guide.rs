//! A product's user guide, saved as a file the buyer can open: under its own name, never over
//! a file already there.

mod common;

use std::path::Path;

use common::{product, seller};
use koogallery_core::catalog::import::{import, CatalogSeed};
use koogallery_core::catalog::media::{read_guide, save_guide};
use koogallery_core::catalog::model::DeliveryMethod;
use koogallery_core::{ErrorCode, Store};

const GUIDE: &[u8] = b"%PDF-1.4 the CRM guide";

/// A catalog of two products: `crm` with the guide `guides/Orbit CRM guide.pdf`, `bare` without.
fn store() -> Store {
    let mut crm = product("crm", "CRM", "crm", DeliveryMethod::Saas);
    crm.user_guide = Some("guides/Orbit CRM guide.pdf".into());
    let bare = product("bare", "Bare", "crm", DeliveryMethod::Saas);
    let mut store = Store::open_in_memory().unwrap();
    let seed = CatalogSeed { sellers: vec![seller()], products: vec![crm, bare] };
    let read = |path: &str| (path == "guides/Orbit CRM guide.pdf").then(|| GUIDE.to_vec());
    let report = store.write(|tx| import(tx, &seed, &read)).unwrap();
    assert!(report.refused.is_empty(), "{:?}", report.refused);
    store
}

fn names(folder: &Path) -> Vec<String> {
    let mut names: Vec<String> =
        std::fs::read_dir(folder).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

#[test]
fn a_guide_is_read_with_its_file_name() {
    let (name, guide) = read_guide(store().conn(), "crm").unwrap();
    assert_eq!(
        (name.as_str(), guide.mime.as_str(), guide.bytes.as_slice()),
        ("Orbit CRM guide.pdf", "application/pdf", GUIDE)
    );
}

#[test]
fn a_guide_is_saved_under_its_name_and_never_over_another_file() {
    let store = store();
    let home = tempfile::tempdir().unwrap();
    let downloads = home.path().join("Downloads");

    let first = save_guide(store.conn(), "crm", &downloads).unwrap();
    assert_eq!(first, downloads.join("Orbit CRM guide.pdf"), "the folder is created");
    assert_eq!(std::fs::read(&first).unwrap(), GUIDE);

    std::fs::write(downloads.join("Orbit CRM guide (2).pdf"), b"someone else's file").unwrap();
    let second = save_guide(store.conn(), "crm", &downloads).unwrap();
    let third = save_guide(store.conn(), "crm", &downloads).unwrap();
    assert_eq!(second, downloads.join("Orbit CRM guide (1).pdf"));
    assert_eq!(third, downloads.join("Orbit CRM guide (3).pdf"), "a name taken by another file is skipped");
    assert_eq!(std::fs::read(&third).unwrap(), GUIDE);
    assert_eq!(std::fs::read(downloads.join("Orbit CRM guide (2).pdf")).unwrap(), b"someone else's file");
    assert_eq!(names(&downloads).len(), 4);
}

#[test]
fn without_a_guide_nothing_is_written() {
    let store = store();
    let folder = tempfile::tempdir().unwrap();
    for product in ["bare", "no-such-product"] {
        let err = save_guide(store.conn(), product, folder.path()).unwrap_err();
        assert_eq!(err.code(), ErrorCode::NotFound, "{product}");
        assert!(err.to_string().contains("user guide"), "{err}");
    }
    assert!(names(folder.path()).is_empty());
}

#[test]
fn a_folder_that_cannot_be_written_is_a_storage_error_naming_it() {
    let store = store();
    let folder = tempfile::tempdir().unwrap();
    let not_a_folder = folder.path().join("file");
    std::fs::write(&not_a_folder, b"").unwrap();
    let err = save_guide(store.conn(), "crm", &not_a_folder.join("Downloads")).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Storage);
    assert!(err.to_string().contains("Downloads"), "{err}");
}
