//! Logos, screenshots and user guides.
//!
//! Every image is checked before it enters the store: its header is read first, so that an
//! oversized picture is refused before it is decoded (no decompression bombs); then it is
//! decoded in full, which refuses corrupt files, and a thumbnail is made for lists (by area
//! averaging, which is fast and sharp enough for downscaling); a logo gets two, at 128 and 64
//! pixels a side, for the sizes it is drawn at.

use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};

use image::{ImageFormat, ImageReader, Limits};
use rusqlite::{params, Connection, OptionalExtension};

use crate::{CoreError, Result};

/// Files larger than this are refused unread.
pub const MAX_IMAGE_BYTES: usize = 8 * 1024 * 1024;
/// Neither side of an image may be longer than this.
pub const MAX_IMAGE_SIDE: u32 = 4096;
/// Nor shorter than this: anything smaller is not a usable logo or screenshot.
pub const MIN_IMAGE_SIDE: u32 = 16;
/// User guides larger than this are refused.
pub const MAX_GUIDE_BYTES: usize = 20 * 1024 * 1024;

const LOGO_THUMB_SIDE: u32 = 128;
/// Logos drawn at 40 or 56 pixels (lists, cards) are asked for at this size: a picture is held
/// decoded at its own size, whatever size it is drawn at.
const LOGO_SMALL_SIDE: u32 = 64;
const SCREENSHOT_THUMB_WIDTH: u32 = 480;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MediaKind {
    Logo,
    Screenshot,
}

impl MediaKind {
    fn as_str(self) -> &'static str {
        match self {
            MediaKind::Logo => "logo",
            MediaKind::Screenshot => "screenshot",
        }
    }
}

/// An image that passed validation, with its thumbnail.
#[derive(Debug, Clone)]
pub struct PreparedImage {
    pub width: u32,
    pub height: u32,
    pub mime: &'static str,
    pub original: Vec<u8>,
    pub thumb_mime: &'static str,
    pub thumbnail: Vec<u8>,
    /// A logo's PNG at 64 pixels a side; none for a screenshot.
    pub small: Option<Vec<u8>>,
}

/// Validates `bytes` as a PNG or JPEG image and makes its thumbnail.
pub fn prepare_image(name: &str, kind: MediaKind, bytes: Vec<u8>) -> Result<PreparedImage> {
    let refuse = |reason: String| CoreError::InvalidImage { name: name.to_string(), reason };
    if bytes.len() > MAX_IMAGE_BYTES {
        return Err(refuse(format!(
            "it is {} bytes; images may be at most {} MiB",
            bytes.len(),
            MAX_IMAGE_BYTES / (1024 * 1024)
        )));
    }
    let reader = ImageReader::new(Cursor::new(&bytes))
        .with_guessed_format()
        .map_err(|e| refuse(format!("it cannot be read: {e}")))?;
    let (format, mime) = match reader.format() {
        Some(ImageFormat::Png) => (ImageFormat::Png, "image/png"),
        Some(ImageFormat::Jpeg) => (ImageFormat::Jpeg, "image/jpeg"),
        _ => return Err(refuse("it is not a PNG or JPEG image".into())),
    };
    let (width, height) = reader.into_dimensions().map_err(|e| refuse(format!("it is corrupt ({e})")))?;
    if width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE {
        return Err(refuse(format!(
            "it is {width}×{height} pixels; images may be at most {MAX_IMAGE_SIDE}×{MAX_IMAGE_SIDE}"
        )));
    }
    if width < MIN_IMAGE_SIDE || height < MIN_IMAGE_SIDE {
        return Err(refuse(format!(
            "it is {width}×{height} pixels; images must be at least {MIN_IMAGE_SIDE}×{MIN_IMAGE_SIDE}"
        )));
    }

    let mut reader = ImageReader::with_format(Cursor::new(&bytes), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_IMAGE_SIDE);
    limits.max_image_height = Some(MAX_IMAGE_SIDE);
    reader.limits(limits);
    let picture = reader.decode().map_err(|e| refuse(format!("it is corrupt ({e})")))?;

    let (thumb, thumb_format, thumb_mime) = match kind {
        MediaKind::Logo => (picture.thumbnail(LOGO_THUMB_SIDE, LOGO_THUMB_SIDE), ImageFormat::Png, "image/png"),
        MediaKind::Screenshot => {
            let thumb_height = (u64::from(height) * u64::from(SCREENSHOT_THUMB_WIDTH) / u64::from(width)).max(1) as u32;
            (
                // JPEG has no alpha channel.
                image::DynamicImage::ImageRgb8(picture.thumbnail_exact(SCREENSHOT_THUMB_WIDTH, thumb_height).to_rgb8()),
                ImageFormat::Jpeg,
                "image/jpeg",
            )
        }
    };
    let mut thumbnail = Vec::new();
    thumb
        .write_to(&mut Cursor::new(&mut thumbnail), thumb_format)
        .map_err(|e| refuse(format!("its thumbnail could not be made ({e})")))?;
    let small = match kind {
        MediaKind::Logo => {
            Some(small_logo(&picture).map_err(|e| refuse(format!("its small picture could not be made ({e})")))?)
        }
        MediaKind::Screenshot => None,
    };

    Ok(PreparedImage { width, height, mime, original: bytes, thumb_mime, thumbnail, small })
}

/// The logo's PNG at `LOGO_SMALL_SIDE` pixels on its longer side.
fn small_logo(picture: &image::DynamicImage) -> image::ImageResult<Vec<u8>> {
    let mut bytes = Vec::new();
    picture.thumbnail(LOGO_SMALL_SIDE, LOGO_SMALL_SIDE).write_to(&mut Cursor::new(&mut bytes), ImageFormat::Png)?;
    Ok(bytes)
}

/// Gives every stored logo without a small picture one, made from its 128-pixel thumbnail
/// (migration 0019). A thumbnail that cannot be read leaves its logo without: the 128-pixel
/// picture is served in its place, and the store still opens.
pub(crate) fn add_small_logos(conn: &Connection) -> Result<()> {
    // The keys first, then one thumbnail at a time: a large catalog's logos are not all held.
    let logos: Vec<(i64, i64)> = conn
        .prepare("SELECT product_pk, position FROM product_media WHERE kind = 'logo' AND small IS NULL")?
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut read =
        conn.prepare("SELECT thumbnail FROM product_media WHERE product_pk = ?1 AND kind = 'logo' AND position = ?2")?;
    let mut update =
        conn.prepare("UPDATE product_media SET small = ?3 WHERE product_pk = ?1 AND kind = 'logo' AND position = ?2")?;
    for (product_pk, position) in logos {
        let thumbnail: Vec<u8> = read.query_row(params![product_pk, position], |row| row.get(0))?;
        let small = image::load_from_memory_with_format(&thumbnail, ImageFormat::Png)
            .ok()
            .and_then(|picture| small_logo(&picture).ok());
        if let Some(small) = small {
            update.execute(params![product_pk, position, small])?;
        }
    }
    Ok(())
}

/// Checks that `bytes` is a PDF user guide of acceptable size.
pub fn check_guide(name: &str, bytes: &[u8]) -> Result<()> {
    if !bytes.starts_with(b"%PDF-") {
        return Err(CoreError::invalid(format!("the user guide {name} is not a PDF document")));
    }
    if bytes.len() > MAX_GUIDE_BYTES {
        return Err(CoreError::invalid(format!(
            "the user guide {name} is larger than {} MiB",
            MAX_GUIDE_BYTES / (1024 * 1024)
        )));
    }
    Ok(())
}

pub(crate) fn insert_image(
    conn: &Connection,
    product_pk: i64,
    kind: MediaKind,
    position: u32,
    image: &PreparedImage,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO product_media
             (product_pk, kind, position, width, height, mime, original, thumb_mime, thumbnail, small)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
        product_pk,
        kind.as_str(),
        position,
        image.width,
        image.height,
        image.mime,
        image.original,
        image.thumb_mime,
        image.thumbnail,
        image.small
    ])?;
    Ok(())
}

/// Which picture of a product to read back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MediaRequest {
    /// The logo at 128 pixels a side, or `small`, at 64.
    Logo {
        small: bool,
    },
    Screenshot {
        position: u32,
        thumbnail: bool,
    },
}

impl MediaRequest {
    /// Parses the path of a media URL: `products/<id>/logo`, `products/<id>/logo/small`,
    /// `products/<id>/screenshots/<n>` or `products/<id>/screenshots/<n>/thumb`.
    pub fn parse_path(path: &str) -> Option<(String, MediaRequest)> {
        let parts: Vec<&str> = path.trim_matches('/').split('/').collect();
        match parts.as_slice() {
            ["products", id, "logo"] => Some((id.to_string(), MediaRequest::Logo { small: false })),
            ["products", id, "logo", "small"] => Some((id.to_string(), MediaRequest::Logo { small: true })),
            ["products", id, "screenshots", n] => {
                Some((id.to_string(), MediaRequest::Screenshot { position: n.parse().ok()?, thumbnail: false }))
            }
            ["products", id, "screenshots", n, "thumb"] => {
                Some((id.to_string(), MediaRequest::Screenshot { position: n.parse().ok()?, thumbnail: true }))
            }
            _ => None,
        }
    }
}

/// A picture's bytes and MIME type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MediaBytes {
    pub mime: String,
    pub bytes: Vec<u8>,
}

/// Reads a product's picture: the logo at either size, or a screenshot in full or as a thumbnail.
pub fn read(conn: &Connection, product_id: &str, request: MediaRequest) -> Result<MediaBytes> {
    let (kind, position, columns) = match request {
        // A logo stored without its small picture is served at 128 pixels (`add_small_logos`).
        MediaRequest::Logo { small: true } => (MediaKind::Logo, 1, "m.thumb_mime, coalesce(m.small, m.thumbnail)"),
        MediaRequest::Logo { small: false } => (MediaKind::Logo, 1, "m.thumb_mime, m.thumbnail"),
        MediaRequest::Screenshot { position, thumbnail: true } => {
            (MediaKind::Screenshot, position, "m.thumb_mime, m.thumbnail")
        }
        MediaRequest::Screenshot { position, thumbnail: false } => {
            (MediaKind::Screenshot, position, "m.mime, m.original")
        }
    };
    let sql = format!(
        "SELECT {columns} FROM product_media m JOIN products p ON p.pk = m.product_pk
         WHERE p.id = ?1 AND m.kind = ?2 AND m.position = ?3"
    );
    conn.prepare_cached(&sql)?
        .query_row(params![product_id, kind.as_str(), position], |row| {
            Ok(MediaBytes { mime: row.get(0)?, bytes: row.get(1)? })
        })
        .optional()?
        .ok_or_else(|| CoreError::not_found(format!("the {} of product {product_id}", kind.as_str())))
}

/// A product's user guide: its file name and its bytes.
pub fn read_guide(conn: &Connection, product_id: &str) -> Result<(String, MediaBytes)> {
    conn.prepare_cached(
        "SELECT g.file_name, g.mime, g.content FROM product_guides g JOIN products p ON p.pk = g.product_pk
         WHERE p.id = ?1",
    )?
    .query_row([product_id], |row| Ok((row.get(0)?, MediaBytes { mime: row.get(1)?, bytes: row.get(2)? })))
    .optional()?
    .ok_or_else(|| CoreError::not_found(format!("the user guide of product {product_id}")))
}

/// Writes a product's user guide into `folder` (created if missing) under the guide's own file
/// name, never over a file already there: `guide.pdf`, then `guide (1).pdf`, `guide (2).pdf`…
/// Returns the path written.
pub fn save_guide(conn: &Connection, product_id: &str, folder: &Path) -> Result<PathBuf> {
    let (file_name, guide) = read_guide(conn, product_id)?;
    let io = |context: String| move |source| CoreError::Io { context, source };
    std::fs::create_dir_all(folder).map_err(io(format!("cannot create the folder {}", folder.display())))?;
    let (stem, extension) = guide_file_name(product_id, &file_name);
    for n in 0..1000 {
        let name = if n == 0 { format!("{stem}{extension}") } else { format!("{stem} ({n}){extension}") };
        let path = folder.join(name);
        // create_new: a file that appears between two attempts is not overwritten either.
        match std::fs::OpenOptions::new().write(true).create_new(true).open(&path) {
            Ok(mut file) => {
                file.write_all(&guide.bytes).map_err(io(format!("cannot write {}", path.display())))?;
                return Ok(path);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(source) => return Err(CoreError::Io { context: format!("cannot write {}", path.display()), source }),
        }
    }
    Err(CoreError::invalid(format!(
        "{} already holds 1,000 copies of {file_name}; remove some and try again",
        folder.display()
    )))
}

/// The stem and extension to save a guide under: its stored name without any folder part, or
/// `<product id>-user-guide.pdf` when nothing usable is left.
fn guide_file_name(product_id: &str, stored: &str) -> (String, String) {
    let base = stored.rsplit(['/', '\\']).next().unwrap_or_default().trim();
    let base =
        if base.is_empty() || base.starts_with('.') { format!("{product_id}-user-guide.pdf") } else { base.into() };
    match base.rfind('.') {
        Some(dot) if dot > 0 => (base[..dot].to_string(), base[dot..].to_string()),
        _ => (base, String::new()),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub fn png(width: u32, height: u32) -> Vec<u8> {
        let picture = image::RgbaImage::from_pixel(width, height, image::Rgba([200, 30, 40, 255]));
        let mut bytes = Vec::new();
        picture.write_to(&mut Cursor::new(&mut bytes), ImageFormat::Png).unwrap();
        bytes
    }

    fn side(png: &[u8]) -> (u32, u32) {
        let picture = image::load_from_memory_with_format(png, ImageFormat::Png).unwrap();
        (picture.width(), picture.height())
    }

    #[test]
    fn a_good_logo_gets_a_128_pixel_png_thumbnail_and_a_64_pixel_one_keeping_its_proportions() {
        let image = prepare_image("logo.png", MediaKind::Logo, png(256, 256)).unwrap();
        assert_eq!((image.width, image.height, image.mime), (256, 256, "image/png"));
        assert_eq!(side(&image.thumbnail), (128, 128));
        assert_eq!(side(image.small.as_deref().unwrap()), (64, 64));

        let wide = prepare_image("wide.png", MediaKind::Logo, png(400, 100)).unwrap();
        assert_eq!((side(&wide.thumbnail), side(wide.small.as_deref().unwrap())), ((128, 32), (64, 16)));
    }

    #[test]
    fn a_screenshot_gets_a_480_pixel_wide_jpeg_thumbnail_keeping_its_proportions() {
        let image = prepare_image("shot.png", MediaKind::Screenshot, png(1280, 800)).unwrap();
        assert_eq!(image.thumb_mime, "image/jpeg");
        let thumb = image::load_from_memory(&image.thumbnail).unwrap();
        assert_eq!((thumb.width(), thumb.height()), (480, 300));
        assert_eq!(image.small, None);
    }

    #[test]
    fn bad_images_are_refused_with_a_reason() {
        let mut truncated = png(64, 64);
        truncated.truncate(truncated.len() / 2);
        let cases: Vec<(&str, Vec<u8>, &str)> = vec![
            ("not an image", b"hello, world".to_vec(), "not a PNG or JPEG"),
            ("truncated", truncated, "corrupt"),
            ("too wide", png(4097, 20), "at most 4096"),
            ("too small", png(8, 8), "at least 16"),
            ("too large a file", vec![0u8; MAX_IMAGE_BYTES + 1], "at most 8 MiB"),
        ];
        for (case, bytes, reason) in cases {
            let err = prepare_image("x.png", MediaKind::Logo, bytes).unwrap_err();
            assert_eq!(err.code(), crate::ErrorCode::InvalidImage, "{case}");
            assert!(err.to_string().contains(reason), "{case}: {err}");
        }
    }

    #[test]
    fn a_bomb_that_claims_huge_dimensions_is_refused_before_decoding() {
        // A valid PNG header that claims 60000×60000 pixels, with no pixel data.
        let mut bytes = png(16, 16);
        bytes[16..20].copy_from_slice(&60000u32.to_be_bytes());
        bytes[20..24].copy_from_slice(&60000u32.to_be_bytes());
        let err = prepare_image("bomb.png", MediaKind::Screenshot, bytes).unwrap_err();
        assert_eq!(err.code(), crate::ErrorCode::InvalidImage);
    }

    #[test]
    fn guides_must_be_pdf() {
        assert!(check_guide("g.pdf", b"%PDF-1.4\n...").is_ok());
        assert!(check_guide("g.pdf", b"<html>").unwrap_err().to_string().contains("not a PDF"));
    }

    #[test]
    fn a_stored_name_never_leaves_the_folder() {
        let cases = [
            ("guide.pdf", ("guide", ".pdf")),
            ("../../etc/passwd", ("passwd", "")),
            ("a\\b.pdf", ("b", ".pdf")),
            ("", ("p-user-guide", ".pdf")),
            (".hidden", ("p-user-guide", ".pdf")),
            ("v1.2 guide.pdf", ("v1.2 guide", ".pdf")),
        ];
        for (stored, (stem, extension)) in cases {
            assert_eq!(guide_file_name("p", stored), (stem.to_string(), extension.to_string()), "{stored:?}");
        }
    }

    #[test]
    fn media_paths_parse() {
        assert_eq!(
            MediaRequest::parse_path("/products/mysql/logo"),
            Some(("mysql".into(), MediaRequest::Logo { small: false }))
        );
        assert_eq!(
            MediaRequest::parse_path("products/mysql/logo/small"),
            Some(("mysql".into(), MediaRequest::Logo { small: true }))
        );
        assert_eq!(MediaRequest::parse_path("products/mysql/logo/large"), None);
        assert_eq!(
            MediaRequest::parse_path("products/mysql/screenshots/2/thumb"),
            Some(("mysql".into(), MediaRequest::Screenshot { position: 2, thumbnail: true }))
        );
        assert_eq!(
            MediaRequest::parse_path("products/mysql/screenshots/1"),
            Some(("mysql".into(), MediaRequest::Screenshot { position: 1, thumbnail: false }))
        );
        assert_eq!(MediaRequest::parse_path("products/mysql/screenshots/x"), None);
        assert_eq!(MediaRequest::parse_path("etc/passwd"), None);
    }
}
