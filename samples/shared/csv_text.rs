//! Text helpers both sample generators write their CSV exports with.

use rust_decimal::Decimal;

/// `-1234,56`: no thousands separator.
pub fn plain(amount: Decimal) -> String {
    format!("{amount:.2}").replace('.', ",")
}

/// `-1 234,56`
pub fn grouped(amount: Decimal) -> String {
    let digits = format!("{:.2}", amount.abs());
    let (whole, cents) = digits.split_once('.').expect("two decimals");
    let mut out = String::new();
    for (i, digit) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            out.push(' ');
        }
        out.push(digit);
    }
    let sign = if amount.is_sign_negative() && !amount.is_zero() {
        "-"
    } else {
        ""
    };
    format!("{sign}{out},{cents}")
}

/// A `;`-separated line, quoting the fields that need it.
pub fn csv_line(fields: &[String]) -> String {
    let quoted: Vec<String> = fields
        .iter()
        .map(|f| {
            if f.contains([';', '"', '\n', '\r']) {
                format!("\"{}\"", f.replace('"', "\"\""))
            } else {
                f.clone()
            }
        })
        .collect();
    quoted.join(";")
}
