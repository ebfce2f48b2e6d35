//! The quotes of a CSV text, checked by velho itself: the csv crate never
//! fails on bad quoting (`1,"x"y,3` reads as `xy`; an unterminated quote
//! swallows the rest of the file), so this names the line where they go
//! wrong.

use crate::text::Message;

/// The state of [`check_quoting`] inside a line.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Quote {
    FieldStart,
    Unquoted,
    Quoted,
    /// A quote inside a quoted field: the end of the field, or the first of `""`.
    ClosingOrDoubled,
}

/// Checks the quotes of a CSV text: a closing quote must end its field, a
/// quote must be closed, and a quoted field that runs over several lines
/// must not hold the delimiter after a line break (a lost quote that
/// swallowed rows). The error is `(line, message)`.
///
/// ```
/// use velho::import::check_quoting;
/// assert!(check_quoting(b"a;\"b;c\";d\n", b';').is_ok());
/// assert_eq!(check_quoting(b"a;b\n1;\"x\"y\n", b';').unwrap_err().0, 2);
/// assert_eq!(check_quoting(b"a;b\n1;\"x\n2;3\n", b';').unwrap_err().0, 2);
/// // A quote opened on line 2 and closed on line 3 with text after it: line 2.
/// assert_eq!(check_quoting(b"a;b\n1;\"x\ny\"z\n", b';').unwrap_err().0, 2);
/// ```
pub fn check_quoting(body: &[u8], delimiter: u8) -> Result<(), (u32, Message)> {
    let mut check = QuoteCheck::new(delimiter);
    check.feed(body)?;
    check.finish()
}

/// [`check_quoting`] over a stream, a chunk at a time.
pub(super) struct QuoteCheck {
    pub(super) delimiter: u8,
    pub(super) line: u32,
    pub(super) state: Quote,
    pub(super) opened: u32,
    pub(super) lines_inside: bool,
    pub(super) swallowed: bool,
    /// The byte before was a `\r`: a `\n` after it ends no second line.
    pub(super) after_cr: bool,
}

pub(super) fn swallowed_error(opened: u32) -> (u32, Message) {
    (
        opened,
        Message::new("import.csv.quote_swallowed").with("line", opened),
    )
}

impl QuoteCheck {
    pub(super) fn new(delimiter: u8) -> Self {
        QuoteCheck {
            delimiter,
            line: 1,
            state: Quote::FieldStart,
            opened: 0,
            lines_inside: false,
            swallowed: false,
            after_cr: false,
        }
    }

    /// Reads the next bytes of the text. Only quotes and line ends are
    /// stepped through one by one (found with memchr); the bytes between
    /// them are read as a run ([`QuoteCheck::run`]). A `\r` ends a line as a
    /// `\n` does (CR-only files, old Mac exports), and a `\n` right after a
    /// `\r` ends none: lines count as the rows' do.
    pub(super) fn feed(&mut self, bytes: &[u8]) -> Result<(), (u32, Message)> {
        let mut at = 0;
        for special in memchr::memchr3_iter(b'"', b'\n', b'\r', bytes) {
            self.run(&bytes[at..special])?;
            self.step(bytes[special])?;
            at = special + 1;
        }
        self.run(&bytes[at..])
    }

    /// Bytes that are neither a quote nor a line end, with what stepping
    /// through each would give: after a closing quote only spaces may
    /// follow, then a delimiter (stepped one by one); outside quotes, a
    /// field starts after a delimiter, so the last byte decides whether a
    /// quote right after the run opens a field; inside quotes, a delimiter
    /// after a line break marks the field as one that swallowed rows.
    pub(super) fn run(&mut self, mut bytes: &[u8]) -> Result<(), (u32, Message)> {
        let Some(&last) = bytes.last() else {
            return Ok(());
        };
        self.after_cr = false;
        while let (Quote::ClosingOrDoubled, [b, rest @ ..]) = (self.state, bytes) {
            self.step(*b)?;
            bytes = rest;
        }
        match self.state {
            Quote::FieldStart | Quote::Unquoted if !bytes.is_empty() => {
                self.state = if last == self.delimiter {
                    Quote::FieldStart
                } else {
                    Quote::Unquoted
                };
            }
            Quote::Quoted if self.lines_inside && !self.swallowed => {
                self.swallowed = memchr::memchr(self.delimiter, bytes).is_some();
            }
            _ => {}
        }
        Ok(())
    }

    /// One byte.
    pub(super) fn step(&mut self, b: u8) -> Result<(), (u32, Message)> {
        let delimiter = self.delimiter;
        // A line end: a `\r`, or a `\n` that does not follow one.
        let after_cr = std::mem::replace(&mut self.after_cr, b == b'\r');
        let ends_line = b == b'\r' || (b == b'\n' && !after_cr);
        self.state = match (self.state, b) {
            (Quote::FieldStart, b'"') => {
                (self.opened, self.lines_inside, self.swallowed) = (self.line, false, false);
                Quote::Quoted
            }
            (Quote::FieldStart | Quote::Unquoted, b'\n' | b'\r') => {
                self.line += u32::from(ends_line);
                Quote::FieldStart
            }
            (Quote::FieldStart | Quote::Unquoted, d) if d == delimiter => Quote::FieldStart,
            (Quote::FieldStart | Quote::Unquoted, _) => Quote::Unquoted,
            (Quote::Quoted, b'"') => Quote::ClosingOrDoubled,
            (Quote::Quoted, b'\n' | b'\r') => {
                self.line += u32::from(ends_line);
                self.lines_inside = true;
                Quote::Quoted
            }
            (Quote::Quoted, d) => {
                self.swallowed |= self.lines_inside && d == delimiter;
                Quote::Quoted
            }
            (Quote::ClosingOrDoubled, b'"') => Quote::Quoted,
            (Quote::ClosingOrDoubled, b' ') => Quote::ClosingOrDoubled,
            (Quote::ClosingOrDoubled, d) if d == delimiter || d == b'\n' || d == b'\r' => {
                if self.swallowed {
                    return Err(swallowed_error(self.opened));
                }
                self.line += u32::from(ends_line);
                Quote::FieldStart
            }
            (Quote::ClosingOrDoubled, other) => return Err(self.text_after_quote(other)),
        };
        Ok(())
    }

    /// Text after a closing quote: the error names the line where the
    /// quote opened (a field that ran over several lines opened earlier
    /// than the line where the parser noticed), and the line it closed on.
    fn text_after_quote(&self, other: u8) -> (u32, Message) {
        let after = char::from(other).escape_default();
        if self.opened == self.line {
            return (
                self.line,
                Message::new("import.csv.text_after_quote").with("after", after),
            );
        }
        let (opened, closed) = (self.opened, self.line);
        (
            opened,
            Message::new("import.csv.text_after_quote_lines")
                .with("opened", opened)
                .with("closed", closed)
                .with("after", after),
        )
    }

    /// The end of the text.
    pub(super) fn finish(&self) -> Result<(), (u32, Message)> {
        let opened = self.opened;
        match self.state {
            Quote::Quoted => Err((
                opened,
                Message::new("import.csv.quote_never_closed").with("line", opened),
            )),
            Quote::ClosingOrDoubled if self.swallowed => Err(swallowed_error(opened)),
            _ => Ok(()),
        }
    }
}
