//! docs/rules/ is generated from the rules' metadata. This test fails when
//! the checked-in pages drift; `UPDATE_DOCS=1 cargo test -p shipshape-core --test docs`
//! rewrites them.

use std::path::PathBuf;

use shipshape_core::{docs, rules};

fn expected() -> Vec<(String, String)> {
    let mut pages = vec![("README.md".to_string(), docs::index_page())];
    for m in rules::all() {
        pages.push((format!("{}.md", m.code), docs::rule_page(m)));
    }
    pages
}

#[test]
fn docs_are_fresh() {
    let dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/rules"));
    let pages = expected();
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::create_dir_all(&dir).unwrap();
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            if entry.path().extension().is_some_and(|e| e == "md") {
                std::fs::remove_file(entry.path()).unwrap();
            }
        }
        for (name, text) in &pages {
            std::fs::write(dir.join(name), text).unwrap();
        }
        return;
    }
    let mut stale = Vec::new();
    for (name, text) in &pages {
        match std::fs::read_to_string(dir.join(name)) {
            Ok(on_disk) if &on_disk == text => {}
            _ => stale.push(name.clone()),
        }
    }
    let on_disk = std::fs::read_dir(&dir)
        .map(|d| d.flatten().count())
        .unwrap_or(0);
    assert!(
        stale.is_empty() && on_disk == pages.len(),
        "docs/rules is stale ({stale:?}; {on_disk} files on disk, {} expected): run `UPDATE_DOCS=1 cargo test -p shipshape-core --test docs`",
        pages.len()
    );
}
