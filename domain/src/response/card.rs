//! The sentence on a respondent's identity card, from the reason they ranked first.

/// "I'm part of ⟨brand⟩ because …", in words that fit the template's three reasons; for any other
/// item, the item's own label.
pub fn card_statement(brand: &str, reason_id: &str, reason_label: &str) -> String {
    match reason_id {
        "identity" => format!("I'm part of {brand} because it says who I am."),
        "connections" => format!("I'm part of {brand} for the people it connects me with."),
        "community" => format!("I'm part of {brand} because I belong to something bigger."),
        _ => format!("I'm part of {brand}: {reason_label}"),
    }
}

#[cfg(test)]
mod tests {
    use super::card_statement;

    #[test]
    fn each_of_the_three_reasons_has_its_own_sentence() {
        assert_eq!(
            card_statement("Friends of the Park", "identity", "It shows who I am"),
            "I'm part of Friends of the Park because it says who I am."
        );
        assert!(card_statement("F", "connections", "x").contains("the people"));
        assert!(card_statement("F", "community", "x").contains("something bigger"));
        assert_eq!(
            card_statement("F", "views", "The views"),
            "I'm part of F: The views"
        );
    }
}
