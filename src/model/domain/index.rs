//! The indexes over campaigns, rosters, units and blocks, computed once:
//! campaign → news, rosters, children; unit → awards, news, blocks, children.

use std::collections::HashMap;

use chrono::Datelike;

use super::Award;
use crate::frontmatter::Kind;
use crate::model::{newest_first, PageId, Site};
use crate::roster;

pub(super) fn build(site: &mut Site) {
    let mut news: HashMap<PageId, Vec<PageId>> = HashMap::new();
    let mut rosters: HashMap<PageId, Vec<PageId>> = HashMap::new();
    let mut children: HashMap<PageId, Vec<PageId>> = HashMap::new();
    let n = site.units.len();
    let mut unit_news: Vec<Vec<PageId>> = vec![Vec::new(); n];
    let mut unit_awards: Vec<Vec<Award>> = vec![Vec::new(); n];
    let tz = site.config.timezone;
    for p in &site.pages {
        match p.kind {
            Kind::News => {
                if let Some(c) = p.refs.campaign {
                    news.entry(c).or_default().push(p.id);
                }
                for &u in &p.refs.units {
                    unit_news[u].push(p.id);
                }
            }
            // A roster without a date had errors (already reported).
            Kind::Rosters if p.date.is_some() => {
                if let Some(c) = p.refs.campaign {
                    rosters.entry(c).or_default().push(p.id);
                }
            }
            Kind::Campaigns => {
                if let Some(parent) = p.refs.parent {
                    children.entry(parent).or_default().push(p.id);
                }
            }
            Kind::Pages | Kind::Rosters => {}
        }
        let Some(r) = p
            .roster
            .as_ref()
            .filter(|r| r.status == roster::Status::Decided && p.date.is_some())
        else {
            continue;
        };
        let year = p.date.map_or(0, |d| d.with_timezone(&tz).year());
        for (i, e) in r.entries.iter().enumerate() {
            if let Some(u) = e.name_ref {
                unit_awards[u].push(Award {
                    roster: p.id,
                    entry: i,
                    own: true,
                    year,
                });
            }
            if let Some(u) = e.unit_ref.filter(|&u| Some(u) != e.name_ref) {
                unit_awards[u].push(Award {
                    roster: p.id,
                    entry: i,
                    own: false,
                    year,
                });
            }
        }
    }
    let s: &Site = site;
    let sort = |m: HashMap<PageId, Vec<PageId>>| -> HashMap<PageId, Vec<PageId>> {
        m.into_iter()
            .map(|(k, v)| (k, newest_first(s, v.into_iter())))
            .collect()
    };
    let (news, rosters, children) = (sort(news), sort(rosters), sort(children));
    let unit_news: Vec<Vec<PageId>> = unit_news
        .into_iter()
        .map(|v| newest_first(s, v.into_iter()))
        .collect();
    for awards in &mut unit_awards {
        awards.sort_by(|a, b| {
            b.year
                .cmp(&a.year)
                .then_with(|| s.pages[b.roster].date.cmp(&s.pages[a.roster].date))
                .then_with(|| s.pages[a.roster].url.cmp(&s.pages[b.roster].url))
                .then(a.entry.cmp(&b.entry))
        });
    }
    let mut unit_blocks: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (b, block) in site.blocks.iter().enumerate() {
        let terms = block
            .terms
            .iter()
            .flat_map(|t| t.head.iter().chain(t.deputy.iter()));
        for id in block.members.iter().chain(terms) {
            if let Some(u) = site.domain.lookup.unit(id) {
                if !unit_blocks[u].contains(&b) {
                    unit_blocks[u].push(b);
                }
            }
        }
    }
    let mut unit_children: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, u) in site.units.iter().enumerate() {
        if let Some(p) = u.parent.as_deref().and_then(|p| site.domain.lookup.unit(p)) {
            unit_children[p].push(i);
        }
    }
    let collator = crate::collate::Collator::new();
    for c in &mut unit_children {
        c.sort_by(|&a, &b| collator.compare(&site.units[a].name, &site.units[b].name));
    }
    let d = &mut site.domain;
    d.campaign_news = news;
    d.campaign_rosters = rosters;
    d.campaign_children = children;
    d.unit_news = unit_news;
    d.unit_awards = unit_awards;
    d.unit_blocks = unit_blocks;
    d.unit_children = unit_children;
}
