//! A message made before the language it will be said in is known: an
//! error found deep in reading an input or the project file, said later in
//! the run's language (issue 15).

use std::fmt;

use super::{Lang, fill_in};

/// A catalogue key and the values of its placeholders, said in a language
/// by [`Message::say`]. A value is either as written (a file's cell, a
/// number, a key of the project file) or itself a message (a reason that
/// is a sentence of its own).
/// Boxed, so that an error carrying one stays small.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message(Box<Said>);

#[derive(Debug, Clone, PartialEq, Eq)]
struct Said {
    /// The catalogue key; empty for a verbatim text.
    key: &'static str,
    /// The placeholders' values, by name.
    args: Vec<(&'static str, Part)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    /// A value the same in every language.
    Value(String),
    /// A message said in the same language as the one it is part of.
    Message(Message),
}

impl Message {
    /// The text of `key`, its placeholders to be filled with [`Message::with`].
    pub fn new(key: &'static str) -> Self {
        Message(Box::new(Said {
            key,
            args: Vec::new(),
        }))
    }

    /// A text that is the same in every language: what another program
    /// said (the operating system, a parser), or a value standing alone.
    pub fn verbatim(text: impl Into<String>) -> Self {
        Message(Box::new(Said {
            key: "",
            args: vec![("text", Part::Value(text.into()))],
        }))
    }

    /// Messages one after another, each on its own line.
    pub fn lines(lines: Vec<Message>) -> Self {
        let mut args = Vec::with_capacity(lines.len() * 2);
        for (i, line) in lines.into_iter().enumerate() {
            if i > 0 {
                args.push(("text", Part::Value("\n".to_string())));
            }
            args.push(("text", Part::Message(line)));
        }
        Message(Box::new(Said { key: "", args }))
    }

    /// This message with `{name}` filled by `value` as written.
    #[must_use]
    pub fn with(mut self, name: &'static str, value: impl fmt::Display) -> Self {
        self.0.args.push((name, Part::Value(value.to_string())));
        self
    }

    /// This message with `{name}` filled by another message, said in the
    /// same language.
    #[must_use]
    pub fn with_message(mut self, name: &'static str, message: Message) -> Self {
        self.0.args.push((name, Part::Message(message)));
        self
    }

    /// The catalogue key (empty for a verbatim text), for tests that ask
    /// which message an error is.
    pub fn key(&self) -> &'static str {
        self.0.key
    }

    /// The message in `lang`.
    pub fn say(&self, lang: Lang) -> String {
        let values: Vec<(&str, String)> = self
            .0
            .args
            .iter()
            .map(|(name, part)| {
                let value = match part {
                    Part::Value(text) => text.clone(),
                    Part::Message(message) => message.say(lang),
                };
                (*name, value)
            })
            .collect();
        if self.0.key.is_empty() {
            return values.into_iter().map(|(_, v)| v).collect();
        }
        let args: Vec<(&str, &dyn fmt::Display)> = values
            .iter()
            .map(|(name, value)| (*name, value as &dyn fmt::Display))
            .collect();
        fill_in(lang.text(self.0.key), &args)
    }
}

/// English, as a message is shown where no language has been chosen.
impl fmt::Display for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.say(Lang::En))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_is_said_in_the_language_asked_with_its_parts_in_the_same() {
        let inner = Message::new("error.row").with("row", 7);
        let message = Message::new("error.sheet").with_message("sheet", inner);
        assert_eq!(message.say(Lang::Fi), "välilehti \"rivi 7\"");
        assert_eq!(message.to_string(), "sheet \"row 7\"");
        assert_eq!(Message::verbatim("as is").say(Lang::Fi), "as is");
        assert_eq!(message.key(), "error.sheet");
    }
}
