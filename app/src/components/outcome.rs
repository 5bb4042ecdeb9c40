//! The one way a page reads a server action's last answer: [`last_error`] for the form to show,
//! [`last_success`] for what to show after it worked, [`when_done`] to copy a success into the
//! page's own state.

use crate::error::AppError;
use leptos::prelude::*;

/// The error of an action's last run, if it failed.
pub fn last_error<T, S>(value: S) -> Signal<Option<AppError>>
where
    S: With<Value = Option<Result<T, AppError>>> + Send + Sync + 'static,
    T: 'static,
{
    Signal::derive(move || value.with(|r| r.as_ref().and_then(|r| r.as_ref().err().cloned())))
}

/// What an action's last run gave back, if it worked.
pub fn last_success<T, S>(value: S) -> Signal<Option<T>>
where
    S: With<Value = Option<Result<T, AppError>>> + Send + Sync + 'static,
    T: Clone + Send + Sync + 'static,
{
    Signal::derive(move || value.with(|r| r.as_ref().and_then(|r| r.as_ref().ok().cloned())))
}

/// Runs `apply` with each success of an action, in the browser (an action never runs while the
/// server renders).
pub fn when_done<T, S>(value: S, apply: impl Fn(T) + 'static)
where
    S: With<Value = Option<Result<T, AppError>>> + Send + Sync + 'static,
    T: Clone + Send + Sync + 'static,
{
    let success = last_success(value);
    Effect::new(move |_| {
        if let Some(done) = success.get() {
            apply(done);
        }
    });
}
