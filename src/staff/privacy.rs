//! How persons appear in velho's outputs (issue 13, deliverable 5):
//! salaries of named people are personal data, so the project says how
//! persons are shown — by `name`, `initials` or `id` — in the
//! reconciliation (`[staff] show_persons`, the id by default) and in a
//! claim and its ledger extract (`show_persons_in_claims`, the name by
//! default: the funder's form asks for it).
//!
//! [`PersonNames`] knows each person's three forms and the names to look
//! for in ledger texts: the `[[person]]` names, and the names in the person
//! column of the payroll and working-time records (where it is a name
//! rather than an id or initials). [`Showing::mask`] replaces each
//! occurrence of such a name in a description by what the setting shows;
//! a name the records give someone the project file does not know (an
//! organisation-wide payroll names everyone) by its initials, as findings
//! show such a person.
//!
//! **What counts as an occurrence.** Whole names only, word by word: a
//! name's words must stand as whole words of the text (a word is a run of
//! letters and digits, a hyphen or an apostrophe between two of them
//! joining it: *Anna-Liisa* is one word, and *Anna* is not found in it nor
//! in *Annala*), separated by spaces or a comma. A name is found as written,
//! with each part capitalised as Finnish names are written (*Maija
//! Meikäläinen*), or in capitals (*MAIJA MEIKÄLÄINEN*), never in lower case
//! (*anna*, *onni* and *usko* are Finnish words), first name first or last
//! name first (*Meikäläinen Maija*, *Meikäläinen, Maija*). An inflected
//! form (*Meikäläiselle*) is not found. Ids and initials are not looked for
//! (two letters are too often something else, and the id is what the
//! reconciliation shows); nor is a name without letters (an employee
//! number may be any other number too).
//!
//! **Cost.** With no names (no persons, or persons known by id only) and
//! under `name`, [`Showing::mask`] returns the text as it is before looking
//! at it. Otherwise it walks the text's bytes once: a byte that starts no
//! name's first word costs a bit test, and only a word starting with such
//! a byte is read whole and looked up. A text without a name is borrowed,
//! never copied. (A million 36-character descriptions, 50 persons, one in
//! twenty naming one: about 40 ms.)

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::sync::Arc;

use rustc_hash::FxHashMap;

use super::find_person;
use crate::model::staff::Person;
pub use crate::model::staff::ShowPersons;

/// One person as each setting shows them.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Shown {
    id: String,
    initials: String,
    name: String,
}

/// A name to find: its words, as they must stand in the text, and whose it is.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Name {
    words: Vec<String>,
    whose: Whose,
}

/// Whose a name is.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Whose {
    /// A person of the project (an index into its persons).
    Person(usize),
    /// Someone the project file does not know, shown by these initials.
    Unknown(String),
}

#[derive(Debug, Default, PartialEq, Eq)]
struct Inner {
    shown: Vec<Shown>,
    /// The names by their first word, the longest (most words) first.
    names: FxHashMap<String, Vec<Name>>,
    /// The first bytes of the names' first words, as a bit set.
    first_bytes: [u64; 4],
}

/// The persons of a project as each setting shows them, and the names to
/// replace in ledger texts. Cheap to clone (shared).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PersonNames(Arc<Inner>);

/// [`PersonNames`] under one setting.
#[derive(Debug, Clone, Copy)]
pub struct Showing<'a> {
    names: &'a PersonNames,
    show: ShowPersons,
}

impl PersonNames {
    /// The names of `persons`, with the person column of the payroll and
    /// working-time lines (`named`): each value naming a known person by a
    /// name (not by the id or the initials: the name as the payroll spells
    /// it), or naming someone the project does not know, is looked for too.
    pub fn new<'a>(persons: &[Person], named: impl IntoIterator<Item = &'a str>) -> PersonNames {
        let distinct: BTreeSet<&str> = named.into_iter().map(str::trim).collect();
        let mut payroll: Vec<Vec<&str>> = vec![Vec::new(); persons.len()];
        let mut unknown = Vec::new();
        for text in distinct {
            match find_person(persons, text) {
                Some(p) if is_a_name(text, Some(&persons[p])) => payroll[p].push(text),
                Some(_) => {}
                None if is_a_name(text, None) => unknown.push(text),
                None => {}
            }
        }
        let mut inner = Inner {
            shown: persons.iter().map(shown).collect(),
            ..Inner::default()
        };
        disambiguate_initials(persons, &mut inner.shown);
        for (p, person) in persons.iter().enumerate() {
            let given = person
                .name
                .as_deref()
                .filter(|n| is_a_name(n, Some(person)));
            for name in given.into_iter().chain(payroll[p].iter().copied()) {
                for words in forms(name) {
                    inner.add(words, Whose::Person(p));
                }
            }
        }
        for name in unknown {
            let initials = initials_of(name).unwrap_or_else(|| "?".to_string());
            for words in forms(name) {
                inner.add(words, Whose::Unknown(initials.clone()));
            }
        }
        for names in inner.names.values_mut() {
            names.sort_by_key(|n| std::cmp::Reverse(n.words.len()));
        }
        PersonNames(Arc::new(inner))
    }

    /// The names under a setting.
    pub fn showing(&self, show: ShowPersons) -> Showing<'_> {
        Showing { names: self, show }
    }

    /// True when no name is looked for in texts.
    pub fn finds_nothing(&self) -> bool {
        self.0.names.is_empty()
    }
}

impl Inner {
    fn add(&mut self, words: Vec<String>, whose: Whose) {
        let Some(first) = words.first() else {
            return;
        };
        let byte = first.as_bytes()[0];
        self.first_bytes[usize::from(byte / 64)] |= 1 << (byte % 64);
        let names = self.names.entry(first.clone()).or_default();
        if !names.iter().any(|n| n.words == words) {
            names.push(Name { words, whose });
        }
    }

    fn may_start_a_name(&self, byte: u8) -> bool {
        self.first_bytes[usize::from(byte / 64)] & (1 << (byte % 64)) != 0
    }
}

impl<'a> Showing<'a> {
    /// A person of the project (an index into its persons) as the setting
    /// shows them; `None` for an index these names do not hold (the
    /// caller shows the id).
    pub fn person(&self, person: usize) -> Option<&'a str> {
        let s = self.names.0.shown.get(person)?;
        Some(match self.show {
            ShowPersons::Name => &s.name,
            ShowPersons::Initials => &s.initials,
            ShowPersons::Id => &s.id,
        })
    }

    /// A person the project file does not know, named `named` by a payroll
    /// or a working-time record: as written under `name`, else by the
    /// initials of what is written (such a person has no id).
    pub fn unknown(&self, named: &str) -> String {
        match self.show {
            ShowPersons::Name => named.trim().to_string(),
            ShowPersons::Initials | ShowPersons::Id => {
                initials_of(named).unwrap_or_else(|| "?".to_string())
            }
        }
    }

    /// `text` with each name of a person replaced by the person as the
    /// setting shows them; borrowed when nothing is replaced.
    pub fn mask<'t>(&self, text: &'t str) -> Cow<'t, str> {
        let inner = &*self.names.0;
        if self.show == ShowPersons::Name || inner.names.is_empty() {
            return Cow::Borrowed(text);
        }
        let mut out: Option<String> = None;
        let (mut copied, mut at) = (0, 0);
        let bytes = text.as_bytes();
        while at < bytes.len() {
            // Only a byte that starts a name's first word, where a word
            // starts, is looked at further (a continuation byte of a
            // character never starts one, so `at` is a character's start).
            if !inner.may_start_a_name(bytes[at]) || !word_starts_at(text, at) {
                at += 1;
                continue;
            }
            let start = at;
            let end = word_end(text, start);
            at = end;
            let Some(names) = inner.names.get(&text[start..end]) else {
                continue;
            };
            let Some((whose, stop)) = names
                .iter()
                .find_map(|n| n.ends_at(text, end).map(|stop| (&n.whose, stop)))
            else {
                continue;
            };
            let out = out.get_or_insert_with(|| String::with_capacity(text.len()));
            out.push_str(&text[copied..start]);
            out.push_str(match whose {
                Whose::Person(p) => self.person(*p).unwrap_or("?"),
                Whose::Unknown(initials) => initials,
            });
            (copied, at) = (stop, stop);
        }
        match out {
            None => Cow::Borrowed(text),
            Some(mut out) => {
                out.push_str(&text[copied..]);
                Cow::Owned(out)
            }
        }
    }
}

impl Name {
    /// Where the name ends in `text` when its first word ends at `end`
    /// (the first word matched already), if its other words follow.
    fn ends_at(&self, text: &str, end: usize) -> Option<usize> {
        let mut at = end;
        for word in &self.words[1..] {
            let start = gap_end(text, at)?;
            if !text[start..].starts_with(word.as_str()) {
                return None;
            }
            at = start + word.len();
            if word_end(text, start) != at {
                return None;
            }
        }
        Some(at)
    }
}

/// A hyphen or an apostrophe joins the letters on either side into one word.
fn is_joiner(c: char) -> bool {
    matches!(c, '-' | '\'' | '’' | '\u{2010}' | '\u{2011}')
}

/// The character at byte `at` and its length, ASCII without decoding.
fn char_at(text: &str, at: usize) -> Option<(char, usize)> {
    let byte = *text.as_bytes().get(at)?;
    if byte < 0x80 {
        return Some((char::from(byte), 1));
    }
    let c = text[at..].chars().next()?;
    Some((c, c.len_utf8()))
}

/// A letter or a digit (the ASCII ones told without Unicode's tables).
fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        c.is_alphanumeric()
    }
}

/// The start of the first word at or after `from` (a word's end or 0).
fn next_word(text: &str, from: usize) -> Option<usize> {
    let mut at = from;
    loop {
        let (c, len) = char_at(text, at)?;
        if is_word_char(c) {
            return Some(at);
        }
        at += len;
    }
}

/// True when a word starts at `at` (a character's start): the text starts
/// there, or the character before is neither a letter or digit nor a
/// joiner after one.
fn word_starts_at(text: &str, at: usize) -> bool {
    let mut before = text[..at].chars().rev();
    match before.next() {
        None => true,
        Some(c) if is_word_char(c) => false,
        Some(c) if is_joiner(c) => !before.next().is_some_and(is_word_char),
        Some(_) => true,
    }
}

/// The end of the word starting at `start`.
fn word_end(text: &str, start: usize) -> usize {
    let mut at = start;
    while let Some((c, len)) = char_at(text, at) {
        if is_word_char(c) {
            at += len;
            continue;
        }
        let joined = is_joiner(c) && char_at(text, at + len).is_some_and(|(n, _)| is_word_char(n));
        if !joined {
            break;
        }
        at += len;
    }
    at
}

/// The end of the space between two words of a name at `at`: spaces and
/// at most one comma, at least one of them; `None` for anything else.
fn gap_end(text: &str, at: usize) -> Option<usize> {
    let mut comma = false;
    let mut end = at;
    for c in text[at..].chars() {
        match c {
            ',' if !comma => comma = true,
            c if c.is_whitespace() => {}
            _ => break,
        }
        end += c.len_utf8();
    }
    (end > at).then_some(end)
}

/// The words of a text, as written.
fn words(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(start) = next_word(text, at) {
        at = word_end(text, start);
        out.push(&text[start..at]);
    }
    out
}

/// Folded for comparing: lower case, words only.
fn folded(text: &str) -> String {
    words(text).join(" ").to_lowercase()
}

/// True when `text` is a name (of `person`, when known): it has a letter
/// and two characters, more than one word for someone the project does
/// not know, and is not the person's id or initials.
fn is_a_name(text: &str, person: Option<&Person>) -> bool {
    let f = folded(text);
    let whole = match person {
        Some(p) => f != folded(&p.id) && p.initials.as_deref().is_none_or(|i| f != folded(i)),
        None => f.contains(' '),
    };
    whole && text.chars().any(char::is_alphabetic) && f.chars().count() >= 2
}

/// A word capitalised as Finnish names are written: the first letter, and
/// each after a hyphen, in capitals, the rest in lower case.
fn capitalised(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    let mut starts = true;
    for c in word.chars() {
        if starts {
            out.extend(c.to_uppercase());
        } else {
            out.extend(c.to_lowercase());
        }
        starts = is_joiner(c) && c != '\'' && c != '’';
    }
    out
}

/// The forms a name is looked for in: first name first and last name first
/// (the last word moved to the front, or the first to the end), each as
/// written, capitalised and in capitals.
fn forms(name: &str) -> Vec<Vec<String>> {
    let written: Vec<String> = words(name).into_iter().map(str::to_string).collect();
    if written.is_empty() {
        return Vec::new();
    }
    let mut orders = vec![written.clone()];
    if written.len() > 1 {
        let mut last_first = written.clone();
        last_first.rotate_right(1);
        let mut first_last = written;
        first_last.rotate_left(1);
        orders.push(last_first);
        orders.push(first_last);
    }
    let mut out: Vec<Vec<String>> = Vec::new();
    for order in orders {
        let cases = [
            order.clone(),
            order.iter().map(|w| capitalised(w)).collect(),
            order.iter().map(|w| w.to_uppercase()).collect(),
        ];
        for form in cases {
            if !out.contains(&form) {
                out.push(form);
            }
        }
    }
    out
}

/// The initials of a name: the first letter of each word and of each part
/// of a hyphenated one, in capitals (*Anna-Liisa Virtanen*: ALV).
fn initials_of(name: &str) -> Option<String> {
    let initials: String = words(name)
        .iter()
        .flat_map(|w| w.split(is_joiner))
        .filter_map(|part| part.chars().find(|c| c.is_alphabetic()))
        .flat_map(char::to_uppercase)
        .collect();
    (!initials.is_empty()).then_some(initials)
}

/// A person's three forms: the id; the initials given, else those of the
/// name, else the id; the name, else the initials, else the id (a payroll
/// names a person by the id, the name or the initials the project file
/// gives, so it knows no other name).
fn shown(person: &Person) -> Shown {
    let name = person.name.as_deref();
    let initials = person
        .initials
        .clone()
        .or_else(|| name.and_then(initials_of))
        .unwrap_or_else(|| person.id.clone());
    Shown {
        id: person.id.clone(),
        name: name
            .map(str::to_string)
            .or_else(|| person.initials.clone())
            .unwrap_or_else(|| person.id.clone()),
        initials,
    }
}

/// Initials worked out from names can be the same for two persons
/// (*Maija Meikäläinen* and *Matti Mäkinen*): those get the id after them,
/// so that the sheet still tells the persons apart.
fn disambiguate_initials(persons: &[Person], shown: &mut [Shown]) {
    let all: Vec<String> = shown.iter().map(|s| s.initials.clone()).collect();
    for (i, s) in shown.iter_mut().enumerate() {
        let worked_out = persons[i].initials.is_none() && s.initials != s.id;
        let shared = all
            .iter()
            .enumerate()
            .any(|(j, other)| j != i && *other == s.initials);
        if worked_out && shared {
            s.initials = format!("{} ({})", s.initials, s.id);
        }
    }
}

#[cfg(test)]
mod tests;
