//! Group commit for responses. Every acknowledged response must be on disk (SQLite with
//! `synchronous=FULL`, a PostgreSQL commit), and one commit per response caps throughput at the
//! disk's flush rate. So submissions queue for one writer task, which writes whatever has queued
//! up in one transaction — each response in its own savepoint, so one refused response (a
//! duplicate, a used invite code) never takes the others down — and answers every caller only
//! after that transaction has committed. Under light load a batch is a single response and
//! nothing waits; under heavy load batches grow by themselves.

use super::{NewResponse, StoreError, StoreResult};
use std::future::Future;
use tokio::sync::{mpsc, oneshot};

/// At most this many responses share one transaction.
pub const MAX_BATCH: usize = 256;

type Job = (NewResponse, oneshot::Sender<StoreResult<i64>>);

pub struct ResponseBatcher {
    queue: mpsc::Sender<Job>,
}

impl ResponseBatcher {
    /// Starts the writer task; `write` stores one batch in one transaction and returns each
    /// response's outcome in order, after the commit.
    pub fn spawn<F, Fut>(write: F) -> Self
    where
        F: Fn(Vec<NewResponse>) -> Fut + Send + 'static,
        Fut: Future<Output = Vec<StoreResult<i64>>> + Send,
    {
        let (queue, mut jobs) = mpsc::channel::<Job>(MAX_BATCH * 16);
        tokio::spawn(async move {
            let mut batch = Vec::with_capacity(MAX_BATCH);
            // Waits for one submission, then takes every other one queued by then.
            while jobs.recv_many(&mut batch, MAX_BATCH).await > 0 {
                let (responses, replies): (Vec<_>, Vec<_>) = batch.drain(..).unzip();
                let outcomes = write(responses).await;
                for (reply, outcome) in replies.into_iter().zip(outcomes) {
                    // The caller may have gone away (a closed connection); the response stays.
                    let _ = reply.send(outcome);
                }
            }
        });
        Self { queue }
    }

    /// Queues a response and waits for its outcome, which comes after the commit.
    pub async fn submit(&self, response: NewResponse) -> Submitted {
        let (reply, outcome) = oneshot::channel();
        if let Err(mpsc::error::SendError((response, _))) = self.queue.send((response, reply)).await
        {
            return Submitted::NotQueued(Box::new(response));
        }
        Submitted::Done(outcome.await.unwrap_or_else(|_| {
            Err(StoreError::CommitFailed(
                "the response writer stopped before answering".into(),
            ))
        }))
    }
}

pub enum Submitted {
    /// Written and committed, or refused.
    Done(StoreResult<i64>),
    /// The writer is not running (its runtime has ended): write the response directly.
    NotQueued(Box<NewResponse>),
}
