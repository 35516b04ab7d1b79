//! Campaigns, rosters, units and blocks in the model: the kind data of each
//! page read once (in parallel), references resolved and checked, and the
//! indexes the renderers need computed once, so no page scans all pages.

use std::collections::HashMap;
use std::path::Path;

use rayon::prelude::*;

use super::{PageId, Site};
use crate::campaign::Campaign;
use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::fields::Fields;
use crate::frontmatter::Kind;
use crate::roster::{self, EntryKind, Roster};
use crate::unit::{self, Lookup, Registry};
use crate::yaml;

mod index;

/// A page's resolved references.
#[derive(Debug, Clone, Default)]
pub struct Refs {
    /// News and rosters: the campaign named by `campaign:`.
    pub campaign: Option<PageId>,
    /// News: the units named by `units:` (unit indexes).
    pub units: Vec<usize>,
    /// Rosters: the block named by `block:`.
    pub block: Option<usize>,
    /// Campaigns: the campaign named by `parent:`.
    pub parent: Option<PageId>,
}

/// One line of a unit's award history.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Award {
    pub roster: PageId,
    /// Index in the roster's entries.
    pub entry: usize,
    /// A collective entry naming the unit itself (else: one of its people).
    pub own: bool,
    pub year: i32,
}

/// Indexes over campaigns, rosters and units. Lists of pages are newest first.
#[derive(Debug, Default)]
pub struct Index {
    pub lookup: Lookup,
    /// Campaign slug → page.
    pub campaigns: HashMap<String, PageId>,
    pub campaign_news: HashMap<PageId, Vec<PageId>>,
    pub campaign_rosters: HashMap<PageId, Vec<PageId>>,
    pub campaign_children: HashMap<PageId, Vec<PageId>>,
    /// By unit index: awards, newest year first (decided rosters only).
    pub unit_awards: Vec<Vec<Award>>,
    pub unit_news: Vec<Vec<PageId>>,
    /// By unit index: blocks it is a member, head or deputy of.
    pub unit_blocks: Vec<Vec<usize>>,
    pub unit_children: Vec<Vec<usize>>,
}

/// Read the kind data of every page, set kind default dates, resolve
/// references and build the indexes.
pub(super) fn build(site: &mut Site, registry: Registry, diags: &Diagnostics) {
    site.units = registry.units;
    site.blocks = registry.blocks;
    site.domain.lookup = registry.lookup;
    read_kinds(site, diags);
    site.recency = super::recency(&site.pages);
    campaign_slugs(site, diags);
    resolve(site, diags);
    index::build(site);
}

type KindData = (PageId, Option<Campaign>, Option<Roster>, Vec<Diagnostic>);

fn read_kinds(site: &mut Site, diags: &Diagnostics) {
    let root = site.root.clone();
    let tz = site.config.timezone;
    let read: Vec<KindData> = site
        .pages
        .par_iter()
        .filter(|p| matches!(p.kind, Kind::Campaigns | Kind::Rosters))
        .map(|p| {
            let s = &p.source;
            let mut f = match Fields::parse(&s.front, &s.file, s.front_offset) {
                Ok(f) => f,
                Err(d) => return (p.id, None, None, vec![d]),
            };
            let (c, r) = if p.kind == Kind::Campaigns {
                (Campaign::read(&mut f, &s.front, s.front_offset, tz), None)
            } else {
                let src = roster::Source {
                    root: &root,
                    file: &s.file,
                    front: &s.front,
                    offset: s.front_offset,
                    tz,
                };
                (None, Some(Roster::read(&mut f, &src)))
            };
            (p.id, c, r, f.diags)
        })
        .collect();
    for (id, c, r, ds) in read {
        diags.extend(ds);
        let page = &mut site.pages[id];
        if page.date.is_none() {
            page.date = c
                .as_ref()
                .map(Campaign::default_date)
                .or_else(|| r.as_ref().and_then(Roster::default_date));
        }
        if let Some(r) = &r {
            drop_csv_assets(page, r, diags);
        }
        page.campaign = c;
        page.roster = r;
    }
}

/// The roster's entries file is data, not a download: the page publishes
/// its own `danh-sach.csv`, so a bundle file of that name would clash.
fn drop_csv_assets(page: &mut super::Page, roster: &Roster, diags: &Diagnostics) {
    let Some(bundle) = page.source.bundle.clone() else {
        return;
    };
    let entries = roster
        .entries_file
        .as_deref()
        .and_then(|f| f.strip_prefix(&bundle).ok())
        .map(Path::to_path_buf);
    std::sync::Arc::make_mut(&mut page.source)
        .assets
        .retain(|a| {
            if Some(a) == entries.as_ref() {
                return false;
            }
            if a == Path::new(crate::roster::CSV_NAME) {
                diags.warning(
                    Location::file(bundle.join(a)),
                    format!(
                        "tệp `{}` không được xuất bản: loa tự tạo `{}` từ danh sách của trang",
                        a.display(),
                        crate::roster::CSV_NAME
                    ),
                    format!(
                        "`{}` is not published: loa writes its own `{}` from the page's entries",
                        a.display(),
                        crate::roster::CSV_NAME
                    ),
                );
                return false;
            }
            true
        });
}

fn key_loc(page: &super::Page, path: &[&str]) -> Location {
    let line = yaml::key_location(&page.source.front, path)
        .map_or(1, |(l, _)| l + page.source.front_offset);
    Location::at(&page.source.file, line, 1)
}

fn campaign_slugs(site: &mut Site, diags: &Diagnostics) {
    let mut map: HashMap<String, PageId> = HashMap::new();
    for p in site.pages.iter().filter(|p| p.kind == Kind::Campaigns) {
        if let Some(&other) = map.get(&p.slug) {
            diags.error(
                Location::at(&p.source.file, 1, 1),
                format!("hai phong trào cùng slug `{}`: {} và {}; `campaign:` sẽ không biết chọn trang nào", p.slug, site.pages[other].source.file.display(), p.source.file.display()),
                format!("two campaigns share the slug `{}`: {} and {}; `campaign:` could not tell them apart", p.slug, site.pages[other].source.file.display(), p.source.file.display()),
            );
        } else {
            map.insert(p.slug.clone(), p.id);
        }
    }
    site.domain.campaigns = map;
}

fn unknown_campaign(loc: Location, slug: &str) -> Diagnostic {
    Diagnostic::error(
        loc,
        format!("không có phong trào nào có slug `{slug}` (slug là phần cuối đường dẫn của trang phong trào)"),
        format!("no campaign with the slug `{slug}` (the last part of the campaign page's URL)"),
    )
}

/// Whether a file path written on the page at `page_url` climbs above the
/// site (`../../..` past the root, also after a leading `/`).
fn climbs_out(base_path: &str, page_url: &str, file: &str) -> bool {
    let f = file.trim();
    if f.starts_with("//") || f.contains("://") {
        return false;
    }
    let dir = if f.starts_with('/') {
        ""
    } else {
        page_url.strip_prefix(base_path).unwrap_or(page_url)
    };
    let mut depth: usize = 0;
    for part in dir.split('/').chain(f.split(['/', '\\'])) {
        match part {
            "" | "." => {}
            ".." if depth == 0 => return true,
            ".." => depth -= 1,
            _ => depth += 1,
        }
    }
    false
}

/// An entry's `unit` match and, for a collective entry, its name's match.
type EntryUnits = (Option<usize>, Option<usize>);

fn resolve(site: &mut Site, diags: &Diagnostics) {
    let idx = &site.domain;
    let mut refs: Vec<(PageId, super::Refs)> = Vec::new();
    let mut entry_refs: Vec<(PageId, Vec<EntryUnits>)> = Vec::new();
    for p in &site.pages {
        let mut r = super::Refs::default();
        let fm = p.fm();
        let campaign = match p.kind {
            Kind::News => fm.campaign.as_deref(),
            Kind::Rosters => p.roster.as_ref().and_then(|r| r.campaign.as_deref()),
            _ => None,
        };
        if let Some(slug) = campaign.map(str::trim) {
            r.campaign = idx.campaigns.get(slug).copied();
            if r.campaign.is_none() {
                diags.push(unknown_campaign(key_loc(p, &["campaign"]), slug));
            }
        }
        if p.kind == Kind::News {
            // Item lines are looked up only for a message (most pages name
            // no unknown unit, and reading them is most of this loop's cost).
            let mut lines = None;
            for (i, id) in fm.units.iter().enumerate() {
                match idx.lookup.unit(id.trim()) {
                    Some(u) if !r.units.contains(&u) => r.units.push(u),
                    Some(_) => {}
                    None => {
                        let lines = lines.get_or_insert_with(|| {
                            yaml::sequence_items(&p.source.front, &["units"])
                        });
                        let loc = match lines.get(i) {
                            Some(item) => {
                                Location::at(&p.source.file, item.line + p.source.front_offset, 1)
                            }
                            None => key_loc(p, &["units"]),
                        };
                        diags.push(unit::unknown_unit(loc, id.trim()));
                    }
                }
            }
        }
        let files = [
            (
                p.campaign
                    .as_ref()
                    .and_then(|c| c.document.as_ref()?.file.as_deref()),
                "document",
            ),
            (
                p.roster
                    .as_ref()
                    .and_then(|r| r.decision.as_ref()?.file.as_deref()),
                "decision",
            ),
        ];
        for (file, key) in files {
            if let Some(file) = file.filter(|f| climbs_out(&site.config.base_path, &p.url, f)) {
                diags.error(
                    key_loc(p, &[key, "file"]),
                    format!("`{key}.file` `{file}` trỏ ra ngoài trang web; hãy đặt tệp bên cạnh trang hoặc trong static/"),
                    format!("`{key}.file` `{file}` points outside the site; put the file beside the page or under static/"),
                );
            }
        }
        if let Some(c) = &p.campaign {
            if let Some(parent) = &c.parent {
                r.parent = idx.campaigns.get(parent).copied();
                if r.parent.is_none() {
                    diags.push(unknown_campaign(key_loc(p, &["parent"]), parent));
                } else if r.parent == Some(p.id) {
                    diags.error(
                        key_loc(p, &["parent"]),
                        "phong trào không thể là phong trào cấp trên của chính nó",
                        "a campaign cannot be its own parent",
                    );
                    r.parent = None;
                }
            }
        }
        if let Some(roster) = &p.roster {
            if let Some(b) = &roster.block {
                r.block = idx.lookup.block(b);
                if r.block.is_none() {
                    diags.error(
                        key_loc(p, &["block"]),
                        format!(
                            "không có khối thi đua nào có mã `{b}` trong {}",
                            unit::BLOCKS_FILE
                        ),
                        format!("no block with id `{b}` in {}", unit::BLOCKS_FILE),
                    );
                }
            }
            entry_refs.push((p.id, entry_units(roster, &idx.lookup, diags)));
        }
        refs.push((p.id, r));
    }
    for (id, r) in refs {
        site.pages[id].refs = r;
    }
    for (id, units) in entry_refs {
        if let Some(roster) = site.pages[id].roster.as_mut() {
            for (e, (unit_ref, name_ref)) in roster.entries.iter_mut().zip(units) {
                e.unit_ref = unit_ref;
                e.name_ref = name_ref;
            }
        }
    }
    check_parent_cycles(site, diags);
}

/// For each entry: the unit its `unit` names (a warning when it names none)
/// and, for a collective entry, the unit its name names.
fn entry_units(roster: &Roster, lookup: &Lookup, diags: &Diagnostics) -> Vec<EntryUnits> {
    roster
        .entries
        .iter()
        .map(|e| {
            let unit_ref = e.unit.as_deref().and_then(|u| {
                let found = lookup.find(u);
                if found.is_none() {
                    diags.warning(
                        e.unit_loc.clone(),
                        format!("đơn vị `{u}` không khớp mã, tên hay tên gọi khác nào trong {}; sẽ hiện như văn bản", unit::UNITS_FILE),
                        format!("unit `{u}` matches no unit id, name or alias in {}; it is shown as text", unit::UNITS_FILE),
                    );
                }
                found
            });
            let name_ref = (e.kind == EntryKind::Collective).then(|| lookup.find(&e.name)).flatten();
            (unit_ref, name_ref)
        })
        .collect()
}

fn check_parent_cycles(site: &mut Site, diags: &Diagnostics) {
    for id in 0..site.pages.len() {
        let mut seen = vec![id];
        let mut cur = site.pages[id].refs.parent;
        while let Some(p) = cur {
            if p == id {
                diags.error(
                    key_loc(&site.pages[id], &["parent"]),
                    "các phong trào lấy nhau làm phong trào cấp trên (vòng lặp `parent`)",
                    "campaigns name each other as parent (a `parent` cycle)",
                );
                site.pages[id].refs.parent = None;
                break;
            }
            if seen.contains(&p) {
                break;
            }
            seen.push(p);
            cur = site.pages[p].refs.parent;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::climbs_out;

    #[test]
    fn files_that_climb_out_of_the_site() {
        assert!(!climbs_out("/bao/", "/bao/phong-trao/a/", "chi-thi.pdf"));
        assert!(!climbs_out(
            "/bao/",
            "/bao/phong-trao/a/",
            "../../uploads/x.pdf"
        ));
        assert!(climbs_out("/bao/", "/bao/phong-trao/a/", "../../../x.pdf"));
        assert!(climbs_out(
            "/",
            "/phong-trao/a/",
            "../../../../../../etc/passwd"
        ));
        assert!(!climbs_out("/", "/phong-trao/a/", "/uploads/x.pdf"));
        assert!(climbs_out("/", "/phong-trao/a/", "/../../etc/passwd"));
        assert!(climbs_out("/", "/phong-trao/a/", "..\\..\\..\\x"));
        assert!(!climbs_out(
            "/",
            "/phong-trao/a/",
            "https://example.vn/../x.pdf"
        ));
    }
}
