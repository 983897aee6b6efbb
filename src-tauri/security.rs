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

    #[test]
    fn the_one_window_is_granted_the_apps_own_commands_and_nothing_else() {
        let config = config();
        let capabilities = config["app"]["security"]["capabilities"].as_array().unwrap();
        assert_eq!(capabilities.len(), 1, "one capability");
        assert_eq!(capabilities[0]["windows"], serde_json::json!(["main"]));
        let granted: Vec<&str> =
            capabilities[0]["permissions"].as_array().unwrap().iter().map(|p| p.as_str().unwrap()).collect();
        // The app's own commands only: no core or plugin permission (window, webview, shell,
        // notification…), which would be named `core:…` or `<plugin>:…`.
        for permission in &granted {
            assert!(
                permission.starts_with("allow-") && !permission.contains(':'),
                "{permission} is not one of the app's own commands"
            );
        }
        assert!(granted.contains(&"allow-kiosk-leave") && granted.contains(&"allow-demo-reset"));
    }
}
