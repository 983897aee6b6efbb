//! Files that lie about themselves, as a person or a script might pick them: a PDF named
//! `.png`, a truncated JPEG, empty files, a PNG whose header claims a picture too large to
//! decode. Both fuzzers (the app's commands and `kg`) hand them wherever a file is taken, and
//! every one must be refused with a code and a message, never stored.
//!
//! Shared as a source file (`#[path]`) because the app's unit tests and `kg`'s integration
//! tests have no test crate in common.

/// A real 1×1 PNG, the base of the lies below.
pub const PNG_1X1: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00,
    0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4, 0x89, 0x00, 0x00, 0x00, 0x0A, 0x49,
    0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x00, 0x01, 0x00, 0x00, 0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00, 0x00,
    0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
];

/// A PNG signature and header claiming 100,000 × 100,000 pixels, and no pixels.
fn png_claiming_a_huge_picture() -> Vec<u8> {
    let mut bytes = PNG_1X1[..16].to_vec();
    bytes.extend_from_slice(&100_000u32.to_be_bytes());
    bytes.extend_from_slice(&100_000u32.to_be_bytes());
    bytes.extend_from_slice(&[8, 6, 0, 0, 0, 0, 0, 0, 0]);
    bytes
}

/// Each lie: the name it is given and its bytes.
pub fn lying_files() -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("proof.png", b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n".to_vec()),
        ("proof.pdf", PNG_1X1.to_vec()),
        ("photo.jpg", b"\xFF\xD8\xFF\xE0\x00\x10JFIF\x00\x01\x01\x00".to_vec()),
        ("empty.png", Vec::new()),
        ("empty.pdf", Vec::new()),
        ("huge.png", png_claiming_a_huge_picture()),
        ("cut.png", PNG_1X1[..40].to_vec()),
        ("header-only.pdf", b"%PDF-".to_vec()),
        ("notes.jpg", b"just some text".to_vec()),
        (
            "animation.png",
            b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x00\x00\x00\x00\x00;".to_vec(),
        ),
        ("vector.png", b"<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>".to_vec()),
        ("program.pdf", b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00".to_vec()),
        ("\u{202E}fdp.exe", PNG_1X1.to_vec()),
        ("../../outside.pdf", b"%PDF-1.4\n%%EOF\n".to_vec()),
    ]
}
