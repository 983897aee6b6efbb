//! The .deb that `scripts/package.sh` builds, installed on this machine as a person would
//! install it (`dpkg -i`), started from where it was installed, showing its home screen; then
//! removed. Needs root and the package built first: `scripts/test-all.sh` does both.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::driver::App;

const INSTALLED_APP: &str = "/usr/bin/koogallery-desktop";
const INSTALLED_KG: &str = "/usr/bin/kg";

/// The package `scripts/package.sh` built last: from the release build, or from the test
/// build with `--debug`, as the suite does.
fn built_deb() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let debs: Vec<PathBuf> = ["release", "debug"]
        .iter()
        .filter_map(|profile| std::fs::read_dir(root.join("target").join(profile).join("bundle/deb")).ok())
        .flat_map(|folder| folder.flatten().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "deb"))
        .collect();
    debs.into_iter()
        .max_by_key(|p| p.metadata().and_then(|m| m.modified()).ok())
        .expect("a package in target/{release,debug}/bundle/deb: run scripts/package.sh first")
}

fn run(program: &str, args: &[&str]) -> String {
    let out = Command::new(program).args(args).output().unwrap_or_else(|e| panic!("{program}: {e}"));
    assert!(out.status.success(), "{program} {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Removes the package however the test ends.
struct Installed(String);

impl Drop for Installed {
    fn drop(&mut self) {
        let _ = Command::new("dpkg").args(["--remove", &self.0]).output();
    }
}

#[tokio::test]
#[ignore = "installs the built .deb: needs root, the package and a display (run by scripts/test-all.sh)"]
async fn package_the_installed_deb_starts_and_shows_the_home_screen() {
    let deb = built_deb();
    let name = run("dpkg-deb", &["--field", deb.to_str().unwrap(), "Package"]).trim().to_string();
    run("dpkg", &["--install", deb.to_str().unwrap()]);
    let _installed = Installed(name.clone());

    // What the package put on the machine: the app, kg, and a menu entry.
    let files = run("dpkg", &["--listfiles", &name]);
    for wanted in [INSTALLED_APP, INSTALLED_KG] {
        assert!(files.lines().any(|l| l == wanted), "{wanted} is installed: {files}");
    }
    assert!(files.lines().any(|l| l.ends_with(".desktop")), "a menu entry is installed: {files}");
    // The installed kg reaches a store of its own, with the demo catalog the package carries.
    let scratch = tempfile::tempdir().unwrap();
    let db = scratch.path().join("kg.db");
    run(INSTALLED_KG, &["--db", db.to_str().unwrap(), "demo", "reset"]);
    let found = run(INSTALLED_KG, &["--db", db.to_str().unwrap(), "catalog", "search", "wordpress"]);
    assert!(found.to_lowercase().contains("wordpress"), "{found}");

    // The installed app, started where it was installed, fills a new store with the demo
    // catalog and shows the home screen.
    std::env::set_var("KG_E2E_APP", INSTALLED_APP);
    let app = App::launch().await;
    std::env::remove_var("KG_E2E_APP");
    app.wait_for("[data-testid=popular-apps] [data-testid=product-card]").await;
    assert!(app.text("[data-testid=category-menu]").await.contains("Databases and cache"));
    app.wait_until_images_loaded("[data-testid=popular-apps] img").await;
    app.screenshot("package-01-installed-home").await;
    app.close().await;
}
