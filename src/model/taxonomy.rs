//! Tags (`/the/`) and the monthly archive (`/luu-tru/`), computed once.

use std::cmp::Reverse;
use std::collections::{BTreeMap, HashMap};

use chrono::Datelike;
use rayon::prelude::*;

use super::{newest_first, PageId, Site};
use crate::collate::Collator;
use crate::slug::slugify;

#[derive(Debug)]
pub struct Tag {
    /// The first spelling met (pages in file order).
    pub name: String,
    pub slug: String,
    pub url: String,
    /// Newest first.
    pub pages: Vec<PageId>,
}

#[derive(Debug)]
pub struct Month {
    pub year: i32,
    pub month: u32,
    pub url: String,
    /// News of the month, newest first.
    pub pages: Vec<PageId>,
}

pub(super) fn build(site: &mut Site) {
    build_tags(site);
    build_archive(site);
}

fn build_tags(site: &mut Site) {
    let mut by_slug: HashMap<String, usize> = HashMap::new();
    let mut tags: Vec<Tag> = Vec::new();
    let mut page_tags: Vec<Vec<usize>> = vec![Vec::new(); site.pages.len()];
    // Slugs first, in parallel: the loop below is serial.
    let slugs: Vec<Vec<String>> = site
        .pages
        .par_iter()
        .map(|p| p.source.fm.tags.iter().map(|n| slugify(n)).collect())
        .collect();
    for (page, slugs) in site.pages.iter().zip(slugs) {
        for (name, slug) in page.source.fm.tags.iter().zip(slugs) {
            if slug.is_empty() {
                continue;
            }
            let t = *by_slug.entry(slug.clone()).or_insert_with(|| {
                tags.push(Tag {
                    name: name.clone(),
                    url: format!("{}the/{slug}/", site.config.base_path),
                    slug,
                    pages: Vec::new(),
                });
                tags.len() - 1
            });
            if !page_tags[page.id].contains(&t) {
                page_tags[page.id].push(t);
                tags[t].pages.push(page.id);
            }
        }
    }
    // Vietnamese order; remap page tag ids.
    let collator = Collator::new();
    let mut order: Vec<usize> = (0..tags.len()).collect();
    order.sort_by(|&a, &b| {
        collator
            .compare(&tags[a].name, &tags[b].name)
            .then_with(|| tags[a].slug.cmp(&tags[b].slug))
    });
    let mut new_index = vec![0; tags.len()];
    for (new, &old) in order.iter().enumerate() {
        new_index[old] = new;
    }
    let mut slots: Vec<Option<Tag>> = tags.into_iter().map(Some).collect();
    let mut sorted: Vec<Tag> = order
        .iter()
        .map(|&i| slots[i].take().expect("each tag once"))
        .collect();
    for tag in &mut sorted {
        tag.pages = newest_first(site, tag.pages.iter().copied());
    }
    for (page, ids) in site.pages.iter_mut().zip(page_tags) {
        page.tags = ids.into_iter().map(|i| new_index[i]).collect();
    }
    site.tags = sorted;
}

fn build_archive(site: &mut Site) {
    let tz = site.config.timezone;
    let mut months: BTreeMap<(i32, u32), Vec<PageId>> = BTreeMap::new();
    for &id in &site.news {
        if let Some(d) = site.pages[id].date {
            let d = d.with_timezone(&tz);
            months.entry((d.year(), d.month())).or_default().push(id);
        }
    }
    site.archive = months
        .into_iter()
        .rev()
        .map(|((year, month), pages)| Month {
            year,
            month,
            url: format!("{}luu-tru/{year:04}/{month:02}/", site.config.base_path),
            pages,
        })
        .collect();
}

/// Pages sharing tags with `page`, most shared first, then newest: at most
/// `limit`. Looks at a bounded number of candidates per tag, so the cost per
/// page does not grow with the site.
pub fn related(site: &Site, page: PageId, limit: usize) -> Vec<PageId> {
    const PER_TAG: usize = 40;
    let p = &site.pages[page];
    let mut candidates: Vec<PageId> = p
        .tags
        .iter()
        .flat_map(|&t| {
            site.tags[t]
                .pages
                .iter()
                .copied()
                .filter(|&o| o != page)
                .take(PER_TAG)
        })
        .collect();
    candidates.sort_unstable();
    // (page, number of shared tags) from the runs of equal ids.
    let mut counts: Vec<(PageId, usize)> = Vec::with_capacity(candidates.len());
    for id in candidates {
        match counts.last_mut() {
            Some((last, n)) if *last == id => *n += 1,
            _ => counts.push((id, 1)),
        }
    }
    // Most shared tags first, then newest, then by URL: a total order (URLs
    // are unique), with each candidate's key read from its page once.
    let mut keyed: Vec<_> = counts
        .into_iter()
        .map(|(id, n)| {
            let p = &site.pages[id];
            (Reverse(n), Reverse(p.date), p.url.as_str(), id)
        })
        .collect();
    // The first `limit` without sorting all the candidates.
    if keyed.len() > limit && limit > 0 {
        keyed.select_nth_unstable(limit - 1);
        keyed.truncate(limit);
    }
    keyed.sort_unstable();
    keyed.into_iter().take(limit).map(|k| k.3).collect()
}
