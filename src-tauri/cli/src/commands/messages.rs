//! `kg messages`: what whom the app acts as was told, and marking it read.

use chrono::SecondsFormat;
use koogallery_core::messages::{self, Inbox, MessagesQuery};
use koogallery_core::Store;

use super::supervision::{catch_up, now};
use crate::args::supervision::MessagesCommand;
use crate::output::{count, Output, Zone};
use crate::Failure;

pub fn messages(store: &mut Store, command: MessagesCommand, out: &Output) -> Result<(), Failure> {
    catch_up(store)?;
    let (inbox, unread_only) = match command {
        MessagesCommand::List { unread, limit, offset } => {
            (messages::list(store.conn(), &MessagesQuery { unread_only: unread, offset, limit })?, unread)
        }
        MessagesCommand::Read { ids } => {
            let at = now(store)?.to_rfc3339_opts(SecondsFormat::Secs, true);
            (messages::mark_read(store, &ids, &at, &MessagesQuery::default())?, false)
        }
    };
    out.show(&inbox, || inbox_text(&inbox, unread_only, out.zone()))?;
    Ok(())
}

fn inbox_text(inbox: &Inbox, unread_only: bool, zone: Zone) -> String {
    if inbox.messages.is_empty() {
        return if inbox.total > 0 {
            format!("Nothing past {}: there are {}.", inbox.offset, count(inbox.total, "message"))
        } else if unread_only {
            "No unread messages.".to_string()
        } else {
            "No messages.".to_string()
        };
    }
    let mut lines = vec![format!("{} unread", inbox.unread)];
    for m in &inbox.messages {
        let mark = if m.read { ' ' } else { '●' };
        lines.push(format!("{mark} {:>4}  {}  {}", m.id, zone.at(&m.created_at), zone.words(&m.title)));
        lines.push(format!("        {}", zone.words(&m.body)));
    }
    let last = inbox.offset + inbox.messages.len() as u32;
    lines.push(format!("{}–{last} of {}", inbox.offset + 1, count(inbox.total, "message")));
    if last < inbox.total {
        lines.push(format!("More: --offset {last}"));
    }
    lines.join("\n")
}
