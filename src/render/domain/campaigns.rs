//! Campaign pages (`campaign.html`) and `campaigns` section listings
//! (`campaign_list.html`: ongoing, upcoming and ended groups).

use crate::render::Output;
use tera::Value;

use super::{page_link, render_page, summary_extras};
use crate::campaign::{Campaign, Status};
use crate::date;
use crate::model::{resolve_asset_url, Page, PageId, SectionId};
use crate::render::values::{self, obj, opt_text, text};
use crate::render::{output_path, render_template, Ctx};

pub(super) fn page(ctx: &Ctx, id: PageId) -> Option<Output> {
    let p = &ctx.site.pages[id];
    let c = p.campaign.as_ref()?;
    render_page(ctx, p, ("campaign", value(ctx, p, c)))
}

fn value(ctx: &Ctx, p: &Page, c: &Campaign) -> Value {
    let site = ctx.site;
    let now = &site.options.now;
    let status = c.status(now);
    let idx = &site.domain;
    let document = c.document.as_ref().map_or_else(Value::none, |d| {
        obj([
            ("kind", opt_text(d.kind.as_deref())),
            ("number", opt_text(d.number.as_deref())),
            ("date", values::date(d.date.as_ref())),
            ("issuer", opt_text(d.issuer.as_deref())),
            ("signer", opt_text(d.signer.as_deref())),
            ("summary", opt_text(d.summary.as_deref())),
            (
                "file_url",
                d.file.as_deref().map_or_else(Value::none, |f| {
                    text(&resolve_asset_url(&site.config, &p.url, f))
                }),
            ),
        ])
    });
    let ended = status == Status::Ended;
    let milestones = values::list(c.milestones_in_order().into_iter().map(|m| {
        obj([
            ("title", text(&m.title)),
            ("date", values::date(m.date.as_ref())),
            ("when", opt_text(m.when.as_deref())),
            ("label", text(&m.label())),
            ("past", Value::from(m.past(now, ended))),
        ])
    }));
    let list = |ids: Option<&Vec<PageId>>| ctx.summaries(ids.map_or(&[][..], |v| &v[..]));
    let rosters = values::list(
        idx.campaign_rosters
            .get(&p.id)
            .into_iter()
            .flatten()
            .map(|&r| {
                let page = &site.pages[r];
                let mut extra = summary_extras(site, page);
                if let Some(roster) = &page.roster {
                    extra.push(("counts_text", text(&roster.counts.text())));
                }
                values::summary(&ctx.links, page, extra)
            }),
    );
    let texts = |v: &[String]| values::list(v.iter().map(|s| text(s)));
    obj([
        ("issuer", text(&c.issuer)),
        ("slogan", opt_text(c.slogan.as_deref())),
        ("form", opt_text(c.form.as_deref())),
        ("document", document),
        ("start", text(&date::rfc3339(&c.start))),
        ("end", text(&date::rfc3339(&c.end))),
        ("status", text(status.as_str())),
        ("status_label", text(status.label())),
        (
            "days_left",
            if status == Status::Ongoing {
                Value::from(c.days_left(now))
            } else {
                Value::none()
            },
        ),
        (
            "days_until_start",
            if status == Status::Upcoming {
                Value::from(c.days_until_start(now))
            } else {
                Value::none()
            },
        ),
        ("period_text", text(&c.period_text())),
        ("participants", texts(&c.participants)),
        ("goals", texts(&c.goals)),
        ("awards", texts(&c.awards)),
        ("milestones", milestones),
        (
            "parent",
            p.refs
                .parent
                .map_or_else(Value::none, |id| page_link(site, id)),
        ),
        ("children", list(idx.campaign_children.get(&p.id))),
        ("news", list(idx.campaign_news.get(&p.id))),
        ("rosters", rosters),
    ])
}

/// A `campaigns` section: every campaign of the section (and its
/// subsections) in the section's order, grouped by status.
pub(super) fn list(ctx: &Ctx, id: SectionId) -> Option<Output> {
    let site = ctx.site;
    let s = &site.sections[id];
    let now = &site.options.now;
    let groups = values::list(Status::ALL.iter().map(|&status| {
        let ids: Vec<PageId> = s
            .pages
            .iter()
            .copied()
            .filter(|&i| {
                site.pages[i]
                    .campaign
                    .as_ref()
                    .is_some_and(|c| c.status(now) == status)
            })
            .collect();
        obj([
            ("status", text(status.as_str())),
            ("label", text(status.label())),
            ("campaigns", ctx.summaries(&ids)),
        ])
    }));
    let template = s.source.template.as_deref().unwrap_or("campaign_list.html");
    let mut vars = values::section_listing(site, id, &s.source.title);
    vars.extend([
        ("subsections", values::subsections(site, id)),
        ("groups", groups),
    ]);
    let html = render_template(ctx, template, &s.url, s.source.file.as_deref(), vars)?;
    Some((output_path(site, &s.url), html))
}
