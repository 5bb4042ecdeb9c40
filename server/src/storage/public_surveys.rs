//! Published surveys as respondents reach them (by public slug), kept for a second: every
//! submission and respondent page needs its survey's row, and reading it each time was one
//! database round trip per response. A change made through this store forgets them all at once;
//! another app server's change is seen within [`PublicSurveyCache::FRESH_FOR`], and a closed
//! survey refuses responses at once on every server, since the group-commit writer checks
//! closure in the transaction that would store them.

use super::PublicSurveyRow;
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

#[derive(Default)]
pub struct PublicSurveyCache {
    inner: Mutex<Entries>,
}

#[derive(Default)]
struct Entries {
    /// Bumped by every change, so that a read begun before a change never stores what it read.
    generation: u64,
    rows: HashMap<String, (Instant, PublicSurveyRow)>,
}

impl PublicSurveyCache {
    /// How long a row is used before it is read again.
    pub const FRESH_FOR: Duration = Duration::from_secs(1);
    /// Rows kept at most; past this, all are forgotten (unknown slugs are never kept).
    const CAPACITY: usize = 4096;

    fn entries(&self) -> std::sync::MutexGuard<'_, Entries> {
        self.inner
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The row kept for `slug` if still fresh, and the generation to pass to [`Self::keep`] after
    /// reading it from the database otherwise.
    pub fn get(&self, slug: &str) -> Result<PublicSurveyRow, u64> {
        let entries = self.entries();
        match entries.rows.get(slug) {
            Some((read_at, row)) if read_at.elapsed() < Self::FRESH_FOR => Ok(row.clone()),
            _ => Err(entries.generation),
        }
    }

    /// Keeps a row read from the database, unless something changed since `generation`.
    pub fn keep(&self, slug: &str, row: &PublicSurveyRow, generation: u64) {
        let mut entries = self.entries();
        if entries.generation != generation {
            return;
        }
        if entries.rows.len() >= Self::CAPACITY {
            entries.rows.clear();
        }
        entries
            .rows
            .insert(slug.to_owned(), (Instant::now(), row.clone()));
    }

    /// Forgets every row: called after any change to a survey or organisation through this store.
    pub fn forget_all(&self) {
        let mut entries = self.entries();
        entries.generation += 1;
        entries.rows.clear();
    }
}

/// Forgets every kept row when dropped: held for the whole of a change, so the rows go only once
/// the change is written (a read in between would otherwise keep the old row).
pub struct ForgetOnDrop<'a>(&'a PublicSurveyCache);

impl Drop for ForgetOnDrop<'_> {
    fn drop(&mut self) {
        self.0.forget_all();
    }
}

impl PublicSurveyCache {
    /// A guard that calls [`Self::forget_all`] when the change it is held through returns.
    pub fn forget_after(&self) -> ForgetOnDrop<'_> {
        ForgetOnDrop(self)
    }
}
