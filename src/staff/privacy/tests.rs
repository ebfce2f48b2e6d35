use chrono::NaiveDate;

use super::*;
use crate::model::staff::{Share, SharePeriod};

fn person(id: &str, name: Option<&str>, initials: Option<&str>) -> Person {
    Person {
        id: id.into(),
        name: name.map(str::to_string),
        initials: initials.map(str::to_string),
        role: String::new(),
        shares: vec![SharePeriod {
            from: NaiveDate::from_ymd_opt(2024, 1, 1).unwrap(),
            to: None,
            share: Share::FullTime,
        }],
        annual_gross_cost: Vec::new(),
    }
}

fn staff() -> Vec<Person> {
    vec![
        person("pm", Some("Anna Virtanen"), None),
        person("ps", None, Some("PS")),
        person("as", Some("Anna-Liisa Korhonen"), Some("ALK")),
    ]
}

/// The payroll names `pm` by the id and as "VIRTANEN, ANNA", `ps` by the
/// initials, and someone the project does not know.
fn names() -> PersonNames {
    PersonNames::new(
        &staff(),
        ["VIRTANEN, ANNA", "pm", "PS", "Outo Olli", "PS", "Outo"],
    )
}

#[test]
fn each_setting_shows_each_person() {
    let names = names();
    let by = |show| {
        let s = names.showing(show);
        (0..3)
            .map(|p| s.person(p).unwrap().to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(by(ShowPersons::Id), ["pm", "ps", "as"]);
    // pm's initials from the name; ps's and as's as given.
    assert_eq!(by(ShowPersons::Initials), ["AV", "PS", "ALK"]);
    // ps has no name: the initials.
    assert_eq!(
        by(ShowPersons::Name),
        ["Anna Virtanen", "PS", "Anna-Liisa Korhonen"]
    );
    // A person the project does not know has no id: the initials of what
    // the payroll writes, except under `name`.
    assert_eq!(names.showing(ShowPersons::Id).unknown("Outo Olli"), "OO");
    assert_eq!(
        names.showing(ShowPersons::Name).unknown(" Outo Olli"),
        "Outo Olli"
    );
}

#[test]
fn whole_names_are_replaced_as_the_setting_shows() {
    let names = names();
    let id = names.showing(ShowPersons::Id);
    let cases = [
        ("Palkka 3/2024 Anna Virtanen", "Palkka 3/2024 pm"),
        ("Palkka Virtanen Anna 3/2024", "Palkka pm 3/2024"),
        (
            "Matkalasku: Virtanen, Anna (Tampere)",
            "Matkalasku: pm (Tampere)",
        ),
        ("ANNA VIRTANEN / lomaraha", "pm / lomaraha"),
        ("Anna  Virtanen ja Outo Olli", "pm ja OO"),
        ("OUTO OLLI, Olli Outo", "OO, OO"),
        ("Anna-Liisa Korhonen, Anna Virtanen", "as, pm"),
        ("Korhonen Anna-Liisa", "as"),
    ];
    for (text, masked) in cases {
        assert_eq!(id.mask(text), masked, "{text}");
    }
    let initials = names.showing(ShowPersons::Initials);
    assert_eq!(initials.mask("Palkka Anna Virtanen"), "Palkka AV");
    assert_eq!(initials.mask("Olli Outo 5/2024"), "OO 5/2024");
}

#[test]
fn parts_of_words_other_names_and_lower_case_are_left_alone() {
    let names = names();
    let id = names.showing(ShowPersons::Id);
    for text in [
        "Annala Virtanen",      // "Anna" inside "Annala"
        "Anna Virtasen palkka", // inflected: not the name
        "Anna-Liisa Virtanen",  // another first name
        "anna virtanen",        // lower case: the words, not the name
        "Anna Virtanen-Korhonen",
        "XAnna Virtanen",
        "Anna Virtanen2",
        "Anna",           // a first name alone is not the name
        "Anna. Virtanen", // not one name
        "pm ja PS",       // ids and initials are not looked for
        "Outo",           // one word of someone unknown is no name
        "Palkka 3/2024",
    ] {
        let masked = id.mask(text);
        assert!(matches!(masked, Cow::Borrowed(_)), "{text} → {masked}");
    }
    // A name is found where its words stand whole, after a word that is
    // no name's start.
    assert_eq!(id.mask("XAnna Virtanen Anna"), "XAnna pm");
    assert_eq!(id.mask("Annala; Virtanen Anna"), "Annala; pm");
}

#[test]
fn under_name_and_without_names_nothing_is_looked_at() {
    let names = names();
    let text = "Palkka Anna Virtanen";
    assert!(matches!(
        names.showing(ShowPersons::Name).mask(text),
        Cow::Borrowed(_)
    ));
    // Persons known by id only, and the payroll naming them by the id.
    let by_id = PersonNames::new(&[person("pm", None, None)], ["pm"]);
    assert!(by_id.finds_nothing());
    assert!(PersonNames::default().finds_nothing());
    assert!(matches!(
        PersonNames::default().showing(ShowPersons::Id).mask(text),
        Cow::Borrowed(_)
    ));
}

#[test]
fn initials_worked_out_the_same_for_two_persons_get_the_id() {
    let persons = [
        person("pm", Some("Maija Meikäläinen"), None),
        person("ml", Some("Matti Mäkinen"), None),
        person("x", None, None),
    ];
    let names = PersonNames::new(&persons, []);
    let s = names.showing(ShowPersons::Initials);
    let all: Vec<_> = (0..4).map(|p| s.person(p)).collect();
    assert_eq!(all, [Some("MM (pm)"), Some("MM (ml)"), Some("x"), None]);
    assert_eq!(
        s.mask("Matti Mäkinen, Maija Meikäläinen"),
        "MM (ml), MM (pm)"
    );
}

#[test]
fn multibyte_texts_and_capitalised_forms() {
    let persons = [person("a", Some("ÄIJÄLÄ ÖRKKI"), None)];
    let names = PersonNames::new(&persons, []);
    let id = names.showing(ShowPersons::Id);
    assert_eq!(id.mask("Äijälä Örkki – Örkki Äijälä"), "a – a");
    assert_eq!(id.mask("ääkkönen Äijälä"), "ääkkönen Äijälä");
    assert_eq!(id.mask("€ Örkki Äijälä €"), "€ a €");
}
