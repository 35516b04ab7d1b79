//! Compact encodings of the index: postings as JSON-safe variable-length
//! numbers, and the shard plan (which terms go in which file).

/// 64 characters that need no escaping in JSON or URLs. A character carries
/// 5 bits of a number; index ≥ 32 means "more characters follow".
const DIGITS: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Appends `v` to `out`, low 5 bits first.
pub fn push_num(out: &mut String, mut v: u64) {
    loop {
        let low = (v & 31) as usize;
        v >>= 5;
        if v == 0 {
            out.push(DIGITS[low] as char);
            return;
        }
        out.push(DIGITS[low + 32] as char);
    }
}

/// Decodes a string written by [`push_num`] calls.
pub fn read_nums(s: &str) -> Vec<u64> {
    let mut out = Vec::new();
    let (mut v, mut shift) = (0u64, 0u32);
    for b in s.bytes() {
        let d = DIGITS.iter().position(|&x| x == b).unwrap_or(0) as u64;
        v |= (d & 31) << shift;
        if d >= 32 {
            shift += 5;
        } else {
            out.push(v);
            v = 0;
            shift = 0;
        }
    }
    out
}

/// One shard: its key and the range of the sorted term list it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shard {
    pub key: String,
    pub terms: Vec<usize>,
}

/// Groups sorted terms into shards. A term belongs to the shard whose key is
/// the longest key that begins the term. Keys start as the first 2 characters
/// (1 for one-character terms); a group larger than `target` bytes is split
/// by the next character, recursively; the terms equal to the key stay in the
/// key's own shard (so one very common term can make a large shard alone).
/// `sizes[i]` is the byte size of term `i`'s entry.
pub fn plan_shards(terms: &[String], sizes: &[usize], target: usize) -> Vec<Shard> {
    let mut out = Vec::new();
    let idx: Vec<usize> = (0..terms.len()).collect();
    for (key, group) in group_by_prefix(terms, &idx, 2) {
        split(terms, sizes, target, key, group, &mut out);
    }
    out.sort_by(|a, b| a.key.cmp(&b.key));
    out
}

/// Longest shard key; past it a group stays one shard whatever its size.
const MAX_KEY_CHARS: usize = 24;

fn split(
    terms: &[String],
    sizes: &[usize],
    target: usize,
    key: String,
    group: Vec<usize>,
    out: &mut Vec<Shard>,
) {
    let total: usize = group.iter().map(|&i| sizes[i]).sum();
    let klen = key.chars().count();
    let (own, longer): (Vec<usize>, Vec<usize>) = group
        .into_iter()
        .partition(|&i| terms[i].chars().count() <= klen);
    // A single term cannot be split further, and very long shared prefixes
    // stop splitting (a huge word would otherwise recurse once per character).
    if total <= target
        || longer.is_empty()
        || (own.is_empty() && longer.len() == 1)
        || klen >= MAX_KEY_CHARS
    {
        let mut all = own;
        all.extend(longer);
        all.sort_unstable();
        out.push(Shard { key, terms: all });
        return;
    }
    if !own.is_empty() {
        out.push(Shard { key, terms: own });
    }
    for (child, sub) in group_by_prefix(terms, &longer, klen + 1) {
        split(terms, sizes, target, child, sub, out);
    }
}

/// Groups term indices (in sorted order) by their first `n` characters.
fn group_by_prefix(terms: &[String], idx: &[usize], n: usize) -> Vec<(String, Vec<usize>)> {
    let mut out: Vec<(String, Vec<usize>)> = Vec::new();
    for &i in idx {
        let key: String = terms[i].chars().take(n).collect();
        match out.last_mut() {
            Some((k, v)) if *k == key => v.push(i),
            _ => out.push((key, vec![i])),
        }
    }
    out
}

/// The file stem of a shard (`terms/<stem>.json`, `forms/<stem>.json`):
/// the key itself when it is plain ASCII; keys with other characters, and
/// names Windows reserves ("con", "aux"…), are written in hex after `_`.
pub fn shard_stem(key: &str) -> String {
    const RESERVED: [&str; 4] = ["con", "prn", "aux", "nul"];
    let plain = !key.is_empty()
        && key
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
    let reserved = RESERVED.contains(&key)
        || ((key.starts_with("com") || key.starts_with("lpt"))
            && key.len() == 4
            && key.as_bytes()[3].is_ascii_digit());
    if plain && !reserved {
        key.to_string()
    } else {
        let hex: String = key.bytes().map(|b| format!("{b:02x}")).collect();
        format!("_{hex}")
    }
}

/// FNV-1a, 64 bits, a byte at a time.
pub fn fnv1a(h: &mut u64, bytes: &[u8]) {
    for &b in bytes {
        *h ^= u64::from(b);
        *h = h.wrapping_mul(0x100_0000_01b3);
    }
}

/// FNV-1a's step taken eight bytes at a time (little-endian words, the
/// tail zero-padded, then the length): a file's hash for the index id,
/// eight times fewer multiplications than [`fnv1a`] on megabytes of index.
pub fn file_hash(path: &str, bytes: &[u8]) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64;
    fnv1a(&mut h, path.as_bytes());
    fnv1a(&mut h, &[0]);
    let mut words = bytes.chunks_exact(8);
    for w in &mut words {
        h ^= u64::from_le_bytes(w.try_into().expect("8 bytes"));
        h = h.wrapping_mul(0x100_0000_01b3);
    }
    let mut tail = [0u8; 8];
    tail[..words.remainder().len()].copy_from_slice(words.remainder());
    h ^= u64::from_le_bytes(tail);
    h = h.wrapping_mul(0x100_0000_01b3);
    h ^= bytes.len() as u64;
    h.wrapping_mul(0x100_0000_01b3)
}

/// The index's version id: [`fnv1a`] over the files' [`file_hash`]es, in
/// path order (changes with any file, path or content).
pub fn index_id(file_hashes: impl IntoIterator<Item = u64>) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64;
    for f in file_hashes {
        fnv1a(&mut h, &f.to_le_bytes());
    }
    h
}
