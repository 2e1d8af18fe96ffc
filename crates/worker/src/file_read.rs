//! A student's file read in the worker, a slice at a time: [`BlobReader`] turns a `File` (a
//! `Blob`) into a `std::io::Read`, so the engine's streaming CSV reader parses a 100 MB file
//! without the worker ever holding all of its bytes. `FileReaderSync` exists only in workers: the
//! page never blocks on it.

use std::io::{self, Read};

use web_sys::{Blob, FileReaderSync};

/// Bytes read from the file at a time: large enough that the slice calls cost nothing beside the
/// parse, small enough that memory stays well below the file's size.
pub const SLICE_BYTES: usize = 8 << 20;

/// A `Read` over a `Blob`, filled [`SLICE_BYTES`] at a time through `FileReaderSync`.
pub struct BlobReader {
    blob: Blob,
    reader: FileReaderSync,
    /// Where the next slice starts in the blob, in bytes.
    next_slice_at: f64,
    slice: Vec<u8>,
    /// How much of `slice` has been handed out.
    taken: usize,
}

impl BlobReader {
    /// A reader at the start of `blob`; fails where `FileReaderSync` is missing (on a page).
    pub fn new(blob: Blob) -> io::Result<Self> {
        let reader = FileReaderSync::new().map_err(|_| {
            io::Error::other("this browser cannot read files inside a worker (no FileReaderSync)")
        })?;
        Ok(Self {
            blob,
            reader,
            next_slice_at: 0.0,
            slice: Vec::new(),
            taken: 0,
        })
    }

    /// Reads the next slice; an empty slice means the end of the blob.
    fn refill(&mut self) -> io::Result<()> {
        let size = self.blob.size();
        let end = (self.next_slice_at + SLICE_BYTES as f64).min(size);
        self.slice.clear();
        self.taken = 0;
        if self.next_slice_at >= size {
            return Ok(());
        }
        let part = self
            .blob
            .slice_with_f64_and_f64(self.next_slice_at, end)
            .map_err(|_| io::Error::other("the file could not be sliced"))?;
        let buffer = self.reader.read_as_array_buffer(&part).map_err(|_| {
            io::Error::other("the file could not be read (was it moved or changed while reading?)")
        })?;
        self.slice = js_sys::Uint8Array::new(&buffer).to_vec();
        self.next_slice_at = end;
        Ok(())
    }
}

impl Read for BlobReader {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if self.taken == self.slice.len() {
            self.refill()?;
        }
        let rest = &self.slice[self.taken..];
        let n = rest.len().min(out.len());
        out[..n].copy_from_slice(&rest[..n]);
        self.taken += n;
        Ok(n)
    }
}
