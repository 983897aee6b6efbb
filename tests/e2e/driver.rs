//! A small harness over fantoccini: starts `tauri-driver` on a free port with a fresh store,
//! opens the app (`launch.rs`), and gives the tests the few verbs they need, each waiting for
//! the page rather than sleeping. Every screenshot is also an accessibility check (`accessibility.rs`).

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::{elements::Element, key::Key, Client, Locator};
use serde_json::json;

mod accessibility;
mod launch;
pub mod processes;

const WAIT: Duration = Duration::from_secs(20);

pub struct App {
    client: Client,
    driver: Child,
    /// The folder of the app's data file (`kg.db`), its Downloads and the test's files.
    folder: PathBuf,
    /// Removed when the app is closed, unless the test keeps the folder itself.
    _owned: Option<tempfile::TempDir>,
}

/// The command line `cargo test --workspace` built beside this test.
pub fn kg_binary() -> PathBuf {
    let kg = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).parent().unwrap().join("debug").join("kg");
    assert!(kg.exists(), "{} is built by `cargo test --workspace` before the end-to-end tests", kg.display());
    kg
}

/// Runs `kg` on the data file `db` with `input` on its standard input, and returns its
/// standard output; a failure fails the test.
pub fn kg_on(db: &std::path::Path, args: &[&str], input: &str) -> String {
    use std::io::Write;
    let mut child = Command::new(kg_binary())
        .arg("--db")
        .arg(db)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "kg {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn screenshot_dir() -> PathBuf {
    // CARGO_TARGET_TMPDIR is <target>/tmp.
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).parent().unwrap().join("e2e")
}

impl App {
    /// Runs `kg` on the app's own store (the way a demo moves the clock) and returns its
    /// standard output; a failure fails the test.
    pub fn kg(&self, args: &[&str]) -> String {
        self.kg_input(args, "")
    }

    /// [`App::kg`] with `input` on its standard input (a password `kg` reads only there).
    pub fn kg_input(&self, args: &[&str], input: &str) -> String {
        kg_on(&self.folder.join("kg.db"), args, input)
    }

    /// Picks files in a file input, as a person does in the file dialog.
    pub async fn pick_files(&self, css: &str, files: &[PathBuf]) {
        let paths: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
        self.wait_for(css).await.send_keys(&paths.join("\n")).await.unwrap();
    }

    /// A folder of the test's own, for files it makes.
    pub fn scratch(&self) -> PathBuf {
        let dir = self.folder.join("scratch");
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    /// The folder of the app's data file (`kg.db`).
    pub fn folder(&self) -> &std::path::Path {
        &self.folder
    }

    /// The Downloads folder the app sees (in the test's own folder).
    pub fn downloads(&self) -> PathBuf {
        self.folder.join("Downloads")
    }

    pub async fn wait_for(&self, css: &str) -> Element {
        self.client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("{css} never appeared: {e}"))
    }

    pub async fn wait_for_text(&self, css: &str, needle: &str) {
        let deadline = tokio::time::Instant::now() + WAIT;
        loop {
            if let Ok(element) = self.client.find(Locator::Css(css)).await {
                if element.text().await.map(|t| t.contains(needle)).unwrap_or(false) {
                    return;
                }
            }
            assert!(tokio::time::Instant::now() < deadline, "{css} never showed {needle:?}");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Waits until the text of `css` is no longer `old`, and returns the new text.
    pub async fn wait_for_text_other_than(&self, css: &str, old: &str) -> String {
        let deadline = tokio::time::Instant::now() + WAIT;
        loop {
            let now = self.text(css).await;
            if now != old {
                return now;
            }
            assert!(tokio::time::Instant::now() < deadline, "{css} stayed {old:?}");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Waits until every matching image in view has loaded and has pixels (served by
    /// `media:`); images below the fold load lazily, when scrolled to.
    pub async fn wait_until_images_loaded(&self, css: &str) {
        let script = "const images = [...document.querySelectorAll(arguments[0])]
                          .filter(i => i.getBoundingClientRect().top < window.innerHeight);
                      return images.length > 0 && images.every(i => i.complete && i.naturalWidth > 0);";
        let deadline = tokio::time::Instant::now() + WAIT;
        while self.client.execute(script, vec![json!(css)]).await.unwrap() != json!(true) {
            assert!(tokio::time::Instant::now() < deadline, "the images {css} did not load");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// The text of the element matching `css`. A screen drawn again between finding the element
    /// and reading it (a reset, a new answer) replaces it: the new one is read instead.
    pub async fn text(&self, css: &str) -> String {
        let deadline = tokio::time::Instant::now() + WAIT;
        loop {
            match self.wait_for(css).await.text().await {
                Ok(text) => return text,
                Err(e) if e.is_stale_element_reference() && tokio::time::Instant::now() < deadline => continue,
                Err(e) => panic!("the text of {css}: {e}"),
            }
        }
    }

    pub async fn texts(&self, css: &str) -> Vec<String> {
        let mut texts = Vec::new();
        for element in self.client.find_all(Locator::Css(css)).await.unwrap() {
            texts.push(element.text().await.unwrap());
        }
        texts
    }

    pub async fn count(&self, css: &str) -> usize {
        self.client.find_all(Locator::Css(css)).await.unwrap().len()
    }

    /// Clicks an element, brought to the middle of the window first: scrolled only to the top,
    /// it would sit under the sticky top bar, which would take the click. Should the screen be
    /// drawn again before the click lands, the element that replaced it is clicked.
    pub async fn click(&self, css: &str) {
        let deadline = tokio::time::Instant::now() + WAIT;
        loop {
            let element = self.wait_for(css).await;
            let reference = serde_json::to_value(&element).unwrap();
            let clicked =
                match self.client.execute("arguments[0].scrollIntoView({ block: 'center' });", vec![reference]).await {
                    Ok(_) => element.click().await,
                    Err(e) => Err(e),
                };
            match clicked {
                Ok(()) => return,
                Err(e) if e.is_stale_element_reference() && tokio::time::Instant::now() < deadline => continue,
                Err(e) => panic!("clicking {css}: {e}"),
            }
        }
    }

    /// Clicks `css`, which starts the demo over (the reset's confirmation, a touch that ends the
    /// attract screen), and follows the app to the new window it opens for the next visitor
    /// (`src-tauri/window.rs`): waits until the window this test drove is gone and drives the new
    /// one once it is shown.
    pub async fn click_and_follow_new_window(&self, css: &str) {
        let old = self.client.window().await.unwrap();
        self.click(css).await;
        let deadline = tokio::time::Instant::now() + WAIT;
        loop {
            let handles = self.client.windows().await.unwrap_or_default();
            if let [only] = handles.as_slice() {
                if *only != old {
                    self.client.switch_to_window(only.clone()).await.unwrap();
                    break;
                }
            }
            assert!(tokio::time::Instant::now() < deadline, "no new window took the old one's place: {handles:?}");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        self.wait_until("return document.visibilityState === 'visible';").await;
    }

    /// Clicks the button or link whose visible text is exactly `label`.
    pub async fn click_text(&self, label: &str) {
        let xpath = format!("//*[self::button or self::a][normalize-space(.)='{label}']");
        let element = self
            .client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::XPath(&xpath))
            .await
            .unwrap_or_else(|e| panic!("no button or link {label:?}: {e}"));
        element.click().await.unwrap();
    }

    /// Types `text` into an input one key at a time, at a brisk typist's pace.
    pub async fn type_keys(&self, css: &str, text: &str) {
        let input = self.wait_for(css).await;
        for key in text.chars() {
            input.send_keys(&key.to_string()).await.unwrap();
            tokio::time::sleep(Duration::from_millis(120)).await;
        }
    }

    /// Waits until `script` (which must return a boolean) returns true in the page.
    pub async fn wait_until(&self, script: &str) {
        let deadline = tokio::time::Instant::now() + WAIT;
        while self.eval(script).await != serde_json::Value::Bool(true) {
            assert!(tokio::time::Instant::now() < deadline, "never true in the page: {script}");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Runs a script in the page and returns what it returns.
    pub async fn eval(&self, script: &str) -> serde_json::Value {
        self.client.execute(script, vec![]).await.unwrap()
    }

    /// Runs `script` in the page until it calls its last argument with the answer.
    pub async fn eval_async(&self, script: &str, args: Vec<serde_json::Value>) -> serde_json::Value {
        self.client.execute_async(script, args).await.unwrap()
    }

    /// Invokes one of the app's commands the way the page's own API module does, and says how
    /// it ended: `{ "ok": answer }` or `{ "refused": message }`.
    pub async fn invoke(&self, command: &str, args: serde_json::Value) -> serde_json::Value {
        self.eval_async(
            "const [command, args, done] = arguments;
             window.__TAURI_INTERNALS__.invoke(command, args).then(
               (value) => done({ ok: value === undefined ? null : value }),
               (error) => done({ refused: String(error?.message ?? error) }),
             );",
            vec![serde_json::json!(command), args],
        )
        .await
    }

    /// Replaces the text of an input with `text`, then presses Enter.
    pub async fn type_and_enter(&self, css: &str, text: &str) {
        let input = self.wait_for(css).await;
        input.clear().await.unwrap();
        input.send_keys(text).await.unwrap();
        // On the keyboard, not to the input: Enter leaves the screen, and WebDriver must not
        // look for the input again once the key is down.
        self.keyboard(&char::from(Key::Enter).to_string()).await;
    }

    /// Types `keys` where the focus is, as a person at the keyboard does.
    pub async fn press(&self, keys: &str) {
        let focused = self.client.active_element().await.unwrap();
        // WebDriver takes keys sent to a file input for the paths of files to pick; to a
        // person there they are keys (Tab leaves it), so they go through the keyboard itself.
        if focused.attr("type").await.unwrap().as_deref() == Some("file") {
            self.keyboard(keys).await;
            return;
        }
        focused.send_keys(keys).await.unwrap();
    }

    /// Presses and releases each of `keys` on the keyboard itself, wherever the focus is.
    async fn keyboard(&self, keys: &str) {
        let mut actions = KeyActions::new("keyboard".into());
        for key in keys.chars() {
            actions = actions.then(KeyAction::Down { value: key }).then(KeyAction::Up { value: key });
        }
        self.client.perform_actions(actions).await.unwrap();
    }

    /// Presses Tab until the focus is on `css`, and checks at every stop on the way that the
    /// focus can be seen: a journey done with the keyboard alone.
    pub async fn tab_to(&self, css: &str) {
        let tab = char::from(Key::Tab).to_string();
        for _ in 0..150 {
            self.press(&tab).await;
            self.assert_focus_visible().await;
            let there = "return document.activeElement?.matches(arguments[0]) ?? false;";
            if self.client.execute(there, vec![json!(css)]).await.unwrap() == json!(true) {
                return;
            }
        }
        panic!("{css} was not reached with 150 presses of Tab");
    }

    /// Fails unless the focused element shows a focus indicator: an outline on it, on its
    /// `::after` or on one of its three nearest ancestors (a radio hidden in its segment, a
    /// card whose link covers it), or a box shadow on it. Styles cannot tell a ring that is
    /// clipped: the screenshots can.
    pub async fn assert_focus_visible(&self) {
        let script = "const focused = document.activeElement;
             if (!focused || focused === document.body) return 'nothing has the focus';
             const outlined = (node, pseudo) => {
               const style = getComputedStyle(node, pseudo);
               return style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
             };
             if (getComputedStyle(focused).boxShadow !== 'none') return true;
             let node = focused;
             for (let depth = 0; node && depth < 4; depth++, node = node.parentElement) {
               if (outlined(node) || outlined(node, '::after')) return true;
             }
             return focused.outerHTML.slice(0, 200);";
        let shown = self.eval(script).await;
        assert_eq!(shown, json!(true), "the focus cannot be seen on {shown}");
    }

    /// Replaces the text of an input or text area with `text`.
    pub async fn fill(&self, css: &str, text: &str) {
        let input = self.wait_for(css).await;
        input.clear().await.unwrap();
        input.send_keys(text).await.unwrap();
    }

    /// The webview's current URL.
    pub async fn url(&self) -> String {
        self.client.current_url().await.unwrap().to_string()
    }

    pub async fn open_route(&self, hash: &str) {
        self.client.execute("window.location.hash = arguments[0];", vec![json!(hash)]).await.unwrap();
    }

    pub async fn go_back(&self) {
        self.client.back().await.unwrap();
    }

    /// Saves a screenshot once what is in the DOM has been painted (two frames later): an
    /// element found in the DOM is not yet on screen.
    ///
    /// WebKitWebDriver takes a screenshot at the page's next presentation, and a page painted
    /// without compositing (the app's choice where there is no GPU, as under Xvfb) presents
    /// nothing while it is idle: the command would wait for ever. So one pixel in a corner
    /// changes its opacity between 1% and 2% at every frame until the screenshot is taken.
    pub async fn screenshot(&self, name: &str) {
        let painted = "const done = arguments[arguments.length - 1];
             const pixel = document.createElement('div');
             pixel.style.cssText = 'position:fixed;left:0;bottom:0;width:1px;height:1px;' +
               'background:#000;opacity:0.01;pointer-events:none;z-index:2147483647';
             document.body.append(pixel);
             window.__kgKeepPresenting = pixel;
             const flip = () => {
               if (!pixel.isConnected) return;
               pixel.style.opacity = pixel.style.opacity === '0.01' ? '0.02' : '0.01';
               requestAnimationFrame(flip);
             };
             requestAnimationFrame(flip);
             requestAnimationFrame(() => requestAnimationFrame(() => done(true)));";
        self.client.execute_async(painted, vec![]).await.unwrap();
        let png = self.client.screenshot().await.unwrap();
        self.eval("window.__kgKeepPresenting?.remove(); return null;").await;
        let dir = screenshot_dir();
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(format!("{name}.png")), png).unwrap();
        self.check_accessibility(name).await;
    }

    pub async fn close(self) {
        let _ = self.client.clone().close().await;
        // Dropping stops the driver.
    }
}
