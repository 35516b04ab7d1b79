use super::*;

fn units(src: &str) -> (Vec<Unit>, Lookup, Vec<Diagnostic>) {
    parse_units(src, Path::new(UNITS_FILE))
}

fn lines(ds: &[Diagnostic]) -> Vec<usize> {
    ds.iter().map(|d| d.location.line).collect()
}

const UNITS: &str = "# đơn vị\n- id: bao-lao-cai\n  name: Báo Lào Cai\n  aliases: [Báo Lào Cai điện tử]\n- { id: bhxh, name: Bảo hiểm xã hội tỉnh, short: BHXH }\n- id: phong-tt\n  name: Phòng Thời sự\n  parent: bao-lao-cai\n";

#[test]
fn reads_units_and_matches_names() {
    let (u, l, d) = units(UNITS);
    assert!(d.is_empty(), "{d:?}");
    assert_eq!(u.len(), 3);
    assert_eq!(u[1].short.as_deref(), Some("BHXH"));
    assert_eq!(l.find("bao-lao-cai"), Some(0));
    assert_eq!(l.find("  BÁO   LÀO\tCAI "), Some(0));
    assert_eq!(l.find("báo lào cai điện tử"), Some(0));
    let nfd: String = "Bảo hiểm xã hội tỉnh".nfd().collect();
    assert_eq!(l.find(&nfd), Some(1));
    assert_eq!(l.find("Bao hiem xa hoi tinh"), None);
    assert_eq!(l.find("Phòng Thời sự"), Some(2));
    assert_eq!(l.find("Sở Nội vụ"), None);
}

#[test]
fn unit_errors_with_lines() {
    let src = "- id: a\n  name: A\n- id: A b\n  name: X\n- id: a\n  name: B\n- name: C\n- id: c\n- id: d\n  name: D\n  parent: zz\n  tên: x\n";
    let (u, _, mut d) = units(src);
    d.sort_by(|a, b| a.location.cmp(&b.location));
    assert_eq!(u.len(), 2, "{d:?}");
    assert_eq!(lines(&d), [3, 5, 7, 8, 11, 12], "{d:?}");
    assert!(d[0].vi.contains("mã `A b` không hợp lệ") && d[0].en.contains("invalid id `A b`"));
    assert!(d[1].vi.contains("đã dùng ở dòng 1") && d[1].en.contains("already used on line 1"));
    assert!(d[2].en.contains("missing required key `id`"));
    assert!(d[3].en.contains("missing required key `name`"));
    assert!(d[4].vi.contains("không có đơn vị nào có mã `zz`"));
    assert!(d[5].en.contains("unknown key `tên`"));
    assert!(d.iter().all(|x| x.location.file == Path::new(UNITS_FILE)));
}

#[test]
fn not_a_list() {
    let (_, _, d) = units("id: a\nname: A\n");
    assert!(d[0].en.contains("must be a list"), "{d:?}");
    let (_, _, d) = units("- id: a\n  name: [\n");
    assert!(
        d[0].en.contains("invalid YAML") && d[0].location.line >= 2,
        "{d:?}"
    );
    let (u, _, d) = units("# trống\n");
    assert!(u.is_empty() && d.is_empty());
}

#[test]
fn shared_names_warn() {
    let (_, l, d) =
        units("- id: a\n  name: Sở Nội vụ\n- id: b\n  name: Ban Thi đua\n  aliases: [sở nội vụ]\n");
    assert_eq!(d.len(), 1);
    assert!(!d[0].is_error() && d[0].location.line == 3, "{d:?}");
    assert_eq!(l.find("Sở Nội vụ"), Some(0));
}

#[test]
fn blocks_check_unit_ids() {
    let (_, mut l, _) = units(UNITS);
    let src = "- id: khoi-1\n  name: Khối 1\n  kind: khối\n  members:\n    - bao-lao-cai\n    - khong-co\n    - bhxh\n  terms:\n    - { year: 2023, head: bhxh, deputy: bao-lao-cai }\n    - year: 2024\n      head: nobody\n    - { head: bhxh }\n- id: khoi-1\n  name: Trùng\n";
    let (b, d) = parse_blocks(src, Path::new(BLOCKS_FILE), &mut l);
    assert_eq!(lines(&d), [6, 11, 12, 13], "{d:?}");
    assert!(d[0].en.contains("no unit with id `khong-co`"));
    assert!(d[1].en.contains("no unit with id `nobody`"));
    assert!(d[2].en.contains("missing required key `year`"));
    assert!(d[3]
        .en
        .contains("block id `khoi-1` is already used on line 1"));
    assert_eq!(b.len(), 1);
    assert_eq!(b[0].members, ["bao-lao-cai", "bhxh"]);
    assert_eq!(
        b[0].terms.iter().map(|t| t.year).collect::<Vec<_>>(),
        [2024, 2023]
    );
    assert_eq!(l.block("khoi-1"), Some(0));
}
