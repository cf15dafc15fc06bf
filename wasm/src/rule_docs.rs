//! The rules' `why` texts given by the host, for a build of the core
//! without them (no `docs` feature: the web page's Dockerfile bundle). The
//! page passes them once at load (`setRuleDocs`, from the JSON that
//! build-wasm.sh generates with the `rule_docs` example); rule pages and
//! reports then read the same metadata as a build with the texts.

use std::cell::RefCell;
use std::collections::BTreeMap;

use shipshape_core::rule::RuleMeta;
use shipshape_core::rules;

use crate::api::ApiError;

thread_local! {
    static METAS: RefCell<Option<&'static [RuleMeta]>> = const { RefCell::new(None) };
}

/// Sets the rules' texts (code → Markdown). A code that names no rule is an
/// error; rules left out keep the text they have. Meant to be called once
/// (each call keeps its texts for the rest of the program).
pub fn set(texts: &BTreeMap<String, String>) -> Result<(), ApiError> {
    if let Some(code) = texts
        .keys()
        .find(|c| !rules::all().any(|m| m.code == c.as_str()))
    {
        return Err(ApiError::msg(format!(
            "rule docs: no rule has the code `{code}`"
        )));
    }
    let metas: Vec<RuleMeta> = rules::all()
        .map(|m| {
            let mut m = *m;
            if let Some(t) = texts.get(m.code) {
                m.why = Box::leak(t.clone().into_boxed_str());
            }
            m
        })
        .collect();
    let metas: &'static [RuleMeta] = Box::leak(metas.into_boxed_slice());
    METAS.with(|c| *c.borrow_mut() = Some(metas));
    Ok(())
}

/// [`rules::find`], with the texts given to [`set`].
pub fn find(key: &str) -> Option<&'static RuleMeta> {
    let found = rules::find(key)?;
    let given = METAS.with(|c| {
        c.borrow()
            .and_then(|ms| ms.iter().find(|m| m.code == found.code))
    });
    Some(given.unwrap_or(found))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn given_texts_reach_rule_pages_and_reports() {
        let mut texts = BTreeMap::new();
        texts.insert("SS202".to_string(), "A text the page gave.".to_string());
        set(&texts).unwrap();
        let page = crate::api::rule_doc("latest-tag").unwrap();
        assert!(page.contains("## Why\n\nA text the page gave."), "{page}");
        let sarif = crate::api::render(
            "sarif",
            "FROM alpine:latest\n",
            &crate::api::Options::default(),
        )
        .unwrap();
        assert!(sarif.contains("A text the page gave."));
        // Rules not named keep their own text.
        assert_eq!(
            find("SS001").map(|m| m.why),
            rules::find("SS001").map(|m| m.why)
        );
    }

    #[test]
    fn an_unknown_code_is_an_error() {
        let mut texts = BTreeMap::new();
        texts.insert("SS999".to_string(), "x".to_string());
        let err = set(&texts).unwrap_err().to_string();
        assert!(err.contains("SS999"), "{err}");
    }
}
