//! CSV cells a spreadsheet will show as text, never run: every cell of every CSV Kindred writes
//! goes through [`CsvOut`], so nothing typed (a title, a label, an id, an answer) can turn into a
//! formula when a colleague opens the file (OWASP "CSV injection").

use csv::{Terminator, WriterBuilder};

/// Which spreadsheet a CSV is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Flavour {
    /// UTF-8, LF line ends: for R, Python, LibreOffice and anything that reads plain CSV.
    #[default]
    Plain,
    /// UTF-8 with a byte-order mark and CR LF line ends: Excel then reads accents and non-Latin
    /// scripts correctly instead of guessing a legacy code page.
    Excel,
}

impl Flavour {
    /// `?format=excel` asks for [`Flavour::Excel`].
    pub fn from_query(raw: &str) -> Self {
        let excel = serde_urlencoded::from_str::<Vec<(String, String)>>(raw)
            .unwrap_or_default()
            .iter()
            .any(|(k, v)| k == "format" && v == "excel");
        if excel {
            Flavour::Excel
        } else {
            Flavour::Plain
        }
    }

    /// What goes before the first row.
    pub fn preamble(self) -> &'static [u8] {
        match self {
            Flavour::Plain => b"",
            Flavour::Excel => "\u{feff}".as_bytes(),
        }
    }

    /// The file name for `name.csv` in this flavour.
    pub fn file_name(self, stem: &str) -> String {
        match self {
            Flavour::Plain => format!("{stem}.csv"),
            Flavour::Excel => format!("{stem}-excel.csv"),
        }
    }
}

/// A plain decimal number (`12`, `-12.5`, `+3`, `1e-4`), which a spreadsheet reads as a number
/// and never as a formula, so it is left as it is.
fn is_number(cell: &str) -> bool {
    let body = cell.strip_prefix(['-', '+']).unwrap_or(cell);
    let (mantissa, exponent) = match body.split_once(['e', 'E']) {
        Some((m, e)) => (m, Some(e.strip_prefix(['-', '+']).unwrap_or(e))),
        None => (body, None),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    !(whole.is_empty() && fraction.is_empty())
        && digits(whole)
        && digits(fraction)
        && exponent.is_none_or(|e| !e.is_empty() && digits(e))
}

/// `cell` as a spreadsheet must show it: prefixed with `'` when it would start a formula (it
/// begins with `=`, `+`, `-`, `@`, a tab or a line break, also after leading spaces), unless it is
/// a plain number.
pub fn protect(cell: &str) -> std::borrow::Cow<'_, str> {
    let starts_formula = cell.starts_with(['\t', '\r', '\n'])
        || cell
            .trim_start()
            .starts_with(['=', '+', '-', '@', '\u{ff1d}', '\u{ff0b}', '\u{ff0d}']);
    if starts_formula && !is_number(cell) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// Rows of protected cells as CSV bytes.
pub struct CsvOut {
    writer: csv::Writer<Vec<u8>>,
    /// Where numbers and times are formatted before they are written.
    formatted: String,
}

impl CsvOut {
    pub fn new(flavour: Flavour) -> Self {
        let terminator = match flavour {
            Flavour::Plain => Terminator::Any(b'\n'),
            Flavour::Excel => Terminator::CRLF,
        };
        Self {
            writer: WriterBuilder::new()
                .terminator(terminator)
                .from_writer(Vec::new()),
            formatted: String::new(),
        }
    }

    /// Writes one row, every cell protected.
    pub fn row<I, S>(&mut self, cells: I) -> Result<(), csv::Error>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        for cell in cells {
            self.writer.write_field(protect(cell.as_ref()).as_bytes())?;
        }
        // Ends the record the fields began (an empty record when there were none).
        self.writer.write_record(std::iter::empty::<&[u8]>())
    }

    /// Writes one responses row ([`super::Layout::cells`]), every cell protected.
    pub fn cells(&mut self, cells: &[super::layout::Cell<'_>]) -> Result<(), csv::Error> {
        use std::fmt::Write;
        for cell in cells {
            let text = match cell {
                super::layout::Cell::Text(text) => *text,
                formatted => {
                    self.formatted.clear();
                    // Writing to a String cannot fail.
                    let _ = write!(self.formatted, "{formatted}");
                    self.formatted.as_str()
                }
            };
            self.writer.write_field(protect(text).as_bytes())?;
        }
        self.writer.write_record(std::iter::empty::<&[u8]>())
    }

    pub fn into_bytes(self) -> Result<Vec<u8>, csv::Error> {
        self.writer.into_inner().map_err(|e| e.into_error().into())
    }
}

/// A whole small CSV (codebook, figures) in one flavour, its preamble included.
pub fn csv_file<R, S>(flavour: Flavour, rows: R) -> Result<Vec<u8>, csv::Error>
where
    R: IntoIterator,
    R::Item: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let mut out = CsvOut::new(flavour);
    for row in rows {
        out.row(row)?;
    }
    let mut bytes = flavour.preamble().to_vec();
    bytes.extend(out.into_bytes()?);
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_neutralised() {
        assert_eq!(protect("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(protect("+cmd"), "'+cmd");
        assert_eq!(protect("-x"), "'-x");
        assert_eq!(protect("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(protect("\tx"), "'\tx");
        assert_eq!(protect("plain"), "plain");
    }

    #[test]
    fn a_formula_after_leading_spaces_is_neutralised_too() {
        assert_eq!(protect("   =1+1"), "'   =1+1");
        assert_eq!(protect(" \u{a0}@x"), "' \u{a0}@x");
        assert_eq!(protect("\n=x"), "'\n=x");
    }

    #[test]
    fn ids_starting_with_a_minus_are_protected_but_numbers_are_not() {
        assert_eq!(protect("-cmd.rank.-x"), "'-cmd.rank.-x");
        assert_eq!(protect("-12.5"), "-12.5");
        assert_eq!(protect("+3"), "+3");
        assert_eq!(protect("1e-4"), "1e-4");
        assert_eq!(protect("-2+3"), "'-2+3");
        assert_eq!(protect("-"), "'-");
        assert_eq!(protect("-1e"), "'-1e");
    }

    #[test]
    fn every_cell_written_is_protected_and_excel_gets_a_bom_and_crlf() {
        let plain = csv_file(Flavour::Plain, [["-id", "=x"], ["1", "ok"]]).unwrap();
        assert_eq!(String::from_utf8(plain).unwrap(), "'-id,'=x\n1,ok\n");
        let excel = csv_file(Flavour::Excel, [["é", "日本"]]).unwrap();
        assert_eq!(String::from_utf8(excel).unwrap(), "\u{feff}é,日本\r\n");
    }

    #[test]
    fn the_excel_flavour_is_asked_for_in_the_query() {
        assert_eq!(
            Flavour::from_query("format=excel&from=2026-01-01"),
            Flavour::Excel
        );
        assert_eq!(Flavour::from_query("from=2026-01-01"), Flavour::Plain);
        assert_eq!(
            Flavour::Excel.file_name("survey-1-responses"),
            "survey-1-responses-excel.csv"
        );
    }

    mod properties {
        use super::super::*;
        use proptest::prelude::*;

        /// Cells as people type them, formulas, quotes, separators and line breaks included.
        fn any_cell() -> impl Strategy<Value = String> {
            prop_oneof![
                ".{0,20}",
                "[=+@\\t\\r\\n -]{0,3}[a-z0-9,\"'.]{0,8}",
                "-?[0-9]{1,4}(\\.[0-9]{1,3})?",
            ]
        }

        fn starts_formula(cell: &str) -> bool {
            cell.starts_with(['\t', '\r', '\n'])
                || cell
                    .trim_start()
                    .starts_with(['=', '+', '-', '@', '\u{ff1d}', '\u{ff0b}', '\u{ff0d}'])
        }

        proptest! {
            /// Whatever the cells, the CSV reads back as the same rows, each cell as written or
            /// with a `'` in front, and no cell a spreadsheet would run as a formula.
            #[test]
            fn any_cells_read_back_whole_and_formula_safe(
                rows in prop::collection::vec(prop::collection::vec(any_cell(), 1..5), 1..6),
                excel in any::<bool>(),
            ) {
                // Every file Kindred writes starts with a row of column names, as here.
                let width = rows[0].len();
                let header = (0..width).map(|i| format!("column {i}"));
                let rows: Vec<Vec<String>> = std::iter::once(header.collect())
                    .chain(rows.into_iter().map(|mut r| { r.resize(width, String::new()); r }))
                    .collect();
                let flavour = if excel { Flavour::Excel } else { Flavour::Plain };
                let bytes = csv_file(flavour, &rows).unwrap();
                let text = String::from_utf8(bytes).unwrap();
                let body = if excel { text.strip_prefix('\u{feff}').unwrap() } else { &text };
                let mut reader = csv::ReaderBuilder::new()
                    .has_headers(false)
                    .from_reader(body.as_bytes());
                let read: Vec<Vec<String>> = reader
                    .records()
                    .map(|r| r.unwrap().iter().map(str::to_owned).collect())
                    .collect();
                prop_assert_eq!(read.len(), rows.len());
                for (written, back) in rows.iter().zip(&read) {
                    prop_assert_eq!(written.len(), back.len());
                    for (cell, got) in written.iter().zip(back) {
                        prop_assert_eq!(got, &protect(cell).into_owned());
                        prop_assert!(
                            !starts_formula(got) || is_number(got),
                            "{:?} reads back as {:?}", cell, got
                        );
                    }
                }
            }
        }
    }
}
