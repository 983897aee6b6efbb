//! `kg`: the KooGallery Desktop command line, a thin front end over the same core and the
//! same data file as the app, so that demo operators and sellers can script what a person
//! does in the app.
//!
//! Exit status: 0 on success; 2 when the command line or a value in it is wrong, a file it
//! names included (fix the command and retry); 1 for everything else (not found, forbidden, a
//! step the flow's rules refuse, a data file that cannot be used, records that do not check).

mod args;
mod commands;
mod output;

use std::io;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::error::ErrorKind;
use clap::Parser;
use koogallery_core::orders::Services;
use koogallery_core::{demo, scheduler, store, CoreError, ErrorCode};

use args::catalog::{CatalogCommand, ProductCommand};
use args::demo::DemoCommand;
use args::{Cli, Command};
use koogallery_core::clock::SystemClock;
use output::Output;

/// Why a command stopped.
pub enum Failure {
    Core(CoreError),
    /// stdout could not be written (a closed pipe, a full disk).
    Output(io::Error),
    /// The answer, printed in full, is a failure (records that do not check): exit 1 with
    /// nothing more to say.
    Reported,
}

impl From<CoreError> for Failure {
    fn from(err: CoreError) -> Self {
        Failure::Core(err)
    }
}

impl From<io::Error> for Failure {
    fn from(err: io::Error) -> Self {
        Failure::Output(err)
    }
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => return refuse_arguments(err),
    };
    let out = Output::new(cli.global.json);
    match run(cli.command, cli.global.db, &out) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Core(err)) => {
            out.error(err.code().as_str(), &err.to_string());
            exit_status(err.code())
        }
        // The reader stopped reading (`kg catalog search | head`): what it wanted, it got.
        Err(Failure::Reported) => ExitCode::FAILURE,
        Err(Failure::Output(err)) if err.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(Failure::Output(err)) => {
            out.error(ErrorCode::Internal.as_str(), &format!("cannot write the output: {err}"));
            ExitCode::FAILURE
        }
    }
}

fn run(command: Command, db: Option<PathBuf>, out: &Output) -> Result<(), Failure> {
    let path = store::resolve_path(db)?;
    let open = || -> Result<store::Store, Failure> { Ok(shown(demo::open(&path)?, out)) };
    match command {
        Command::Demo(DemoCommand::Reset) => commands::demo::reset(&path, out),
        Command::Demo(DemoCommand::Sandbox) => commands::demo::sandbox(&path, out),
        Command::Demo(DemoCommand::Generate { products, seed }) => {
            commands::demo::generate(&mut open()?, products, seed, out)
        }
        Command::Catalog(CatalogCommand::Search(args)) => commands::catalog::search(&open()?, args, out),
        Command::Product(ProductCommand::Show { id }) => commands::product::show(&open()?, &id, out),
        Command::Product(ProductCommand::Quote(args)) => commands::product::quote(&open()?, args, out),
        Command::Product(ProductCommand::Guide { id, output }) => commands::product::guide(&open()?, &id, output, out),
        Command::Clock(command) => commands::clock::run(&mut open()?, &path, command, out),
        Command::Favorites(command) => commands::favorites::run(&mut open()?, &SystemClock, command, out),
        Command::Requirements(command) => commands::requirements::run(&mut open()?, &SystemClock, command, out),
        Command::Account(command) => commands::buying::account(&mut open()?, command, out),
        Command::Order(command) => commands::buying::order(&mut caught_up(open()?)?, command, out),
        Command::Apps(command) => commands::buying::apps(&caught_up(open()?)?, command, out),
        Command::Role(command) => commands::roles::role(&mut open()?, command, out),
        Command::Image(command) => commands::images::image(&mut open()?, command, out),
        Command::Ecs(command) => commands::images::ecs(&mut open()?, command, out),
        Command::Bills(command) => commands::images::bills(&mut open()?, command, out),
        Command::Agency(command) => commands::images::agency(&mut open()?, command, out),
        Command::Supervision(command) => commands::supervision::supervision(&mut open()?, command, out),
        Command::Seller(command) => commands::sellers::seller(&mut open()?, command, out),
        Command::Serve { listen, tls } => commands::sellers::serve(&path, listen, tls, out),
        Command::Connect { address, code, name, fingerprint } => {
            let mut store = shown(store::Store::open(&path)?, out);
            commands::sellers::connect(&mut store, &address, fingerprint.as_deref(), &code, &name, out)
        }
        Command::Sync { command } => commands::sellers::sync(&mut shown(store::Store::open(&path)?, out), command, out),
        Command::Appeals(command) => commands::supervision::appeals(&mut open()?, command, out),
        Command::Unsubscribe(command) => commands::unsubscribe::unsubscribe(&mut open()?, command, out),
        Command::Messages(command) => commands::messages::messages(&mut open()?, command, out),
        Command::Invoice(command) => commands::after_sales::invoice(&mut open()?, command, out),
        Command::Ticket(command) => commands::after_sales::ticket(&mut open()?, command, out),
        Command::Subscription(command) => commands::subscriptions::subscription(&mut open()?, command, out),
        Command::Autorenew(command) => commands::subscriptions::autorenew(&mut open()?, command, out),
        Command::Upgrade(command) => commands::subscriptions::upgrade(&mut open()?, command, out),
    }
}

/// `store`, once `out` has read from it the zone its text shows instants in.
fn shown(store: store::Store, out: &Output) -> store::Store {
    out.follow(&store);
    store
}

/// `store` with every timer due by its time fired: an order's status and the apps ready to use
/// follow completions and refunds, as the app shows them.
fn caught_up(mut store: store::Store) -> Result<store::Store, Failure> {
    scheduler::catch_up(&mut store, &Services::system())?;
    Ok(store)
}

/// A mistake on the command line is the caller's to fix, like an invalid value the core
/// refuses or a picture named as proof that is not one: all exit with 2.
fn exit_status(code: ErrorCode) -> ExitCode {
    match code {
        ErrorCode::InvalidInput | ErrorCode::InvalidImage => ExitCode::from(2),
        _ => ExitCode::FAILURE,
    }
}

/// Prints help and version as clap does; any other parse error becomes one line on stderr,
/// so that a script's log shows what was wrong without the usage around it.
fn refuse_arguments(err: clap::Error) -> ExitCode {
    let status = ExitCode::from(u8::try_from(err.exit_code()).unwrap_or(2));
    // Bare `kg` or `kg catalog` asks what there is to do: the help answers that best.
    if !err.use_stderr() || err.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
        let _ = err.print();
        return status;
    }
    eprintln!("kg: {}", one_line(&err.render().to_string()));
    status
}

/// The message of a rendered clap error on one line. Clap continues some messages on
/// indented lines (the missing arguments, a tip) that are kept; the usage and the pointer to
/// `--help` that follow are dropped.
fn one_line(rendered: &str) -> String {
    let mut lines = rendered.lines();
    let first = lines.next().unwrap_or_default();
    let mut line = first.strip_prefix("error: ").unwrap_or(first).trim_end().to_string();
    for more in lines {
        if more.trim().is_empty() {
            continue;
        }
        if !more.starts_with(char::is_whitespace) {
            break;
        }
        line.push_str(if line.ends_with(':') { " " } else { "; " });
        line.push_str(more.trim());
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rendered(args: &[&str]) -> String {
        one_line(&Cli::try_parse_from(args).unwrap_err().render().to_string())
    }

    #[test]
    fn a_parse_error_keeps_its_message_and_the_argument_on_one_line() {
        let line = rendered(&["kg", "catalog", "search", "--delivery", "rental"]);
        assert!(line.starts_with("invalid value 'rental' for '--delivery <METHOD>': "), "{line}");
        assert!(line.contains("saas"), "{line}");
        assert!(!line.contains('\n'), "{line}");

        let line = rendered(&["kg", "product", "show"]);
        assert_eq!(line, "the following required arguments were not provided: <ID>");

        let line = rendered(&["kg", "catalog", "search", "--colour", "red"]);
        assert!(line.starts_with("unexpected argument '--colour' found"), "{line}");
        assert!(!line.contains("Usage") && !line.contains("--help"), "{line}");
    }
}
