//! Roster pages (`roster.html`), their CSV downloads, and `rosters` section
//! listings (`roster_list.html`, newest first, with year pages
//! `/<section>/nam/<yyyy>/`).

use crate::render::Output;
use std::collections::HashMap;

use chrono::Datelike;
use tera::Value;

use super::{page_link, render_page, unit_url};
use crate::campaign::day_of;
use crate::date;
use crate::model::{newest_first, resolve_asset_url, Page, PageId, Section, SectionId, Site};
use crate::render::values::{self, obj, opt_text, text};
use crate::render::{output_path, render_template, Ctx};
use crate::roster::{self, Entry, Roster};

/// The rosters a section lists, newest first. (A roster without a date had
/// errors, already reported.)
pub(super) fn listed(site: &Site, s: &Section) -> Vec<PageId> {
    newest_first(
        site,
        s.pages
            .iter()
            .copied()
            .filter(|&i| site.pages[i].roster.is_some() && site.pages[i].date.is_some()),
    )
}

/// `ids` (newest first) grouped by year, newest year first.
pub(super) fn by_year(site: &Site, ids: &[PageId]) -> Vec<(i32, Vec<PageId>)> {
    let tz = site.config.timezone;
    let mut years: Vec<(i32, Vec<PageId>)> = Vec::new();
    for &id in ids {
        let Some(d) = site.pages[id].date else {
            continue;
        };
        let y = d.with_timezone(&tz).year();
        match years.iter_mut().find(|(year, _)| *year == y) {
            Some((_, v)) => v.push(id),
            None => years.push((y, vec![id])),
        }
    }
    years.sort_by_key(|y| std::cmp::Reverse(y.0));
    years
}

pub(super) fn year_url(s: &Section, year: i32) -> String {
    format!("{}nam/{year}/", s.url)
}

pub(super) fn list(ctx: &Ctx, id: SectionId, year: Option<i32>, n: usize) -> Option<Output> {
    let site = ctx.site;
    let s = &site.sections[id];
    let all = listed(site, s);
    let years = by_year(site, &all);
    let (ids, base) = match year {
        Some(y) => (
            years
                .iter()
                .find(|(x, _)| *x == y)
                .map(|(_, v)| v.clone())
                .unwrap_or_default(),
            year_url(s, y),
        ),
        None => (all, s.url.clone()),
    };
    let per = ctx.paginate(Some(id));
    let total = values::page_count(ids.len(), per);
    let chunk = values::page_chunk(&ids, per, n);
    let url = values::page_n_url(&base, n);
    let years_value = values::list(years.iter().map(|(y, v)| {
        obj([
            ("year", Value::from(*y as i64)),
            ("url", text(&year_url(s, *y))),
            ("count", Value::from(v.len())),
            ("current", Value::from(Some(*y) == year)),
        ])
    }));
    let mut title = s.source.title.clone();
    if let Some(y) = year {
        title = format!("{title} năm {y}");
    }
    if n > 1 {
        title = format!("{title} - Trang {n}");
    }
    let template = s.source.template.as_deref().unwrap_or("roster_list.html");
    let mut vars = values::section_listing(site, id, &title);
    vars.extend([
        ("rosters", ctx.summaries(chunk)),
        ("years", years_value),
        ("paginator", values::paginator(&base, n, total)),
    ]);
    if let Some(y) = year {
        vars.push(("year", Value::from(y as i64)));
    }
    let html = render_template(ctx, template, &url, s.source.file.as_deref(), vars)?;
    Some((output_path(site, &url), html))
}

pub(super) fn page(ctx: &Ctx, id: PageId) -> Option<Output> {
    let p = &ctx.site.pages[id];
    let r = p.roster.as_ref()?;
    render_page(ctx, p, ("roster", value(ctx.site, p, r)))
}

/// "Quyết định số 163/QĐ-UBND ngày 05/01/2024 của Chủ tịch UBND tỉnh"
pub fn decision_line(d: &roster::Decision) -> String {
    let mut line = String::from("Quyết định");
    if let Some(n) = &d.number {
        line.push_str(&format!(" số {n}"));
    }
    if let Some(date) = &d.date {
        line.push_str(&format!(" ngày {}", date::format(date, "date")));
    }
    if let Some(i) = &d.issuer {
        line.push_str(&format!(" của {i}"));
    }
    line
}

/// The unit an entry names, as shown: the registry's name when it matches.
fn unit_name(site: &Site, e: &Entry) -> Option<String> {
    match e.unit_ref {
        Some(u) => Some(site.units[u].name.clone()),
        None => e.unit.clone(),
    }
}

fn entry_value(site: &Site, stt: usize, e: &Entry) -> Value {
    let unit = match (e.unit_ref, &e.unit) {
        (Some(u), _) => values::link(&site.units[u].name, &unit_url(site, u)),
        (None, Some(u)) => obj([("name", text(u))]),
        (None, None) => Value::none(),
    };
    obj([
        ("stt", Value::from(stt)),
        ("name", text(&e.name)),
        ("kind", text(e.kind.as_str())),
        ("kind_label", text(e.kind.label())),
        ("position", opt_text(e.position.as_deref())),
        ("unit", unit),
        (
            "name_url",
            e.name_ref
                .map_or_else(Value::none, |u| text(&unit_url(site, u))),
        ),
        ("award", text(&e.award)),
        ("posthumous", Value::from(e.posthumous)),
        ("achievement", opt_text(e.achievement.as_deref())),
        ("note", opt_text(e.note.as_deref())),
    ])
}

fn value(site: &Site, p: &Page, r: &Roster) -> Value {
    let now = &site.options.now;
    let decision = r.decision.as_ref().map_or_else(Value::none, |d| {
        obj([
            ("number", opt_text(d.number.as_deref())),
            ("date", values::date(d.date.as_ref())),
            ("issuer", opt_text(d.issuer.as_deref())),
            ("signer", opt_text(d.signer.as_deref())),
            (
                "file_url",
                d.file.as_deref().map_or_else(Value::none, |f| {
                    text(&resolve_asset_url(&site.config, &p.url, f))
                }),
            ),
            ("line", text(&decision_line(d))),
        ])
    });
    let consultation = r.consultation.as_ref().map_or_else(Value::none, |c| {
        let today = now.date_naive();
        let open = day_of(&c.from, now) <= today && today <= day_of(&c.until, now);
        obj([
            ("from", text(&date::rfc3339(&c.from))),
            ("until", text(&date::rfc3339(&c.until))),
            ("contact", opt_text(c.contact.as_deref())),
            ("open", Value::from(open)),
        ])
    });
    // Groups by award, in order of first appearance; STT is the file order.
    let mut order: Vec<(&str, Vec<usize>)> = Vec::new();
    let mut slot: HashMap<&str, usize> = HashMap::new();
    for (i, e) in r.entries.iter().enumerate() {
        let g = *slot.entry(e.award.as_str()).or_insert_with(|| {
            order.push((e.award.as_str(), Vec::new()));
            order.len() - 1
        });
        order[g].1.push(i);
    }
    let groups = values::list(order.iter().map(|(award, idx)| {
        obj([
            ("award", text(award)),
            ("count", Value::from(idx.len())),
            (
                "entries",
                values::list(idx.iter().map(|&i| entry_value(site, i + 1, &r.entries[i]))),
            ),
        ])
    }));
    let c = r.counts;
    obj([
        ("status", text(r.status.as_str())),
        ("status_label", text(r.status.label())),
        ("decision", decision),
        ("consultation", consultation),
        ("award", opt_text(r.award.as_deref())),
        ("reason", opt_text(r.reason.as_deref())),
        ("period", opt_text(r.period.as_deref())),
        (
            "campaign",
            p.refs
                .campaign
                .map_or_else(Value::none, |id| page_link(site, id)),
        ),
        (
            "block",
            p.refs.block.map_or_else(Value::none, |b| {
                values::link(&site.blocks[b].name, &super::block_url(site, b))
            }),
        ),
        (
            "counts",
            obj([
                ("collective", Value::from(c.collective)),
                ("individual", Value::from(c.individual)),
                ("household", Value::from(c.household)),
                ("total", Value::from(c.total)),
            ]),
        ),
        ("counts_text", text(&c.text())),
        ("groups", groups),
        ("csv_url", text(&format!("{}{}", p.url, roster::CSV_NAME))),
    ])
}

/// `<roster URL>danh-sach.csv`.
pub(super) fn csv(ctx: &Ctx, id: PageId) -> Option<Output> {
    let site = ctx.site;
    let p = &site.pages[id];
    let r = p.roster.as_ref()?;
    let bytes = roster::csv::write(r, |e| unit_name(site, e));
    let text = String::from_utf8(bytes).expect("the CSV writer writes UTF-8");
    Some((
        output_path(site, &format!("{}{}", p.url, roster::CSV_NAME)),
        text.into_bytes(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decision_lines() {
        let d = roster::Decision {
            number: Some("163/QĐ-UBND".into()),
            date: date::parse("2024-01-05", date::parse_offset("+07:00").unwrap()),
            issuer: Some("Chủ tịch UBND tỉnh".into()),
            signer: None,
            file: None,
        };
        assert_eq!(
            decision_line(&d),
            "Quyết định số 163/QĐ-UBND ngày 05/01/2024 của Chủ tịch UBND tỉnh"
        );
        let partial = roster::Decision {
            number: Some("11-QĐi/TW".into()),
            ..Default::default()
        };
        assert_eq!(decision_line(&partial), "Quyết định số 11-QĐi/TW");
    }
}
