//! What can go wrong in storage, in terms the backend can turn into a message for a person.

/// Why an invitation link cannot be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InvitationProblem {
    Unknown,
    Expired,
    AlreadyUsed,
    Revoked,
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A unique value is taken; the payload names it (`email`, `slug`, `membership`, …).
    #[error("{0} is already taken")]
    Conflict(&'static str),
    #[error("not found")]
    NotFound,
    /// The change would leave an organisation without an owner.
    #[error("an organisation needs at least one owner")]
    LastOwner,
    #[error("invitation cannot be used: {0:?}")]
    Invitation(InvitationProblem),
    #[error("not supported by this database: {0}")]
    Unsupported(&'static str),
    #[error("stored data is not valid: {0}")]
    Corrupt(String),
    /// A shared transaction could not commit; none of its writes happened.
    #[error("the transaction did not commit: {0}")]
    CommitFailed(String),
    #[error(transparent)]
    Database(sqlx::Error),
    #[error(transparent)]
    Migration(#[from] sqlx::migrate::MigrateError),
}

pub type StoreResult<T> = Result<T, StoreError>;

impl From<sqlx::Error> for StoreError {
    /// Unique violations become `Conflict` named by column, the same way on both databases:
    /// PostgreSQL reports the constraint (`users_email_key`), SQLite the column (`users.email`).
    fn from(err: sqlx::Error) -> Self {
        if let Some(db) = err.as_database_error()
            && db.is_unique_violation()
        {
            let said = db.constraint().unwrap_or_else(|| db.message());
            for (needle, what) in [
                ("respondent_key", "respondent"),
                ("invite_code", "invite_code"),
                ("email", "email"),
                ("slug", "slug"),
                ("token_hash", "token"),
                ("memberships", "membership"),
            ] {
                if said.contains(needle) {
                    return StoreError::Conflict(what);
                }
            }
            return StoreError::Conflict("value");
        }
        StoreError::Database(err)
    }
}

/// `NotFound` unless the statement changed a row: the one check every scoped UPDATE needs, since
/// a row of another organisation simply does not match.
pub fn found(rows_changed: u64) -> StoreResult<()> {
    if rows_changed == 0 {
        Err(StoreError::NotFound)
    } else {
        Ok(())
    }
}
