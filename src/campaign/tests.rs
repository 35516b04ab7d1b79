use super::*;
use crate::diag::Diagnostic;
use std::path::Path;

fn tz() -> FixedOffset {
    date::parse_offset("+07:00").unwrap()
}

fn read(front: &str) -> (Option<Campaign>, Vec<Diagnostic>) {
    let file = Path::new("content/phong-trao/a.md");
    let mut f = Fields::parse(front, file, 1).unwrap();
    let c = Campaign::read(&mut f, front, 1, tz());
    (c, f.diags)
}

fn at(s: &str) -> Date {
    date::parse(s, tz()).unwrap()
}

const OK: &str = "title: Phong trào\nissuer: Chủ tịch UBND tỉnh\nform: Chuyen de\ndocument:\n  kind: Quy định\n  number: 11-QĐi/TW\n  date: 2024-10-10\nstart: 2024-10-14\nend: 2025-06-30\nmilestones:\n  - { title: Kết thúc, date: 2025-06-30 }\n  - { title: Sơ kết, when: \"quý I/2025\" }\n  - { title: Phát động, date: 2024-10-14 }\n";

#[test]
fn reads_a_campaign() {
    let (c, d) = read(OK);
    assert!(d.is_empty(), "{d:?}");
    let c = c.unwrap();
    assert_eq!(c.form.as_deref(), Some("chuyên đề"));
    assert_eq!(
        c.document.as_ref().unwrap().number.as_deref(),
        Some("11-QĐi/TW")
    );
    assert_eq!(date::text(&c.default_date()), "10/10/2024");
    assert_eq!(c.period_text(), "từ ngày 14/10/2024 đến hết ngày 30/6/2025");
    let order: Vec<String> = c.milestones_in_order().iter().map(|m| m.label()).collect();
    assert_eq!(order, ["14/10/2024", "30/6/2025", "quý I/2025"]);
}

#[test]
fn status_on_fixed_days() {
    let (c, _) = read(OK);
    let c = c.unwrap();
    assert_eq!(c.status(&at("2024-10-13 23:59")), Status::Upcoming);
    assert_eq!(c.days_until_start(&at("2024-10-13 23:59")), 1);
    assert_eq!(c.status(&at("2024-10-14 00:00")), Status::Ongoing);
    assert_eq!(c.status(&at("2025-06-30 23:59")), Status::Ongoing);
    assert_eq!(c.days_left(&at("2025-06-30 08:00")), 1);
    assert_eq!(c.days_left(&at("2025-06-21 08:00")), 10);
    assert_eq!(c.status(&at("2025-07-01 00:00")), Status::Ended);
    assert_eq!(Status::Ongoing.label(), "Đang diễn ra");
    // "Now" in UTC late on 13/10 is already 14/10 in +07:00.
    let utc = chrono::DateTime::parse_from_rfc3339("2024-10-13T18:00:00+00:00")
        .unwrap()
        .with_timezone(&tz());
    assert_eq!(c.status(&utc), Status::Ongoing);
}

#[test]
fn fuzzy_milestones() {
    assert_eq!(
        fuzzy_end("quý I/2025"),
        NaiveDate::from_ymd_opt(2025, 3, 31)
    );
    assert_eq!(
        fuzzy_end("Quý IV/2030"),
        NaiveDate::from_ymd_opt(2030, 12, 31)
    );
    assert_eq!(
        fuzzy_end("tháng 2/2024"),
        NaiveDate::from_ymd_opt(2024, 2, 29)
    );
    assert_eq!(fuzzy_end("năm 2020"), NaiveDate::from_ymd_opt(2020, 12, 31));
    assert_eq!(fuzzy_end("cuối đợt"), None);
    let m = Milestone {
        title: "Sơ kết".into(),
        date: None,
        when: Some("quý I/2025".into()),
    };
    assert!(!m.past(&at("2025-03-31"), false));
    assert!(m.past(&at("2025-04-01"), false));
}

#[test]
fn errors_with_lines() {
    let front = "title: P\nform: định kỳ\ndocument:\n  number: 1/KH\n  ngay: 2024-01-01\n  date: 2024-13-01\nstart: 2025-01-10\nend: 2025-01-09\nmilestones:\n  - { title: A }\n  - Sơ kết\n  - { title: B, date: 2025-01-01, khi: x }\n";
    let (c, mut d) = read(front);
    assert!(c.is_none());
    d.sort_by(|a, b| a.location.cmp(&b.location));
    let got: Vec<(usize, &str)> = d.iter().map(|d| (d.location.line, d.en.as_str())).collect();
    assert_eq!(d.len(), 8, "{got:#?}");
    // Lines are file lines: the front matter starts on line 2.
    assert_eq!(d[0].location.line, 1);
    assert!(d[0].en.contains("missing required key `issuer`"));
    assert!(d[1].location.line == 3 && d[1].en.contains("invalid form `định kỳ`"));
    assert!(d[1].vi.contains("hình thức `định kỳ` không hợp lệ"));
    assert!(d[2].location.line == 6 && d[2].en.contains("unknown key `ngay` in `document`"));
    assert!(
        d[3].location.line == 7
            && d[3]
                .en
                .contains("invalid date `2024-13-01` in `document.date`")
    );
    assert!(
        d[4].location.line == 9
            && d[4]
                .en
                .contains("`end` (9/1/2025) is before `start` (10/1/2025)")
    );
    assert!(d[4].vi.contains("trước ngày bắt đầu"));
    assert!(d[5].location.line == 11 && d[5].en.contains("needs `date` or `when`"));
    assert!(d[6].location.line == 12 && d[6].en.contains("each milestone must be"));
    assert!(d[7].location.line == 13 && d[7].en.contains("unknown key `khi`"));
}

#[test]
fn start_and_end_are_required() {
    let (c, d) = read("title: P\nissuer: X\nstart: 2025-01-01\n");
    assert!(c.is_none());
    assert_eq!(d.len(), 1);
    assert!(
        d[0].en.contains("missing required key `end`")
            && d[0].vi.contains("thiếu khóa bắt buộc `end`")
    );
}
