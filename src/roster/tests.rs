use std::path::Path;

use super::*;
use crate::date;

const FILE: &str = "content/khen-thuong/ds/index.md";
const CSV: &str = "content/khen-thuong/ds/danh-sach.csv";

fn tz() -> FixedOffset {
    date::parse_offset("+07:00").unwrap()
}

fn read_in(root: &Path, front: &str) -> (Option<Roster>, Vec<Diagnostic>) {
    let file = Path::new(FILE);
    let mut f = Fields::parse(front, file, 1).unwrap();
    let src = Source {
        root,
        file,
        front,
        offset: 1,
        tz: tz(),
    };
    let r = Some(Roster::read(&mut f, &src));
    let mut d = f.diags;
    d.sort_by(|a, b| a.location.cmp(&b.location));
    (r, d)
}

fn read(front: &str) -> (Option<Roster>, Vec<Diagnostic>) {
    read_in(Path::new("/nonexistent"), front)
}

fn csv(text: &[u8]) -> Result<Vec<RawEntry>, Vec<Diagnostic>> {
    super::csv::parse(text, Path::new(CSV))
}

const DECIDED: &str = "title: T\ndecision:\n  number: 163/QĐ-UBND\n  date: 2024-01-05\n  issuer: Chủ tịch UBND tỉnh\naward: Bằng khen của Chủ tịch UBND tỉnh\nreason: Thành tích xuất sắc\n";

#[test]
fn inline_entries_in_file_order() {
    let front = format!(
        "{DECIDED}entries:\n  - {{ name: UBND xã Tả Phìn, kind: Tập Thể }}\n  - name: Lý Thị Sử\n    kind: CÁ NHÂN\n    position: Bí thư\n    unit: ubnd-xa-ban-ho\n    posthumous: true\n  - {{ name: Hộ ông A, kind: ho gia dinh, award: Giấy khen }}\n  - {{ name: B, kind: individual }}\n"
    );
    let (r, d) = read(&front);
    assert!(d.is_empty(), "{d:?}");
    let r = r.unwrap();
    let names: Vec<&str> = r.entries.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, ["UBND xã Tả Phìn", "Lý Thị Sử", "Hộ ông A", "B"]);
    let kinds: Vec<EntryKind> = r.entries.iter().map(|e| e.kind).collect();
    assert_eq!(
        kinds,
        [
            EntryKind::Collective,
            EntryKind::Individual,
            EntryKind::Household,
            EntryKind::Individual
        ]
    );
    assert!(r.entries[1].posthumous);
    assert_eq!(r.entries[1].unit_loc.line, 14);
    assert_eq!(r.entries[2].award, "Giấy khen");
    assert_eq!(r.entries[3].award, "Bằng khen của Chủ tịch UBND tỉnh");
    assert_eq!(
        r.counts,
        Counts {
            collective: 1,
            individual: 2,
            household: 1,
            total: 4
        }
    );
    assert_eq!(r.counts.text(), "01 tập thể, 02 cá nhân, 01 hộ gia đình");
    assert_eq!(date::text(&r.default_date().unwrap()), "5/1/2024");
}

#[test]
fn kinds_in_vietnamese() {
    for s in [
        "tập thể",
        "Tập thể",
        "TẬP THỂ",
        "tap the",
        "Tap  The",
        "collective",
        "Collective",
    ] {
        assert_eq!(EntryKind::parse(s), Some(EntryKind::Collective), "{s}");
    }
    for s in ["cá nhân", "Cá Nhân", "ca nhan", "individual"] {
        assert_eq!(EntryKind::parse(s), Some(EntryKind::Individual), "{s}");
    }
    for s in ["hộ gia đình", "Hộ Gia Đình", "ho gia dinh", "household"] {
        assert_eq!(EntryKind::parse(s), Some(EntryKind::Household), "{s}");
    }
    assert_eq!(EntryKind::parse("đơn vị"), None);
    let nfd: String = unicode_normalization::UnicodeNormalization::nfd("Hộ gia đình").collect();
    assert_eq!(EntryKind::parse(&nfd), Some(EntryKind::Household));
}

#[test]
fn counts_text_is_zero_padded() {
    let c = Counts {
        collective: 3,
        individual: 2,
        household: 0,
        total: 5,
    };
    assert_eq!(c.text(), "03 tập thể, 02 cá nhân");
    assert_eq!(
        Counts {
            individual: 11,
            total: 11,
            ..Counts::default()
        }
        .text(),
        "11 cá nhân"
    );
    assert_eq!(
        Counts {
            household: 120,
            total: 120,
            ..Counts::default()
        }
        .text(),
        "120 hộ gia đình"
    );
    assert_eq!(Counts::default().text(), "");
}

#[test]
fn entry_errors_with_lines() {
    let front = "title: T\ndecision: { number: 1/QĐ, date: 2024-01-05, issuer: X }\nentries:\n  - { kind: tập thể }\n  - name: A\n    kind: đơn vị\n  - name: B\n    kind: cá nhân\n    posthumous: [1]\n    chuc_vu: x\n  - C\n  - { name: D, kind: cá nhân }\n";
    let (r, d) = read(front);
    assert!(r.unwrap().entries.is_empty());
    let got: Vec<(usize, &str)> = d.iter().map(|d| (d.location.line, d.en.as_str())).collect();
    assert_eq!(d.len(), 6, "{got:#?}");
    assert!(d[0].location.line == 5 && d[0].en.contains("missing required key `name`"));
    assert!(d[1].location.line == 7 && d[1].en.contains("invalid kind `đơn vị`"));
    assert!(d[1].vi.contains("loại `đơn vị` không hợp lệ"));
    assert!(d[2].location.line == 10 && d[2].en.contains("`posthumous` must be true or false"));
    assert!(d[3].location.line == 11 && d[3].en.contains("unknown key `chuc_vu`"));
    assert!(d[4].location.line == 12 && d[4].en.contains("must be a mapping"));
    // No award on the roster nor on the entry.
    assert!(
        d[5].location.line == 13 && d[5].en.contains("`D` has no award"),
        "{:?}",
        d[5]
    );
    assert!(d[5].vi.contains("chưa có hình thức khen thưởng"));
}

#[test]
fn decision_and_consultation_rules() {
    let (_, d) = read("title: T\nentries: []\n");
    assert!(
        d.iter()
            .any(|d| d.location.line == 1 && d.en.contains("missing required key `decision`")),
        "{d:?}"
    );
    let (_, d) = read("title: T\ndecision:\n  number: \"\"\n  signer: X\nstatus: decided\naward: A\nentries: []\n");
    let got: Vec<(usize, &str)> = d.iter().map(|d| (d.location.line, d.en.as_str())).collect();
    assert!(
        got.contains(&(
            4,
            "missing `decision.number` (required when `status: decided`)"
        )),
        "{got:#?}"
    );
    assert!(
        got.contains(&(
            3,
            "missing `decision.date` (required when `status: decided`)"
        )),
        "{got:#?}"
    );
    assert!(
        got.contains(&(
            3,
            "missing `decision.issuer` (required when `status: decided`)"
        )),
        "{got:#?}"
    );
    let (_, d) = read("title: T\nstatus: proposed\naward: A\nentries: []\n");
    assert!(
        d.iter()
            .any(|d| d.en.contains("missing required key `consultation`")),
        "{d:?}"
    );
    let (_, d) = read("title: T\nstatus: pending\naward: A\nentries: []\n");
    assert!(
        d.iter()
            .any(|d| d.location.line == 3 && d.en.contains("invalid status `pending`")),
        "{d:?}"
    );
    let (r, d) = read("title: T\nstatus: proposed\nconsultation:\n  from: 2026-11-16\n  until: 2026-11-27\n  contact: Ban TĐKT\naward: A\nentries:\n  - { name: X, kind: cá nhân }\n");
    assert!(d.is_empty(), "{d:?}");
    let r = r.unwrap();
    assert!(r.decision.is_none());
    assert_eq!(date::text(&r.default_date().unwrap()), "16/11/2026");
    let (_, d) = read("title: T\nstatus: proposed\nconsultation: { from: 2026-11-16, until: 2026-11-01 }\naward: A\nentries: []\n");
    assert!(
        d.iter()
            .any(|d| d.en.contains("`consultation.until` is before")),
        "{d:?}"
    );
    assert!(
        d.iter()
            .any(|d| !d.is_error() && d.en.contains("consultation.contact")),
        "{d:?}"
    );
}

#[test]
fn exactly_one_source_of_entries() {
    let (_, d) = read(DECIDED);
    assert!(
        d.iter().any(|d| d
            .en
            .contains("missing required key `entries` (or `entries_file`")),
        "{d:?}"
    );
    let (_, d) = read(&format!("{DECIDED}entries: []\nentries_file: ds.csv\n"));
    let e = d
        .iter()
        .find(|d| d.en.contains("use only one of"))
        .expect("both");
    assert_eq!(e.location.line, 10);
    let (_, d) = read(&format!("{DECIDED}entries_file: ../ds.csv\n"));
    assert!(
        d.iter()
            .any(|d| d.location.line == 9 && d.en.contains("must name a CSV file beside the page")),
        "{d:?}"
    );
    let (_, d) = read(&format!("{DECIDED}entries_file: khong-co.csv\n"));
    assert!(
        d.iter().any(|d| d.location.line == 9
            && d.en
                .contains("cannot read the entries file `content/khen-thuong/ds/khong-co.csv`")),
        "{d:?}"
    );
}

#[test]
fn entries_file_beside_the_page() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("content/khen-thuong/ds")).unwrap();
    std::fs::write(
        dir.path().join(CSV),
        "Tên,Loại\nSở Nội vụ,tập thể\nNguyễn Văn A,cá nhân\n",
    )
    .unwrap();
    let (r, d) = read_in(
        dir.path(),
        &format!("{DECIDED}entries_file: danh-sach.csv\n"),
    );
    assert!(d.is_empty(), "{d:?}");
    let r = r.unwrap();
    assert_eq!(r.entries.len(), 2);
    assert_eq!(r.entries_file.as_deref(), Some(Path::new(CSV)));
    assert_eq!(r.counts.text(), "01 tập thể, 01 cá nhân");
}

#[test]
fn csv_download_reads_back() {
    let front = format!("{DECIDED}entries:\n  - {{ name: \"Tổ A, B\", kind: tập thể, note: \"dòng 1\\ndòng 2\" }}\n  - {{ name: Lê C, kind: cá nhân, posthumous: true, achievement: Riêng, unit: so-noi-vu }}\n");
    let (r, d) = read(&front);
    assert!(d.is_empty(), "{d:?}");
    let r = r.unwrap();
    let bytes = super::csv::write(&r, |e| e.unit.as_ref().map(|_| "Sở Nội vụ".to_string()));
    let text = String::from_utf8(bytes.clone()).unwrap();
    assert_eq!(
        text,
        "\u{feff}STT,\"Tên tập thể, cá nhân\",Loại,Chức vụ,Đơn vị,Hình thức khen thưởng,Thành tích,Truy tặng,Ghi chú\r\n\
         1,\"Tổ A, B\",Tập thể,,,Bằng khen của Chủ tịch UBND tỉnh,Thành tích xuất sắc,,\"dòng 1\ndòng 2\"\r\n\
         2,Lê C,Cá nhân,,Sở Nội vụ,Bằng khen của Chủ tịch UBND tỉnh,Riêng,x,\r\n"
    );
    let back = csv(&bytes).unwrap();
    assert_eq!(back.len(), 2);
    assert_eq!(back[0].name, "Tổ A, B");
    assert_eq!(back[0].note.as_deref(), Some("dòng 1\ndòng 2"));
    assert!(back[1].posthumous);
}

#[test]
fn csv_download_cells_are_never_formulas() {
    let front = format!("{DECIDED}entries:\n  - {{ name: \"=HYPERLINK(\\\"http://x\\\")\", kind: cá nhân, position: \"+84 phó\", note: \"@SUM(A1)\" }}\n  - {{ name: \"-Tổ B\", kind: tập thể }}\n");
    let (r, d) = read(&front);
    assert!(d.is_empty(), "{d:?}");
    let r = r.unwrap();
    let bytes = super::csv::write(&r, |_| None);
    let text = String::from_utf8(bytes.clone()).unwrap();
    for line in text.lines().skip(1) {
        for cell in line.split(',') {
            let cell = cell.trim_start_matches('"');
            assert!(
                !cell.starts_with(['=', '+', '-', '@']),
                "formula cell {cell:?} in {text}"
            );
        }
    }
    let back = csv(&bytes).unwrap();
    assert_eq!(back[0].name, "=HYPERLINK(\"http://x\")");
    assert_eq!(back[0].position.as_deref(), Some("+84 phó"));
    assert_eq!(back[0].note.as_deref(), Some("@SUM(A1)"));
    assert_eq!(back[1].name, "-Tổ B");
}
