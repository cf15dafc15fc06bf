//! SS802 legacy-key-value (BuildKit LegacyKeyValueFormat): `ENV key value`
//! or `LABEL key value`, the legacy form without `=`.

use super::RuleDef;
use crate::diagnostic::{Edit, Fix, Severity};
use crate::engine::{Context, Sink};
use crate::model::{expand_with, Lookup};
use crate::rule::{Category, Equivalent, FixKind, RuleMeta, Target, Tool};
use crate::syntax::{Instruction, Keyword, Span};

pub static RULE: RuleDef = RuleDef {
    meta: RuleMeta {
        code: "SS802",
        name: "legacy-key-value",
        summary: "ENV or LABEL uses the legacy `key value` form instead of `key=value`",
        severity: Severity::Info,
        category: Category::BestPractice,
        target: Target::Dockerfile,
        checklist: &[],
        owasp: &[],
        equivalents: &[Equivalent::same(Tool::Buildkit, "LegacyKeyValueFormat")],
        fix: FixKind::Sometimes,
        default_enabled: true,
        why: "`ENV key value` and `LABEL key value` are the legacy forms of `ENV key=value` and \
`LABEL key=value`. In the legacy form everything after the first white space is the value, \
spaces included, and only one variable can be set: `ENV PATH /opt/bin:$PATH` reads fine, \
but `ENV A 1 B 2` sets `A` to `1 B 2`. BuildKit warns about the form and may drop it; \
write `key=value`, quoting values that contain spaces.\n\n\
The fix rewrites `ENV A b` as `ENV A=b` and `ENV A b c` as `ENV A=\"b c\"`, carrying over \
quotes, escapes and variable references so the value stays the same. It checks the rewritten \
value expands exactly like the original and offers no fix when it cannot show that (for \
example with an unterminated quote).",
        bad: "FROM alpine:3.20\nENV APP_HOME /srv/app\n",
        good: "FROM alpine:3.20\nENV APP_HOME=/srv/app\n",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Sink<'_>) {
    let esc = cx.model.escape();
    for ins in cx.model.instructions() {
        let Some((key, value)) = legacy_pair(ins) else {
            continue;
        };
        let kw = ins.keyword.as_str();
        let message = format!(
            "`{kw} {} …` uses the legacy `key value` form; write `{}=…`",
            key.1, key.1
        );
        out.report(key.0, message)
            .fix(fix(cx.src, key.0, value, esc));
    }
}

type Part<'a> = (Span, &'a str);

/// The key and the value of a legacy-form ENV or LABEL.
fn legacy_pair(ins: &Instruction) -> Option<(Part<'_>, Part<'_>)> {
    if !matches!(ins.keyword, Keyword::Env | Keyword::Label) || !ins.flags.is_empty() {
        return None;
    }
    let [pair] = ins.pairs.as_slice() else {
        return None;
    };
    let value = pair.value.as_ref()?;
    // In the `=` form the key is followed by `=`; in the legacy form by white space.
    let after_key = ins.text.text.strip_prefix(pair.key.text.as_str())?;
    if !after_key.starts_with([' ', '\t', '\x0b', '\x0c', '\r']) {
        return None;
    }
    Some(((pair.key.span, &pair.key.text), (value.span, &value.text)))
}

/// The `=` form of the pair, when it provably gives the same value.
fn fix(src: &str, key: Span, value: Part<'_>, esc: char) -> Option<Fix> {
    let (vspan, v) = value;
    let sep = Span::new(key.end, vspan.start);
    let title = "Write `key=value`";
    if !src
        .get(sep.start..sep.end)?
        .chars()
        .all(char::is_whitespace)
    {
        // The separator crosses a continuation line: rewrite it whole below.
        return whole(src, key, value, esc, title);
    }
    match words(v, esc) {
        // One word: the text can follow `=` as it is.
        Some(n) if n <= 1 => Some(Fix::safe(title, vec![Edit::replace(sep, "=")])),
        Some(_) if same_value(v, &format!("\"{v}\""), esc) => Some(Fix::safe(
            title,
            vec![Edit::replace(sep, "=\""), Edit::insert(vspan.end, "\"")],
        )),
        Some(_) => whole(src, key, value, esc, title),
        None => None,
    }
}

/// Replaces the separator and the value with `="…"`.
fn whole(src: &str, key: Span, value: Part<'_>, esc: char, title: &str) -> Option<Fix> {
    let (vspan, v) = value;
    src.get(key.end..vspan.end)?;
    let quoted = double_quoted(v, esc)?;
    if !same_value(v, &quoted, esc) {
        return None;
    }
    let edit = Edit::replace(Span::new(key.end, vspan.end), format!("={quoted}"));
    Some(Fix::safe(title, vec![edit]))
}

/// How many words `s` splits into on unquoted white space; `None` when a
/// quote is left open.
fn words(s: &str, esc: char) -> Option<usize> {
    let mut n = 0;
    let mut in_word = false;
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c.is_whitespace() {
            in_word = false;
            continue;
        }
        if !in_word {
            n += 1;
            in_word = true;
        }
        if c == esc {
            chars.next();
        } else if c == '\'' || c == '"' {
            let mut closed = false;
            while let Some(d) = chars.next() {
                if d == c {
                    closed = true;
                    break;
                }
                if c == '"' && d == esc {
                    chars.next();
                }
            }
            if !closed {
                return None;
            }
        }
    }
    Some(n)
}

/// `s` rewritten as one double-quoted word with the same meaning: literal
/// text escaped where double quotes give it a meaning, variable references
/// and double-quoted parts kept as written.
fn double_quoted(s: &str, esc: char) -> Option<String> {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    let literal = |out: &mut String, c: char| {
        if c == '"' || c == '$' || c == esc {
            out.push(esc);
        }
        out.push(c);
    };
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            c if c == esc => {
                if let Some(n) = chars.next() {
                    literal(&mut out, n);
                }
            }
            '\'' => loop {
                match chars.next()? {
                    '\'' => break,
                    d => literal(&mut out, d),
                }
            },
            '"' => loop {
                match chars.next()? {
                    '"' => break,
                    d if d == esc => {
                        out.push(d);
                        out.push(chars.next()?);
                    }
                    d => out.push(d),
                }
            },
            '$' => {
                out.push('$');
                if chars.peek() == Some(&'{') {
                    let mut depth = 0usize;
                    for d in chars.by_ref() {
                        out.push(d);
                        match d {
                            '{' => depth += 1,
                            '}' => {
                                depth = depth.saturating_sub(1);
                                if depth == 0 {
                                    break;
                                }
                            }
                            _ => {}
                        }
                    }
                }
            }
            c => literal(&mut out, c),
        }
    }
    out.push('"');
    Some(out)
}

/// Whether two words expand to the same text for every value of their
/// variables: each variable stands for a marker no text can contain.
fn same_value(a: &str, b: &str, esc: char) -> bool {
    let expand = |w: &str| {
        let mut lookup = |name: &str| Lookup::Set(format!("\u{0}{name}\u{0}"));
        expand_with(w, esc, false, &mut lookup)
    };
    let (ea, eb) = (expand(a), expand(b));
    ea.errors.is_empty() && eb.errors.is_empty() && ea.text == eb.text
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{fixed, lines, run, texts};

    const CODE: &str = "SS802";

    #[test]
    fn legacy_env_and_label_are_reported_on_the_key() {
        let src = "FROM alpine:3.20\nENV APP_HOME /srv/app\nLABEL maintainer Jane\n";
        assert_eq!(texts(CODE, src), ["APP_HOME", "maintainer"]);
        assert_eq!(lines(CODE, src), [2, 3]);
        assert_eq!(
            fixed(CODE, src, false),
            "FROM alpine:3.20\nENV APP_HOME=/srv/app\nLABEL maintainer=Jane\n"
        );
    }

    #[test]
    fn equals_form_and_arg_are_clean() {
        let src = "FROM alpine:3.20\nENV A=1 B=\"two words\"\nLABEL a=b\nARG X\nARG Y=1\n";
        assert!(run(CODE, src).is_empty());
        // A value containing `=` after a legacy key is still legacy, but
        // `key=value` with spaces inside quotes is not.
        assert!(run(CODE, "FROM a:1\nENV A=\"b c\"\n").is_empty());
    }

    #[test]
    fn values_with_spaces_are_quoted() {
        let src = "FROM alpine:3.20\nENV A b c\n";
        assert_eq!(fixed(CODE, src, false), "FROM alpine:3.20\nENV A=\"b c\"\n");
        let src = "FROM alpine:3.20\nLABEL description  A small   image\n";
        assert_eq!(
            fixed(CODE, src, false),
            "FROM alpine:3.20\nLABEL description=\"A small   image\"\n"
        );
    }

    #[test]
    fn variables_stay_references() {
        let src = "FROM alpine:3.20\nENV PATH /opt/bin:$PATH\n";
        assert_eq!(
            fixed(CODE, src, false),
            "FROM alpine:3.20\nENV PATH=/opt/bin:$PATH\n"
        );
        let src = "FROM alpine:3.20\nENV MSG hello ${USER:-x}\n";
        assert_eq!(
            fixed(CODE, src, false),
            "FROM alpine:3.20\nENV MSG=\"hello ${USER:-x}\"\n"
        );
    }

    #[test]
    fn existing_quotes_and_escapes_are_respected() {
        // Already one quoted word: only the separator changes.
        let src = "FROM alpine:3.20\nENV A \"b c\"\n";
        assert_eq!(fixed(CODE, src, false), "FROM alpine:3.20\nENV A=\"b c\"\n");
        // Quoted and unquoted parts: merged into one double-quoted word.
        let src = "FROM alpine:3.20\nENV A \"b\" 'c d' e\\ f\n";
        assert_eq!(
            fixed(CODE, src, false),
            "FROM alpine:3.20\nENV A=\"b c d e f\"\n"
        );
        // A literal `$` in single quotes stays literal.
        let src = "FROM alpine:3.20\nENV A 'cost $5' now\n";
        assert_eq!(
            fixed(CODE, src, false),
            "FROM alpine:3.20\nENV A=\"cost \\$5 now\"\n"
        );
        // A double quote inside single quotes gets escaped.
        let src = "FROM alpine:3.20\nLABEL title 'say \"hi\"' twice\n";
        assert_eq!(
            fixed(CODE, src, false),
            "FROM alpine:3.20\nLABEL title=\"say \\\"hi\\\" twice\"\n"
        );
    }

    #[test]
    fn an_unterminated_quote_gets_no_fix() {
        let src = "FROM alpine:3.20\nENV A it's broken\n";
        let found = run(CODE, src);
        assert_eq!(found.len(), 1);
        assert!(found[0].fix.is_none());
    }

    #[test]
    fn backtick_escape_is_honoured() {
        let src = "# escape=`\nFROM alpine:3.20\nENV A b` c d\n";
        assert_eq!(
            fixed(CODE, src, false),
            "# escape=`\nFROM alpine:3.20\nENV A=\"b c d\"\n"
        );
    }

    #[test]
    fn continuation_lines_are_kept_when_quoting() {
        let src = "FROM alpine:3.20\nENV A one \\\n  two\n";
        assert_eq!(lines(CODE, src), [2]);
        assert_eq!(
            fixed(CODE, src, false),
            "FROM alpine:3.20\nENV A=\"one \\\n  two\"\n"
        );
    }

    #[test]
    fn crlf_files_keep_their_line_ends() {
        let src = "FROM alpine:3.20\r\nENV A b c\r\nENV B=1\r\n";
        assert_eq!(lines(CODE, src), [2]);
        assert_eq!(
            fixed(CODE, src, false),
            "FROM alpine:3.20\r\nENV A=\"b c\"\r\nENV B=1\r\n"
        );
    }

    #[test]
    fn onbuild_triggers_are_not_checked() {
        assert!(run(CODE, "FROM alpine:3.20\nONBUILD ENV A b\n").is_empty());
    }
}
