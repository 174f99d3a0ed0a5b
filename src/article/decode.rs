//! Bytes to text: UTF-8 (with or without a byte-order mark), UTF-16 with a
//! byte-order mark, else Windows-1252; binary files are recognised and refused.
//!
//! Windows-1252 is the fallback because every byte sequence decodes under it and
//! it is a superset of Latin-1, which older news archives use (the BBC corpus
//! has one such file).

use std::borrow::Cow;

/// How a file's bytes were turned into text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// Valid UTF-8.
    Utf8,
    /// UTF-16, announced by its byte-order mark.
    Utf16,
    /// Not valid UTF-8, decoded as Windows-1252.
    Windows1252,
}

/// Why a file's bytes are not text at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotText {
    /// The file has no bytes, or only white space.
    Empty,
    /// The file holds NUL bytes, so it is binary, not an article.
    Binary,
    /// The file is a known binary format (its name says which).
    BinaryFormat(&'static str),
}

impl std::fmt::Display for NotText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            NotText::Empty => "empty file",
            NotText::Binary => "binary file (NUL bytes)",
            NotText::BinaryFormat(name) => return write!(f, "binary file ({name})"),
        })
    }
}

/// Decodes a file's bytes, reporting which encoding was used.
pub fn decode(bytes: &[u8]) -> Result<(Cow<'_, str>, Encoding), NotText> {
    for (bom, encoding) in [
        (&b"\xFF\xFE"[..], encoding_rs::UTF_16LE),
        (&b"\xFE\xFF"[..], encoding_rs::UTF_16BE),
    ] {
        if let Some(rest) = bytes.strip_prefix(bom) {
            let (text, _) = encoding.decode_without_bom_handling(rest);
            if text.trim().is_empty() {
                return Err(NotText::Empty);
            }
            return Ok((text, Encoding::Utf16));
        }
    }
    const MAGIC: [(&[u8], &str); 6] = [
        (b"%PDF", "PDF"),
        (b"\x89PNG", "PNG"),
        (b"GIF8", "GIF"),
        (b"\xFF\xD8\xFF", "JPEG"),
        (b"PK\x03\x04", "ZIP or Office document"),
        (b"\x1F\x8B", "gzip"),
    ];
    if let Some((_, name)) = MAGIC.iter().find(|(magic, _)| bytes.starts_with(magic)) {
        return Err(NotText::BinaryFormat(name));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.contains(&0) {
        return Err(NotText::Binary);
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(NotText::Empty);
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok((Cow::Borrowed(text), Encoding::Utf8)),
        Err(_) => {
            let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
            Ok((text, Encoding::Windows1252))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_bom_loses_the_bom() {
        let (text, encoding) = decode("\u{feff}Headline".as_bytes()).unwrap();
        assert_eq!(text, "Headline");
        assert_eq!(encoding, Encoding::Utf8);
    }

    #[test]
    fn latin1_falls_back_to_windows_1252() {
        let (text, encoding) = decode(b"Caf\xe9 \x93quoted\x94").unwrap();
        assert_eq!(text, "Café “quoted”");
        assert_eq!(encoding, Encoding::Windows1252);
    }

    #[test]
    fn utf16_with_a_bom_is_decoded() {
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend("Caf\u{e9}".encode_utf16().flat_map(u16::to_le_bytes));
        let (text, encoding) = decode(&bytes).unwrap();
        assert_eq!((text.as_ref(), encoding), ("Café", Encoding::Utf16));
    }

    #[test]
    fn known_binary_formats_are_named() {
        assert_eq!(
            decode(b"%PDF-1.7 text").unwrap_err().to_string(),
            "binary file (PDF)"
        );
        assert_eq!(
            decode(b"\x89PNG\r\n").unwrap_err().to_string(),
            "binary file (PNG)"
        );
    }

    #[test]
    fn nul_bytes_and_blank_files_are_not_text() {
        assert_eq!(decode(b"data\0\x01").unwrap_err(), NotText::Binary);
        assert_eq!(decode(b" \n\n ").unwrap_err(), NotText::Empty);
    }
}
