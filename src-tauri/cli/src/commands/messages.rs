//! `kg messages`: what whom the app acts as was told, and marking it read.

use chrono::SecondsFormat;
use koogallery_core::messages::{self, Inbox};
use koogallery_core::Store;

use super::supervision::{catch_up, now};
use crate::args::supervision::MessagesCommand;
use crate::output::{count, Output};
use crate::Failure;

pub fn messages(store: &mut Store, command: MessagesCommand, out: &Output) -> Result<(), Failure> {
    catch_up(store)?;
    let inbox = match command {
        MessagesCommand::List => messages::list(store.conn())?,
        MessagesCommand::Read { ids } => {
            let at = now(store)?.to_rfc3339_opts(SecondsFormat::Secs, true);
            messages::mark_read(store, &ids, &at)?
        }
    };
    out.show(&inbox, || inbox_text(&inbox))?;
    Ok(())
}

fn inbox_text(inbox: &Inbox) -> String {
    if inbox.messages.is_empty() {
        return "No messages.".to_string();
    }
    let mut lines = vec![format!("{} unread of {}", inbox.unread, count(inbox.messages.len() as u32, "message"))];
    for m in &inbox.messages {
        let mark = if m.read { ' ' } else { '●' };
        lines.push(format!("{mark} {:>4}  {}  {}", m.id, m.created_at, m.title));
        lines.push(format!("        {}", m.body));
    }
    lines.join("\n")
}
