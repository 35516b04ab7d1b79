//! Tags (`/the/`) and the monthly archive (`/luu-tru/`), computed once.

use std::collections::BTreeMap;

use chrono::Datelike;

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
    // Looked up, never iterated: a fast hash.
    let mut by_slug: foldhash::HashMap<String, usize> = foldhash::HashMap::default();
    let mut tags: Vec<Tag> = Vec::new();
    let mut page_tags: Vec<Vec<usize>> = vec![Vec::new(); site.pages.len()];
    // Each spelling slugified once: a site has tens of thousands of tag
    // uses and a thousand or two tags.
    let mut slug_of: foldhash::HashMap<&str, String> = foldhash::HashMap::default();
    for page in &site.pages {
        for name in &page.source.fm.tags {
            let slug = slug_of
                .entry(name.as_str())
                .or_insert_with(|| slugify(name));
            if slug.is_empty() {
                continue;
            }
            let t = match by_slug.get(slug.as_str()) {
                Some(&t) => t,
                None => {
                    by_slug.insert(slug.clone(), tags.len());
                    tags.push(Tag {
                        name: name.clone(),
                        url: format!("{}the/{slug}/", site.config.base_path),
                        slug: slug.clone(),
                        pages: Vec::new(),
                    });
                    tags.len() - 1
                }
            };
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
    let p = &site.pages[page];
    let lists: Vec<&[PageId]> = p.tags.iter().map(|&t| &site.tags[t].pages[..]).collect();
    related_in(&lists, &site.recency, page, limit)
}

/// [`related`] over the page lists of `page`'s tags, each newest first
/// (ascending `recency`, [`super::Site::recency`]).
fn related_in(lists: &[&[PageId]], recency: &[u32], page: PageId, limit: usize) -> Vec<PageId> {
    const PER_TAG: usize = 40;
    // The newest PER_TAG other pages of each tag, with their recency, one
    // list after the other in one buffer (`ends[k]`: end of list k).
    let mut heads: Vec<(u32, PageId)> = Vec::with_capacity(lists.len() * PER_TAG);
    let mut ends: Vec<usize> = Vec::with_capacity(lists.len());
    for l in lists {
        let others = l.iter().copied().filter(|&o| o != page).take(PER_TAG);
        heads.extend(others.map(|o| (recency[o], o)));
        ends.push(heads.len());
    }
    // Merged newest first: a page on several of the lists comes up once per
    // list, in a row. `at[k]`: the next unread entry of list k.
    let mut at: Vec<usize> = (0..ends.len())
        .map(|k| if k == 0 { 0 } else { ends[k - 1] })
        .collect();
    // (page, number of tags shared), newest first.
    let mut counts: Vec<(PageId, usize)> = Vec::with_capacity(heads.len());
    loop {
        let mut next: Option<(u32, usize)> = None;
        for k in 0..at.len() {
            if at[k] < ends[k] {
                let r = heads[at[k]].0;
                if next.is_none_or(|(best, _)| r < best) {
                    next = Some((r, k));
                }
            }
        }
        let Some((_, k)) = next else { break };
        let id = heads[at[k]].1;
        at[k] += 1;
        match counts.last_mut() {
            Some((last, n)) if *last == id => *n += 1,
            _ => counts.push((id, 1)),
        }
    }
    // Most shared first; newest first among equals.
    let most = counts.iter().map(|c| c.1).max().unwrap_or(0);
    let mut out = Vec::with_capacity(limit);
    for n in (1..=most).rev() {
        for &(id, shared) in &counts {
            if out.len() == limit {
                return out;
            }
            if shared == n {
                out.push(id);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    /// The plain way: count every candidate, sort by (shared desc, newest).
    fn by_sorting(lists: &[&[PageId]], recency: &[u32], page: PageId, limit: usize) -> Vec<PageId> {
        let mut counts: HashMap<PageId, usize> = HashMap::new();
        for l in lists {
            for &id in l.iter().filter(|&&o| o != page).take(40) {
                *counts.entry(id).or_default() += 1;
            }
        }
        let mut v: Vec<(PageId, usize)> = counts.into_iter().collect();
        v.sort_by_key(|&(id, n)| (std::cmp::Reverse(n), recency[id]));
        v.into_iter().take(limit).map(|c| c.0).collect()
    }

    #[test]
    fn related_pages_are_the_most_shared_then_the_newest() {
        // A small generator (no dependency): 300 pages, tags of up to 90.
        let mut x: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = |m: usize| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x % m as u64) as usize
        };
        let n = 300;
        let mut recency: Vec<u32> = (0..n as u32).collect();
        for i in (1..n).rev() {
            recency.swap(i, next(i + 1));
        }
        for round in 0..200 {
            // No tags at all, too (a page without tags has no related pages).
            let tags: Vec<Vec<PageId>> = (0..next(7))
                .map(|_| {
                    let mut l: Vec<PageId> = (0..n).filter(|_| next(10) < 3).collect();
                    l.truncate(1 + next(90));
                    l.sort_by_key(|&id| recency[id]);
                    l
                })
                .collect();
            let lists: Vec<&[PageId]> = tags.iter().map(|l| &l[..]).collect();
            let page = next(n);
            for limit in [0, 1, 5, 12, 500] {
                assert_eq!(
                    related_in(&lists, &recency, page, limit),
                    by_sorting(&lists, &recency, page, limit),
                    "round {round}, limit {limit}"
                );
            }
        }
    }
}
