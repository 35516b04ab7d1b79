//! The built-in `partials/same_section.html` ("Tin cùng chuyên mục" under
//! an article) written directly: ten cards through Tera's `card` component
//! cost about 0.3 ms a box, and a news site has a few hundred different
//! boxes.
//!
//! Used only while the file is the built-in one this code mirrors
//! ([`MIRRORED`], checked by a test) and the cards come from [`Cards`]; a
//! box with a card this code does not cover gets `None` and Tera renders
//! it. Tests compare every box of the example site and of awkward pages
//! with Tera's.

use tera::Value;

use super::cards::Cards;
use super::frame::{self, Writer};
use super::literals;
use super::theme::Theme;

/// FNV-1a of the built-in file. When it changes, the direct writer turns
/// itself off until it is brought up to date (and
/// `mirrors_the_built_in_file` fails).
const MIRRORED: u64 = 0x774f_359c_0c92_143c;

const FILES: [(&str, &str); 1] = [(
    "partials/same_section.html",
    include_str!("../../themes/cong/templates/partials/same_section.html"),
)];

pub(crate) struct SameSectionBox {
    /// The "Xem tất cả" arrow.
    arrow: String,
}

impl SameSectionBox {
    /// `Some` when the theme's file is the built-in one mirrored here.
    pub fn new(theme: &Theme, base_path: &str) -> Option<SameSectionBox> {
        frame::mirrors(theme, &FILES, MIRRORED).then(|| SameSectionBox {
            arrow: literals::markup(&literals::sprite(base_path), "arrow", 14),
        })
    }

    /// The box of `section` (`(url, title)`, `None` for the root) listing
    /// the summaries `items`, as Tera renders it; `None` when Tera must.
    pub fn render(
        &self,
        cards: &Cards,
        section: Option<(&str, &str)>,
        items: &[Value],
    ) -> Option<String> {
        let mut w = Writer::new(1024 + 1024 * items.len());
        w.raw("<section class=\"same-section\" aria-labelledby=\"tin-cung-chuyen-muc\">\n  <div class=\"block-head\">\n    <h2 id=\"tin-cung-chuyen-muc\" class=\"block-title\">Tin cùng chuyên mục</h2>");
        if let Some((url, title)) = section {
            w.wrap("\n    <a class=\"block-more\" href=\"", url, "\">");
            w.wrap("Xem tất cả<span class=\"sr-only\"> tin ", title, "</span> ");
            w.raw(&self.arrow);
            w.raw("</a>");
        }
        w.raw("\n  </div>\n  <div class=\"card-grid\">");
        for item in items {
            w.raw("\n    ");
            if !cards.card(item, 3, false, "row", &mut w.out) {
                return None;
            }
        }
        w.raw("\n  </div>\n</section>\n");
        String::from_utf8(w.out).ok()
    }
}

#[cfg(test)]
mod tests;
