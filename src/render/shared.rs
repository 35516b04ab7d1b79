//! Fragments many pages share, rendered once instead of once per page:
//!
//! - the site chrome, `partials/header.html` and `partials/footer.html`,
//!   once per menu state, handed to every page template as `chrome.header`
//!   and `chrome.footer`. The header sees the globals and `menu_current`,
//!   the URLs of the menu entries the page belongs to (computed here with the
//!   rules the header used to apply itself: the home entry on the home page
//!   only, any other entry on every page under its URL); the footer sees the
//!   globals only;
//! - the "Tin cùng chuyên mục" box, `partials/same_section.html`, once per
//!   section and list of pages (nearly every article of a section shows the
//!   same newest ones), handed to `article.html` as `same_section_html`.
//!
//! - a page's line or card in lists ([`Fragment`]): the `headline` and
//!   `card` components rendered from its summary once per page, handed to
//!   templates beside the summary as `headline_html` (the related box of
//!   articles) and `card_html` (section and tag listings).
//!
//! Each fragment is a pure function of its key, so sharing it changes no
//! byte of the output.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, OnceLock, RwLock};

use rayon::prelude::*;
use tera::{Context, Value};

use super::same_section::SameSectionBox;
use super::values::{self, obj};
use super::{theme, Ctx};
use crate::model::PageId;

const HEADER: &str = "partials/header.html";
const FOOTER: &str = "partials/footer.html";
const SAME_SECTION: &str = "partials/same_section.html";

/// Rendered fragments by key; `None` records an error, reported once. Each
/// key is rendered by the first thread that needs it, outside the map's
/// lock: threads wait only for a key they need that is being rendered.
struct Memo<K> {
    rendered: RwLock<HashMap<K, Arc<OnceLock<Option<Value>>>>>,
}

impl<K: Hash + Eq + Clone> Memo<K> {
    fn new() -> Memo<K> {
        Memo {
            rendered: RwLock::new(HashMap::new()),
        }
    }

    fn forget(&mut self) {
        self.rendered
            .get_mut()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
    }

    fn get(&self, key: K, render: impl FnOnce(&K) -> Option<Value>) -> Option<Value> {
        let found = self
            .rendered
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .get(&key)
            .cloned();
        let cell = match found {
            Some(cell) => cell,
            None => self
                .rendered
                .write()
                .unwrap_or_else(|e| e.into_inner())
                .entry(key.clone())
                .or_default()
                .clone(),
        };
        cell.get_or_init(|| render(&key)).clone()
    }
}

/// The "Tin cùng chuyên mục" boxes, by section and list of pages.
pub(crate) struct SameSection {
    memo: Memo<(usize, Vec<PageId>)>,
    /// The box written without Tera, when the theme's is the built-in one.
    direct: Option<SameSectionBox>,
}

impl SameSection {
    pub fn new(direct: Option<SameSectionBox>) -> SameSection {
        SameSection {
            memo: Memo::new(),
            direct,
        }
    }

    pub fn forget(&mut self) {
        self.memo.forget();
    }

    /// The box listing `pages` of `section`, as safe HTML.
    pub fn get(&self, ctx: &Ctx, section: usize, pages: Vec<PageId>) -> Option<Value> {
        self.memo.get((section, pages), |(section, pages)| {
            let s = &ctx.site.sections[*section];
            if let (Some(direct), Some(cards)) = (&self.direct, &ctx.cards) {
                let items: Vec<Value> = pages.iter().map(|&p| ctx.summary(p)).collect();
                let link = (*section != 0).then_some((s.url.as_str(), s.source.title.as_str()));
                if let Some(html) = direct.render(cards, link, &items) {
                    return Some(Value::safe_string(&html));
                }
            }
            let mut c = Context::new();
            c.insert_value("same_section", ctx.summaries(pages));
            if *section != 0 {
                c.insert_value("section", values::section_link(s));
            }
            part(ctx, SAME_SECTION, &c).map(|html| Value::safe_string(&html))
        })
    }
}

/// Header and footer by menu state.
pub(crate) struct Chrome {
    /// Menu URLs, in menu order, and the home URL.
    menu: Vec<String>,
    home: String,
    /// By the set of current menu entries: a flag per entry, plus one for
    /// "this is the home page".
    memo: Memo<Vec<bool>>,
}

impl Chrome {
    pub fn new(menu: Vec<String>, home: String) -> Chrome {
        Chrome {
            menu,
            home,
            memo: Memo::new(),
        }
    }

    fn current(&self, page_url: &str) -> Vec<bool> {
        let mut key: Vec<bool> = self
            .menu
            .iter()
            .map(|m| {
                if *m == self.home {
                    page_url == m
                } else {
                    page_url.starts_with(m.as_str())
                }
            })
            .collect();
        key.push(page_url == self.home);
        key
    }

    /// The `chrome` value for a page at `page_url`: `{header, footer}`.
    pub fn get(&self, ctx: &Ctx, page_url: &str) -> Option<Value> {
        self.memo
            .get(self.current(page_url), |key| self.render(ctx, key))
    }

    fn render(&self, ctx: &Ctx, key: &[bool]) -> Option<Value> {
        let mut current: Vec<&str> = self
            .menu
            .iter()
            .zip(key)
            .filter(|(_, &on)| on)
            .map(|(m, _)| m.as_str())
            .collect();
        if key.last() == Some(&true) {
            current.push(&self.home);
        }
        let mut c = Context::new();
        c.insert_value(
            "menu_current",
            values::list(current.into_iter().map(values::text)),
        );
        let header = part(ctx, HEADER, &c)?;
        let footer = part(ctx, FOOTER, &Context::new())?;
        Some(obj([
            ("header", Value::safe_string(&header)),
            ("footer", Value::safe_string(&footer)),
        ]))
    }
}

/// A page's fragment in lists.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Fragment {
    /// The `headline` component, as `headline_html`.
    Headline,
    /// The `card` component with `h=2`, as `card_html`.
    Card,
    /// The `card` component with `h=2, show_section=true`, as `card_html`.
    CardWithSection,
}

impl Fragment {
    const ALL: [Fragment; 3] = [
        Fragment::Headline,
        Fragment::Card,
        Fragment::CardWithSection,
    ];

    fn component(self) -> &'static str {
        match self {
            Fragment::Headline => "headline",
            Fragment::Card | Fragment::CardWithSection => "card",
        }
    }

    /// The summary key the fragment goes under.
    pub(crate) fn key(self) -> &'static str {
        match self {
            Fragment::Headline => "headline_html",
            Fragment::Card | Fragment::CardWithSection => "card_html",
        }
    }

    fn args(self, item: Value) -> Context {
        let mut c = Context::new();
        c.insert_value("item", item);
        if !matches!(self, Fragment::Headline) {
            c.insert_value("h", Value::from(2));
        }
        if matches!(self, Fragment::CardWithSection) {
            c.insert_value("show_section", Value::from(true));
        }
        c
    }
}

/// The [`Fragment`]s of every page, each rendered when first needed and
/// kept as HTML. A component that takes implicit arguments other than the
/// site (which may differ from page to page) is never rendered ahead:
/// templates then call it themselves.
pub(crate) struct Fragments {
    usable: [bool; 3],
    cells: [Vec<OnceLock<Option<String>>>; 3],
}

impl Fragments {
    pub fn new(tera: &tera::Tera, pages: usize) -> Fragments {
        let usable = Fragment::ALL.map(|f| {
            tera.get_component_definition(f.component())
                .is_some_and(|d| {
                    d.args()
                        .iter()
                        .all(|a| !a.is_implicit() || a.name() == "site")
                })
        });
        let cells = Fragment::ALL.map(|_| (0..pages).map(|_| OnceLock::new()).collect());
        Fragments { usable, cells }
    }

    /// Frees every fragment, on all threads (ten thousand pages' worth).
    pub fn forget(&mut self) {
        for cells in &mut self.cells {
            cells.par_iter_mut().for_each(|cell| drop(cell.take()));
        }
    }

    /// The summary of page `id` with its fragment `f` under [`Fragment::key`].
    pub fn summary(&self, ctx: &Ctx, id: PageId, f: Fragment) -> Option<Value> {
        let html = self.html(ctx, id, f)?;
        let mut map = ctx.summary(id).into_map()?;
        map.insert(f.key().into(), Value::safe_string(html));
        Some(Value::from(map))
    }

    /// Fragment `f` of page `id`; `None` when templates must render it.
    pub fn html(&self, ctx: &Ctx, id: PageId, f: Fragment) -> Option<&str> {
        if !self.usable[f as usize] {
            return None;
        }
        self.cells[f as usize][id]
            .get_or_init(|| {
                let summary = ctx.summary(id);
                let tera = &ctx.theme.tera;
                // Room for a card, so the buffer does not grow step by step.
                let mut out = Vec::with_capacity(1024);
                let native = ctx.cards.as_ref().is_some_and(|c| match f {
                    Fragment::Headline => c.headline(&summary, &mut out),
                    Fragment::Card => c.card(&summary, 2, false, "", &mut out),
                    Fragment::CardWithSection => c.card(&summary, 2, true, "", &mut out),
                });
                let rendered = if native {
                    Ok(())
                } else {
                    let args = f.args(summary);
                    tera.render_component_to(f.component(), &args, None, true, &mut out)
                };
                match rendered {
                    // Tera writes whole strings; simdutf8 checks Vietnamese
                    // text faster than the standard library.
                    Ok(()) => simdutf8::basic::from_utf8(&out).ok().map(str::to_string),
                    Err(e) => {
                        ctx.diags.push(theme::template_error(&e, &ctx.theme.files));
                        None
                    }
                }
            })
            .as_deref()
    }
}

fn part(ctx: &Ctx, template: &str, c: &Context) -> Option<String> {
    match ctx.theme.tera.render(template, c) {
        Ok(html) => Some(html),
        Err(e) => {
            ctx.diags.push(theme::template_error(&e, &ctx.theme.files));
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Chrome, Fragments, Memo};
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::{mpsc, Arc};
    use std::time::Duration;
    use tera::Value;

    #[test]
    fn memo_renders_a_key_once() {
        let memo: Memo<u32> = Memo::new();
        let calls = AtomicUsize::new(0);
        std::thread::scope(|s| {
            for _ in 0..4 {
                s.spawn(|| {
                    memo.get(1, |_| {
                        calls.fetch_add(1, Ordering::SeqCst);
                        std::thread::sleep(Duration::from_millis(20));
                        Some(Value::from(1))
                    })
                });
            }
        });
        assert_eq!(calls.load(Ordering::SeqCst), 1);
        assert_eq!(memo.get(1, |_| None), Some(Value::from(1)));
    }

    /// A key renders while another is rendering (the map is not locked
    /// meanwhile): threads wait only for the key they need.
    #[test]
    fn memo_keys_render_side_by_side() {
        let memo: Arc<Memo<u32>> = Arc::new(Memo::new());
        let (tx, rx) = mpsc::channel();
        let got = memo.get(2, |_| {
            let m = Arc::clone(&memo);
            std::thread::spawn(move || tx.send(m.get(3, |_| Some(Value::from(3)))));
            let other = rx.recv_timeout(Duration::from_secs(20));
            assert_eq!(
                other.ok().flatten(),
                Some(Value::from(3)),
                "key 3 waited for key 2"
            );
            Some(Value::from(2))
        });
        assert_eq!(got, Some(Value::from(2)));
    }

    #[test]
    fn fragments_only_for_components_without_page_implicits() {
        let mut tera = tera::Tera::default();
        tera.add_raw_template(
            "c.html",
            "{% component headline(item, @site) %}{{ item.title }}{% endcomponent headline %}\
             {% component card(item, h=3, @page) %}{{ page.url }}{% endcomponent card %}",
        )
        .unwrap();
        let f = Fragments::new(&tera, 2);
        assert_eq!(f.usable, [true, false, false]);
        let f = Fragments::new(&tera::Tera::default(), 2);
        assert_eq!(f.usable, [false, false, false]);
    }

    #[test]
    fn current_menu_entries() {
        let c = Chrome::new(
            vec![
                "/bao/".into(),
                "/bao/thoi-su/".into(),
                "/bao/thoi-su/trong-tinh/".into(),
            ],
            "/bao/".into(),
        );
        assert_eq!(c.current("/bao/"), [true, false, false, true]);
        assert_eq!(c.current("/bao/thoi-su/a/"), [false, true, false, false]);
        assert_eq!(
            c.current("/bao/thoi-su/trong-tinh/b/"),
            [false, true, true, false]
        );
        assert_eq!(c.current("/bao/the/x/"), [false, false, false, false]);
    }
}
