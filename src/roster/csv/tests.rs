use std::path::Path;

use super::*;
use crate::diag::{Diagnostic, Location};

const CSV: &str = "content/khen-thuong/ds/danh-sach.csv";

fn csv(text: &[u8]) -> Result<Vec<RawEntry>, Vec<Diagnostic>> {
    parse(text, Path::new(CSV))
}

#[test]
fn csv_with_bom_semicolons_crlf_and_quoted_line_breaks() {
    let text = "\u{feff}STT;Họ và tên;Loại;Chức vụ;Đơn vị công tác;Hình thức khen thưởng;Thành tích\r\n1;Ban Tổ chức Tỉnh ủy;Tập thể;;;Cờ thi đua;\"Dòng một\r\nDòng hai; có dấu chấm phẩy\"\r\n2;Lưu Thị Trang;Cá nhân;Phó Trưởng ban;Ban Nội chính;;\r\n";
    let e = csv(text.as_bytes()).unwrap();
    assert_eq!(e.len(), 2);
    assert_eq!(e[0].name, "Ban Tổ chức Tỉnh ủy");
    assert_eq!(e[0].kind, EntryKind::Collective);
    assert_eq!(e[0].award.as_deref(), Some("Cờ thi đua"));
    assert_eq!(
        e[0].achievement.as_deref(),
        Some("Dòng một\nDòng hai; có dấu chấm phẩy")
    );
    assert_eq!(e[1].award, None);
    assert_eq!(e[1].position.as_deref(), Some("Phó Trưởng ban"));
    assert_eq!(e[1].unit.as_deref(), Some("Ban Nội chính"));
    // The second entry is on row 3 even though the first spans two lines.
    assert_eq!(e[1].loc.line, 3);
}

#[test]
fn csv_with_tabs_and_commas() {
    let tab = csv(
        "TT\tTên tập thể, cá nhân\tĐối tượng\tTruy tặng\tGhi chú\n1\tA, B\tcá nhân\tx\tghi chú\n"
            .as_bytes(),
    )
    .unwrap();
    assert_eq!(tab[0].name, "A, B");
    assert!(tab[0].posthumous);
    assert_eq!(tab[0].note.as_deref(), Some("ghi chú"));
    let comma = csv(b"name,kind,posthumous,award\n\"Nguyen, Van A\",individual,Co,Giay khen\n,,,\nB,household,0,\n").unwrap();
    assert_eq!(comma.len(), 2);
    assert_eq!(comma[0].name, "Nguyen, Van A");
    assert!(comma[0].posthumous);
    assert!(!comma[1].posthumous);
}

#[test]
fn csv_header_variants() {
    let variants = [
        "Họ và tên;Loại",
        "Ho va ten;Loai",
        "HỌ VÀ TÊN;LOẠI",
        "Họ tên;Đối tượng",
        "ho_ten;doi-tuong",
        "Tên tập thể;Loại",
        "Tên;kind",
        "NAME;KIND",
        "Tên tập thể, cá nhân;Loại",
        "Ten tap the ca nhan;loai",
    ];
    for h in variants {
        let text = format!("{h}\nX;cá nhân\n");
        let e = csv(text.as_bytes()).unwrap_or_else(|d| panic!("{h}: {d:?}"));
        assert_eq!(e[0].name, "X", "{h}");
    }
    for h in ["Đơn vị", "Don vi cong tac", "unit"] {
        let e = csv(format!("Tên,Loại,{h}\nX,cá nhân,Sở Nội vụ\n").as_bytes()).unwrap();
        assert_eq!(e[0].unit.as_deref(), Some("Sở Nội vụ"), "{h}");
    }
    for h in ["Hình thức", "Danh hiệu", "hinh thuc khen thuong", "award"] {
        let e = csv(format!("Tên,Loại,{h}\nX,cá nhân,Giấy khen\n").as_bytes()).unwrap();
        assert_eq!(e[0].award.as_deref(), Some("Giấy khen"), "{h}");
    }
    for h in ["Thành tích", "Lý do", "achievement"] {
        let e = csv(format!("Tên,Loại,{h}\nX,cá nhân,Giỏi\n").as_bytes()).unwrap();
        assert_eq!(e[0].achievement.as_deref(), Some("Giỏi"), "{h}");
    }
}

#[test]
fn csv_unknown_column_lists_accepted_names() {
    let d = csv("Họ và tên;Loại;Quê quán\nA;cá nhân;Lào Cai\n".as_bytes()).unwrap_err();
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].location, Location::at(CSV, 1, 1));
    assert!(d[0].vi.starts_with("không nhận ra cột “Quê quán”; các tên cột được chấp nhận: “STT”, “TT”, “Tên”, “Họ và tên”"), "{}", d[0].vi);
    assert!(
        d[0].en
            .starts_with("unknown column “Quê quán”; accepted column names:"),
        "{}",
        d[0].en
    );
    assert!(d[0].vi.contains("“Ghi chú”, “note”"));
}

#[test]
fn csv_not_utf8_names_the_row() {
    // "Nguyễn" in Windows-1258 is not UTF-8: row 3.
    let mut bytes = b"Ten,Loai\nA,ca nhan\nNguy".to_vec();
    bytes.extend_from_slice(&[0xEA, 0xDE, 0x6E]);
    bytes.extend_from_slice(b",ca nhan\n");
    let d = csv(&bytes).unwrap_err();
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].location, Location::at(CSV, 3, 1));
    assert!(
        d[0].vi.contains("không phải UTF-8")
            && d[0].vi.contains("CSV UTF-8")
            && d[0].vi.contains("hàng 3"),
        "{}",
        d[0].vi
    );
    assert!(
        d[0].en.contains("not UTF-8") && d[0].en.contains("CSV UTF-8") && d[0].en.contains("row 3"),
        "{}",
        d[0].en
    );
}

#[test]
fn csv_row_errors() {
    let text = "STT,Tên,Loại,Hình thức\n1,A,cá nhân,\n2,,cá nhân,\n3,C,,\n4,D,cán bộ,\n5,E,tập thể,Giấy khen,thừa\n\"6\",\"F\nG\",cá nhân,\n7,H,đơn vị,\n";
    let d = csv(text.as_bytes()).unwrap_err();
    let got: Vec<(usize, &str)> = d.iter().map(|d| (d.location.line, d.en.as_str())).collect();
    assert_eq!(got.len(), 5, "{got:#?}");
    assert_eq!(got[0], (3, "row 3: the name is missing"));
    assert_eq!(
        got[1],
        (
            4,
            "row 4: the kind is missing (tập thể, cá nhân or hộ gia đình)"
        )
    );
    assert!(got[2].0 == 5 && got[2].1.starts_with("row 5: invalid kind `cán bộ`"));
    assert!(got[3].0 == 6 && got[3].1.contains("more columns than the header"));
    // The quoted line break keeps row 7 one row: row 8 follows.
    assert!(got[4].0 == 8 && got[4].1.starts_with("row 8: invalid kind `đơn vị`"));
    assert!(d.iter().all(|d| d.location.file == Path::new(CSV)));
    assert_eq!(d[0].vi, "hàng 3: thiếu tên");
}

#[test]
fn csv_missing_columns_and_empty_file() {
    let d = csv("STT;Chức vụ\n1;x\n".as_bytes()).unwrap_err();
    assert_eq!(d.len(), 2);
    assert!(d[0].en.contains("missing the name") && d[1].en.contains("missing the kind"));
    let d = csv(b"").unwrap_err();
    assert!(d[0].en.contains("empty"));
    let d = csv("Tên;Tên;Loại\n".as_bytes()).unwrap_err();
    assert!(d[0].en.contains("appears twice"));
}

#[test]
fn csv_with_nul_bytes_is_utf16() {
    // "Tên,Loại" saved as UTF-16LE without a byte order mark.
    let utf16: Vec<u8> = "Ten,Loai\nA,ca nhan\n"
        .encode_utf16()
        .flat_map(|u| u.to_le_bytes())
        .collect();
    let d = csv(&utf16).unwrap_err();
    assert_eq!(d.len(), 1);
    assert!(
        d[0].en.contains("NUL") && d[0].en.contains("CSV UTF-8"),
        "{}",
        d[0].en
    );
    assert_eq!(d[0].location.line, 1);
    // With its byte order mark it is not UTF-8 at all.
    let mut bom = vec![0xFF, 0xFE];
    bom.extend_from_slice(&utf16);
    let d = csv(&bom).unwrap_err();
    assert!(d[0].en.contains("not UTF-8"), "{}", d[0].en);
}
