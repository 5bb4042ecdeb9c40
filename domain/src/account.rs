//! Account inputs: emails, passwords, names. Each `parse` returns a message for the person typing.

use super::FieldError;
use serde::{Deserialize, Serialize};
use std::fmt;

pub const PASSWORD_MIN_CHARS: usize = 10;
/// Argon2 is deliberately slow; an unbounded password would let one request burn a core.
pub const PASSWORD_MAX_CHARS: usize = 256;
const EMAIL_MAX_CHARS: usize = 254;
const NAME_MAX_CHARS: usize = 100;

/// A syntactically valid email address, trimmed and lower-cased so that one inbox is one account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Email(String);

impl Email {
    pub fn parse(field: &str, input: &str) -> Result<Self, FieldError> {
        let email = input.trim().to_lowercase();
        if email.is_empty() {
            return Err(FieldError::new(field, "Enter your email address."));
        }
        crate::typed_text::refuse_hidden_characters(field, &email, false)?;
        if email.chars().count() > EMAIL_MAX_CHARS {
            return Err(FieldError::new(
                field,
                "That email address is too long (254 characters at most).",
            ));
        }
        let has_dotted_domain = email
            .rsplit_once('@')
            .is_some_and(|(_, domain)| domain.contains('.') && !domain.ends_with('.'));
        if !email_address::EmailAddress::is_valid(&email) || !has_dotted_domain {
            return Err(FieldError::new(
                field,
                format!(
                    "\"{}\" is not an email address, like name@example.org.",
                    input.trim()
                ),
            ));
        }
        Ok(Self(email))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A new password that meets the length rule. It is never logged or serialised.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

impl Password {
    pub fn parse(field: &str, input: &str) -> Result<Self, FieldError> {
        let chars = input.chars().count();
        if chars < PASSWORD_MIN_CHARS {
            return Err(FieldError::new(
                field,
                format!("Use at least {PASSWORD_MIN_CHARS} characters (this one has {chars})."),
            ));
        }
        if chars > PASSWORD_MAX_CHARS {
            return Err(FieldError::new(
                field,
                format!("Use at most {PASSWORD_MAX_CHARS} characters."),
            ));
        }
        Ok(Self(input.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(…)")
    }
}

/// A person's display name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonName(String);

impl PersonName {
    pub fn parse(field: &str, input: &str) -> Result<Self, FieldError> {
        parse_name(field, input, 1, "Enter your name.").map(Self)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An organisation's name as its members know it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganisationName(String);

impl OrganisationName {
    pub fn parse(field: &str, input: &str) -> Result<Self, FieldError> {
        parse_name(field, input, 2, "Enter your organisation's name.").map(Self)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn parse_name(field: &str, input: &str, min: usize, empty: &str) -> Result<String, FieldError> {
    // Collapse runs of white space so "Friends  of  the Earth" and a pasted tab look the same.
    let name = input.split_whitespace().collect::<Vec<_>>().join(" ");
    let chars = name.chars().count();
    if chars == 0 {
        return Err(FieldError::new(field, empty));
    }
    if chars < min {
        return Err(FieldError::new(
            field,
            format!("Use at least {min} characters."),
        ));
    }
    if chars > NAME_MAX_CHARS {
        return Err(FieldError::new(
            field,
            format!("Use at most {NAME_MAX_CHARS} characters (this one has {chars})."),
        ));
    }
    crate::typed_text::refuse_hidden_characters(field, &name, false)?;
    Ok(name)
}

/// A URL- and CLI-friendly identifier derived from an organisation's name: `Friends of the Earth`
/// becomes `friends-of-the-earth`. Uniqueness is the store's job (it appends `-2`, `-3`, …).
pub fn organisation_slug(name: &str) -> String {
    let mut slug = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
        if slug.len() >= 40 {
            break;
        }
    }
    let slug = slug.trim_end_matches('-');
    if slug.is_empty() {
        "org".to_owned()
    } else {
        slug.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_email_is_trimmed_and_lower_cased() {
        let email = Email::parse("email", "  Ada@Example.ORG ").unwrap();
        assert_eq!(email.as_str(), "ada@example.org");
    }

    #[test]
    fn an_email_without_an_at_sign_is_rejected_with_an_example() {
        let err = Email::parse("email", "ada.example.org").unwrap_err();
        assert_eq!(err.field, "email");
        assert!(err.message.contains("name@example.org"), "{}", err.message);
    }

    #[test]
    fn an_email_without_a_dotted_domain_is_rejected() {
        assert!(Email::parse("email", "ada@localhost").is_err());
    }

    #[test]
    fn an_empty_email_asks_for_one() {
        assert_eq!(
            Email::parse("email", "  ").unwrap_err().message,
            "Enter your email address."
        );
    }

    #[test]
    fn a_short_password_is_rejected_with_its_length() {
        let err = Password::parse("password", "abc123").unwrap_err();
        assert_eq!(err.message, "Use at least 10 characters (this one has 6).");
    }

    #[test]
    fn a_password_is_never_printed() {
        let password = Password::parse("password", "correct horse battery").unwrap();
        assert_eq!(format!("{password:?}"), "Password(…)");
    }

    #[test]
    fn names_are_collapsed_and_bounded() {
        let name = OrganisationName::parse("name", "  Friends   of the\tEarth ").unwrap();
        assert_eq!(name.as_str(), "Friends of the Earth");
        assert!(OrganisationName::parse("name", "x").is_err());
        assert!(PersonName::parse("name", &"a".repeat(101)).is_err());
    }

    #[test]
    fn slugs_keep_letters_and_digits_only() {
        assert_eq!(
            organisation_slug("Friends of the Earth!"),
            "friends-of-the-earth"
        );
        assert_eq!(organisation_slug("Ünïcode & Co."), "n-code-co");
        assert_eq!(organisation_slug("!!!"), "org");
    }
}
