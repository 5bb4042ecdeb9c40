//! Links Kindred builds from what people send: where to go after logging in or saving a form.
//! Only paths on this site are followed, so a crafted link cannot send anyone elsewhere.

/// Whether `path` is a path on this site (`/surveys/3`), not another site (`//evil.example`,
/// `https://evil.example`, `/\evil.example`, which some browsers read as `//`). Control
/// characters and white space are refused anywhere: browsers drop tabs and line breaks from a
/// URL (`/<tab>/evil.example` becomes `//evil.example`), and a line break cannot go in a
/// `Location` header. Dot segments are refused too (`.`, `..`, also written `%2e`): a browser
/// resolves `/..//evil.example` to `//evil.example`, another site. No page of Kindred's has them
/// or an empty segment (`//` anywhere).
pub fn is_local_path(path: &str) -> bool {
    let route = path.split(['?', '#']).next().unwrap_or_default();
    path.starts_with('/')
        && !route.contains("//")
        && !route.split('/').any(|segment| {
            let segment = segment.to_ascii_lowercase().replace("%2e", ".");
            segment == "." || segment == ".."
        })
        && !path
            .chars()
            .any(|c| c == '\\' || c.is_control() || c.is_whitespace())
}

/// `path` if it is on this site, else `fallback`.
pub fn local_or<'a>(path: Option<&'a str>, fallback: &'a str) -> &'a str {
    path.filter(|p| is_local_path(p)).unwrap_or(fallback)
}

/// The log-in page, coming back to `next` (percent-encoded, so `?` and `&` in it survive).
pub fn log_in_then(next: &str) -> String {
    let query = form_urlencoded::Serializer::new(String::new())
        .append_pair("next", next)
        .finish();
    format!("/login?{query}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_paths_on_this_site_are_followed() {
        assert_eq!(local_or(Some("/settings"), "/surveys"), "/settings");
        for elsewhere in [
            "//evil.example",
            "https://evil.example",
            "/\\evil.example",
            "",
            "/\t/evil.example/phish",
            "/\n/evil.example",
            "/surveys\r\nSet-Cookie: session=x",
            " //evil.example",
            "/\u{85}/evil.example",
            "/\u{2028}/evil.example",
            "/..//evil.example",
            "/.//evil.example",
            "/x/..//evil.example",
            "/%2e%2e//evil.example",
            "/%2E./%2fevil.example",
            "/surveys//evil.example",
            "/surveys/..",
        ] {
            assert_eq!(
                local_or(Some(elsewhere), "/surveys"),
                "/surveys",
                "{elsewhere}"
            );
        }
        assert_eq!(local_or(None, "/surveys"), "/surveys");
        // A query may hold anything escaped, slashes included.
        assert_eq!(
            local_or(Some("/surveys/3/results?next=//x&from=2026-01-01"), "/"),
            "/surveys/3/results?next=//x&from=2026-01-01"
        );
    }

    #[test]
    fn the_way_back_after_logging_in_keeps_its_own_query() {
        assert_eq!(
            log_in_then("/surveys/3/results?segment=age&from=2026-01-01"),
            "/login?next=%2Fsurveys%2F3%2Fresults%3Fsegment%3Dage%26from%3D2026-01-01"
        );
    }
}
