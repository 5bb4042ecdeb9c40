//! Moving keyboard focus after a change redraws part of a page, so that people using a keyboard
//! or a screen reader land where the change happened rather than at the top of the page.

/// Focuses the element with `id` once the page has drawn the current change; nothing on the
/// server, or if no such element exists by then.
pub fn focus_soon(id: String) {
    #[cfg(feature = "hydrate")]
    leptos::prelude::request_animation_frame(move || {
        use wasm_bindgen::JsCast;
        if let Some(element) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(&id))
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = element.focus();
        }
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = id;
}
