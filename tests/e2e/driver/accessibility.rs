//! Every screenshot is also an accessibility check: axe-core runs in the webview and any
//! violation of WCAG 2.1 A or AA fails the test, saying what failed where.

use std::path::PathBuf;
use std::sync::OnceLock;
use std::time::Instant;

use serde_json::json;

use super::{screenshot_dir, App};

impl App {
    /// Runs axe-core on the page as it is and fails the test on any violation of WCAG 2.1 A
    /// or AA, with what failed where. The result is kept in `target/e2e/axe/<name>.json`.
    ///
    /// axe is put into the page once per page load (the app is one page whose routes change
    /// the hash, so usually once per launch): it is 650 kB of script. WebDriver's scripts are
    /// not the page's, so the app's Content Security Policy (`script-src 'self'`) does not
    /// apply to them.
    pub async fn check_accessibility(&self, name: &str) {
        let started = Instant::now();
        let loaded = self.eval("return typeof window.axe === 'object';").await;
        if loaded != json!(true) {
            self.client.execute(&format!("{}\nreturn null;", axe_source()), vec![]).await.unwrap();
        }
        let run = "const done = arguments[arguments.length - 1];
             const ids = (rules) => rules.map((rule) => rule.id);
             window.axe
               .run(document, {
                 runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
               })
               .then(
                 (r) => done({
                   url: r.url,
                   engine: r.testEngine.version,
                   violations: r.violations,
                   incomplete: r.incomplete,
                   passes: ids(r.passes),
                   inapplicable: ids(r.inapplicable),
                 }),
                 (e) => done({ error: String(e) }),
               );";
        let mut result = self.client.execute_async(run, vec![]).await.unwrap();
        let elapsed = started.elapsed();
        if let Some(error) = result.get("error") {
            panic!("axe could not run on {name}: {error}");
        }
        result["screen"] = json!(name);
        result["elapsed_ms"] = json!(elapsed.as_millis() as u64);
        let dir = screenshot_dir().join("axe");
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join(format!("{name}.json"));
        std::fs::write(&file, serde_json::to_string_pretty(&result).unwrap()).unwrap();
        let violations = result["violations"].as_array().cloned().unwrap_or_default();
        if !violations.is_empty() {
            panic!(
                "{} accessibility violation(s) of WCAG 2.1 A/AA on screen {name} ({}):\n{}",
                violations.len(),
                file.display(),
                describe_violations(&violations)
            );
        }
    }
}

/// The axe-core script the UI's `npm ci` installed, read once per test run.
fn axe_source() -> &'static str {
    static AXE: OnceLock<String> = OnceLock::new();
    AXE.get_or_init(|| {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("ui/node_modules/axe-core/axe.min.js");
        std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("{}: {e} (run `npm ci` in ui/ to install axe-core)", path.display()))
    })
}

/// Each violation as its rule, its impact and its help, then each element that fails it: its
/// selector, the start of its markup and what is wrong with it.
fn describe_violations(violations: &[serde_json::Value]) -> String {
    let mut out = String::new();
    for violation in violations {
        let text = |key: &str| violation[key].as_str().unwrap_or("").to_string();
        out += &format!("- {} ({}): {}\n", text("id"), text("impact"), text("help"));
        for node in violation["nodes"].as_array().into_iter().flatten() {
            // One selector per frame the element is in (the app has none, so one).
            let target: Vec<String> = node["target"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|t| t.as_str().map(String::from).unwrap_or_else(|| t.to_string()))
                .collect();
            let html: String = node["html"].as_str().unwrap_or("").chars().take(160).collect();
            let summary = node["failureSummary"].as_str().unwrap_or("").replace('\n', "\n      ");
            out += &format!("    at {}\n      {html}\n      {summary}\n", target.join(" » "));
        }
    }
    out
}

#[test]
fn a_violation_reads_as_its_rule_then_each_element_and_what_is_wrong() {
    let violation = json!({
        "id": "link-in-text-block",
        "impact": "serious",
        "help": "Links must be distinguishable without relying on color",
        "nodes": [{
            "target": [".crumbs > a[href$=\"#/billing/orders\"]"],
            "html": "<a href=\"#/billing/orders\">My Orders</a>",
            "failureSummary": "Fix any of the following:\n  The link has no styling (such as underline)",
        }],
    });
    assert_eq!(
        describe_violations(&[violation]),
        "- link-in-text-block (serious): Links must be distinguishable without relying on color\n\
         \x20   at .crumbs > a[href$=\"#/billing/orders\"]\n\
         \x20     <a href=\"#/billing/orders\">My Orders</a>\n\
         \x20     Fix any of the following:\n        The link has no styling (such as underline)\n"
    );
}
