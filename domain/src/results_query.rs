//! Which responses a dashboard counts, and the one way it is written in and read from a URL:
//! `segment=<question>%3D<choice>` (repeatable; `segment.<question>=<choice>` is read too, the
//! API's form), `from` and `to` as `YYYY-MM-DD`. The page, its downloads, its charts, the JSON API
//! and the server functions all go through [`ResultsQuery::parse`] and
//! [`ResultsQuery::to_query_string`].

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResultsQuery {
    /// (segment question id, choice id) pairs; all must match.
    pub segments: Vec<(String, String)>,
    /// `YYYY-MM-DD`, inclusive, UTC.
    pub from: Option<String>,
    /// `YYYY-MM-DD`, inclusive, UTC.
    pub to: Option<String>,
}

impl ResultsQuery {
    /// Reads a URL's query string (with or without its leading `?`). Unknown keys and empty
    /// values are ignored, so a plain form's "Everyone" (`segment=q%3D`) means no filter.
    pub fn parse(raw: &str) -> Self {
        let raw = raw.strip_prefix('?').unwrap_or(raw);
        let mut query = Self::default();
        for (key, value) in form_urlencoded::parse(raw.as_bytes()) {
            // Control characters (a NUL, say) never belong to an id or a date.
            let value: String = value.chars().filter(|c| !c.is_control()).collect();
            if value.trim().is_empty() {
                continue;
            }
            match key.as_ref() {
                "from" => query.from = Some(value.trim().to_owned()),
                "to" => query.to = Some(value.trim().to_owned()),
                "segment" => {
                    if let Some((q, c)) = value.split_once('=').filter(|(_, c)| !c.is_empty()) {
                        query.segments.push((q.to_owned(), c.to_owned()));
                    }
                }
                other => {
                    if let Some(q) = other.strip_prefix("segment.") {
                        query.segments.push((q.to_owned(), value));
                    }
                }
            }
        }
        query
    }

    /// The query string (percent-encoded, without `?`); empty when nothing is filtered.
    pub fn to_query_string(&self) -> String {
        let mut out = form_urlencoded::Serializer::new(String::new());
        for (q, c) in &self.segments {
            out.append_pair("segment", &format!("{q}={c}"));
        }
        if let Some(from) = &self.from {
            out.append_pair("from", from);
        }
        if let Some(to) = &self.to {
            out.append_pair("to", to);
        }
        out.finish()
    }

    /// `?` and the query string, or nothing when nothing is filtered: for appending to a link.
    pub fn suffix(&self) -> String {
        let query = self.to_query_string();
        if query.is_empty() {
            query
        } else {
            format!("?{query}")
        }
    }

    /// True when some responses are left out.
    pub fn is_filtered(&self) -> bool {
        !self.segments.is_empty() || self.from.is_some() || self.to.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::ResultsQuery;

    #[test]
    fn a_query_survives_writing_and_reading() {
        let query = ResultsQuery {
            segments: vec![
                ("member_type".into(), "staff".into()),
                ("years".into(), "3_5".into()),
            ],
            from: Some("2026-01-05".into()),
            to: Some("2026-03-01".into()),
        };
        let written = query.to_query_string();
        assert_eq!(
            written,
            "segment=member_type%3Dstaff&segment=years%3D3_5&from=2026-01-05&to=2026-03-01"
        );
        assert_eq!(ResultsQuery::parse(&written), query);
        assert_eq!(ResultsQuery::parse(&format!("?{written}")), query);
    }

    #[test]
    fn the_api_form_and_empty_choices_are_read_too() {
        let query = ResultsQuery::parse("segment.member_type=staff&segment=years%3D&from=&x=1");
        assert_eq!(query.segments, [("member_type".into(), "staff".into())]);
        assert_eq!(query.from, None);
        assert!(ResultsQuery::parse("").segments.is_empty());
        assert_eq!(ResultsQuery::default().suffix(), "");
    }
}
