//! What the account and organisation server functions carry over the wire.

use crate::domain::Role;
use serde::{Deserialize, Serialize};

/// The person behind the current session, and the organisation they are acting in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Me {
    pub user_id: i64,
    pub name: String,
    pub email: String,
    pub organisation: OrganisationSummary,
    pub role: Role,
    /// Every organisation this person belongs to, for the switcher.
    pub organisations: Vec<OrganisationSummary>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganisationSummary {
    pub id: i64,
    pub name: String,
    pub slug: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    pub user_id: i64,
    pub name: String,
    pub email: String,
    pub role: Role,
    /// Unix seconds.
    pub joined_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingInvitation {
    pub id: i64,
    pub role: Role,
    pub email: Option<String>,
    pub invited_by: String,
    /// Unix seconds.
    pub expires_at: i64,
}

/// Everything on the owner's organisation settings page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganisationSettings {
    pub organisation: OrganisationSummary,
    pub members: Vec<Member>,
    pub invitations: Vec<PendingInvitation>,
}

/// A freshly created invitation. The link holds the only copy of its secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitationLink {
    pub url: String,
    pub role: Role,
    pub expires_at: i64,
}

/// What a person opening an invitation link is told before accepting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitationPreview {
    pub organisation_name: String,
    pub role: Role,
    pub email: Option<String>,
    pub invited_by: String,
}
