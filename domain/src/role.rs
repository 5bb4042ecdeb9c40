//! The three roles a person can hold in an organisation, and what each may do.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Owners manage the organisation; editors build and publish surveys; viewers read results.
/// Stored and sent as `owner`, `editor`, `viewer`.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    strum::EnumString,
    strum::IntoStaticStr,
)]
#[serde(rename_all = "lowercase")]
#[strum(serialize_all = "lowercase", ascii_case_insensitive)]
pub enum Role {
    Owner,
    Editor,
    Viewer,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Owner, Role::Editor, Role::Viewer];

    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// A role typed by a person (any case, spaces around), or a message saying which there are.
    pub fn parse(text: &str) -> Result<Role, String> {
        text.trim().parse().map_err(|_| {
            format!(
                "\"{}\" is not a role: choose owner, editor or viewer.",
                text.trim()
            )
        })
    }

    /// The word shown to people ("Owner"), as opposed to the stored code ("owner").
    pub fn label(self) -> &'static str {
        match self {
            Role::Owner => "Owner",
            Role::Editor => "Editor",
            Role::Viewer => "Viewer",
        }
    }

    pub fn description(self) -> &'static str {
        match self {
            Role::Owner => "everything, including members, roles and branding",
            Role::Editor => "builds, publishes and reads surveys",
            Role::Viewer => "reads dashboards and downloads exports",
        }
    }

    /// Members, roles, invitations, organisation name and branding.
    pub fn can_manage_organisation(self) -> bool {
        self == Role::Owner
    }

    /// Creating, editing, publishing and closing surveys.
    pub fn can_edit_surveys(self) -> bool {
        matches!(self, Role::Owner | Role::Editor)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_round_trips_through_its_stored_code() {
        for role in Role::ALL {
            assert_eq!(role.as_str().parse::<Role>(), Ok(role));
        }
    }

    #[test]
    fn an_unknown_role_is_refused_with_the_choices() {
        let err = Role::parse(" admin ").unwrap_err();
        assert_eq!(Role::parse(" Editor "), Ok(Role::Editor));
        assert!(err.contains("owner, editor or viewer"), "{err}");
    }

    #[test]
    fn only_owners_manage_and_viewers_do_not_edit() {
        assert!(Role::Owner.can_manage_organisation());
        assert!(!Role::Editor.can_manage_organisation());
        assert!(Role::Editor.can_edit_surveys());
        assert!(!Role::Viewer.can_edit_surveys());
    }
}
