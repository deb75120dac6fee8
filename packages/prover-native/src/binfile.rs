//! The section container snarkjs uses for .zkey and .wtns files: a 4-byte magic, a u32 version,
//! a u32 section count, then sections of (u32 type, u64 size, bytes). All little-endian.
use crate::error::{Error, Result};
use std::collections::HashMap;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom};

/// Where each section's bytes lie in the file: id -> (offset, size).
type Table = HashMap<u32, (u64, u64)>;

/// Reads the section table from any seekable source of `len` bytes.
fn section_table<R: Read + Seek>(source: &mut R, len: u64, magic: &[u8; 4], kind: fn(String) -> Error) -> Result<Table> {
    let name = String::from_utf8_lossy(magic).into_owned();
    let mut head = [0u8; 12];
    if len < 12 || source.read_exact(&mut head).is_err() || &head[0..4] != magic {
        return Err(kind(format!("not a {name} file (bad magic)")));
    }
    let mut sections = HashMap::new();
    let mut at = 12u64;
    for _ in 0..u32_at(&head, 8) {
        let mut entry = [0u8; 12];
        if at + 12 > len || source.seek(SeekFrom::Start(at)).and_then(|_| source.read_exact(&mut entry)).is_err() {
            return Err(kind(format!("truncated: section table ends past the file's {len} bytes")));
        }
        let id = u32_at(&entry, 0);
        let size = u64::from_le_bytes(entry[4..12].try_into().unwrap());
        let start = at + 12;
        let Some(end) = start.checked_add(size).filter(|&e| e <= len) else {
            return Err(kind(format!("truncated: section {id} claims {size} bytes past the file's end")));
        };
        if sections.insert(id, (start, size)).is_some() {
            return Err(kind(format!("section {id} appears twice")));
        }
        at = end;
    }
    Ok(sections)
}

fn located(table: &Table, id: u32, len: Option<usize>, kind: fn(String) -> Error) -> Result<(u64, u64)> {
    let &(start, size) = table.get(&id).ok_or_else(|| kind(format!("section {id} is missing")))?;
    match len {
        Some(expected) if expected as u64 != size => Err(kind(format!("section {id} has {size} bytes, expected {expected}"))),
        _ => Ok((start, size)),
    }
}

/// A section file held in memory (a witness).
pub struct BinFile<'a> {
    bytes: &'a [u8],
    table: Table,
}

impl<'a> BinFile<'a> {
    pub fn parse(bytes: &'a [u8], magic: &[u8; 4], kind: fn(String) -> Error) -> Result<Self> {
        let table = section_table(&mut std::io::Cursor::new(bytes), bytes.len() as u64, magic, kind)?;
        Ok(BinFile { bytes, table })
    }

    /// The bytes of a section, which must be present (and, with `len`, exactly that long).
    pub fn section(&self, id: u32, len: Option<usize>, kind: fn(String) -> Error) -> Result<&'a [u8]> {
        let (start, size) = located(&self.table, id, len, kind)?;
        Ok(&self.bytes[start as usize..(start + size) as usize])
    }
}

/// A section file read one section at a time (a zkey): only the section being parsed is in
/// memory besides what was parsed, not the whole file.
pub struct SectionFile {
    file: File,
    table: Table,
    kind: fn(String) -> Error,
}

impl SectionFile {
    pub fn open(path: &str, magic: &[u8; 4], kind: fn(String) -> Error) -> Result<Self> {
        let cannot = |e: std::io::Error| kind(format!("cannot read {path}: {e}"));
        let mut file = File::open(path).map_err(cannot)?;
        let len = file.metadata().map_err(cannot)?.len();
        let table = section_table(&mut file, len, magic, kind)?;
        Ok(SectionFile { file, table, kind })
    }

    pub fn section(&mut self, id: u32, len: Option<usize>) -> Result<Vec<u8>> {
        let (start, size) = located(&self.table, id, len, self.kind)?;
        let mut bytes = vec![0u8; size as usize];
        self.file
            .seek(SeekFrom::Start(start))
            .and_then(|_| self.file.read_exact(&mut bytes))
            .map_err(|e| (self.kind)(format!("section {id} cannot be read: {e}")))?;
        Ok(bytes)
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
pub struct Fields<'a> {
    bytes: &'a [u8],
    at: usize,
    kind: fn(String) -> Error,
    what: &'static str,
}

impl<'a> Fields<'a> {
    pub fn new(bytes: &'a [u8], kind: fn(String) -> Error, what: &'static str) -> Self {
        Fields { bytes, at: 0, kind, what }
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
