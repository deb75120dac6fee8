//! The section container snarkjs uses for .zkey and .wtns files: a 4-byte magic, a u32 version,
//! a u32 section count, then sections of (u32 type, u64 size, bytes). All little-endian.
use crate::error::{Error, Result};
use std::collections::HashMap;
use std::ops::Range;

pub struct BinFile<'a> {
    pub bytes: &'a [u8],
    sections: HashMap<u32, Range<usize>>,
}

impl<'a> BinFile<'a> {
    pub fn parse(bytes: &'a [u8], magic: &[u8; 4], kind: fn(String) -> Error) -> Result<Self> {
        if bytes.len() < 12 || &bytes[0..4] != magic {
            return Err(kind(format!("not a {} file (bad magic)", String::from_utf8_lossy(magic))));
        }
        let count = u32_at(bytes, 8);
        let mut sections = HashMap::new();
        let mut at = 12usize;
        for _ in 0..count {
            if at + 12 > bytes.len() {
                return Err(kind(format!("truncated: section table ends past the file's {} bytes", bytes.len())));
            }
            let id = u32_at(bytes, at);
            let size = u64::from_le_bytes(bytes[at + 4..at + 12].try_into().unwrap());
            let start = at + 12;
            let end = usize::try_from(size).ok().and_then(|s| start.checked_add(s)).filter(|&e| e <= bytes.len());
            let Some(end) = end else {
                return Err(kind(format!("truncated: section {id} claims {size} bytes past the file's end")));
            };
            if sections.insert(id, start..end).is_some() {
                return Err(kind(format!("section {id} appears twice")));
            }
            at = end;
        }
        Ok(BinFile { bytes, sections })
    }

    /// The bytes of a section, which must be present (and, with `len`, exactly that long).
    pub fn section(&self, id: u32, len: Option<usize>, kind: fn(String) -> Error) -> Result<&'a [u8]> {
        let range = self.sections.get(&id).ok_or_else(|| kind(format!("section {id} is missing")))?;
        let data = &self.bytes[range.clone()];
        match len {
            Some(expected) if expected != data.len() => Err(kind(format!("section {id} has {} bytes, expected {expected}", data.len()))),
            _ => Ok(data),
        }
    }
}

pub fn u32_at(bytes: &[u8], at: usize) -> u32 {
    u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap())
}

/// A 32-byte little-endian integer as four u64 limbs.
pub fn limbs_at(bytes: &[u8], at: usize) -> [u64; 4] {
    let mut limbs = [0u64; 4];
    for (i, limb) in limbs.iter_mut().enumerate() {
        *limb = u64::from_le_bytes(bytes[at + 8 * i..at + 8 * i + 8].try_into().unwrap());
    }
    limbs
}

/// A little-endian reader over a section, with bounds checks that become typed errors.
pub struct Cursor<'a> {
    bytes: &'a [u8],
    at: usize,
    kind: fn(String) -> Error,
    what: &'static str,
}

impl<'a> Cursor<'a> {
    pub fn new(bytes: &'a [u8], kind: fn(String) -> Error, what: &'static str) -> Self {
        Cursor { bytes, at: 0, kind, what }
    }
    pub fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        if self.at + n > self.bytes.len() {
            return Err((self.kind)(format!("{} is truncated", self.what)));
        }
        let out = &self.bytes[self.at..self.at + n];
        self.at += n;
        Ok(out)
    }
    pub fn u32(&mut self) -> Result<u32> {
        Ok(u32_at(self.take(4)?, 0))
    }
}
