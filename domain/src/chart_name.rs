//! The dashboard's charts by name, as their download addresses carry them
//! (`/surveys/{id}/charts/{name}.svg`): one type for the page that links to a chart and the server
//! that draws it.

use std::fmt;

/// One chart of a survey's dashboard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChartName {
    /// `ranking-<question>`: each item's chance of being ranked first.
    Ranking(String),
    /// `ranks-<question>`: where respondents put each item.
    RankDistribution(String),
    /// `scale-<question>`: respondents by score, for the scale whose first question it is.
    Scale(String),
    /// `statements-<question>`: each statement of that scale, from disagreeing to agreeing.
    Statements(String),
    /// `overlap`: the overlap picture's distribution.
    Overlap,
    /// `nps`: promoters, passives and detractors.
    Nps,
    /// `weeks`: responses by week.
    Weeks,
    /// `quadrant`: motive × fit by segment group.
    Quadrant,
}

impl ChartName {
    /// The chart a name stands for; `None` for a name no chart has.
    pub fn parse(name: &str) -> Option<Self> {
        let question = |prefix: &str| {
            name.strip_prefix(prefix)
                .filter(|q| !q.is_empty())
                .map(str::to_owned)
        };
        if let Some(q) = question("ranking-") {
            return Some(ChartName::Ranking(q));
        }
        if let Some(q) = question("ranks-") {
            return Some(ChartName::RankDistribution(q));
        }
        if let Some(q) = question("scale-") {
            return Some(ChartName::Scale(q));
        }
        if let Some(q) = question("statements-") {
            return Some(ChartName::Statements(q));
        }
        match name {
            "overlap" => Some(ChartName::Overlap),
            "nps" => Some(ChartName::Nps),
            "weeks" => Some(ChartName::Weeks),
            "quadrant" => Some(ChartName::Quadrant),
            _ => None,
        }
    }
}

impl fmt::Display for ChartName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ChartName::Ranking(q) => write!(f, "ranking-{q}"),
            ChartName::RankDistribution(q) => write!(f, "ranks-{q}"),
            ChartName::Scale(q) => write!(f, "scale-{q}"),
            ChartName::Statements(q) => write!(f, "statements-{q}"),
            ChartName::Overlap => f.write_str("overlap"),
            ChartName::Nps => f.write_str("nps"),
            ChartName::Weeks => f.write_str("weeks"),
            ChartName::Quadrant => f.write_str("quadrant"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::ChartName;

    #[test]
    fn every_chart_name_reads_back_as_written() {
        for chart in [
            ChartName::Ranking("reasons".into()),
            ChartName::RankDistribution("reasons".into()),
            ChartName::Scale("brand_fit".into()),
            ChartName::Statements("brand_fit".into()),
            ChartName::Overlap,
            ChartName::Nps,
            ChartName::Weeks,
            ChartName::Quadrant,
        ] {
            assert_eq!(ChartName::parse(&chart.to_string()), Some(chart));
        }
        assert_eq!(ChartName::parse("pie"), None);
        assert_eq!(ChartName::parse("ranking-"), None);
        assert_eq!(ChartName::parse("statements-"), None);
    }
}
