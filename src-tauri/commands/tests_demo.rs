//! Demo mode's commands through the mock runtime: the sandbox's status, the time machine's
//! moves and undo, and the reset (R-DEMO-1, R-DEMO-2); outside demo mode, a refusal.

use koogallery_core::demo::Sandbox;
use serde_json::json;

use super::tests::{invoke, window, window_on};
use tauri::Manager;

use crate::AppState;

#[test]
fn r_demo_2_the_time_machine_moves_lists_and_undoes_and_a_reset_puts_the_first_state_back() {
    let dir = tempfile::tempdir().unwrap();
    let state = AppState::in_sandbox(Sandbox::at(&dir.path().join("demo-sandbox.db"))).unwrap();
    let window = window_on(state, &dir);

    let first = invoke(&window, "demo_status", json!({})).unwrap();
    assert_eq!(first["undoable"], 0);
    assert!(!first["upcoming"].as_array().unwrap().is_empty(), "the demo's timers ahead: {first}");

    let moved = invoke(&window, "demo_travel", json!({ "step": "month" })).unwrap();
    assert_eq!(moved["from"], first["clock"]);
    assert!(!moved["fired"].as_array().unwrap().is_empty(), "a month fires the demo's timers");
    assert_eq!(moved["undoable"], 1);
    let next = invoke(&window, "demo_travel", json!({ "step": "next_event" })).unwrap();
    assert_eq!(next["from"], moved["to"]);
    // Refused by the shell before the core, as every malformed argument is.
    let bad = invoke(&window, "demo_travel", json!({ "step": "century" })).unwrap_err();
    assert!(bad.as_str().unwrap().contains("unknown variant `century`"), "{bad}");

    let undone = invoke(&window, "demo_undo", json!({})).unwrap();
    assert_eq!((undone["clock"].clone(), undone["undoable"].clone()), (moved["to"].clone(), json!(1)));
    let reset = invoke(&window, "demo_reset", json!({ "nextVisitor": false })).unwrap();
    assert_eq!(reset, first, "the first state, with nothing to undo and no new page");
}

#[test]
fn r_demo_1_a_reset_opens_the_next_visitors_window_beside_this_one_and_only_one() {
    let dir = tempfile::tempdir().unwrap();
    let state = AppState::in_sandbox(Sandbox::at(&dir.path().join("demo-sandbox.db"))).unwrap();
    let window = window_on(state, &dir);
    let app = window.app_handle().clone();
    let labels = || {
        let mut labels: Vec<String> = app.webview_windows().into_keys().collect();
        labels.sort();
        labels
    };
    assert_eq!(labels(), ["main"]);

    // A tour starting over is the same visitor's: no new page.
    assert_eq!(invoke(&window, "demo_reset", json!({ "nextVisitor": false })).unwrap()["new_page"], false);
    assert_eq!(labels(), ["main"]);
    assert_eq!(invoke(&window, "demo_reset", json!({ "nextVisitor": true })).unwrap()["new_page"], true);
    // Hidden beside the old one until its page is drawn; the old one stays on screen meanwhile.
    assert_eq!(labels(), ["main", "main-next"]);
    // A second reset before the new page is drawn opens no third window.
    assert_eq!(invoke(&window, "demo_reset", json!({ "nextVisitor": true })).unwrap()["new_page"], true);
    assert_eq!(labels(), ["main", "main-next"]);
    // Drawn, the new window is shown and closes the old one.
    let next = app.get_webview_window("main-next").unwrap();
    invoke(&next, "first_screen_drawn", json!({})).unwrap();
}

#[test]
fn outside_demo_mode_the_demo_commands_are_refused() {
    let (_dir, window) = window();
    for command in ["demo_status", "demo_undo"] {
        assert_eq!(invoke(&window, command, json!({})).unwrap_err()["code"], "forbidden", "{command}");
    }
    let reset = invoke(&window, "demo_reset", json!({ "nextVisitor": true })).unwrap_err();
    assert_eq!(reset["code"], "forbidden");
    let travel = invoke(&window, "demo_travel", json!({ "step": "day" })).unwrap_err();
    assert_eq!(travel["code"], "forbidden");
}
