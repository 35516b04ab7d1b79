//! Rendering of campaigns, rosters, units and blocks: their pages, the
//! listings of `campaigns` and `rosters` sections (with roster year pages),
//! the roster CSV downloads, `/don-vi/` and `/khoi-thi-dua/`; and the extras
//! other templates receive (summary fields, `page.units`, `page.campaign`,
//! the home's ongoing campaigns). Shapes: themes/cong/README.md.

mod campaigns;
mod rosters;
mod units;

use crate::render::Output;
use tera::Value;

use super::values::{self, text};
use super::{page_template, render_template, Ctx};
use crate::campaign::Status;
use crate::frontmatter::Kind;
use crate::model::{Page, PageId, Section, SectionId, Site};

/// One output file of this module.
#[derive(Debug, Clone)]
pub(crate) enum Job {
    CampaignList(SectionId),
    /// A roster section's listing page `n`, of all years or of one.
    RosterList {
        section: SectionId,
        year: Option<i32>,
        n: usize,
    },
    Campaign(PageId),
    Roster(PageId),
    RosterCsv(PageId),
    UnitList,
    Unit(usize),
    BlockList,
    Block(usize),
}

/// Sections whose listing this module renders.
pub(crate) fn owns_section(s: &Section) -> bool {
    matches!(s.source.kind, Kind::Campaigns | Kind::Rosters)
}

/// Pages this module renders.
pub(crate) fn owns_page(p: &Page) -> bool {
    matches!(p.kind, Kind::Campaigns | Kind::Rosters)
}

/// The jobs of a page this module owns (its own page and, for rosters, the CSV).
pub(crate) fn page_jobs(p: &Page) -> Option<Vec<Job>> {
    match p.kind {
        Kind::Campaigns => Some(vec![Job::Campaign(p.id)]),
        Kind::Rosters => Some(vec![Job::Roster(p.id), Job::RosterCsv(p.id)]),
        _ => None,
    }
}

pub(crate) fn jobs(ctx: &Ctx) -> Vec<Job> {
    let site = ctx.site;
    let mut jobs = vec![Job::UnitList, Job::BlockList];
    for (id, s) in site.sections.iter().enumerate().skip(1) {
        match s.source.kind {
            Kind::Campaigns => jobs.push(Job::CampaignList(id)),
            Kind::Rosters => {
                let per = ctx.paginate(Some(id));
                let all = rosters::listed(site, s);
                jobs.extend(
                    (1..=values::page_count(all.len(), per)).map(|n| Job::RosterList {
                        section: id,
                        year: None,
                        n,
                    }),
                );
                for (year, ids) in rosters::by_year(site, &all) {
                    let pages = values::page_count(ids.len(), per);
                    jobs.extend((1..=pages).map(|n| Job::RosterList {
                        section: id,
                        year: Some(year),
                        n,
                    }));
                }
            }
            _ => {}
        }
    }
    jobs.extend(site.pages.iter().filter_map(page_jobs).flatten());
    jobs.extend((0..site.units.len()).map(Job::Unit));
    jobs.extend((0..site.blocks.len()).map(Job::Block));
    jobs
}

/// Render one job: its output path and contents, or `None` (after reporting
/// an error, or when the page's data had errors already reported).
pub(crate) fn render(ctx: &Ctx, job: &Job) -> Option<Output> {
    match job {
        Job::CampaignList(id) => campaigns::list(ctx, *id),
        Job::RosterList { section, year, n } => rosters::list(ctx, *section, *year, *n),
        Job::Campaign(id) => campaigns::page(ctx, *id),
        Job::Roster(id) => rosters::page(ctx, *id),
        Job::RosterCsv(id) => rosters::csv(ctx, *id),
        Job::UnitList => units::unit_list(ctx),
        Job::Unit(i) => units::unit(ctx, *i),
        Job::BlockList => units::block_list(ctx),
        Job::Block(i) => units::block(ctx, *i),
    }
}

/// The `/don-vi/<id>/` URL of a unit.
pub(crate) fn unit_url(site: &Site, i: usize) -> String {
    format!("{}don-vi/{}/", site.config.base_path, site.units[i].id)
}

/// The `/khoi-thi-dua/<id>/` URL of a block.
pub(crate) fn block_url(site: &Site, i: usize) -> String {
    format!(
        "{}khoi-thi-dua/{}/",
        site.config.base_path, site.blocks[i].id
    )
}

/// `{name, url}` of a unit (also `title`, for shared link shapes).
fn unit_link(site: &Site, i: usize) -> Value {
    values::link(&site.units[i].name, &unit_url(site, i))
}

fn page_link(site: &Site, id: PageId) -> Value {
    values::link(site.pages[id].title(), &site.pages[id].url)
}

/// Extra summary fields of campaign and roster pages (README "Summary").
pub(crate) fn summary_extras(site: &Site, p: &Page) -> Vec<(&'static str, Value)> {
    let now = &site.options.now;
    if let Some(c) = &p.campaign {
        let status = c.status(now);
        let mut v = vec![
            ("campaign_status", text(status.as_str())),
            ("campaign_status_label", text(status.label())),
            ("campaign_issuer", text(&c.issuer)),
            ("campaign_period_text", text(&c.period_text())),
        ];
        if status == Status::Ongoing {
            v.push(("campaign_days_left", Value::from(c.days_left(now))));
        }
        return v;
    }
    if let Some(r) = &p.roster {
        return vec![
            ("roster_counts_text", text(&r.counts.text())),
            ("roster_status", text(r.status.as_str())),
            ("roster_status_label", text(r.status.label())),
        ];
    }
    Vec::new()
}

/// `page.units` and `page.campaign` (news and rosters).
pub(crate) fn page_extras(site: &Site, p: &Page) -> Vec<(&'static str, Value)> {
    let mut v = vec![(
        "units",
        values::list(p.refs.units.iter().map(|&u| unit_link(site, u))),
    )];
    if let Some(c) = p.refs.campaign {
        v.push(("campaign", page_link(site, c)));
    }
    v
}

/// The home's `campaigns`: ongoing campaigns, newest first.
pub(crate) fn home_campaigns(ctx: &Ctx) -> Value {
    let site = ctx.site;
    let ongoing = site
        .pages
        .iter()
        .filter(|p| {
            p.campaign
                .as_ref()
                .is_some_and(|c| c.status(&site.options.now) == Status::Ongoing)
        })
        .map(|p| p.id);
    ctx.summaries(&crate::model::newest_first(site, ongoing))
}

/// URLs this module adds to the sitemap.
pub(crate) fn sitemap_urls(site: &Site) -> Vec<String> {
    let mut urls = vec![
        site.config.url("/don-vi/"),
        site.config.url("/khoi-thi-dua/"),
    ];
    urls.extend((0..site.units.len()).map(|i| unit_url(site, i)));
    urls.extend((0..site.blocks.len()).map(|i| block_url(site, i)));
    for s in site
        .sections
        .iter()
        .filter(|s| s.source.kind == Kind::Rosters)
    {
        let all = rosters::listed(site, s);
        urls.extend(
            rosters::by_year(site, &all)
                .into_iter()
                .map(|(y, _)| rosters::year_url(s, y)),
        );
    }
    urls
}

/// The variables every page of a campaign or roster gets.
fn page_vars(ctx: &Ctx, p: &Page) -> Vec<(&'static str, Value)> {
    let site = ctx.site;
    vec![
        ("title", text(p.title())),
        ("description", text(&p.summary)),
        ("og_type", text("article")),
        (
            "og_image",
            p.image.as_deref().map_or_else(Value::none, text),
        ),
        (
            "page",
            values::page(site, &ctx.links, p, page_extras(site, p)),
        ),
    ]
}

/// Render a campaign or roster page with its kind's template (or `template:`).
fn render_page(ctx: &Ctx, p: &Page, extra: (&'static str, Value)) -> Option<Output> {
    let template = p.fm().template.as_deref().unwrap_or(page_template(p.kind));
    let mut vars = page_vars(ctx, p);
    vars.push(extra);
    vars.retain(|(_, v)| !v.is_none());
    let html = render_template(ctx, template, &p.url, Some(&p.source.file), vars)?;
    Some((super::output_path(ctx.site, &p.url), html))
}
