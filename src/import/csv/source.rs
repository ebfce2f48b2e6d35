//! Where a text export's bytes come from (a file, opened again for every
//! pass and never read whole, or bytes in memory), and the body to parse:
//! the bytes after a BOM, transcoded to UTF-8 as they stream when they are
//! Windows-1252.

use std::io::{self, Read, Seek, SeekFrom};
use std::path::Path;

use encoding_rs::WINDOWS_1252;

use super::encoding::Encoding;

/// How many bytes a stream reads at a time.
pub(super) const CHUNK: usize = 256 * 1024;

/// Where the bytes of a text export come from. A file is opened again for
/// every pass over it, and never read whole.
#[derive(Clone, Copy)]
pub enum Source<'a> {
    /// Bytes already in memory.
    Bytes(&'a [u8]),
    /// A file on disk and its size.
    File(&'a Path, u64),
}

impl<'a> Source<'a> {
    pub(super) fn len(&self) -> u64 {
        match self {
            Source::Bytes(b) => b.len() as u64,
            Source::File(_, len) => *len,
        }
    }

    /// The bytes from `skip` on.
    pub(super) fn open(&self, skip: u64) -> io::Result<Box<dyn Read + Send + 'a>> {
        match *self {
            Source::Bytes(b) => Ok(Box::new(&b[(skip as usize).min(b.len())..])),
            Source::File(path, _) => {
                let mut file = std::fs::File::open(path)?;
                if skip > 0 {
                    file.seek(SeekFrom::Start(skip))?;
                }
                Ok(Box::new(file))
            }
        }
    }

    /// The first `n` bytes (fewer when the file is shorter).
    pub(super) fn head(&self, n: usize) -> io::Result<Vec<u8>> {
        let mut head = Vec::with_capacity(n);
        self.open(0)?.take(n as u64).read_to_end(&mut head)?;
        Ok(head)
    }

    /// Every byte (for UTF-16, which is transcoded whole).
    pub(super) fn all(&self) -> io::Result<Vec<u8>> {
        let mut all = Vec::new();
        self.open(0)?.read_to_end(&mut all)?;
        Ok(all)
    }

    /// Calls `each` with the bytes from `skip` on, a chunk at a time, until it says stop.
    pub(in crate::import) fn for_each_chunk(
        &self,
        skip: u64,
        each: impl FnMut(&[u8]) -> bool,
    ) -> io::Result<()> {
        self.for_each_chunk_of(CHUNK, skip, each)
    }

    /// [`Source::for_each_chunk`] with chunks of `size` bytes (tests use small ones).
    pub(super) fn for_each_chunk_of(
        &self,
        size: usize,
        skip: u64,
        mut each: impl FnMut(&[u8]) -> bool,
    ) -> io::Result<()> {
        if let Source::Bytes(b) = *self {
            let rest = &b[(skip as usize).min(b.len())..];
            for chunk in rest.chunks(size) {
                if !each(chunk) {
                    break;
                }
            }
            return Ok(());
        }
        let mut reader = self.open(skip)?;
        let mut buffer = vec![0u8; size];
        loop {
            let n = match reader.read(&mut buffer) {
                Ok(0) => return Ok(()),
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if !each(&buffer[..n]) {
                return Ok(());
            }
        }
    }
}

/// The bytes to parse: the file after its BOM, or its UTF-16 text as UTF-8.
#[derive(Clone, Copy)]
pub(super) struct Body<'a> {
    pub(super) source: Source<'a>,
    pub(super) skip: u64,
    /// The bytes are Windows-1252: opened, they stream as UTF-8.
    windows_1252: bool,
}

impl<'a> Body<'a> {
    /// The body of a file whose encoding is settled: its UTF-16 text
    /// transcoded, else the file after `skip` bytes.
    pub(super) fn settled(
        source: Source<'a>,
        transcoded: Option<&'a [u8]>,
        skip: u64,
        encoding: Encoding,
    ) -> Body<'a> {
        match transcoded {
            Some(text) => Body {
                source: Source::Bytes(text),
                skip: 0,
                windows_1252: false,
            },
            None => Body {
                source,
                skip,
                windows_1252: encoding.is_windows_1252(),
            },
        }
    }

    /// The bytes to parse (as stored: a Windows-1252 file is shorter than its UTF-8).
    pub(super) fn len(&self) -> u64 {
        self.source.len().saturating_sub(self.skip)
    }

    /// The body as UTF-8 text (Windows-1252 transcoded as it is read).
    pub(super) fn open(&self) -> io::Result<Box<dyn Read + Send + 'a>> {
        let raw = self.source.open(self.skip)?;
        if !self.windows_1252 {
            return Ok(raw);
        }
        Ok(Box::new(
            encoding_rs_io::DecodeReaderBytesBuilder::new()
                .encoding(Some(WINDOWS_1252))
                .bom_sniffing(false)
                .build_with_buffer(raw, vec![0; CHUNK])?,
        ))
    }
}
