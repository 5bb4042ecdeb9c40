//! Dashboard counts kept between views and topped up with the responses stored since.
//!
//! Every sufficient statistic is a count, and responses are never changed once stored, so the
//! counts up to response id `k` plus the counts of the responses after `k` are the counts of all.
//! Where ids become visible in order (SQLite's single writer), a view reads only the responses
//! stored since the last one; elsewhere (PostgreSQL, whose transactions commit in any order) every
//! view counts afresh. Each app server keeps its own bounded cache; the database stays the truth.

use crate::storage::{ResponseFilter, StoreResult, SufficientStats};
use app::api::results::{ResultsQuery, SurveyResults};
use lru::LruCache;
use std::collections::BTreeMap;
use std::num::NonZeroUsize;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Counts that add up over disjoint sets of responses.
pub trait Additive: Clone + Send + Sync + 'static {
    fn add(&mut self, other: Self);
}

impl Additive for SufficientStats {
    fn add(&mut self, other: Self) {
        self.merge(other);
    }
}

impl Additive for BTreeMap<String, SufficientStats> {
    fn add(&mut self, other: Self) {
        for (group, stats) in other {
            self.entry(group).or_default().merge(stats);
        }
    }
}

/// The survey's last response id and whether ids become visible in order.
pub type LastResponse = (i64, bool);

/// What was counted: survey, filter, and what else shaped the query (motive question, segment).
type Key = (i64, ResponseFilter, String);

/// Counts of one kind, each with the last response id they include.
pub struct CountCache<V>(Mutex<LruCache<Key, (i64, Arc<V>)>>);

impl<V: Additive> Default for CountCache<V> {
    fn default() -> Self {
        Self::with_capacity(Self::CAPACITY)
    }
}

impl<V: Additive> CountCache<V> {
    /// A whole survey's counts take a few megabytes at 100,000 responses.
    const CAPACITY: usize = 32;

    pub fn with_capacity(capacity: usize) -> Self {
        Self(Mutex::new(LruCache::new(
            NonZeroUsize::new(capacity).unwrap_or(NonZeroUsize::MIN),
        )))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, LruCache<Key, (i64, Arc<V>)>> {
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The counts of the survey's responses up to `stored` (what `Store::last_response_id`
    /// answered) that pass `filter`, as `count` reads them from the store for a given filter;
    /// `shape` names whatever else `count` depends on.
    pub async fn get<F, Fut>(
        &self,
        stored: LastResponse,
        survey_id: i64,
        filter: &ResponseFilter,
        shape: String,
        count: F,
    ) -> StoreResult<Arc<V>>
    where
        F: Fn(ResponseFilter) -> Fut,
        Fut: Future<Output = StoreResult<V>>,
    {
        let (last, in_order) = stored;
        if !in_order {
            return Ok(Arc::new(count(filter.clone()).await?));
        }
        let key = (survey_id, filter.clone(), shape);
        let cached = self.lock().get(&key).cloned();
        let up_to_last = ResponseFilter {
            up_to_id: Some(last),
            ..filter.clone()
        };
        let counts = match cached {
            Some((counted, counts)) if counted == last => return Ok(counts),
            Some((counted, counts)) if counted < last => {
                let mut counts = Arc::unwrap_or_clone(counts);
                counts.add(
                    count(ResponseFilter {
                        after_id: Some(counted),
                        ..up_to_last
                    })
                    .await?,
                );
                counts
            }
            _ => count(up_to_last).await?,
        };
        let counts = Arc::new(counts);
        self.lock().put(key, (last, counts.clone()));
        Ok(counts)
    }
}

/// The two kinds of counts a dashboard reads, and the figures of recent views.
#[derive(Default)]
pub struct StatsCache {
    pub whole: CountCache<SufficientStats>,
    pub by_segment: CountCache<BTreeMap<String, SufficientStats>>,
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
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// Counts of responses with ids in the filter's range, out of responses 1..=100, as a store
    /// would count them; `reads` counts how often the store was asked.
    async fn counted(filter: ResponseFilter, reads: &AtomicUsize) -> StoreResult<SufficientStats> {
        reads.fetch_add(1, Ordering::SeqCst);
        let after = filter.after_id.unwrap_or(0);
        let up_to = filter.up_to_id.unwrap_or(100);
        Ok(SufficientStats {
            responses: (after + 1..=up_to).count() as i64,
            ..SufficientStats::default()
        })
    }

    #[tokio::test]
    async fn counts_are_kept_and_topped_up_with_newer_responses_only() {
        let cache = CountCache::<SufficientStats>::default();
        let reads = AtomicUsize::new(0);
        let filter = ResponseFilter::default();
        let get = |last| {
            cache.get((last, true), 1, &filter, "shape".into(), |f| {
                counted(f, &reads)
            })
        };
        assert_eq!(get(40).await.unwrap().responses, 40);
        assert_eq!(get(40).await.unwrap().responses, 40, "kept");
        assert_eq!(reads.load(Ordering::SeqCst), 1);
        assert_eq!(
            get(55).await.unwrap().responses,
            55,
            "topped up with 41..=55"
        );
        assert_eq!(reads.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn where_ids_may_appear_out_of_order_every_view_counts_afresh() {
        let cache = CountCache::<SufficientStats>::default();
        let reads = AtomicUsize::new(0);
        let filter = ResponseFilter::default();
        for _ in 0..3 {
            let counts = cache
                .get((100, false), 1, &filter, "shape".into(), |f| {
                    counted(f, &reads)
                })
                .await
                .unwrap();
            assert_eq!(counts.responses, 100);
        }
        assert_eq!(reads.load(Ordering::SeqCst), 3);
    }

    #[tokio::test]
    async fn other_filters_and_shapes_are_counted_apart() {
        let cache = CountCache::<SufficientStats>::default();
        let reads = AtomicUsize::new(0);
        let plain = ResponseFilter::default();
        let later = ResponseFilter {
            from: Some(1),
            ..ResponseFilter::default()
        };
        for (filter, shape) in [(&plain, "a"), (&later, "a"), (&plain, "b"), (&plain, "a")] {
            cache
                .get((10, true), 1, filter, shape.into(), |f| counted(f, &reads))
                .await
                .unwrap();
        }
        assert_eq!(reads.load(Ordering::SeqCst), 3, "the last was kept");
    }

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
