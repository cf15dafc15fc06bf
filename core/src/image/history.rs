//! Which history entries come from the base image (a heuristic, see [`BaseGuess`]).

use super::model::{BaseGuess, HistoryEntry};

/// The instruction of a history entry, without the classic builder's
/// `/bin/sh -c #(nop) ` prefix, upper-cased first word.
pub fn instruction(created_by: &str) -> String {
    let t = created_by.trim_start();
    let t = t
        .strip_prefix("/bin/sh -c #(nop)")
        .or_else(|| t.strip_prefix("|0 /bin/sh -c #(nop)"))
        .unwrap_or(t)
        .trim_start();
    if t.starts_with("/bin/sh -c") || t.starts_with('|') {
        return "RUN".to_string();
    }
    t.split(|c: char| c.is_whitespace() || c == '[')
        .next()
        .unwrap_or("")
        .to_ascii_uppercase()
}

fn is_cmd(e: &HistoryEntry) -> bool {
    matches!(instruction(&e.created_by).as_str(), "CMD" | "ENTRYPOINT")
}

/// Marks `in_base_image` on the entries up to the guessed boundary.
pub(crate) fn guess_base(history: &mut [HistoryEntry]) -> BaseGuess {
    let n = history.len();
    // Rule 1: last CMD/ENTRYPOINT followed by a layer-making entry.
    let mut boundary = None;
    let mut rule = "none";
    let mut layer_after = false;
    for i in (0..n).rev() {
        let e = &history[i];
        if is_cmd(e) && layer_after {
            boundary = Some(i);
            rule = "last-base-cmd";
            break;
        }
        if !e.empty_layer {
            layer_after = true;
        }
    }
    // Rule 2: last CMD/ENTRYPOINT that is not the last entry.
    if boundary.is_none() && n > 1 {
        if let Some(i) = (0..n - 1).rev().find(|&i| is_cmd(&history[i])) {
            // Only if something other than CMD/ENTRYPOINT follows.
            if history[i + 1..].iter().any(|e| !is_cmd(e)) {
                boundary = Some(i);
                rule = "last-cmd-not-last";
            }
        }
    }
    let mut base_layers = 0;
    if let Some(b) = boundary {
        for e in history.iter_mut().take(b + 1) {
            e.in_base_image = true;
            if !e.empty_layer {
                base_layers += 1;
            }
        }
    }
    BaseGuess {
        last_base_entry: boundary,
        rule,
        base_layers,
    }
}
