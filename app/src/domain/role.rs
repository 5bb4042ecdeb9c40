//! The three roles a person can hold in an organisation, and what each may do.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// Owners manage the organisation; editors build and publish surveys; viewers read results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Owner,
    Editor,
    Viewer,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Owner, Role::Editor, Role::Viewer];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Owner => "owner",
            Role::Editor => "editor",
            Role::Viewer => "viewer",
        }
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

impl FromStr for Role {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "owner" => Ok(Role::Owner),
            "editor" => Ok(Role::Editor),
            "viewer" => Ok(Role::Viewer),
            other => Err(format!(
                "\"{other}\" is not a role: choose owner, editor or viewer."
            )),
        }
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
        let err = "admin".parse::<Role>().unwrap_err();
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
