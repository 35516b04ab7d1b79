//! Integration tests of campaigns, rosters, units and blocks: small sites
//! written into a temporary folder, built with the `loa` binary at fixed
//! dates (`SOURCE_DATE_EPOCH`), checked with a real HTML parser.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use scraper::{Html, Selector};

/// A site in a temporary folder.
struct Site {
    dir: tempfile::TempDir,
}

/// The epoch of a local (+07:00) time, as `SOURCE_DATE_EPOCH`.
fn epoch(local: &str) -> String {
    let tz = loa::date::parse_offset("+07:00").unwrap();
    loa::date::parse(local, tz).unwrap().timestamp().to_string()
}

/// "Now" for most tests: 2026-11-21 00:00 +07:00.
const NOW: &str = "2026-11-21 00:00";

impl Site {
    fn new(files: &[(&str, &str)]) -> Site {
        let site = Site {
            dir: tempfile::tempdir().unwrap(),
        };
        for (rel, text) in files {
            site.write(rel, text);
        }
        site
    }
    fn base() -> Site {
        Site::new(BASE)
    }
    fn root(&self) -> &Path {
        self.dir.path()
    }
    fn out(&self) -> PathBuf {
        self.root().join("public")
    }
    fn write(&self, rel: &str, text: &str) {
        self.write_bytes(rel, text.as_bytes());
    }
    fn write_bytes(&self, rel: &str, bytes: &[u8]) {
        let p = self.root().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }
    /// `loa <cmd> --root <site> [args]` at local time `now`.
    fn run(&self, cmd: &str, args: &[&str], now: &str) -> Output {
        Command::new(env!("CARGO_BIN_EXE_loa"))
            .arg(cmd)
            .arg("--root")
            .arg(self.root())
            .args(args)
            .env("SOURCE_DATE_EPOCH", epoch(now))
            .env_remove("LOA_LANG")
            .output()
            .unwrap()
    }
    fn build_at(&self, now: &str) -> Output {
        let out = self.run("build", &[], now);
        assert!(out.status.success(), "build failed:\n{}", stderr(&out));
        out
    }
    fn build(&self) -> Output {
        self.build_at(NOW)
    }
    fn bytes(&self, rel: &str) -> Vec<u8> {
        std::fs::read(self.out().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }
    fn html(&self, rel: &str) -> Html {
        Html::parse_document(&String::from_utf8(self.bytes(rel)).unwrap())
    }
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Texts of the elements matching `selector`, whitespace collapsed.
fn texts(doc: &Html, selector: &str) -> Vec<String> {
    doc.select(&sel(selector))
        .map(|e| squash(&e.text().collect::<String>()))
        .collect()
}

/// The text of `<main>` (or the body), whitespace collapsed.
fn main_text(doc: &Html) -> String {
    let main = texts(doc, "main");
    if main.is_empty() {
        texts(doc, "body").join(" ")
    } else {
        main.join(" ")
    }
}

fn hrefs(doc: &Html, selector: &str) -> Vec<String> {
    doc.select(&sel(selector))
        .filter_map(|e| e.value().attr("href").map(str::to_string))
        .collect()
}

/// Position of each needle in `hay`, asserting they appear in this order.
fn assert_in_order(hay: &str, needles: &[&str]) {
    let mut from = 0;
    for n in needles {
        match hay[from..].find(n) {
            Some(i) => from += i + n.len(),
            None => panic!("`{n}` missing or out of order in:\n{hay}"),
        }
    }
}

const UNITS: &str = "\
- id: bao-lao-cai
  name: Báo Lào Cai
  short: BLC
  aliases: [Báo Lào Cai điện tử]
  kind: cơ quan báo chí
- id: phong-thoi-su
  name: Phòng Thời sự - Chính trị
  parent: bao-lao-cai
- id: truyen-hinh
  name: Truyền hình Lào Cai
- id: truong-chinh-tri
  name: Trường Chính trị tỉnh
- id: dang-uy-khoi
  name: Đảng ủy Khối Cơ quan - Doanh nghiệp tỉnh
- id: doanh-nghiep-hoang-lien
  name: Doanh nghiệp tư nhân Hoàng Liên
- id: bhxh-tinh
  name: Bảo hiểm xã hội tỉnh
- id: ubnd-xa-ta-van
  name: UBND xã Tả Van
  aliases: [Ủy ban nhân dân xã Tả Van]
";

const BLOCKS: &str = "\
- id: khoi-tinh-uy
  name: Khối thi đua Các cơ quan Tỉnh ủy
  kind: khối
  members: [bao-lao-cai, truong-chinh-tri, dang-uy-khoi]
  terms:
    - { year: 2023, head: truong-chinh-tri, deputy: bao-lao-cai }
    - { year: 2024, head: bao-lao-cai, deputy: dang-uy-khoi }
";

const QD_163: &str = "---
title: Tặng Bằng khen năm 2023
decision:
  number: 163/QĐ-UBND
  date: 2024-01-05
  issuer: Chủ tịch UBND tỉnh
  signer: Lương Đức Tâm
award: Bằng khen của Chủ tịch UBND tỉnh
reason: Có thành tích xuất sắc
period: \"2023\"
campaign: ca-nuoc
block: khoi-tinh-uy
entries:
  - { name: Báo Lào Cai điện tử, kind: tập thể, award: Cờ thi đua của UBND tỉnh }
  - { name: Nguyễn Văn An, kind: cá nhân, position: Phóng viên, unit: \"  BÁO LÀO   CAI \" }
  - { name: Phòng Thời sự - Chính trị, kind: Tập thể, unit: bao-lao-cai }
  - name: Giàng A Chư
    kind: cá nhân
    unit: UBND xã Phúc Khánh
    posthumous: true
    award: Cờ thi đua của UBND tỉnh
  - { name: Hộ ông Sùng A Páo, kind: hộ gia đình, unit: ubnd-xa-ta-van }
---

Quyết định khen thưởng năm 2023.
";

const BASE: &[(&str, &str)] = &[
    ("loa.yaml", "title: Cổng thử\nbase_url: https://example.vn/bao/\n"),
    // Until the theme ships search.html.
    ("templates/search.html", "{% extends \"base.html\" %}{% block main %}Tìm kiếm{% endblock main %}"),
    ("data/units.yaml", UNITS),
    ("data/blocks.yaml", BLOCKS),
    ("content/phong-trao/_index.md", "---\ntitle: Phong trào thi đua\nkind: campaigns\n---\n"),
    (
        "content/phong-trao/ca-nuoc.md",
        "---\ntitle: Cả nước chung sức\nissuer: Ban Chấp hành Trung ương\ndocument:\n  kind: Quy định\n  number: 11-QĐi/TW\n  date: 2011-09-20\nstart: 2011-09-20\nend: 2030-12-31\n---\n",
    ),
    (
        "content/phong-trao/nam-2026.md",
        "---\ntitle: Thi đua năm 2026\nissuer: Chủ tịch UBND tỉnh\nslogan: Đoàn kết, sáng tạo\nform: thường xuyên\ndocument: { kind: Chỉ thị, number: 09/CT-UBND, date: 2026-01-05 }\nstart: 2026-01-05\nend: 2026-12-31\nparticipants: [Các sở, ban, ngành]\ngoals: [Nội dung một, Nội dung hai]\nmilestones:\n  - { title: Tổng kết năm, when: \"quý I/2027\" }\n  - { title: Sơ kết 6 tháng, date: 2026-07-15 }\n  - { title: Phát động, date: 2026-01-05 }\n  - { title: Kiểm tra chéo, when: \"tháng 11/2026\" }\nparent: ca-nuoc\n---\n\nNội dung phong trào.\n",
    ),
    ("content/phong-trao/chuyen-doi-so.md", "---\ntitle: Chung sức chuyển đổi số\nissuer: UBND tỉnh\nstart: 2027-01-01\nend: 2030-12-31\n---\n"),
    ("content/phong-trao/dac-biet.md", "---\ntitle: Thi đua đặc biệt\nissuer: UBND tỉnh\nstart: 2024-10-14\nend: 2025-06-30\n---\n"),
    ("content/tin-tuc/_index.md", "---\ntitle: Tin tức\n---\n"),
    ("content/tin-tuc/tin-a.md", "---\ntitle: Tin A tháng ba\ndate: 2026-03-01\ncampaign: nam-2026\nunits: [bao-lao-cai]\n---\n\nA.\n"),
    ("content/tin-tuc/tin-b.md", "---\ntitle: Tin B tháng mười\ndate: 2026-10-01\ncampaign: nam-2026\nunits:\n  - bao-lao-cai\n  - truong-chinh-tri\n---\n\nB.\n"),
    ("content/tin-tuc/tin-c.md", "---\ntitle: Tin C tháng sáu\ndate: 2026-06-01\ncampaign: nam-2026\n---\n\nC.\n"),
    ("content/khen-thuong/_index.md", "---\ntitle: Khen thưởng\nkind: rosters\n---\n"),
    ("content/khen-thuong/qd-163.md", QD_163),
    (
        "content/khen-thuong/ds/index.md",
        "---\ntitle: Khối Tỉnh ủy năm 2025\ndecision: { number: 118/QĐ-UBND, date: 2026-01-20, issuer: Chủ tịch UBND tỉnh }\naward: Bằng khen của Chủ tịch UBND tỉnh\ncampaign: nam-2026\nentries_file: nguon.csv\n---\n",
    ),
    (
        "content/khen-thuong/lay-y-kien.md",
        "---\ntitle: Lấy ý kiến đề nghị tặng Huân chương\nstatus: proposed\nconsultation:\n  from: 2026-11-16\n  until: 2026-11-27\n  contact: Ban Thi đua - Khen thưởng tỉnh, tdkt@example.vn\naward: Huân chương Lao động hạng Ba\nentries:\n  - { name: Trần Văn Bình, kind: cá nhân, unit: bao-lao-cai }\n---\n",
    ),
];

/// The bundle's CSV: BOM, `;`, CRLF, a quoted line break.
const NGUON_CSV: &str = "\u{feff}STT;Họ và tên;Loại;Chức vụ;Đơn vị công tác;Hình thức khen thưởng;Thành tích\r\n1;Trường Chính trị tỉnh;Tập thể;;;Cờ thi đua của UBND tỉnh;\"Dẫn đầu khối\r\nnăm 2025\"\r\n2;Lê Thị Hoa;Cá nhân;Phóng viên;Báo Lào Cai;;\r\n";

fn base_with_csv() -> Site {
    let site = Site::base();
    site.write("content/khen-thuong/ds/nguon.csv", NGUON_CSV);
    site
}

#[test]
fn campaign_status_on_fixed_dates() {
    let site = base_with_csv();
    let cases = [
        ("2026-01-04 12:00", "Sắp diễn ra", "Còn 1 ngày nữa bắt đầu"),
        ("2026-01-05 00:00", "Đang diễn ra", "Còn 361 ngày"),
        ("2026-12-31 23:00", "Đang diễn ra", "Còn 1 ngày"),
        ("2027-01-01 00:00", "Đã kết thúc", "Đã kết thúc"),
    ];
    for (now, label, extra) in cases {
        site.build_at(now);
        let text = main_text(&site.html("phong-trao/nam-2026/index.html"));
        assert!(
            text.contains(label) && text.contains(extra),
            "{now}: {text}"
        );
        for other in ["Sắp diễn ra", "Đang diễn ra", "Đã kết thúc"]
            .iter()
            .filter(|o| **o != label)
        {
            assert!(!text.contains(other), "{now}: `{other}` in {text}");
        }
    }
}

#[test]
fn campaign_page() {
    let site = base_with_csv();
    site.build();
    let parent = site.html("phong-trao/ca-nuoc/index.html");
    let text = main_text(&parent);
    // The document number exactly as written, never re-cased.
    assert!(
        text.contains("Quy định số 11-QĐi/TW ngày 20/9/2011"),
        "{text}"
    );
    assert!(
        hrefs(&parent, "main a").contains(&"/bao/phong-trao/nam-2026/".to_string()),
        "child link"
    );
    // Rosters of the campaign with their counts.
    assert!(
        text.contains("02 tập thể, 02 cá nhân, 01 hộ gia đình"),
        "{text}"
    );
    assert!(hrefs(&parent, "main a").contains(&"/bao/khen-thuong/qd-163/".to_string()));

    let child = site.html("phong-trao/nam-2026/index.html");
    let text = main_text(&child);
    assert!(
        text.contains("Đang diễn ra") && text.contains("Còn 41 ngày"),
        "{text}"
    );
    assert!(
        text.contains("từ ngày 5/1/2026 đến hết ngày 31/12/2026"),
        "{text}"
    );
    assert!(
        text.contains("Chỉ thị số 09/CT-UBND ngày 5/1/2026"),
        "{text}"
    );
    assert!(
        hrefs(&child, "main a").contains(&"/bao/phong-trao/ca-nuoc/".to_string()),
        "parent link"
    );
    // Dated milestones by date, then fuzzy ones in file order.
    assert_in_order(
        &text,
        &[
            "Phát động",
            "Sơ kết 6 tháng",
            "Tổng kết năm",
            "Kiểm tra chéo",
        ],
    );
    // News newest first, then rosters listed with counts.
    assert_in_order(
        &text,
        &["Tin B tháng mười", "Tin C tháng sáu", "Tin A tháng ba"],
    );
    assert!(text.contains("01 tập thể, 01 cá nhân"), "{text}");
    // The upcoming campaign is published although its start (its date) is after "now".
    let upcoming = main_text(&site.html("phong-trao/chuyen-doi-so/index.html"));
    assert!(
        upcoming.contains("Sắp diễn ra") && upcoming.contains("Còn 41 ngày nữa bắt đầu"),
        "{upcoming}"
    );
}

#[test]
fn campaign_listing_and_home() {
    let site = base_with_csv();
    site.build();
    let list = site.html("phong-trao/index.html");
    let group = |status: &str| hrefs(&list, &format!("#nhom-{status} .card-title a"));
    assert_eq!(
        group("ongoing"),
        ["/bao/phong-trao/nam-2026/", "/bao/phong-trao/ca-nuoc/"]
    );
    assert_eq!(group("upcoming"), ["/bao/phong-trao/chuyen-doi-so/"]);
    assert_eq!(group("ended"), ["/bao/phong-trao/dac-biet/"]);
    assert_in_order(
        &main_text(&list),
        &["Đang diễn ra", "Sắp diễn ra", "Đã kết thúc"],
    );
    let home = site.html("index.html");
    let links = hrefs(&home, "main a");
    assert!(
        links.contains(&"/bao/phong-trao/nam-2026/".to_string()),
        "{links:?}"
    );
    assert!(
        !links.contains(&"/bao/phong-trao/chuyen-doi-so/".to_string()),
        "{links:?}"
    );
    assert!(
        !links.contains(&"/bao/phong-trao/dac-biet/".to_string()),
        "{links:?}"
    );
}

#[test]
fn roster_page() {
    let site = base_with_csv();
    let out = site.build();
    let doc = site.html("khen-thuong/qd-163/index.html");
    let text = main_text(&doc);
    assert!(
        text.contains("Quyết định số 163/QĐ-UBND ngày 05/01/2024 của Chủ tịch UBND tỉnh"),
        "{text}"
    );
    assert!(
        text.contains("02 tập thể, 02 cá nhân, 01 hộ gia đình"),
        "{text}"
    );
    // Groups by award in order of first appearance, STT in file order.
    let groups: Vec<String> = texts(&doc, ".roster-group-title");
    assert_eq!(
        groups,
        [
            "Cờ thi đua của UBND tỉnh (2)",
            "Bằng khen của Chủ tịch UBND tỉnh (3)"
        ]
    );
    let stt: Vec<String> = texts(&doc, ".roster-group td.col-stt");
    assert_eq!(stt, ["1", "4", "2", "3", "5"]);
    assert_in_order(
        &text,
        &[
            "Báo Lào Cai điện tử",
            "Giàng A Chư",
            "Nguyễn Văn An",
            "Phòng Thời sự - Chính trị",
            "Hộ ông Sùng A Páo",
        ],
    );
    assert!(text.contains("Giàng A Chư (truy tặng)"), "{text}");
    assert_eq!(texts(&doc, ".posthumous").len(), 1);
    // Unit links: by alias (the name), by spacing/case-insensitive name, by id;
    // an unknown unit stays text.
    let links = hrefs(&doc, ".roster-group a");
    assert_eq!(
        links
            .iter()
            .filter(|h| *h == "/bao/don-vi/bao-lao-cai/")
            .count(),
        3,
        "{links:?}"
    );
    assert!(
        links.contains(&"/bao/don-vi/phong-thoi-su/".to_string()),
        "{links:?}"
    );
    assert!(
        links.contains(&"/bao/don-vi/ubnd-xa-ta-van/".to_string()),
        "{links:?}"
    );
    assert!(text.contains("UBND xã Phúc Khánh"));
    assert!(hrefs(&doc, "main a").contains(&"/bao/khoi-thi-dua/khoi-tinh-uy/".to_string()));
    assert!(hrefs(&doc, "main a").contains(&"/bao/phong-trao/ca-nuoc/".to_string()));
    assert!(hrefs(&doc, "main a").contains(&"/bao/khen-thuong/qd-163/danh-sach.csv".to_string()));
    // The unknown free-text unit is a warning at the key's line.
    let err = stderr(&out);
    assert!(
        err.contains(
            "content/khen-thuong/qd-163.md:19:1: cảnh báo: đơn vị `UBND xã Phúc Khánh` không khớp"
        ),
        "{err}"
    );
}

#[test]
fn roster_from_csv_and_proposed_notice() {
    let site = base_with_csv();
    site.build();
    let doc = site.html("khen-thuong/ds/index.html");
    let text = main_text(&doc);
    assert_in_order(
        &text,
        &[
            "Cờ thi đua của UBND tỉnh (1)",
            "Trường Chính trị tỉnh",
            "Dẫn đầu khối năm 2025",
            "Bằng khen của Chủ tịch UBND tỉnh (1)",
            "Lê Thị Hoa",
        ],
    );
    assert!(text.contains("01 tập thể, 01 cá nhân"), "{text}");
    // The source CSV is data: the page publishes its own download instead.
    assert!(!site.out().join("khen-thuong/ds/nguon.csv").exists());
    let csv = String::from_utf8(site.bytes("khen-thuong/ds/danh-sach.csv")).unwrap();
    assert!(csv.contains("1,Trường Chính trị tỉnh,Tập thể,,,Cờ thi đua của UBND tỉnh,\"Dẫn đầu khối\nnăm 2025\",,\r\n"), "{csv}");

    let doc = site.html("khen-thuong/lay-y-kien/index.html");
    let text = main_text(&doc);
    assert!(text.contains("Lấy ý kiến nhân dân"), "{text}");
    assert!(
        text.contains("từ ngày 16/11/2026 đến hết ngày 27/11/2026"),
        "{text}"
    );
    assert!(text.contains("Đang trong thời gian lấy ý kiến"), "{text}");
    assert!(
        text.contains("Ban Thi đua - Khen thưởng tỉnh, tdkt@example.vn"),
        "{text}"
    );
    assert!(
        text.contains("Đề nghị tặng Huân chương Lao động hạng Ba cho 01 cá nhân"),
        "{text}"
    );
    // After the window the notice says so.
    site.build_at("2026-11-28 08:00");
    let text = main_text(&site.html("khen-thuong/lay-y-kien/index.html"));
    assert!(text.contains("Đã hết thời gian lấy ý kiến"), "{text}");
}

#[test]
fn roster_csv_download_bytes() {
    let site = base_with_csv();
    site.build();
    let bytes = site.bytes("khen-thuong/qd-163/danh-sach.csv");
    let expected = "\u{feff}STT,\"Tên tập thể, cá nhân\",Loại,Chức vụ,Đơn vị,Hình thức khen thưởng,Thành tích,Truy tặng,Ghi chú\r\n\
        1,Báo Lào Cai điện tử,Tập thể,,,Cờ thi đua của UBND tỉnh,Có thành tích xuất sắc,,\r\n\
        2,Nguyễn Văn An,Cá nhân,Phóng viên,Báo Lào Cai,Bằng khen của Chủ tịch UBND tỉnh,Có thành tích xuất sắc,,\r\n\
        3,Phòng Thời sự - Chính trị,Tập thể,,Báo Lào Cai,Bằng khen của Chủ tịch UBND tỉnh,Có thành tích xuất sắc,,\r\n\
        4,Giàng A Chư,Cá nhân,,UBND xã Phúc Khánh,Cờ thi đua của UBND tỉnh,Có thành tích xuất sắc,x,\r\n\
        5,Hộ ông Sùng A Páo,Hộ gia đình,,UBND xã Tả Van,Bằng khen của Chủ tịch UBND tỉnh,Có thành tích xuất sắc,,\r\n";
    assert_eq!(String::from_utf8(bytes.clone()).unwrap(), expected);
    assert_eq!(&bytes[..3], b"\xEF\xBB\xBF");
}

#[test]
fn roster_listing_newest_first_with_year_pages() {
    let site = base_with_csv();
    site.build();
    let list = site.html("khen-thuong/index.html");
    let items = hrefs(&list, ".roster-item-title a");
    assert_eq!(
        items,
        [
            "/bao/khen-thuong/lay-y-kien/",
            "/bao/khen-thuong/ds/",
            "/bao/khen-thuong/qd-163/"
        ]
    );
    assert_eq!(
        hrefs(&list, ".year-tabs a"),
        [
            "/bao/khen-thuong/",
            "/bao/khen-thuong/nam/2026/",
            "/bao/khen-thuong/nam/2024/"
        ]
    );
    assert!(main_text(&list).contains("02 tập thể, 02 cá nhân, 01 hộ gia đình"));
    let y2024 = site.html("khen-thuong/nam/2024/index.html");
    assert_eq!(
        hrefs(&y2024, ".roster-item-title a"),
        ["/bao/khen-thuong/qd-163/"]
    );
    let y2026 = site.html("khen-thuong/nam/2026/index.html");
    assert_eq!(
        hrefs(&y2026, ".roster-item-title a"),
        ["/bao/khen-thuong/lay-y-kien/", "/bao/khen-thuong/ds/"]
    );
    let sitemap = String::from_utf8(site.bytes("sitemap.xml")).unwrap();
    for u in [
        "khen-thuong/nam/2024/",
        "don-vi/",
        "don-vi/bao-lao-cai/",
        "khoi-thi-dua/khoi-tinh-uy/",
    ] {
        assert!(
            sitemap.contains(&format!("https://example.vn/bao/{u}<")),
            "{u}"
        );
    }
}

#[test]
fn units_in_vietnamese_order() {
    let site = base_with_csv();
    site.build();
    let doc = site.html("don-vi/index.html");
    let names: Vec<String> = doc
        .select(&sel("main a[href^='/bao/don-vi/']"))
        .map(|e| squash(&e.text().collect::<String>()))
        .collect();
    assert_eq!(
        names,
        [
            "Bảo hiểm xã hội tỉnh",
            "Báo Lào Cai",
            "Doanh nghiệp tư nhân Hoàng Liên",
            "Đảng ủy Khối Cơ quan - Doanh nghiệp tỉnh",
            "Phòng Thời sự - Chính trị",
            "Truyền hình Lào Cai",
            "Trường Chính trị tỉnh",
            "UBND xã Tả Van",
        ]
    );
}

#[test]
fn unit_page_history_blocks_and_news() {
    let site = base_with_csv();
    site.build();
    let doc = site.html("don-vi/bao-lao-cai/index.html");
    let years = texts(&doc, ".award-year-title");
    assert_eq!(years, ["Năm 2026", "Năm 2024"]);
    let text = main_text(&doc);
    // 2026: one of its people (from the CSV); 2024: the unit itself, then its people.
    assert_in_order(
        &text,
        &[
            "Năm 2026",
            "Lê Thị Hoa",
            "Năm 2024",
            "Cờ thi đua của UBND tỉnh",
            "Nguyễn Văn An",
            "Phòng Thời sự - Chính trị",
        ],
    );
    assert!(text.contains("Quyết định số 163/QĐ-UBND"), "{text}");
    // A proposal is not an award received.
    assert!(!text.contains("Trần Văn Bình"), "{text}");
    assert!(text.contains("Trưởng khối năm 2024"), "{text}");
    assert_in_order(&text, &["Tin B tháng mười", "Tin A tháng ba"]);
    assert!(
        hrefs(&doc, "main a").contains(&"/bao/don-vi/phong-thoi-su/".to_string()),
        "children"
    );
    // A child unit links its parent.
    let child = site.html("don-vi/phong-thoi-su/index.html");
    assert!(hrefs(&child, "main a").contains(&"/bao/don-vi/bao-lao-cai/".to_string()));
    // News pages link their units and campaign.
    let news = site.html("tin-tuc/tin-b/index.html");
    let links = hrefs(&news, "main a");
    for l in [
        "/bao/don-vi/bao-lao-cai/",
        "/bao/don-vi/truong-chinh-tri/",
        "/bao/phong-trao/nam-2026/",
    ] {
        assert!(links.contains(&l.to_string()), "{l}: {links:?}");
    }
}

#[test]
fn block_pages() {
    let site = base_with_csv();
    site.build();
    let list = site.html("khoi-thi-dua/index.html");
    assert_eq!(
        hrefs(&list, "main a[href^='/bao/khoi-thi-dua/']"),
        ["/bao/khoi-thi-dua/khoi-tinh-uy/"]
    );
    let doc = site.html("khoi-thi-dua/khoi-tinh-uy/index.html");
    let members: Vec<String> = texts(&doc, ".member-list li");
    assert_eq!(
        members,
        [
            "Báo Lào Cai",
            "Trường Chính trị tỉnh",
            "Đảng ủy Khối Cơ quan - Doanh nghiệp tỉnh"
        ]
    );
    let rows = texts(&doc, ".terms-table tbody tr");
    assert_eq!(
        rows,
        [
            "2024 Báo Lào Cai Đảng ủy Khối Cơ quan - Doanh nghiệp tỉnh",
            "2023 Trường Chính trị tỉnh Báo Lào Cai"
        ]
    );
}

/// A site with one problem per file; every problem is reported with its
/// file and line (or CSV row), and the build fails with status 1.
fn broken() -> Site {
    let site = base_with_csv();
    let mut units = UNITS.to_string();
    units.push_str("- id: Sai Ma\n  name: X\n- id: bao-lao-cai\n  name: Trùng\n");
    site.write("data/units.yaml", &units);
    site.write(
        "data/blocks.yaml",
        &format!(
            "{BLOCKS}- id: cum-1\n  name: Cụm 1\n  members:\n    - bao-lao-cai\n    - khong-co\n"
        ),
    );
    site.write(
        "content/phong-trao/loi-1.md",
        "---\ntitle: Thiếu cơ quan\nstart: 2026-01-01\nend: 2025-01-01\nform: định kỳ\n---\n",
    );
    site.write("content/phong-trao/loi-2.md", "---\ntitle: Cha lạ\nissuer: UBND tỉnh\nstart: 2026-01-01\nend: 2026-12-31\nparent: khong-co\n---\n");
    site.write(
        "content/phong-trao/loi-3.md",
        "---\ntitle: Tệp lạ\nissuer: UBND tỉnh\nstart: 2026-01-01\nend: 2026-12-31\ndocument:\n  number: 1/KH\n  file: ../../../../etc/passwd\n---\n",
    );
    site.write("content/tin-tuc/loi.md", "---\ntitle: Tin lỗi\ndate: 2026-11-01\ncampaign: khong-co\nunits:\n  - bao-lao-cai\n  - khong-co-don-vi\n---\n");
    site.write(
        "content/khen-thuong/loi-1.md",
        "---\ntitle: Thiếu số\ndecision:\n  date: 2026-01-05\n  issuer: Chủ tịch UBND tỉnh\ncampaign: khong-co\nblock: khong-co-khoi\nentries:\n  - { name: A, kind: đơn vị, award: Giấy khen }\n  - name: B\n    kind: cá nhân\n---\n",
    );
    site.write("content/khen-thuong/loi-2.md", "---\ntitle: Thiếu thời gian\nstatus: proposed\naward: Giấy khen\nentries: []\nentries_file: ds.csv\n---\n");
    let bundle = "---\ntitle: CSV\ndecision: { number: 1/QĐ, date: 2026-01-05, issuer: X }\naward: Giấy khen\nentries_file: ds.csv\n---\n";
    for b in ["csv-cot", "csv-ma", "csv-hang"] {
        site.write(&format!("content/khen-thuong/{b}/index.md"), bundle);
    }
    site.write(
        "content/khen-thuong/csv-cot/ds.csv",
        "Họ và tên;Loại;Quê quán\nA;cá nhân;Lào Cai\n",
    );
    let mut bytes = b"Ten,Loai\nA,ca nhan\nNguy".to_vec();
    bytes.extend_from_slice(&[
        0xEA, 0xDE, 0x6E, b',', b'c', b'a', b' ', b'n', b'h', b'a', b'n', b'\n',
    ]);
    site.write_bytes("content/khen-thuong/csv-ma/ds.csv", &bytes);
    // An entries file that is a symbolic link (here to a file of the site) is refused.
    site.write("content/khen-thuong/csv-link/index.md", bundle);
    std::os::unix::fs::symlink(
        site.root().join("data/units.yaml"),
        site.root().join("content/khen-thuong/csv-link/ds.csv"),
    )
    .unwrap();
    site.write(
        "content/khen-thuong/csv-hang/ds.csv",
        "TT,Tên,Loại\n1,\"Tổ\nmột\",tập thể\n2,B,cá nhân\n3,C,cán bộ\n",
    );
    site
}

#[test]
fn every_validation_error_with_file_and_line() {
    let site = broken();
    let out = site.run("build", &[], NOW);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    let expected = [
        "data/units.yaml:22:1: lỗi: mã `Sai Ma` không hợp lệ",
        "data/units.yaml:24:1: lỗi: mã đơn vị `bao-lao-cai` đã dùng ở dòng 1",
        "data/blocks.yaml:12:1: lỗi: không có đơn vị nào có mã `khong-co` trong data/units.yaml",
        "content/phong-trao/loi-1.md:1:1: lỗi: thiếu khóa bắt buộc `issuer`",
        "content/phong-trao/loi-1.md:4:1: lỗi: ngày kết thúc `end` (1/1/2025) trước ngày bắt đầu `start` (1/1/2026)",
        "content/phong-trao/loi-1.md:5:1: lỗi: hình thức `định kỳ` không hợp lệ; dùng `thường xuyên` hoặc `chuyên đề`",
        "content/phong-trao/loi-2.md:6:1: lỗi: không có phong trào nào có slug `khong-co`",
        "content/phong-trao/loi-3.md:8:1: lỗi: `document.file` `../../../../etc/passwd` trỏ ra ngoài trang web",
        "content/khen-thuong/csv-link/index.md:5:1: lỗi: `entries_file` `ds.csv` là liên kết tượng trưng (symlink) hoặc nằm ngoài thư mục trang",
        "content/tin-tuc/loi.md:4:1: lỗi: không có phong trào nào có slug `khong-co`",
        "content/tin-tuc/loi.md:7:1: lỗi: không có đơn vị nào có mã `khong-co-don-vi` trong data/units.yaml",
        "content/khen-thuong/loi-1.md:3:1: lỗi: thiếu `decision.number` (bắt buộc khi `status: decided`)",
        "content/khen-thuong/loi-1.md:6:1: lỗi: không có phong trào nào có slug `khong-co`",
        "content/khen-thuong/loi-1.md:7:1: lỗi: không có khối thi đua nào có mã `khong-co-khoi` trong data/blocks.yaml",
        "content/khen-thuong/loi-1.md:9:1: lỗi: loại `đơn vị` không hợp lệ",
        "content/khen-thuong/loi-1.md:10:1: lỗi: `B` chưa có hình thức khen thưởng",
        "content/khen-thuong/loi-2.md:1:1: lỗi: thiếu khóa bắt buộc `consultation`",
        "content/khen-thuong/loi-2.md:6:1: lỗi: chỉ dùng một trong hai: `entries` (danh sách trong trang) hoặc `entries_file` (tệp CSV)",
        "content/khen-thuong/csv-cot/ds.csv:1:1: lỗi: không nhận ra cột “Quê quán”; các tên cột được chấp nhận: “STT”, “TT”, “Tên”, “Họ và tên”",
        "content/khen-thuong/csv-ma/ds.csv:3:1: lỗi: tệp CSV không phải UTF-8 (lỗi ở hàng 3); hãy lưu lại bảng tính với kiểu “CSV UTF-8”",
        "content/khen-thuong/csv-hang/ds.csv:4:1: lỗi: hàng 4: loại `cán bộ` không hợp lệ",
    ];
    for e in expected {
        assert!(err.contains(e), "missing `{e}` in:\n{err}");
    }
    let errors = err.lines().filter(|l| l.contains(": lỗi: ")).count();
    assert_eq!(errors, expected.len(), "{err}");
    assert!(!site.out().exists(), "a failed build writes nothing");

    // English, and `check` reports the same without template errors.
    let out = site.run("build", &["--lang", "en"], NOW);
    let err = stderr(&out);
    assert!(
        err.contains("content/tin-tuc/loi.md:4:1: error: no campaign with the slug `khong-co`"),
        "{err}"
    );
    assert!(err.contains("content/khen-thuong/csv-ma/ds.csv:3:1: error: the CSV file is not UTF-8 (at row 3); save the spreadsheet again as “CSV UTF-8”"), "{err}");
    let out = site.run("check", &[], NOW);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        !err.contains("template") && !err.contains("giao diện"),
        "{err}"
    );
    for e in expected {
        assert!(err.contains(e), "check: missing `{e}` in:\n{err}");
    }
}

#[test]
fn scaffolds_pass_once_filled() {
    let site = base_with_csv();
    for (section, title) in [
        ("phong-trao", "Phong trào mới"),
        ("khen-thuong", "Danh sách mới"),
    ] {
        let out = site.run("new", &[section, title], NOW);
        assert!(out.status.success(), "{}", stderr(&out));
    }
    let fill = |rel: &str, pairs: &[(&str, &str)]| {
        let p = site.root().join(rel);
        let mut text = std::fs::read_to_string(&p).unwrap();
        for (from, to) in pairs {
            assert!(text.contains(from), "{rel}: `{from}` in\n{text}");
            text = text.replacen(from, to, 1);
        }
        std::fs::write(p, text).unwrap();
    };
    fill(
        "content/phong-trao/2026-11-21-phong-trao-moi.md",
        &[("draft: true", "draft: false")],
    );
    fill(
        "content/khen-thuong/2026-11-21-danh-sach-moi.md",
        &[
            ("number: \"\"", "number: \"12/QĐ-UBND\""),
            ("name: \"\"", "name: \"Sở Nội vụ\""),
            ("draft: true", "draft: false"),
        ],
    );
    let out = site.build();
    let err = stderr(&out);
    assert!(!err.contains("2026-11-21-"), "{err}");
    let text = main_text(&site.html("khen-thuong/danh-sach-moi/index.html"));
    assert!(
        text.contains("Quyết định số 12/QĐ-UBND ngày 21/11/2026"),
        "{text}"
    );
    assert!(site
        .out()
        .join("phong-trao/phong-trao-moi/index.html")
        .exists());
}
