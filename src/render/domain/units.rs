//! Units (`/don-vi/`, `/don-vi/<id>/`) and blocks (`/khoi-thi-dua/`,
//! `/khoi-thi-dua/<id>/`).

use crate::render::Output;
use tera::Value;

use super::{block_url, page_link, unit_link, unit_url};
use crate::collate::Collator;
use crate::model::{Award, Site};
use crate::render::values::{self, obj, opt_text, text};
use crate::render::{output_path, render_template, Ctx};
use crate::unit::Unit;

fn write(ctx: &Ctx, template: &str, url: &str, vars: Vec<(&'static str, Value)>) -> Option<Output> {
    let html = render_template(ctx, template, url, None, vars)?;
    Some((output_path(ctx.site, url), html))
}

/// Unit indexes in Vietnamese alphabetical order of their names.
pub(crate) fn vietnamese_order(units: &[Unit]) -> Vec<usize> {
    let collator = Collator::new();
    let mut order: Vec<usize> = (0..units.len()).collect();
    order.sort_by(|&a, &b| {
        collator
            .compare(&units[a].name, &units[b].name)
            .then_with(|| units[a].id.cmp(&units[b].id))
    });
    order
}

pub(super) fn unit_list(ctx: &Ctx) -> Option<Output> {
    let site = ctx.site;
    let units = values::list(vietnamese_order(&site.units).into_iter().map(|i| {
        let u = &site.units[i];
        obj([
            ("id", text(&u.id)),
            ("name", text(&u.name)),
            ("short", opt_text(u.short.as_deref())),
            ("url", text(&unit_url(site, i))),
            ("kind", opt_text(u.kind.as_deref())),
            ("awards", Value::from(site.domain.unit_awards[i].len())),
        ])
    }));
    let url = site.config.url("/don-vi/");
    write(
        ctx,
        "unit_list.html",
        &url,
        vec![
            ("title", text("Đơn vị")),
            (
                "description",
                text(&format!(
                    "Các cơ quan, đơn vị, địa phương và quá trình khen thưởng trên {}",
                    site.config.title
                )),
            ),
            ("og_type", text("website")),
            ("units", units),
        ],
    )
}

fn award_item(site: &Site, a: &Award) -> Value {
    let page = &site.pages[a.roster];
    let Some(r) = page.roster.as_ref() else {
        return Value::none();
    };
    let e = &r.entries[a.entry];
    obj([
        ("award", text(&e.award)),
        ("recipient", text(&e.name)),
        ("position", opt_text(e.position.as_deref())),
        ("posthumous", Value::from(e.posthumous)),
        ("kind", text(e.kind.as_str())),
        ("kind_label", text(e.kind.label())),
        ("roster", page_link(site, a.roster)),
        ("date", values::date(page.date.as_ref())),
        (
            "decision_number",
            opt_text(r.decision.as_ref().and_then(|d| d.number.as_deref())),
        ),
        ("year", Value::from(a.year as i64)),
    ])
}

/// `[{year, own, people}]`, newest year first (awards arrive sorted so).
fn history(site: &Site, awards: &[Award]) -> Value {
    let mut years: Vec<(i32, Vec<Value>, Vec<Value>)> = Vec::new();
    for a in awards {
        if years.last().is_none_or(|(y, _, _)| *y != a.year) {
            years.push((a.year, Vec::new(), Vec::new()));
        }
        let (_, own, people) = years.last_mut().expect("pushed above");
        if a.own { own } else { people }.push(award_item(site, a));
    }
    values::list(years.into_iter().map(|(year, own, people)| {
        obj([
            ("year", Value::from(year as i64)),
            ("own", values::list(own)),
            ("people", values::list(people)),
        ])
    }))
}

/// "Trưởng khối năm 2026" when the unit heads (or deputises) the block in
/// the block's latest term.
fn role(site: &Site, b: usize, unit: &str) -> Value {
    let block = &site.blocks[b];
    let word = block.kind.as_deref().unwrap_or("khối");
    let Some(t) = block.terms.first() else {
        return Value::none();
    };
    if t.head.as_deref() == Some(unit) {
        text(&format!("Trưởng {word} năm {}", t.year))
    } else if t.deputy.as_deref() == Some(unit) {
        text(&format!("Phó {word} năm {}", t.year))
    } else {
        Value::none()
    }
}

pub(super) fn unit(ctx: &Ctx, i: usize) -> Option<Output> {
    let site = ctx.site;
    let u = &site.units[i];
    let idx = &site.domain;
    let parent = u
        .parent
        .as_deref()
        .and_then(|p| idx.lookup.unit(p))
        .map_or_else(Value::none, |p| unit_link(site, p));
    let unit = obj([
        ("id", text(&u.id)),
        ("name", text(&u.name)),
        ("short", opt_text(u.short.as_deref())),
        ("kind", opt_text(u.kind.as_deref())),
        ("url", text(&unit_url(site, i))),
        ("aliases", values::list(u.aliases.iter().map(|a| text(a)))),
        ("parent", parent),
        (
            "children",
            values::list(idx.unit_children[i].iter().map(|&c| unit_link(site, c))),
        ),
    ]);
    let blocks = values::list(idx.unit_blocks[i].iter().map(|&b| {
        let block = &site.blocks[b];
        obj([
            ("name", text(&block.name)),
            ("url", text(&block_url(site, b))),
            ("kind", opt_text(block.kind.as_deref())),
            ("role", role(site, b, &u.id)),
        ])
    }));
    let url = unit_url(site, i);
    write(
        ctx,
        "unit.html",
        &url,
        vec![
            ("title", text(&u.name)),
            (
                "description",
                text(&format!(
                    "Quá trình khen thưởng, tin bài và khối thi đua của {}",
                    u.name
                )),
            ),
            ("og_type", text("website")),
            ("unit", unit),
            ("history", history(site, &idx.unit_awards[i])),
            ("news", ctx.summaries(&idx.unit_news[i])),
            ("blocks", blocks),
        ],
    )
}

pub(super) fn block_list(ctx: &Ctx) -> Option<Output> {
    let site = ctx.site;
    let blocks = values::list(site.blocks.iter().enumerate().map(|(i, b)| {
        obj([
            ("id", text(&b.id)),
            ("name", text(&b.name)),
            ("kind", opt_text(b.kind.as_deref())),
            ("url", text(&block_url(site, i))),
            ("members", Value::from(b.members.len())),
        ])
    }));
    let url = site.config.url("/khoi-thi-dua/");
    write(
        ctx,
        "block_list.html",
        &url,
        vec![
            ("title", text("Khối, cụm thi đua")),
            (
                "description",
                text(&format!("Các khối, cụm thi đua trên {}", site.config.title)),
            ),
            ("og_type", text("website")),
            ("blocks", blocks),
        ],
    )
}

pub(super) fn block(ctx: &Ctx, i: usize) -> Option<Output> {
    let site = ctx.site;
    let b = &site.blocks[i];
    let lookup = &site.domain.lookup;
    let link = |id: &str| {
        lookup
            .unit(id)
            .map_or_else(Value::none, |u| unit_link(site, u))
    };
    let terms = values::list(b.terms.iter().map(|t| {
        obj([
            ("year", Value::from(t.year)),
            ("head", t.head.as_deref().map_or_else(Value::none, link)),
            ("deputy", t.deputy.as_deref().map_or_else(Value::none, link)),
        ])
    }));
    let url = block_url(site, i);
    let block = obj([
        ("id", text(&b.id)),
        ("name", text(&b.name)),
        ("kind", opt_text(b.kind.as_deref())),
        ("url", text(&url)),
        ("members", values::list(b.members.iter().map(|m| link(m)))),
        ("terms", terms),
    ]);
    write(
        ctx,
        "block.html",
        &url,
        vec![
            ("title", text(&b.name)),
            (
                "description",
                text(&format!(
                    "Đơn vị thành viên và trưởng, phó {} qua các năm",
                    b.kind.as_deref().unwrap_or("khối")
                )),
            ),
            ("og_type", text("website")),
            ("block", block),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_in_vietnamese_order() {
        let names = [
            "Trường Chính trị tỉnh",
            "Đảng ủy Khối Cơ quan - Doanh nghiệp tỉnh",
            "Báo Lào Cai",
            "Truyền hình Lào Cai",
            "Doanh nghiệp tư nhân Hoàng Liên",
            "Bảo hiểm xã hội tỉnh",
            "Ủy ban Kiểm tra Tỉnh ủy",
            "UBND xã Tả Van",
        ];
        let units: Vec<Unit> = names
            .iter()
            .enumerate()
            .map(|(i, n)| Unit {
                id: format!("u{i}"),
                name: n.to_string(),
                ..Unit::default()
            })
            .collect();
        let sorted: Vec<&str> = vietnamese_order(&units)
            .into_iter()
            .map(|i| units[i].name.as_str())
            .collect();
        assert_eq!(
            sorted,
            [
                "Bảo hiểm xã hội tỉnh",
                "Báo Lào Cai",
                "Doanh nghiệp tư nhân Hoàng Liên",
                "Đảng ủy Khối Cơ quan - Doanh nghiệp tỉnh",
                "Truyền hình Lào Cai",
                "Trường Chính trị tỉnh",
                "UBND xã Tả Van",
                "Ủy ban Kiểm tra Tỉnh ủy",
            ]
        );
    }
}
