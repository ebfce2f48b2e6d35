//! Checks a workbook before calamine sees it: a zip-based one (xlsx, xlsb,
//! ods) in [`archive`], an OLE compound file (xls) in [`compound`].
//!
//! A small hostile file can make calamine allocate hundreds of gigabytes and
//! abort the process, which no `catch_unwind` can stop: a shared-strings part
//! that declares `uniqueCount="9000000000"` (calamine reserves that many
//! strings), a zip bomb, or an ODS sheet whose repeated rows and columns
//! expand to billions of cells. This module reads the archive's directory
//! and judges the parts by the sizes it declares (the zip reader calamine
//! uses stops with an error past a part's declared size, so a lying header
//! gets an error, never more bytes; parts that claim more compressed bytes
//! than the archive holds overlap, and are refused), reads the shared
//! strings' declared count wherever they are and an ODS sheet's cells, and
//! refuses a file that would need more than [`Limits`] allow. Worksheets of xlsx and xlsb are streamed by the
//! import, so their size costs time, not memory. An XLS file's sector chains
//! must end and its sheets' spans stay bounded.

mod archive;
mod compound;

pub use archive::{check_archive, check_archive_in};
pub use compound::check_compound;

/// How much a workbook may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The file itself.
    pub file_bytes: u64,
    /// Entries in the archive.
    pub entries: usize,
    /// A part that calamine loads whole (shared strings, styles, ODS content), inflated
    /// (as the archive declares it).
    pub part_bytes: u64,
    /// Any one part, inflated.
    pub entry_bytes: u64,
    /// Cells an ODS sheet may expand to (calamine materialises every one).
    pub ods_cells: u64,
    /// Cells the sheets of an XLS workbook may span, summed (calamine makes
    /// a dense array of each sheet's bounding box, of its formulas' too, and
    /// reserves what a sheet's DIMENSIONS record claims).
    pub xls_cells: u64,
}

impl Limits {
    /// The limits velho uses: far above any real ledger export, far below 1 GiB of memory.
    pub const DEFAULT: Limits = Limits {
        file_bytes: 512 * 1024 * 1024,
        entries: 10_000,
        part_bytes: 256 * 1024 * 1024,
        entry_bytes: 4 * 1024 * 1024 * 1024,
        ods_cells: 10_000_000,
        xls_cells: 10_000_000,
    };
}

/// What kind of workbook a zip archive holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArchiveKind {
    /// Office Open XML workbook (xlsx, xlsm).
    Xlsx,
    /// Excel binary workbook.
    Xlsb,
    /// OpenDocument spreadsheet.
    Ods,
}
