//! `loa new` and `loa init`: files an editor starts from.

use std::path::{Path, PathBuf};

use chrono::Datelike;

use crate::date::Date;
use crate::diag::{Diagnostic, Location};
use crate::frontmatter::Kind;
use crate::slug::slugify;

/// `loa new <section path> <title…>`: create `content/<section>/<date>-<slug>.md`
/// with the front matter of the section's kind. Refuses to overwrite.
pub fn new_page(
    root: &Path,
    section: &str,
    title: &str,
    now: &Date,
    kind: Kind,
) -> Result<PathBuf, Diagnostic> {
    let section = section.trim_matches('/');
    if section
        .split('/')
        .any(|p| p.is_empty() || p == ".." || p == ".")
    {
        return Err(Diagnostic::error(
            Location::default(),
            format!("chuyên mục `{section}` không hợp lệ"),
            format!("invalid section path `{section}`"),
        ));
    }
    let slug = slugify(title);
    if slug.is_empty() {
        return Err(Diagnostic::error(
            Location::default(),
            "tiêu đề cần có chữ cái hoặc chữ số",
            "the title needs letters or digits",
        ));
    }
    let day = format!("{:04}-{:02}-{:02}", now.year(), now.month(), now.day());
    let rel = PathBuf::from("content")
        .join(section)
        .join(format!("{day}-{slug}.md"));
    let path = root.join(&rel);
    if path.exists() {
        return Err(Diagnostic::error(
            Location::file(&rel),
            "tệp đã có; loa không ghi đè",
            "the file exists already; loa will not overwrite it",
        ));
    }
    let stamp = now.format("%Y-%m-%d %H:%M").to_string();
    let text = front_matter(kind, title, &stamp, &day);
    let write = || -> std::io::Result<()> {
        std::fs::create_dir_all(path.parent().unwrap_or(root))?;
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)?;
        std::io::Write::write_all(&mut f, text.as_bytes())
    };
    write().map_err(|e| {
        Diagnostic::error(
            Location::file(&rel),
            format!("không tạo được tệp: {e}"),
            format!("cannot create the file: {e}"),
        )
    })?;
    Ok(rel)
}

fn yaml_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

fn front_matter(kind: Kind, title: &str, stamp: &str, day: &str) -> String {
    let title = yaml_string(title);
    match kind {
        Kind::News => format!(
            "---\ntitle: {title}\ndate: {stamp}\n# summary: \"Sapo: một hai câu tóm tắt bài viết\"\n# image: /uploads/anh.jpg\n# image_alt: \"Mô tả ảnh\"\ntags: []\nauthor: \"\"\n# source: \"Báo …\"\n# campaign: slug-phong-trao\n# units: [ma-don-vi]\ndraft: true\n---\n\nĐoạn mở đầu của bài viết.\n"
        ),
        Kind::Campaigns => format!(
            "---\ntitle: {title}\nissuer: \"Chủ tịch UBND tỉnh\"      # cơ quan / người phát động (bắt buộc)\n# slogan: \"Chủ đề của phong trào\"\n# form: thường xuyên            # hoặc: chuyên đề\n# document:                      # văn bản phát động\n#   kind: Kế hoạch\n#   number: \"09/KH-UBND\"         # ghi đúng như văn bản\n#   date: {day}\n#   issuer: UBND tỉnh\n#   signer: \"\"\n#   file: ke-hoach.pdf\nstart: {day}                      # bắt đầu thi đua (bắt buộc)\nend: {day}                        # kết thúc thi đua (bắt buộc)\nparticipants: []                  # đối tượng thi đua\ngoals: []                         # nội dung thi đua\nawards: []                        # hình thức khen thưởng\n# milestones:\n#   - {{ title: Sơ kết, when: \"quý I/2027\" }}\n# parent: slug-phong-trao-cap-tren\ndraft: true\n---\n\nMục đích, yêu cầu của phong trào.\n"
        ),
        Kind::Rosters => format!(
            "---\ntitle: {title}\nstatus: decided                   # hoặc: proposed (lấy ý kiến nhân dân)\ndecision:                         # bắt buộc khi decided\n  number: \"\"                      # ví dụ: \"163/QĐ-UBND\"\n  date: {day}\n  issuer: \"Chủ tịch UBND tỉnh\"\n  # signer: \"\"\n# consultation: {{ from: {day}, until: {day}, contact: \"…\" }}   # bắt buộc khi proposed\naward: \"Bằng khen của Chủ tịch UBND tỉnh\"\n# reason: \"Đã có thành tích xuất sắc …\"\n# period: \"{}\"\n# campaign: slug-phong-trao\nentries:                          # hoặc entries_file: danh-sach.csv\n  - {{ name: \"\", kind: collective }}\ndraft: true\n---\n",
            &day[..4]
        ),
        Kind::Pages => format!("---\ntitle: {title}\ndraft: true\n---\n\nNội dung trang.\n"),
    }
}

/// `loa init <DIR>`: a working site with sample content, in an empty or new folder.
pub fn init(dir: &Path) -> Result<Vec<PathBuf>, Diagnostic> {
    if dir.exists()
        && std::fs::read_dir(dir)
            .map(|mut d| d.next().is_some())
            .unwrap_or(true)
    {
        return Err(Diagnostic::error(
            Location::file(dir),
            "thư mục không trống; loa init chỉ tạo trang trong thư mục trống hoặc mới",
            "the folder is not empty; loa init only creates a site in an empty or new folder",
        ));
    }
    let mut made = Vec::new();
    for (rel, text) in SAMPLE {
        let path = dir.join(rel);
        let result = std::fs::create_dir_all(path.parent().unwrap_or(dir))
            .and_then(|_| std::fs::write(&path, text));
        result.map_err(|e| {
            Diagnostic::error(
                Location::file(&path),
                format!("không ghi được: {e}"),
                format!("cannot write: {e}"),
            )
        })?;
        made.push(PathBuf::from(rel));
    }
    Ok(made)
}

const SAMPLE: &[(&str, &str)] = &[
    (
        "loa.yaml",
        "title: Cổng thông tin Thi đua - Khen thưởng\nbase_url: https://example.vn/\ndescription: Tin tức, phong trào thi đua và danh sách khen thưởng\nlanguage: vi\ntimezone: \"+07:00\"\npaginate: 20\nmenu:\n  - { title: Tin tức, section: tin-tuc }\n  - { title: Phong trào thi đua, section: phong-trao }\n  - { title: Khen thưởng, section: khen-thuong }\n  - { title: Giới thiệu, url: /gioi-thieu/ }\norganization:\n  name: Ban Thi đua - Khen thưởng tỉnh\n  address: \"Số 1, đường Trần Hưng Đạo\"\n  phone: \"0214 3800 000\"\n  email: tdkt@example.vn\n",
    ),
    ("content/_index.md", "---\ntitle: Trang chủ\n---\n"),
    ("content/tin-tuc/_index.md", "---\ntitle: Tin tức\ndescription: Tin hoạt động thi đua, khen thưởng\n---\n"),
    (
        "content/tin-tuc/2026-01-05-hoi-nghi-tong-ket-cong-tac-thi-dua.md",
        "---\ntitle: Hội nghị tổng kết công tác thi đua, khen thưởng năm 2025\ndate: 2026-01-05 08:30\nsummary: Hội nghị đánh giá kết quả các phong trào thi đua năm 2025 và triển khai nhiệm vụ năm 2026.\ntags: [thi đua yêu nước, khen thưởng]\nauthor: Ban biên tập\ncampaign: thi-dua-chao-mung-dai-hoi\n---\n\nSáng nay, Hội đồng Thi đua - Khen thưởng tỉnh tổ chức hội nghị tổng kết công tác năm 2025.\n\n## Kết quả nổi bật\n\nNăm qua, toàn tỉnh có 1.250 tập thể và 3.400 cá nhân được khen thưởng.\n",
    ),
    (
        "content/tin-tuc/2026-01-10-guong-sang-nong-dan-san-xuat-gioi.md",
        "---\ntitle: Gương sáng nông dân sản xuất, kinh doanh giỏi\ndate: 2026-01-10 14:00\ntags: [gương điển hình, nông thôn mới]\nauthor: Ban biên tập\n---\n\nAnh nông dân ở xã vùng cao đã mạnh dạn chuyển đổi cây trồng, thu nhập mỗi năm hơn 500 triệu đồng.\n",
    ),
    ("content/phong-trao/_index.md", "---\ntitle: Phong trào thi đua\nkind: campaigns\n---\n"),
    (
        "content/phong-trao/thi-dua-chao-mung-dai-hoi.md",
        "---\ntitle: Phong trào thi đua chào mừng Đại hội Thi đua yêu nước\nissuer: Chủ tịch UBND tỉnh\nslogan: \"Đoàn kết, sáng tạo, thi đua lập thành tích\"\nform: chuyên đề\ndocument: { kind: Kế hoạch, number: \"09/KH-UBND\", date: 2025-10-01, issuer: UBND tỉnh }\nstart: 2025-10-01\nend: 2026-06-30\nparticipants: [Các sở, ban, ngành, Các xã, phường]\ngoals: [Hoàn thành vượt mức các chỉ tiêu kinh tế - xã hội]\nawards: [Bằng khen của Chủ tịch UBND tỉnh]\nmilestones:\n  - { title: Sơ kết, when: \"quý I/2026\" }\n---\n\nPhong trào nhằm động viên cán bộ, công chức và Nhân dân thi đua lập thành tích.\n",
    ),
    ("content/khen-thuong/_index.md", "---\ntitle: Khen thưởng\nkind: rosters\n---\n"),
    (
        "content/khen-thuong/bang-khen-nam-2025.md",
        "---\ntitle: Tặng Bằng khen cho các tập thể, cá nhân năm 2025\ndecision: { number: \"15/QĐ-UBND\", date: 2026-01-05, issuer: Chủ tịch UBND tỉnh }\naward: Bằng khen của Chủ tịch UBND tỉnh\nreason: Đã có thành tích xuất sắc trong công tác năm 2025\nperiod: \"2025\"\ncampaign: thi-dua-chao-mung-dai-hoi\nentries:\n  - { name: Phòng Nội vụ huyện, kind: tập thể }\n  - { name: Nguyễn Văn An, kind: cá nhân, position: Chuyên viên, unit: Sở Nội vụ }\n---\n",
    ),
    (
        "content/gioi-thieu.md",
        "---\ntitle: Giới thiệu\n---\n\nCổng thông tin của Ban Thi đua - Khen thưởng tỉnh đăng tin hoạt động, phong trào thi đua và danh sách khen thưởng.\n",
    ),
    (
        "data/units.yaml",
        "# Danh mục đơn vị. id: chữ thường không dấu, chữ số, dấu gạch ngang; parent: id của đơn vị cấp trên.\n- id: so-noi-vu\n  name: Sở Nội vụ\n  kind: cơ quan chuyên môn\n- id: ban-thi-dua-khen-thuong\n  name: Ban Thi đua - Khen thưởng tỉnh\n  short: Ban TĐKT\n  parent: so-noi-vu\n",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_refuses_overwrite_and_bad_paths() {
        let dir = tempfile::tempdir().unwrap();
        let now = crate::date::parse(
            "2026-11-21 09:00",
            crate::date::parse_offset("+07:00").unwrap(),
        )
        .unwrap();
        let rel = new_page(dir.path(), "tin-tuc", "Đại hội thi đua", &now, Kind::News).unwrap();
        assert_eq!(
            rel,
            PathBuf::from("content/tin-tuc/2026-11-21-dai-hoi-thi-dua.md")
        );
        assert!(new_page(dir.path(), "tin-tuc", "Đại hội thi đua", &now, Kind::News).is_err());
        assert!(new_page(dir.path(), "../x", "A", &now, Kind::News).is_err());
    }

    #[test]
    fn init_needs_empty_folder() {
        let dir = tempfile::tempdir().unwrap();
        assert!(init(dir.path()).is_ok());
        assert!(init(dir.path()).is_err());
    }
}
