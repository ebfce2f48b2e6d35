//! The posting date of a row: date cells, spreadsheet serial numbers and
//! dates written as text, whose `a/b/yyyy` order the column as a whole
//! decides.

use chrono::NaiveDate;

use super::*;

impl LedgerBuilder<'_> {
    /// Learns the date order from a row that is not the project's.
    pub(super) fn note_slash_order(&mut self, row: u32, cell: &Cell) -> Result<()> {
        if let Cell::Text(t) = cell
            && self.order == SlashOrder::Unknown
            && t.contains('/')
        {
            self.slash_order_for(row, t)?;
        }
        Ok(())
    }

    /// The date order to read `text` with, after checking it against the rest of the column.
    pub(super) fn slash_order_for(&mut self, row: u32, text: &str) -> Result<SlashOrder> {
        if self.order != SlashOrder::Unknown {
            return Ok(self.order);
        }
        if let Some(evidence) = dates::slash_evidence(text) {
            match self.order_seen {
                None => self.order_seen = Some((evidence, row)),
                Some((order, first)) if order != evidence => {
                    let name = |o: SlashOrder| {
                        Message::new(match o {
                            SlashOrder::DayFirst => "import.date.order.day_first",
                            _ => "import.date.order.month_first",
                        })
                    };
                    return Err(Error::input(
                        self.at(row, Role::Date),
                        Message::new("import.date.mixed_orders")
                            .with("text", text)
                            .with_message("order", name(evidence))
                            .with("first", first)
                            .with_message("first_order", name(order)),
                    ));
                }
                Some(_) => {}
            }
        }
        Ok(self.order_seen.map_or(SlashOrder::Unknown, |(o, _)| o))
    }

    pub(super) fn date(&mut self, row: u32, cell: &Cell) -> Result<NaiveDate> {
        let parsed = match cell {
            Cell::Date(d) => {
                self.forms.add(DateForm::DateCell);
                Ok(*d)
            }
            Cell::Number(n) => {
                self.forms.add(if self.is_1904 {
                    DateForm::Serial1904
                } else {
                    DateForm::Serial1900
                });
                dates::from_excel_serial(*n, self.is_1904)
                    .ok_or_else(|| Message::new("import.date.number_not_date").with("number", n))
            }
            Cell::Text(t) if let Some(date) = day_month_year(t) => {
                self.forms.add(DateForm::DayMonthYear);
                Ok(date)
            }
            Cell::Text(t) => {
                let order = if t.contains('/') {
                    self.slash_order_for(row, t)?
                } else {
                    SlashOrder::Unknown
                };
                match dates::parse_date_in(t, order) {
                    Ok((date, form)) => {
                        self.forms.add(form);
                        Ok(date)
                    }
                    Err(message) if message.key() == "import.date.parse.ambiguous" => {
                        if self.waiting_date.is_none() {
                            self.waiting_date = Some(Waiting {
                                location: self.at(row, Role::Date),
                                message,
                            });
                        }
                        return Ok(NaiveDate::MIN);
                    }
                    Err(message) => Err(message),
                }
            }
            Cell::Error(e) => Err(Message::new("import.date.error_cell").with("error", e)),
            Cell::Empty => Err(Message::new("import.date.empty")),
        };
        // A spreadsheet holds the years 1900–9999: a typo such as
        // 15.01.0202 stops the run here, naming the cell, not at writing.
        let parsed = parsed.and_then(|date| {
            use chrono::Datelike;
            if date == NaiveDate::MIN || (1900..=9999).contains(&date.year()) {
                Ok(date)
            } else {
                Err(Message::new("import.date.year_out_of_range").with("year", date.year()))
            }
        });
        parsed.map_err(|message| Error::input(self.at(row, Role::Date), message))
    }
}
