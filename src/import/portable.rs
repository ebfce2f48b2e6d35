//! A message that can cross the pipe from velho's workbook reader (the
//! bounded child process of [`super::guard`]): a catalogue key and its
//! values, as a [`Message`] holds them. A workbook is refused in the child
//! (the pre-checks, calamine's errors) as often as here, so what the child
//! says must be said in the run's language too: it sends the key and the
//! values, and velho makes the [`Message`] of them.
//!
//! Only the code that runs in the child builds these (the pre-checks, the
//! opening of a workbook, the reading of a sheet's cells); everything else
//! builds [`Message`]s, and a `Portable` becomes one with `into()`.

use std::fmt;
use std::io::{self, Read, Write};
use std::sync::{Mutex, PoisonError};

use crate::text::{Lang, Message};

/// A catalogue key and the values of its placeholders; the key is empty
/// for a text that is the same in every language ([`Portable::verbatim`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Portable {
    key: &'static str,
    args: Vec<(&'static str, Part)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    /// A value the same in every language.
    Value(String),
    /// A message said in the same language as the one it is part of.
    Message(Portable),
}

impl Portable {
    /// The text of `key`, its placeholders to be filled with [`Portable::with`].
    pub fn new(key: &'static str) -> Self {
        Portable {
            key,
            args: Vec::new(),
        }
    }

    /// A text that is the same in every language: what another program or
    /// crate said.
    pub fn verbatim(text: impl Into<String>) -> Self {
        Portable {
            key: "",
            args: vec![("text", Part::Value(text.into()))],
        }
    }

    /// This message with `{name}` filled by `value` as written.
    #[must_use]
    pub fn with(mut self, name: &'static str, value: impl fmt::Display) -> Self {
        self.args.push((name, Part::Value(value.to_string())));
        self
    }

    /// This message with `{name}` filled by another message.
    #[must_use]
    pub fn with_message(mut self, name: &'static str, message: Portable) -> Self {
        self.args.push((name, Part::Message(message)));
        self
    }

    /// Writes the message to the pipe: `key:str n:u8 (name:str part)×n`,
    /// a part being `V value:str` or `M message` (a `str` is a u32 length
    /// and UTF-8 bytes, little-endian).
    pub fn write(&self, to: &mut impl Write) -> io::Result<()> {
        write_text(to, self.key)?;
        let count = u8::try_from(self.args.len()).unwrap_or(u8::MAX);
        to.write_all(&[count])?;
        for (name, part) in self.args.iter().take(count.into()) {
            write_text(to, name)?;
            match part {
                Part::Value(value) => {
                    to.write_all(b"V")?;
                    write_text(to, value)?;
                }
                Part::Message(message) => {
                    to.write_all(b"M")?;
                    message.write(to)?;
                }
            }
        }
        Ok(())
    }

    /// Reads a message [`Portable::write`] wrote; `None` when the bytes end
    /// early or are no message of the catalogue's (a key it does not have,
    /// a placeholder its English text does not name).
    pub fn read(from: &mut impl Read) -> Option<Portable> {
        read_nested(from, 0)
    }
}

/// How deep messages may nest on the pipe.
const DEEPEST: usize = 8;

/// The longest text read from the pipe (a message's value: a cell's
/// text, what calamine said).
const LONGEST_TEXT: u32 = 1 << 20;

fn read_nested(from: &mut impl Read, depth: usize) -> Option<Portable> {
    if depth > DEEPEST {
        return None;
    }
    let key = read_text(from)?;
    let key = match key.as_str() {
        "" => "",
        key => known(key, |k| {
            k.starts_with("import.") && Lang::En.lookup(k).is_some()
        })?,
    };
    let mut count = [0u8];
    from.read_exact(&mut count).ok()?;
    let mut args = Vec::with_capacity(count[0].into());
    for _ in 0..count[0] {
        let name = read_text(from)?;
        let name = match key {
            "" if name == "text" => "text",
            "" => return None,
            key => known(&name, |n| {
                Lang::En
                    .lookup(key)
                    .is_some_and(|text| text.contains(&format!("{{{n}}}")))
            })?,
        };
        let mut tag = [0u8];
        from.read_exact(&mut tag).ok()?;
        let part = match tag[0] {
            b'V' => Part::Value(read_text(from)?),
            b'M' => Part::Message(read_nested(from, depth + 1)?),
            _ => return None,
        };
        args.push((name, part));
    }
    Some(Portable { key, args })
}

/// The one copy of a key or placeholder name read from the pipe, kept for
/// the run: a [`Message`] names its key and placeholders as `&'static str`.
/// Only names `is_known` accepts (the catalogue's), so what is kept is at
/// most the catalogue's keys and placeholders, each once.
fn known(name: &str, is_known: impl Fn(&str) -> bool) -> Option<&'static str> {
    static KEPT: Mutex<Vec<&'static str>> = Mutex::new(Vec::new());
    if !is_known(name) {
        return None;
    }
    let mut kept = KEPT.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(found) = kept.iter().find(|k| **k == name) {
        return Some(found);
    }
    let new: &'static str = Box::leak(name.to_owned().into_boxed_str());
    kept.push(new);
    Some(new)
}

fn write_text(to: &mut impl Write, text: &str) -> io::Result<()> {
    let length = u32::try_from(text.len())
        .unwrap_or(u32::MAX)
        .min(LONGEST_TEXT);
    let mut end = length as usize;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    to.write_all(&(end as u32).to_le_bytes())?;
    to.write_all(&text.as_bytes()[..end])
}

fn read_text(from: &mut impl Read) -> Option<String> {
    let mut length = [0u8; 4];
    from.read_exact(&mut length).ok()?;
    let length = u32::from_le_bytes(length);
    if length > LONGEST_TEXT {
        return None;
    }
    let mut bytes = Vec::with_capacity(length as usize);
    from.take(length.into()).read_to_end(&mut bytes).ok()?;
    if bytes.len() != length as usize {
        return None;
    }
    String::from_utf8(bytes).ok()
}

impl From<Portable> for Message {
    fn from(portable: Portable) -> Message {
        let Portable { key, args } = portable;
        if key.is_empty() {
            let text: String = args
                .into_iter()
                .filter_map(|(_, part)| match part {
                    Part::Value(text) => Some(text),
                    Part::Message(_) => None,
                })
                .collect();
            return Message::verbatim(text);
        }
        args.into_iter()
            .fold(Message::new(key), |message, (name, part)| match part {
                Part::Value(value) => message.with(name, value),
                Part::Message(inner) => message.with_message(name, inner.into()),
            })
    }
}

/// English, as a [`Message`] is shown where no language has been chosen.
impl fmt::Display for Portable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        Message::from(self.clone()).fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_crosses_the_pipe_whole() {
        let inner = Portable::new("import.sheet.unreadable").with("error", "XML ended early");
        let message = Portable::new("import.precheck.damaged").with_message("detail", inner);
        let mut pipe = Vec::new();
        message.write(&mut pipe).unwrap();
        let read = Portable::read(&mut pipe.as_slice()).unwrap();
        assert_eq!(read, message);
        assert_eq!(
            Message::from(read).say(Lang::En),
            Message::from(message).say(Lang::En)
        );
        let verbatim = Portable::verbatim("os error 5");
        let mut pipe = Vec::new();
        verbatim.write(&mut pipe).unwrap();
        let read = Portable::read(&mut pipe.as_slice()).unwrap();
        assert_eq!(Message::from(read).say(Lang::Fi), "os error 5");
    }

    #[test]
    fn only_the_catalogues_keys_and_placeholders_are_read() {
        for message in [
            Portable::new("import.no_such_key"),
            Portable::new("workbook.sheet.summary"),
            Portable::new("import.sheet.unreadable").with("no_such_name", 1),
        ] {
            let mut pipe = Vec::new();
            message.write(&mut pipe).unwrap();
            assert_eq!(Portable::read(&mut pipe.as_slice()), None, "{message:?}");
        }
        // Cut short.
        let mut pipe = Vec::new();
        Portable::new("import.sheet.unreadable")
            .with("error", "x")
            .write(&mut pipe)
            .unwrap();
        pipe.pop();
        assert_eq!(Portable::read(&mut pipe.as_slice()), None);
    }
}
