//! What the account and organisation server functions carry over the wire.

use domain::Role;
use domain::survey::{Definition, SurveyStatus};
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
    pub api_tokens: Vec<ApiToken>,
    pub branding: Branding,
}

/// A brand name and primary colour (`#rrggbb`); unset parts fall back to the organisation's.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Branding {
    pub brand_name: Option<String>,
    pub colour: Option<String>,
    /// Where the logo is served (`/logos/{id}`), if one was uploaded.
    #[serde(default)]
    pub logo_url: Option<String>,
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

/// A survey as the Surveys list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurveySummary {
    pub id: i64,
    pub title: String,
    pub status: SurveyStatus,
    /// The version respondents get; `None` until first published.
    pub version: Option<i64>,
    /// The unguessable part of the public link, `/s/{slug}`.
    pub slug: String,
    /// The public link respondents open.
    pub public_url: String,
    pub questions: usize,
    /// Responses received, across all versions.
    #[serde(default)]
    pub responses: i64,
    /// When the last response came, Unix seconds; `None` before the first.
    #[serde(default)]
    pub last_response_at: Option<i64>,
    /// Unix seconds.
    pub updated_at: i64,
}

/// A survey with its draft, for the survey page and the builder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurveyDetail {
    pub summary: SurveySummary,
    pub draft: Definition,
    /// The draft differs from the published version: publishing makes a new version.
    pub unpublished_changes: bool,
    pub opens_at: Option<i64>,
    pub closes_at: Option<i64>,
    /// The caller may edit, publish and close it (owners and editors).
    pub can_edit: bool,
    /// This survey's own branding, overriding …
    pub branding: Branding,
    /// … the organisation's (its brand name, or else its name; its colour, if set).
    pub inherited_branding: Branding,
    /// Only people with an unused invite code may answer.
    pub requires_invite_code: bool,
    pub invite_codes_issued: i64,
    pub invite_codes_used: i64,
}

/// An API token as the settings page lists it (never the secret).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiToken {
    pub id: i64,
    pub name: String,
    pub role: Role,
    /// Unix seconds.
    pub created_at: i64,
}

/// A freshly created API token: the secret is shown this once and never stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewApiTokenSecret {
    pub token: ApiToken,
    pub secret: String,
}

/// Whether a survey takes answers right now, as its public page tells respondents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Availability {
    Open,
    /// Opens at this time (Unix seconds).
    NotYetOpen(i64),
    Closed,
    /// This browser has already sent its response.
    AlreadyAnswered,
}

/// A published survey as its respondents get it: one version, in the organisation's branding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicSurvey {
    pub slug: String,
    pub title: String,
    pub version: i64,
    pub definition: Definition,
    pub brand_name: String,
    pub colour: Option<String>,
    pub logo_url: Option<String>,
    pub requires_invite_code: bool,
    pub availability: Availability,
}

/// A response the respondent page posted that was refused: what they sent (so nothing they
/// typed is lost) and why, beside each question.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct FormReplay {
    pub fields: Vec<(String, String)>,
    pub errors: Vec<domain::FieldError>,
    /// A problem with the response as a whole (closed, already answered, code used).
    pub message: Option<String>,
}

/// The respondent page's data: the survey, and the refused attempt being shown again, if any.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RespondentPage {
    pub survey: PublicSurvey,
    pub replay: Option<FormReplay>,
}

/// The shareable identity card: the reason a member ranked first, in the organisation's colours.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdentityCard {
    pub token: String,
    pub brand_name: String,
    pub colour: Option<String>,
    /// "I'm part of Friends of the Park because it says who I am."
    pub statement: String,
    pub display_name: Option<String>,
    /// The card's own page (with Open Graph tags), as an absolute URL.
    pub share_url: String,
    /// The survey the card came from, to take it too (a path: `/s/<slug>`).
    #[serde(default)]
    pub survey_path: Option<String>,
    pub image_url: String,
}
