//! What `tauri.conf.json` lets the webview do, checked where it is written: a change that
//! loosened the Content Security Policy or granted the window more than the app's own commands
//! fails here. (The end-to-end test `rights.rs` checks the same from inside the running page.)

#[cfg(test)]
mod tests {
    use serde_json::Value;

    fn config() -> Value {
        serde_json::from_str(include_str!("../tauri.conf.json")).expect("tauri.conf.json is JSON")
    }

    #[test]
    fn scripts_come_from_the_app_alone_never_inline_or_evaluated() {
        let csp = &config()["app"]["security"]["csp"];
        let scripts = csp["script-src"].as_str().expect("script-src is set, not left to default-src");
        assert_eq!(scripts, "'self'");
        for (directive, sources) in csp.as_object().unwrap() {
            let sources = sources.as_str().unwrap();
            assert!(!sources.contains("unsafe-eval"), "{directive} allows eval: {sources}");
            if directive != "style-src" {
                assert!(!sources.contains("unsafe-inline"), "{directive} allows inline code: {sources}");
            }
        }
        assert_eq!(csp["object-src"], "'none'");
        assert_eq!(csp["frame-ancestors"], "'none'");
    }

    fn capability<'a>(config: &'a Value, identifier: &str) -> (&'a Value, Vec<&'a str>) {
        let capabilities = config["app"]["security"]["capabilities"].as_array().unwrap();
        let found =
            capabilities.iter().find(|c| c["identifier"] == identifier).unwrap_or_else(|| panic!("{identifier}"));
        let granted = found["permissions"].as_array().unwrap().iter().map(|p| p.as_str().unwrap()).collect();
        (&found["windows"], granted)
    }

    #[test]
    fn each_window_is_granted_the_apps_own_commands_and_nothing_else() {
        let config = config();
        assert_eq!(config["app"]["security"]["capabilities"].as_array().unwrap().len(), 2);
        for identifier in ["main-window", "kiosk-window"] {
            // The app's own commands only: no core or plugin permission (window, webview,
            // shell, notification…), which would be named `core:…` or `<plugin>:…`.
            for permission in capability(&config, identifier).1 {
                assert!(
                    permission.starts_with("allow-") && !permission.contains(':'),
                    "{identifier}: {permission} is not one of the app's own commands"
                );
            }
        }
        let (windows, main) = capability(&config, "main-window");
        assert_eq!(*windows, serde_json::json!(crate::window::MAIN_WINDOWS));
        assert!(main.contains(&"allow-sync-connect") && main.contains(&"allow-invoice-save"));
        // The window is opened by the app (as the main window or the kiosk's), not by Tauri.
        assert_eq!(config["app"]["windows"][0]["create"], false);
    }

    #[test]
    fn r_demo_3_the_kiosk_window_has_only_what_the_demo_needs() {
        let config = config();
        let (windows, kiosk) = capability(&config, "kiosk-window");
        assert_eq!(*windows, serde_json::json!(crate::window::KIOSK_WINDOWS));
        let (_, main) = capability(&config, "main-window");
        assert!(kiosk.iter().all(|p| main.contains(p)), "the kiosk has nothing the main window has not");
        let withheld: Vec<&str> = main.iter().copied().filter(|p| !kiosk.contains(p)).collect();
        // Files saved on the stand's disk, a visitor's card number, a marketplace reached over
        // the network: nothing a demo needs.
        assert_eq!(
            withheld,
            [
                "allow-product-guide-save",
                "allow-account-add-card",
                "allow-supervision-export",
                "allow-supervision-attachment-save",
                "allow-invoice-save",
                "allow-ticket-attachment-save",
                "allow-sync-now",
                "allow-sync-connect",
                "allow-sync-enrol",
                "allow-sync-revoke",
            ]
        );
        // What the tours do (ui/src/lib/demo/tours/tours.ts) and how staff leave.
        for needed in [
            "allow-order-place",
            "allow-app-reveal-password",
            "allow-image-provision",
            "allow-supervision-act",
            "allow-role-switch",
            "allow-subscription-auto-renew",
            "allow-demo-reset",
            "allow-demo-travel",
            "allow-kiosk-leave",
        ] {
            assert!(kiosk.contains(&needed), "{needed}");
        }
    }
}
