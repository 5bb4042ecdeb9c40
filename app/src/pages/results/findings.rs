//! "What your members told you": the findings the server derived from the figures, first on the
//! dashboard, each sentence linked to the chart and table it comes from.

use crate::api::results::{Finding, FindingKind};
use leptos::prelude::*;

/// The link to where a finding comes from, named for it: links that lead to different places
/// never share a name. `segments` gives each segment section's question name.
fn source(finding: &Finding, segments: &[(String, String)]) -> String {
    match finding.kind {
        FindingKind::LeadingReason | FindingKind::ReasonOrder | FindingKind::Advice => {
            "See the ranking".to_owned()
        }
        FindingKind::BrandFit => "See brand fit".to_owned(),
        FindingKind::Overlap => "See the overlap pictures".to_owned(),
        FindingKind::MotiveFit => "See motive × fit".to_owned(),
        FindingKind::Segment => segments
            .iter()
            .find(|(section, _)| *section == finding.section)
            .map_or_else(
                || "See the segment comparison".to_owned(),
                |(_, name)| format!("See the comparison by “{name}”"),
            ),
    }
}

#[component]
pub fn FindingsSection(
    findings: Vec<Finding>,
    /// (section id, question name) of each segment comparison.
    segments: Vec<(String, String)>,
) -> impl IntoView {
    (!findings.is_empty()).then(|| {
        view! {
            <section class="panel findings" id="findings" aria-labelledby="findings-heading">
                <h2 id="findings-heading">"What your members told you"</h2>
                <ul class="findings-list">
                    {findings
                        .into_iter()
                        .map(|finding| {
                            let href = format!("#{}", finding.section);
                            let name = source(&finding, &segments);
                            view! {
                                <li class="finding">
                                    <p class="finding-text" dir="auto">{finding.text}</p>
                                    <p class="finding-evidence" dir="auto">{finding.evidence}</p>
                                    {finding.caution.map(|c| view! {
                                        <p class="finding-caution"><strong>"Caution: "</strong><span dir="auto">{c}</span></p>
                                    })}
                                    <a class="finding-source" href=href dir="auto">{name}</a>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
                <p class="muted finding-rule">
                    "Differences are stated only when their test passes at 5% after Holm's correction for the number of tests; groups of fewer than 30 answers are not compared."
                </p>
            </section>
        }
    })
}
