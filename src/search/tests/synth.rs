//! A synthetic Vietnamese news corpus (Zipf-distributed words), for the
//! sharding tests and the size report.

use unicode_normalization::UnicodeNormalization;

use super::super::query::search;
use super::super::*;

/// Frequent words of a provincial portal, most frequent first (written for
/// this test).
const COMMON: &str = "của và các có được trong cho là với đã những người năm tỉnh
    này đến một không theo tại công ngày để khi cũng đồng thi đua phong trào khen thưởng
    đơn vị tập thể cá nhân huyện xã cán bộ nhân dân chính quyền Đảng ủy UBND Lào Cai
    tổ chức thực hiện hoạt động phát triển kinh tế xã hội nông thôn mới xây dựng
    chủ tịch ban chỉ đạo kế hoạch triển khai hội nghị tổng kết năm quý tháng
    giao ước khối cụm bằng khen giấy lao động tiên tiến xuất sắc chiến sĩ cơ sở
    huân chương hạng nhì ba độc lập thủ tướng chính phủ quyết định số văn bản
    đường giao thông dương cầu trường học sinh giáo viên y tế bệnh viện sức khỏe
    văn hóa du lịch bản làng đồng bào dân tộc thiểu số miền núi biên giới
    mục tiêu nhiệm vụ giải pháp kết quả đạt chỉ tiêu đề ra thời gian tới";

/// One synthetic site: owned strings behind the docs.
pub struct Corpus {
    rows: Vec<(String, String, String, &'static str, String)>,
}

/// Borrowed docs of a corpus.
pub fn docs(c: &Corpus) -> Vec<SearchDoc<'_>> {
    c.rows
        .iter()
        .map(|(url, title, date, section, text)| SearchDoc {
            url,
            title,
            date: Some(date),
            section: Some(section),
            text,
        })
        .collect()
}

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Vocabulary: the common words, then generated syllables.
fn vocabulary() -> Vec<String> {
    let mut v: Vec<String> = COMMON.split_whitespace().map(str::to_string).collect();
    let onsets = [
        "", "b", "c", "ch", "d", "đ", "g", "gi", "h", "k", "kh", "l", "m", "n", "ng", "nh", "ph",
        "qu", "r", "s", "t", "th", "tr", "v", "x",
    ];
    let rhymes = [
        "a", "ai", "am", "an", "ang", "anh", "ao", "au", "ay", "ăm", "ăn", "ăng", "âm", "ân",
        "âng", "âu", "ây", "e", "em", "en", "eo", "ê", "êm", "ên", "ênh", "êu", "i", "ia", "im",
        "in", "inh", "iu", "iêm", "iên", "iêu", "o", "oa", "oai", "oan", "oanh", "oe", "oi", "om",
        "on", "ong", "ô", "ôi", "ôm", "ôn", "ông", "ơ", "ơi", "ơm", "ơn", "u", "ua", "ui", "um",
        "un", "ung", "uy", "uyên", "ư", "ưa", "ưng", "ươi", "ươn", "ương", "ươu",
    ];
    let tones = ["", "\u{300}", "\u{301}", "\u{303}", "\u{309}", "\u{323}"];
    for o in onsets {
        for r in rhymes {
            for t in tones {
                // Tone on the last vowel of the rhyme, then NFC.
                let pos = r
                    .char_indices()
                    .rfind(|(_, c)| "aăâeêioôơuưy".contains(*c))
                    .map_or(0, |(i, c)| i + c.len_utf8());
                let s = format!("{o}{}{t}{}", &r[..pos], &r[pos..]);
                v.push(s.nfc().collect());
            }
        }
    }
    let mut seen = std::collections::HashSet::new();
    v.retain(|w| seen.insert(w.clone()));
    v
}

/// Cumulative Zipf weights over `n` ranks.
fn zipf(n: usize) -> Vec<f64> {
    let mut acc = 0.0;
    (0..n)
        .map(|r| {
            acc += 1.0 / (r as f64 + 2.7);
            acc
        })
        .collect()
}

fn pick(rng: &mut Rng, cum: &[f64]) -> usize {
    let x = (rng.next() as f64 / (1u64 << 31) as f64) * cum[cum.len() - 1];
    cum.partition_point(|&c| c < x).min(cum.len() - 1)
}

/// `n` docs: titles of 8–16 words, bodies of 250–650 words, some numbers.
pub fn corpus(n: usize) -> Corpus {
    let vocab = vocabulary();
    let cum = zipf(vocab.len());
    let sections = [
        "Thời sự",
        "Chính trị",
        "Kinh tế",
        "Xã hội",
        "Thi đua - Khen thưởng",
        "Văn hóa",
        "Du lịch",
        "Quốc phòng - An ninh",
    ];
    let mut rng = Rng(20261120);
    let mut rows = Vec::with_capacity(n);
    for i in 0..n {
        let sentence = |rng: &mut Rng, len: usize| -> String {
            let mut s = String::new();
            for k in 0..len {
                if k > 0 {
                    s.push(if rng.below(12) == 0 { ',' } else { ' ' });
                    if s.ends_with(',') {
                        s.push(' ');
                    }
                }
                if rng.below(40) == 0 {
                    s.push_str(&(rng.below(3000) + 1).to_string());
                } else {
                    let w = &vocab[pick(rng, &cum)];
                    if k == 0 {
                        let mut c = w.chars();
                        let first = c.next().unwrap();
                        s.extend(first.to_uppercase());
                        s.push_str(c.as_str());
                    } else {
                        s.push_str(w);
                    }
                }
            }
            s
        };
        let title_len = 8 + rng.below(9);
        let title = sentence(&mut rng, title_len);
        let mut body = String::new();
        let mut words = 0;
        let target = 250 + rng.below(400);
        while words < target {
            let len = 8 + rng.below(20);
            body.push_str(&sentence(&mut rng, len));
            body.push_str(". ");
            words += len;
        }
        let day = i % 28 + 1;
        let month = (i / 28) % 12 + 1;
        let year = 2026 - (i / 336) % 12;
        rows.push((
            format!("/bao/tin-tuc/bai-viet-so-{i}/"),
            title,
            format!("{year}-{month:02}-{day:02}T08:00:00+07:00"),
            sections[rng.below(sections.len())],
            body,
        ));
    }
    Corpus { rows }
}

/// Prints the index's sizes and what typical queries fetch.
pub fn size_report(n: usize) {
    let corpus = corpus(n);
    let docs = docs(&corpus);
    let text_bytes: usize = docs.iter().map(|d| d.text.len() + d.title.len()).sum();
    let (t, cpu) = (std::time::Instant::now(), cpu_seconds());
    let files = build_index(&docs);
    let (elapsed, cpu) = (t.elapsed(), cpu_seconds() - cpu);
    let map = file_map(&files);
    let total: usize = files.iter().map(|(_, b)| b.len()).sum();
    let of = |prefix: &str| -> (usize, usize, usize) {
        let f: Vec<usize> = files
            .iter()
            .filter(|(p, _)| p.starts_with(prefix))
            .map(|(_, b)| b.len())
            .collect();
        (
            f.len(),
            f.iter().sum(),
            f.iter().copied().max().unwrap_or(0),
        )
    };
    println!(
        "{n} docs, {:.1} MB of text; index built in {cpu:.1} s CPU ({elapsed:.1?} wall)",
        text_bytes as f64 / 1e6
    );
    println!("total: {} files, {:.2} MB", files.len(), total as f64 / 1e6);
    println!("meta.json: {} bytes", map["meta.json"].len());
    for p in ["terms/", "forms/", "docs/"] {
        let (count, sum, max) = of(p);
        println!(
            "{p}: {count} files, {:.2} MB, largest {} KB, mean {} KB",
            sum as f64 / 1e6,
            max / 1024,
            sum / count.max(1) / 1024
        );
    }
    for q in [
        "thi dua",
        "lao cai",
        "Đảng ủy",
        "dang uy",
        "khen thuong",
        "nong thon moi",
        "đường giao thông",
        "huân chương lao động",
        "thi d",
        "chien s",
    ] {
        let out = search(&map, q, 10);
        let bytes: usize = out.files.iter().map(|f| map[f.as_str()].len()).sum();
        let size = |p: &str| -> usize {
            out.files
                .iter()
                .filter(|f| f.starts_with(p))
                .map(|f| map[f.as_str()].len())
                .sum()
        };
        println!(
            "query {q:?}: {} results, fetches {} files, {:.0} KB (meta {:.0}, terms {:.0}, forms {:.0}, docs {:.0})",
            out.total,
            out.files.len(),
            bytes as f64 / 1024.0,
            size("meta") as f64 / 1024.0,
            size("terms/") as f64 / 1024.0,
            size("forms/") as f64 / 1024.0,
            size("docs/") as f64 / 1024.0,
        );
    }
}

/// CPU time of this thread (Linux; 0 elsewhere).
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").unwrap_or_default();
    let rest: Vec<&str> = stat
        .rsplit_once(')')
        .map_or(vec![], |(_, r)| r.split_whitespace().collect());
    let ticks = |i: usize| {
        rest.get(i)
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    (ticks(11) + ticks(12)) / 100.0
}
