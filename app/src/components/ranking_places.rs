//! Giving places in a ranking with one `1st / 2nd / 3rd …` choice per item. Picking a place another
//! item holds swaps the two, so a place is never given twice. But keyboard users move through the
//! choices with the arrow keys, and a browser reports every step as a change: passing through 1st
//! on the way to 2nd must not take 1st away for good. So a swap stays provisional while the same
//! choice keeps changing — each further step first gives the displaced item its place back — and
//! becomes final when the person leaves the choice, or picks a place outright (by pointer) rather
//! than stepping to it ([`PlaceChoice::commit`]).

/// What one item's choice has changed since the person started on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlaceChoice {
    /// The item whose place is being chosen.
    pub mover: usize,
    /// Its place before the person started on it.
    origin: Option<usize>,
    /// The item that gave up its place to the mover, and that place.
    displaced: Option<(usize, usize)>,
}

impl PlaceChoice {
    /// The mover's choice is left: every swap made so far stands.
    pub fn commit(self) -> Option<PlaceChoice> {
        None
    }
}

/// Gives item `mover` the place `chosen` (`None`: no place) in `places` (each item's place), and
/// returns the choice in progress. `ongoing` is what an earlier change of the same choice left;
/// any other choice in progress has been committed.
pub fn choose_place(
    places: &mut [Option<usize>],
    ongoing: Option<PlaceChoice>,
    mover: usize,
    chosen: Option<usize>,
) -> PlaceChoice {
    let mut choice = match ongoing {
        Some(choice) if choice.mover == mover => choice,
        _ => PlaceChoice {
            mover,
            origin: places[mover],
            displaced: None,
        },
    };
    // An earlier step of this choice took another item's place: give it back.
    if let Some((item, place)) = choice.displaced.take()
        && places[item] == choice.origin
    {
        places[item] = Some(place);
    }
    if let Some(place) = chosen
        && let Some(holder) = (0..places.len()).find(|&i| i != mover && places[i] == Some(place))
    {
        places[holder] = choice.origin;
        choice.displaced = Some((holder, place));
    }
    places[mover] = chosen;
    choice
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Steps item `mover` through `steps` without leaving it, then leaves it.
    fn arrow_through(places: &mut [Option<usize>], mover: usize, steps: &[Option<usize>]) {
        let mut ongoing = None;
        for step in steps {
            ongoing = Some(choose_place(places, ongoing, mover, *step));
        }
        let _ = ongoing.and_then(PlaceChoice::commit);
    }

    #[test]
    fn arrowing_through_a_taken_place_does_not_take_it() {
        // A is 1st; B's choice goes "—" → 1st → 2nd with the down arrow.
        let mut places = [Some(1), None, None];
        arrow_through(&mut places, 1, &[Some(1), Some(2)]);
        assert_eq!(places, [Some(1), Some(2), None]);
    }

    #[test]
    fn stopping_on_a_taken_place_swaps_the_two() {
        // A 1st, B 2nd; B picks 1st: A takes B's old place.
        let mut places = [Some(1), Some(2), None];
        arrow_through(&mut places, 1, &[Some(1)]);
        assert_eq!(places, [Some(2), Some(1), None]);
        // An item without a place that takes one leaves the holder without one.
        let mut places = [Some(1), None, None];
        arrow_through(&mut places, 2, &[Some(1)]);
        assert_eq!(places, [None, None, Some(1)]);
    }

    #[test]
    fn moving_up_and_down_past_several_places_restores_each() {
        // A 1st, B 2nd, C 3rd; C arrows up to 1st, then back down to 3rd.
        let mut places = [Some(1), Some(2), Some(3)];
        arrow_through(&mut places, 2, &[Some(2), Some(1), Some(2), Some(3)]);
        assert_eq!(places, [Some(1), Some(2), Some(3)]);
        // … and stopping on 1st swaps C with A only.
        let mut places = [Some(1), Some(2), Some(3)];
        arrow_through(&mut places, 2, &[Some(2), Some(1)]);
        assert_eq!(places, [Some(3), Some(2), Some(1)]);
    }

    #[test]
    fn a_swap_is_final_once_the_choice_is_left() {
        let mut places = [Some(1), Some(2), None];
        arrow_through(&mut places, 1, &[Some(1)]);
        // Then A's own choice moves: B's 1st is not given back to anyone.
        arrow_through(&mut places, 0, &[Some(3)]);
        assert_eq!(places, [Some(3), Some(1), None]);
    }
}
