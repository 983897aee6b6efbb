//! Starting the app: tauri-driver on free ports, over the test's own store and desktop folders,
//! and a WebDriver session opened on it; and stopping it however a test ends.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::{Client, ClientBuilder};
use serde_json::json;

use super::{processes, App};

fn tauri_driver() -> PathBuf {
    let from_cargo = dirs_home().join(".cargo/bin/tauri-driver");
    if from_cargo.exists() {
        from_cargo
    } else {
        PathBuf::from("tauri-driver")
    }
}

fn dirs_home() -> PathBuf {
    std::env::var_os("HOME").map(PathBuf::from).unwrap_or_default()
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

impl App {
    /// Starts the app on a new, empty store (which it fills with the demo catalog).
    pub async fn launch() -> App {
        Self::launch_on(|_| {}).await
    }

    /// Starts the app on a store that `prepare` makes first at the path it is given.
    pub async fn launch_on(prepare: impl FnOnce(&std::path::Path)) -> App {
        let store = tempfile::tempdir().unwrap();
        prepare(&store.path().join("kg.db"));
        let mut app = Self::launch_in(store.path()).await;
        app._owned = Some(store);
        app
    }

    /// Starts the app on the data file `kg.db` in `folder`, which the test keeps: another app
    /// or a `kg serve` may work on it before or after.
    pub async fn launch_in(folder: &std::path::Path) -> App {
        Self::launch_with(folder, &[], &[]).await
    }

    /// Starts the app with `args` on its command line (`--demo`, `--kiosk`) and `env` added to
    /// its environment, on a new store.
    pub async fn launch_args(args: &[&str], env: &[(&str, &str)]) -> App {
        let store = tempfile::tempdir().unwrap();
        let mut app = Self::launch_with(store.path(), args, env).await;
        app._owned = Some(store);
        app
    }

    async fn launch_with(folder: &std::path::Path, args: &[&str], env: &[(&str, &str)]) -> App {
        let folder = folder.to_path_buf();
        // The desktop's Downloads folder, as XDG user dirs name it, is the test's own.
        let config = folder.join("config");
        std::fs::create_dir_all(&config).unwrap();
        let downloads = format!("XDG_DOWNLOAD_DIR=\"{}\"\n", folder.join("Downloads").display());
        std::fs::write(config.join("user-dirs.dirs"), downloads).unwrap();

        // The binary `cargo test` built (the debug shell), or the one KG_E2E_APP names, such as
        // the release build people run.
        let application =
            std::env::var("KG_E2E_APP").unwrap_or_else(|_| env!("CARGO_BIN_EXE_koogallery-desktop").to_string());
        let capabilities = json!({
            "browserName": "wry",
            "tauri:options": { "application": application, "args": args },
        });
        let capabilities = capabilities.as_object().unwrap().clone();

        // When the WebKitWebDriver that tauri-driver starts behind itself is not there (it
        // exited, or could not have its port), tauri-driver drops every request, as one CI run
        // saw: it is started again, on new ports, rather than the test failing for it.
        let mut failures = Vec::new();
        for attempt in 1..=3 {
            let log_path = folder.join(format!("tauri-driver-{attempt}.log"));
            let mut driver = start_driver(&folder, &config, env, &log_path);
            match open_session(driver.port, &capabilities).await {
                Ok(client) => {
                    let app = App { client, driver: driver.child, folder, _owned: None };
                    // The window is shown once its first screen is drawn, pictures and all; a
                    // person uses it from then on, and WebKit lets nothing hidden be clicked.
                    app.wait_until("return document.visibilityState === 'visible';").await;
                    return app;
                }
                Err(e) => {
                    stop_driver(&mut driver.child);
                    for pid in processes::app_processes_on(&folder) {
                        let _ = Command::new("kill").args(["-KILL", &pid.to_string()]).status();
                    }
                    let log = std::fs::read_to_string(&log_path).unwrap_or_default();
                    let start: Vec<&str> = log.lines().take(12).collect();
                    failures.push(format!("attempt {attempt}: {e:?}\ntauri-driver began with:\n{}", start.join("\n")));
                }
            }
        }
        panic!("could not open the app through tauri-driver:\n{}", failures.join("\n"));
    }
}

/// Stops tauri-driver however a test ends, a failed assertion included.
impl Drop for App {
    fn drop(&mut self) {
        stop_driver(&mut self.driver);
    }
}

struct Driver {
    child: Child,
    port: u16,
}

/// Starts tauri-driver on free ports, the app's store and settings in `folder`, its output in
/// `log`.
fn start_driver(
    folder: &std::path::Path,
    config: &std::path::Path,
    env: &[(&str, &str)],
    log: &std::path::Path,
) -> Driver {
    let port = free_port();
    let native_port = loop {
        let native = free_port();
        if native != port {
            break native;
        }
    };
    let log = std::fs::File::create(log).unwrap();
    let child = Command::new(tauri_driver())
        .args(["--port", &port.to_string(), "--native-port", &native_port.to_string()])
        .env("KG_DB", folder.join("kg.db"))
        .envs(env.iter().copied())
        .env("XDG_CONFIG_HOME", config)
        .stdin(Stdio::null())
        .stdout(log.try_clone().unwrap())
        .stderr(log)
        .spawn()
        .expect("tauri-driver must be installed (cargo install tauri-driver --locked)");
    Driver { child, port }
}

/// Opens a session, trying for 20 s while tauri-driver and WebKitWebDriver come up.
async fn open_session(
    port: u16,
    capabilities: &serde_json::Map<String, serde_json::Value>,
) -> Result<Client, fantoccini::error::NewSessionError> {
    let url = format!("http://127.0.0.1:{port}");
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    loop {
        match ClientBuilder::native().capabilities(capabilities.clone()).connect(&url).await {
            Ok(client) => return Ok(client),
            Err(e) if tokio::time::Instant::now() >= deadline => return Err(e),
            Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
        }
    }
}

fn stop_driver(driver: &mut Child) {
    // SIGTERM, not SIGKILL: a killed tauri-driver leaves WebKitWebDriver running.
    let _ = Command::new("kill").args(["-TERM", &driver.id().to_string()]).status();
    let _ = driver.wait();
}
