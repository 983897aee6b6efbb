//! An issued invoice as a PDF document (pdf-writer), and saving it into a folder.
//!
//! The document uses Helvetica, one of the fonts every PDF reader has, so nothing is embedded;
//! text is written in its WinAnsi encoding, and a character it lacks prints as `?`. Content
//! streams are left uncompressed: the document is small, and its text stays searchable as is.
//! Amounts are the ones stored on the invoice; there is no tax in the store, so the tax line
//! shows 0.00 and the document says that prices include any applicable tax.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str, TextStr};
use rusqlite::Connection;

use super::{visible, Invoice, InvoiceStatus};
use crate::supervision::proof::write_new_file;
use crate::{CoreError, Result};

const PAGE_WIDTH: f32 = 595.0;
const PAGE_HEIGHT: f32 = 842.0;
const LEFT: f32 = 50.0;
const RIGHT: f32 = 545.0;
const TOP: f32 = 790.0;
const BOTTOM: f32 = 70.0;
// The lines' columns. A renewal's or an upgrade's description says what it was ("Renewal of
// order 12: Sales CRM, 1 month, to 2026-05-02"), so it has the widest column; at 9 points a
// character takes about 5.4 points, which sets how many characters each column wraps at.
const PRODUCT: f32 = 95.0;
const DESCRIPTION: f32 = 230.0;
const PAID_ON: f32 = 425.0;
const REGULAR: Name<'static> = Name(b"F1");
const BOLD: Name<'static> = Name(b"F2");

/// The line every invoice carries about tax.
pub const TAX_NOTE: &str = "Prices include any applicable tax.";

/// Saves issued invoice `id` into `folder` as `<number>.pdf` (never over another file) and
/// returns its path. A buyer saves its own; the operations manager any.
pub fn save(conn: &Connection, id: u32, folder: &Path) -> Result<PathBuf> {
    let (invoice, bytes) = render(conn, id)?;
    write_new_file(folder, &format!("{}.pdf", invoice.number.unwrap_or_default()), &bytes)
}

/// Issued invoice `id` and its PDF document.
pub fn render(conn: &Connection, id: u32) -> Result<(Invoice, Vec<u8>)> {
    let invoice = visible(conn, id)?;
    match invoice.status {
        InvoiceStatus::Issued => {}
        InvoiceStatus::Submitted => {
            return Err(CoreError::Conflict(format!(
                "invoice {id} is not issued yet: it can be saved once the operations manager issues it"
            )))
        }
        InvoiceStatus::Superseded => {
            let by = invoice.superseded_by.as_ref().and_then(|r| r.number.clone()).unwrap_or_default();
            return Err(CoreError::Conflict(format!(
                "invoice {} was reissued as {by}, which replaces it: save {by} instead",
                invoice.number.as_deref().unwrap_or_default()
            )));
        }
    }
    let zone: String = conn
        .query_row("SELECT time_zone FROM accounts WHERE id = ?1", [&invoice.account_id], |r| r.get(0))
        .unwrap_or_else(|_| "UTC".into());
    let bytes = document(&invoice, &zone)?;
    Ok((invoice, bytes))
}

/// The date of an RFC 3339 instant in the buyer's time zone (R-MT-4), as `2026-03-08`.
fn local_date(at: &str, zone: &str) -> String {
    let tz: chrono_tz::Tz = zone.parse().unwrap_or(chrono_tz::UTC);
    at.parse::<DateTime<Utc>>().map(|t| t.with_timezone(&tz).format("%Y-%m-%d").to_string()).unwrap_or_default()
}

/// Text in Helvetica's WinAnsi encoding; a character it lacks becomes `?`.
fn win_ansi(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| match c {
            ' '..='~' => c as u8,
            '\u{a0}'..='\u{ff}' => c as u32 as u8,
            '€' => 0x80,
            '‘' => 0x91,
            '’' => 0x92,
            '“' => 0x93,
            '”' => 0x94,
            '•' => 0x95,
            '–' => 0x96,
            '—' => 0x97,
            _ => b'?',
        })
        .collect()
}

/// The width of an amount in Helvetica at `size` points: digits are 556/1000 of an em, the
/// point and comma 278, the minus 333.
fn amount_width(text: &str, size: f32) -> f32 {
    let units: u32 = text
        .chars()
        .map(|c| match c {
            '0'..='9' => 556,
            '.' | ',' => 278,
            '-' => 333,
            _ => 556,
        })
        .sum();
    units as f32 * size / 1000.0
}

/// `text` broken into lines of at most `width` characters, at spaces where it can.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.lines() {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            let mut word = word.to_string();
            while word.chars().count() > width {
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                }
                let head: String = word.chars().take(width).collect();
                word = word.chars().skip(width).collect();
                lines.push(head);
            }
            let needed = line.chars().count() + usize::from(!line.is_empty()) + word.chars().count();
            if needed > width && !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(&word);
        }
        if !line.is_empty() {
            lines.push(line);
        }
    }
    if lines.is_empty() {
        lines.push(String::new());
    }
    lines
}

/// Pages being laid out, top to bottom.
struct Layout {
    pages: Vec<Content>,
    y: f32,
}

impl Layout {
    fn new() -> Layout {
        Layout { pages: vec![Content::new()], y: TOP }
    }

    fn page(&mut self) -> &mut Content {
        self.pages.last_mut().expect("a layout has a page")
    }

    /// Starts a new page when fewer than `height` points are left on this one.
    fn need(&mut self, height: f32) {
        if self.y - height < BOTTOM {
            self.pages.push(Content::new());
            self.y = TOP;
        }
    }

    fn text(&mut self, x: f32, y: f32, size: f32, bold: bool, text: &str) {
        let bytes = win_ansi(text);
        let page = self.page();
        page.begin_text();
        page.set_font(if bold { BOLD } else { REGULAR }, size);
        page.next_line(x, y);
        page.show(Str(&bytes));
        page.end_text();
    }

    fn right(&mut self, right: f32, y: f32, size: f32, bold: bool, amount: &str) {
        self.text(right - amount_width(amount, size), y, size, bold, amount);
    }

    /// A line on its own row, moving down.
    fn line(&mut self, size: f32, bold: bool, text: &str) {
        self.need(size + 4.0);
        let y = self.y;
        self.text(LEFT, y, size, bold, text);
        self.y -= size + 4.0;
    }

    fn rule(&mut self) {
        let y = self.y + 8.0;
        let page = self.page();
        page.set_line_width(0.5);
        page.move_to(LEFT, y);
        page.line_to(RIGHT, y);
        page.stroke();
    }

    fn gap(&mut self, points: f32) {
        self.y -= points;
    }
}

/// The invoice as a PDF document; dates in the buyer's time zone `zone`.
pub(crate) fn document(invoice: &Invoice, zone: &str) -> Result<Vec<u8>> {
    let number = invoice.number.clone().unwrap_or_default();
    let mut layout = Layout::new();
    layout.line(20.0, true, "KooGallery Marketplace");
    layout.line(10.0, false, "Invoice");
    layout.gap(10.0);
    layout.line(11.0, true, &format!("Invoice number: {number}"));
    layout.line(
        10.0,
        false,
        &format!("Date of issue: {}", local_date(invoice.issued_at.as_deref().unwrap_or(""), zone)),
    );
    if let Some(old) = invoice.reissue_of.as_ref().and_then(|r| r.number.as_deref()) {
        layout.line(10.0, false, &format!("Replaces invoice {old}, reissued with corrected details"));
    }
    layout.line(10.0, false, "Currency: USD");
    layout.gap(12.0);

    layout.line(11.0, true, "Billed to");
    for line in wrap(&invoice.title, 90) {
        layout.line(10.0, true, &line);
    }
    layout.line(10.0, false, &format!("Tax id: {}", invoice.tax_id));
    for line in wrap(&invoice.address, 90) {
        layout.line(10.0, false, &line);
    }
    layout.line(10.0, false, &invoice.email);
    layout.line(10.0, false, &format!("Account: {} ({})", invoice.buyer_name, invoice.account_id));
    layout.gap(14.0);

    let header = |layout: &mut Layout| {
        layout.need(30.0);
        let y = layout.y;
        for (x, title) in [(LEFT, "Order"), (PRODUCT, "Product"), (DESCRIPTION, "Description"), (PAID_ON, "Paid on")] {
            layout.text(x, y, 9.0, true, title);
        }
        layout.right(RIGHT, y, 9.0, true, "Amount");
        layout.y -= 6.0;
        layout.rule();
        layout.y -= 8.0;
    };
    header(&mut layout);
    for line in &invoice.lines {
        let product = wrap(&line.product_name, 24);
        let description = wrap(&line.description, 35);
        let rows = product.len().max(description.len());
        let height = rows as f32 * 12.0 + 4.0;
        if layout.y - height < BOTTOM {
            layout.need(f32::MAX);
            header(&mut layout);
        }
        let y = layout.y;
        layout.text(LEFT, y, 9.0, false, &line.order_id.to_string());
        for (i, text) in product.iter().enumerate() {
            layout.text(PRODUCT, y - i as f32 * 12.0, 9.0, false, text);
        }
        for (i, text) in description.iter().enumerate() {
            layout.text(DESCRIPTION, y - i as f32 * 12.0, 9.0, false, text);
        }
        layout.text(PAID_ON, y, 9.0, false, &local_date(&line.paid_at, zone));
        layout.right(RIGHT, y, 9.0, false, &line.amount);
        layout.y -= height;
    }
    layout.need(80.0);
    layout.gap(4.0);
    layout.rule();
    layout.gap(6.0);
    for (label, amount, bold) in
        [("Subtotal", &invoice.subtotal, false), ("Tax", &invoice.tax, false), ("Total (USD)", &invoice.total, true)]
    {
        let y = layout.y;
        layout.text(380.0, y, 10.0, bold, label);
        layout.right(RIGHT, y, 10.0, bold, amount);
        layout.y -= 15.0;
    }
    layout.gap(10.0);
    layout.line(9.0, false, TAX_NOTE);

    let count = layout.pages.len();
    for (i, page) in layout.pages.iter_mut().enumerate() {
        let footer = win_ansi(&format!("{number} - page {} of {count}", i + 1));
        page.begin_text();
        page.set_font(REGULAR, 8.0);
        page.next_line(LEFT, 40.0);
        page.show(Str(&footer));
        page.end_text();
    }
    Ok(write(&number, layout.pages))
}

fn write(number: &str, pages: Vec<Content>) -> Vec<u8> {
    let catalog = Ref::new(1);
    let tree = Ref::new(2);
    let regular = Ref::new(3);
    let bold = Ref::new(4);
    let info = Ref::new(5);
    let mut pdf = Pdf::new();
    pdf.catalog(catalog).pages(tree);
    let ids: Vec<(Ref, Ref)> = (0..pages.len() as i32).map(|i| (Ref::new(10 + 2 * i), Ref::new(11 + 2 * i))).collect();
    pdf.pages(tree).kids(ids.iter().map(|(page, _)| *page)).count(pages.len() as i32);
    for ((page_id, content_id), content) in ids.iter().zip(pages) {
        let mut page = pdf.page(*page_id);
        page.media_box(Rect::new(0.0, 0.0, PAGE_WIDTH, PAGE_HEIGHT));
        page.parent(tree);
        page.contents(*content_id);
        page.resources().fonts().pair(REGULAR, regular).pair(BOLD, bold);
        page.finish();
        pdf.stream(*content_id, &content.finish());
    }
    pdf.type1_font(regular).base_font(Name(b"Helvetica")).encoding_predefined(Name(b"WinAnsiEncoding"));
    pdf.type1_font(bold).base_font(Name(b"Helvetica-Bold")).encoding_predefined(Name(b"WinAnsiEncoding"));
    pdf.document_info(info).title(TextStr(&format!("Invoice {number}"))).producer(TextStr("KooGallery Desktop"));
    pdf.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_wraps_at_spaces_and_cuts_long_words() {
        assert_eq!(wrap("Road 1\nBlock 2", 20), ["Road 1", "Block 2"]);
        assert_eq!(wrap("aaaa bbbb cccc", 9), ["aaaa bbbb", "cccc"]);
        assert_eq!(wrap("abcdefghij", 4), ["abcd", "efgh", "ij"]);
    }

    #[test]
    fn text_outside_win_ansi_prints_as_a_question_mark() {
        assert_eq!(win_ansi("Café – 5 €"), b"Caf\xe9 \x96 5 \x80");
        assert_eq!(win_ansi("株式会社"), b"????");
    }
}
