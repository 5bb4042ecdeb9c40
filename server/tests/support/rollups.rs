//! Rollups recomputed from every stored answer, filtered in Rust rather than by SQL: what the
//! rollups a view sums must equal.

use server::backend::Kindred;
use server::backend::rollups::{ViewCounts, rollup_entry};
use server::storage::{ExportedResponse, ResponseFilter, Store};
use std::collections::HashMap;
use std::sync::Arc;

/// Every stored response of the survey, read back from its row.
pub async fn stored(store: &Arc<dyn Store>, survey_id: i64) -> Vec<ExportedResponse> {
    let mut all = Vec::new();
    loop {
        let after = all.last().map_or(0, |r: &ExportedResponse| r.id);
        let page = store
            .export_page(survey_id, &ResponseFilter::default(), after, 97)
            .await
            .unwrap();
        if page.is_empty() {
            return all;
        }
        all.extend(page);
    }
}

/// The counts of a view recomputed from every stored answer, filtered here rather than by SQL.
pub async fn recompute(
    kindred: &Kindred,
    responses: &[ExportedResponse],
    survey_id: i64,
    filter: &ResponseFilter,
    segments: &[String],
) -> ViewCounts {
    let mut counts = ViewCounts::split_by(segments);
    let mut definitions = HashMap::new();
    for response in responses {
        if let std::collections::hash_map::Entry::Vacant(slot) = definitions.entry(response.version)
        {
            slot.insert(
                kindred
                    .published_definition(survey_id, response.version)
                    .await
                    .unwrap(),
            );
        }
        let in_range = filter.from.is_none_or(|f| response.submitted_at >= f)
            && filter.to.is_none_or(|t| response.submitted_at < t);
        let chose = |(q, c): &(String, String)| {
            response
                .answers
                .choices
                .iter()
                .any(|(question, choice, _)| question == q && choice == c)
        };
        if !in_range || !filter.segments.iter().all(chose) {
            continue;
        }
        let entry = rollup_entry(
            &definitions[&response.version],
            &response.answers.rows(),
            response.submitted_at,
        );
        counts.add(&entry.cell, entry.stats);
    }
    counts
}
