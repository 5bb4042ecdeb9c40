//! The figures of recent dashboard views, so that the charts a page shows as images are drawn from
//! the figures the page computed. Each app server keeps its own bounded cache; the database (its
//! rollups) stays the truth.

use app::api::results::{ResultsQuery, SurveyResults};
use lru::LruCache;
use std::num::NonZeroUsize;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The figures of recent views, kept by each app server.
#[derive(Default)]
pub struct StatsCache {
    pub figures: FiguresCache,
}

/// What a figures entry is kept by: survey and the view's filter as its query string.
type FiguresKey = (i64, String);
/// What figures were computed over: the last response id they include and the published version
/// whose questions they were read by.
type Counted = (i64, Option<i64>);
/// The figures, what they were computed over, and when.
type FiguresEntry = (Counted, Instant, Arc<SurveyResults>);

/// The figures of recent dashboard views, so that the charts a page shows as images are drawn
/// from the figures the page itself computed rather than each computing every figure again.
pub struct FiguresCache(Mutex<LruCache<FiguresKey, FiguresEntry>>);

impl Default for FiguresCache {
    fn default() -> Self {
        Self(Mutex::new(LruCache::new(
            NonZeroUsize::new(Self::CAPACITY).unwrap_or(NonZeroUsize::MIN),
        )))
    }
}

impl FiguresCache {
    /// A few hundred kilobytes each at most (the open answers are capped at 200).
    const CAPACITY: usize = 64;
    /// How long figures serve charts while no response with a higher id has been stored. On
    /// PostgreSQL a response with a lower id may still commit later; this bounds how long a
    /// chart can miss it.
    pub const FRESH: Duration = Duration::from_secs(60);

    fn lock(&self) -> std::sync::MutexGuard<'_, LruCache<FiguresKey, FiguresEntry>> {
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The figures of `survey_id` under `query` computed over the same responses and version
    /// (`counted`), at most [`Self::FRESH`] before `now`.
    pub fn get(
        &self,
        survey_id: i64,
        query: &ResultsQuery,
        counted: Counted,
        now: Instant,
    ) -> Option<Arc<SurveyResults>> {
        let key = (survey_id, query.to_query_string());
        match self.lock().get(&key) {
            Some((kept, at, figures))
                if *kept == counted && now.saturating_duration_since(*at) <= Self::FRESH =>
            {
                Some(figures.clone())
            }
            _ => None,
        }
    }

    /// Keeps the figures of a view computed at `now` over `counted`.
    pub fn put(&self, counted: Counted, now: Instant, figures: Arc<SurveyResults>) {
        let key = (figures.survey_id, figures.query.to_query_string());
        self.lock().put(key, (counted, now, figures));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_serve_charts_until_a_newer_response_or_version_or_a_minute_passes() {
        let cache = FiguresCache::default();
        let t0 = Instant::now();
        let query = ResultsQuery::parse("segment=member_type%3Dstaff");
        cache.put(
            (40, Some(1)),
            t0,
            Arc::new(SurveyResults {
                survey_id: 7,
                query: query.clone(),
                responses: 40,
                ..SurveyResults::default()
            }),
        );
        let soon = t0 + Duration::from_secs(5);
        let same = (40, Some(1));
        assert_eq!(
            cache.get(7, &query, same, soon).map(|f| f.responses),
            Some(40)
        );
        assert!(
            cache.get(7, &query, (41, Some(1)), soon).is_none(),
            "a newer response"
        );
        assert!(
            cache.get(7, &query, (40, Some(2)), soon).is_none(),
            "republished"
        );
        assert!(
            cache.get(7, &ResultsQuery::default(), same, soon).is_none(),
            "another filter"
        );
        assert!(cache.get(8, &query, same, soon).is_none(), "another survey");
        let late = t0 + FiguresCache::FRESH + Duration::from_secs(1);
        assert!(cache.get(7, &query, same, late).is_none(), "too old");
    }
}
