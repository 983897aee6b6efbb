//! `kg`'s grammar as the binary itself tells it in `--help`: every leaf subcommand with its
//! positional arguments and options, so that a test can cover all of them and a subcommand
//! added to `args/` is covered without being listed anywhere.

use std::process::Command;

/// One subcommand that does something (no subcommands of its own).
#[derive(Debug, Clone)]
pub struct Leaf {
    /// The words that name it: `["order", "show"]`.
    pub path: Vec<String>,
    /// Its positional arguments' value names, in order (`ORDER`, `QUERY`).
    pub positionals: Vec<String>,
    /// Its options: the long name and the value name, none for a flag.
    pub options: Vec<(String, Option<String>)>,
}

fn help(path: &[String]) -> String {
    let output =
        Command::new(env!("CARGO_BIN_EXE_kg")).args(path).arg("--help").env_remove("KG_DB").output().expect("kg runs");
    assert!(output.status.success(), "kg {} --help failed", path.join(" "));
    String::from_utf8(output.stdout).unwrap()
}

/// The lines of one section of a help text (`Commands:`, `Arguments:`, `Options:`).
fn section<'a>(text: &'a str, title: &str) -> Vec<&'a str> {
    text.lines()
        .skip_while(|line| *line != title)
        .skip(1)
        .take_while(|line| line.is_empty() || line.starts_with(' '))
        .filter(|line| !line.trim().is_empty())
        .collect()
}

/// Every leaf subcommand of `kg`, found by walking its help.
pub fn leaves() -> Vec<Leaf> {
    let mut found = Vec::new();
    let mut todo = vec![Vec::<String>::new()];
    while let Some(path) = todo.pop() {
        let text = help(&path);
        let commands: Vec<String> = section(&text, "Commands:")
            .into_iter()
            // A description continued on the next line is indented further than a name.
            .filter(|line| line.starts_with("  ") && !line.starts_with("   "))
            .filter_map(|line| line.split_whitespace().next().map(str::to_string))
            .filter(|name| name != "help")
            .collect();
        // `kg sync [COMMAND]` runs by itself too.
        let runs_alone = text.lines().any(|line| line.starts_with("Usage:") && line.contains("[COMMAND]"));
        if commands.is_empty() || (runs_alone && !path.is_empty()) {
            found.push(leaf(path.clone(), &text));
        }
        if !commands.is_empty() {
            for name in commands {
                let mut deeper = path.clone();
                deeper.push(name);
                todo.push(deeper);
            }
        }
    }
    found.sort_by(|a, b| a.path.cmp(&b.path));
    found
}

fn leaf(path: Vec<String>, text: &str) -> Leaf {
    let positionals = section(text, "Arguments:")
        .into_iter()
        .filter_map(|line| {
            let name = line.trim_start().trim_start_matches('[').strip_prefix('<')?;
            Some(name.split('>').next()?.to_string())
        })
        .collect();
    let options = section(text, "Options:")
        .into_iter()
        .filter_map(|line| {
            let line = line.trim_start();
            let line = if line.starts_with("-") && !line.starts_with("--") { line.get(4..)? } else { line };
            let rest = line.strip_prefix("--")?;
            let name = rest.split([' ', '=']).next()?.to_string();
            let value = rest
                .strip_prefix(&name)?
                .trim_start()
                .strip_prefix('<')
                .map(|v| v.split('>').next().unwrap().to_string());
            Some((name, value))
        })
        .filter(|(name, _)| !["db", "json", "help", "version"].contains(&name.as_str()))
        .collect();
    Leaf { path, positionals, options }
}
