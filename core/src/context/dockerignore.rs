//! `.dockerignore` patterns, read and matched the way Docker documents them:
//! one pattern a line; a line starting with `#` is a comment; surrounding
//! whitespace is trimmed; `!` makes an exception; the pattern is cleaned
//! like Go's `filepath.Clean` and a leading `/` is dropped; `*` matches any
//! run of characters other than `/`, `?` one such character, `[…]` a class,
//! `\` escapes; a `**` path element matches any number of directories
//! (zero included). A pattern that matches a directory also matches
//! everything under it; the last matching line decides.

/// A parsed `.dockerignore`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Dockerignore {
    patterns: Vec<Pattern>,
}

/// One line of a `.dockerignore`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pattern {
    /// The pattern as cleaned (no `!`, no leading `/`).
    pub text: String,
    /// `!pattern`: re-includes what earlier lines excluded.
    pub exception: bool,
    /// 1-based line in the file.
    pub line: usize,
    elements: Vec<String>,
}

impl Dockerignore {
    /// Reads a `.dockerignore` text. Lines that are empty after trimming
    /// and comments are skipped; nothing is an error.
    pub fn parse(text: &str) -> Dockerignore {
        let mut patterns = Vec::new();
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        for (i, raw) in text.lines().enumerate() {
            if raw.starts_with('#') {
                continue;
            }
            let mut p = raw.trim();
            if p.is_empty() {
                continue;
            }
            let exception = p.starts_with('!');
            if exception {
                p = p.get(1..).unwrap_or("").trim();
                if p.is_empty() {
                    continue;
                }
            }
            let mut cleaned = clean(p);
            if cleaned.len() > 1 {
                if let Some(rest) = cleaned.strip_prefix('/') {
                    cleaned = rest.to_string();
                }
            }
            let elements = cleaned.split('/').map(str::to_string).collect();
            patterns.push(Pattern {
                text: cleaned,
                exception,
                line: i + 1,
                elements,
            });
        }
        Dockerignore { patterns }
    }

    pub fn patterns(&self) -> &[Pattern] {
        &self.patterns
    }

    /// Whether some line is an exception (`!pattern`).
    pub fn has_exceptions(&self) -> bool {
        self.patterns.iter().any(|p| p.exception)
    }

    /// Whether the context path `path` (relative, `/`-separated; cleaned
    /// first) is excluded: by a pattern matching it or one of its parent
    /// directories, the last matching line deciding.
    pub fn is_ignored(&self, path: &str) -> bool {
        self.matching(path).is_some_and(|p| !p.exception)
    }

    /// The last line that matches `path` or one of its parent directories
    /// (an exception line included), if any.
    pub fn matching(&self, path: &str) -> Option<&Pattern> {
        let cleaned = clean(path);
        let path = cleaned.trim_start_matches('/');
        let path = if path.is_empty() { "." } else { path };
        let parts: Vec<&str> = path.split('/').collect();
        let mut last = None;
        for p in &self.patterns {
            let hit = (1..=parts.len())
                .rev()
                .any(|n| parts.get(..n).is_some_and(|prefix| p.matches(prefix)));
            if hit {
                last = Some(p);
            }
        }
        last
    }
}

impl Pattern {
    /// Whether the pattern matches exactly this path (split into elements).
    fn matches(&self, path: &[&str]) -> bool {
        let pat: Vec<&str> = self.elements.iter().map(String::as_str).collect();
        match_elements(&pat, path, true)
    }
}

/// Element-wise match; `**` takes any number of elements (zero included),
/// but a trailing `**` after other elements needs at least one (`a/**` is
/// `a/` followed by something, as Docker compiles it).
fn match_elements(pat: &[&str], path: &[&str], at_start: bool) -> bool {
    match pat.split_first() {
        None => path.is_empty(),
        Some((&"**", rest)) => {
            if rest.is_empty() {
                return at_start || !path.is_empty();
            }
            (0..=path.len()).any(|skip| {
                path.get(skip..)
                    .is_some_and(|tail| match_elements(rest, tail, false))
            })
        }
        Some((first, rest)) => match path.split_first() {
            Some((p, tail)) => element_match(first, p) && match_elements(rest, tail, false),
            None => false,
        },
    }
}

/// Go's `filepath.Match` for one element: `*`, `?`, `[…]` (with `^` or `!`
/// negation and ranges) and `\` escapes. A malformed class matches nothing.
fn element_match(pattern: &str, name: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let n: Vec<char> = name.chars().collect();
    glob(&p, &n)
}

fn glob(p: &[char], n: &[char]) -> bool {
    // Iterative with backtracking to the last `*`.
    let (mut pi, mut ni) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while ni < n.len() {
        match p.get(pi) {
            Some('*') => {
                // `**` inside an element acts like `*`.
                while p.get(pi) == Some(&'*') {
                    pi += 1;
                }
                star = Some((pi, ni));
                continue;
            }
            Some(&c) => {
                if let Some((len, ok)) = single(p, pi, c, n.get(ni).copied()) {
                    if ok {
                        pi += len;
                        ni += 1;
                        continue;
                    }
                } else {
                    return false;
                }
            }
            None => {}
        }
        match star {
            Some((sp, sn)) => {
                pi = sp;
                ni = sn + 1;
                star = Some((sp, sn + 1));
            }
            None => return false,
        }
    }
    while p.get(pi) == Some(&'*') {
        pi += 1;
    }
    pi == p.len()
}

/// Matches one pattern item at `pi` (not `*`) against `ch`: its length in
/// the pattern and whether it matched; None for a malformed pattern.
fn single(p: &[char], pi: usize, c: char, ch: Option<char>) -> Option<(usize, bool)> {
    let Some(ch) = ch else {
        return Some((1, false));
    };
    match c {
        '?' => Some((1, true)),
        '\\' => {
            let e = *p.get(pi + 1)?;
            Some((2, e == ch))
        }
        '[' => {
            let mut i = pi + 1;
            let negate = matches!(p.get(i), Some('^') | Some('!'));
            if negate {
                i += 1;
            }
            let mut hit = false;
            let mut first = true;
            loop {
                let mut lo = *p.get(i)?;
                if lo == ']' && !first {
                    i += 1;
                    break;
                }
                first = false;
                if lo == '\\' {
                    i += 1;
                    lo = *p.get(i)?;
                }
                i += 1;
                let mut hi = lo;
                if p.get(i) == Some(&'-') && p.get(i + 1).is_some_and(|&x| x != ']') {
                    hi = *p.get(i + 1)?;
                    if hi == '\\' {
                        hi = *p.get(i + 2)?;
                        i += 1;
                    }
                    i += 2;
                }
                if lo <= ch && ch <= hi {
                    hit = true;
                }
            }
            Some((i - pi, hit != negate))
        }
        _ => Some((1, c == ch)),
    }
}

/// Go's `path.Clean`: collapse `//`, drop `.` elements, resolve `..`
/// lexically; an empty result is `.`.
pub fn clean(path: &str) -> String {
    let rooted = path.starts_with('/');
    let mut out: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if out.last().is_some_and(|l| *l != "..") {
                    out.pop();
                } else if !rooted {
                    out.push("..");
                }
            }
            p => out.push(p),
        }
    }
    let joined = out.join("/");
    match (rooted, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) => ".".to_string(),
        (false, false) => joined,
    }
}

#[cfg(test)]
mod tests {
    use super::{clean, Dockerignore};

    fn ig(text: &str, path: &str) -> bool {
        Dockerignore::parse(text).is_ignored(path)
    }

    #[test]
    fn reads_lines_like_docker() {
        let d = Dockerignore::parse(
            "\u{feff}# comment\n  \n node_modules  \n!  keep.txt\n/abs/./x/../y\n#not\n \t# sp\n!\n",
        );
        let texts: Vec<_> = d
            .patterns()
            .iter()
            .map(|p| (p.text.as_str(), p.exception, p.line))
            .collect();
        // A `#` after leading whitespace is not a comment (Docker checks the first byte).
        assert_eq!(
            texts,
            [
                ("node_modules", false, 3),
                ("keep.txt", true, 4),
                ("abs/y", false, 5),
                ("# sp", false, 7)
            ]
        );
        assert!(d.has_exceptions());
        assert!(!Dockerignore::parse("a\nb\n").has_exceptions());
    }

    #[test]
    fn names_and_parents() {
        assert!(ig(".git", ".git"));
        assert!(ig(".git", ".git/config"));
        assert!(ig(".git", "./.git/HEAD"));
        assert!(!ig(".git", "sub/.git"));
        assert!(!ig(".git", ".github"));
        assert!(ig("/node_modules", "node_modules/x/y.js"));
        assert!(ig("docs/", "docs/readme.md"));
        assert!(!ig("docs/", "src/docs"));
    }

    #[test]
    fn stars_and_questions() {
        assert!(ig("*.pem", "key.pem"));
        assert!(!ig("*.pem", "certs/key.pem"));
        assert!(ig("*/*.pem", "certs/key.pem"));
        assert!(ig("**/*.pem", "certs/a/key.pem"));
        assert!(ig("**/*.pem", "key.pem"));
        assert!(ig(".env*", ".env"));
        assert!(ig(".env*", ".env.local"));
        assert!(!ig(".env*", "x.env"));
        assert!(ig("id_*", "id_rsa"));
        assert!(ig("temp?", "temp1"));
        assert!(!ig("temp?", "temp"));
        assert!(!ig("temp?", "temp12"));
        assert!(ig("*", "anything/at/all"));
        assert!(ig("*", "."));
        assert!(ig("a*b*c", "aXXbYYc"));
        assert!(!ig("a*b*c", "aXXbYY"));
        assert!(!ig("a*", "b/a"));
    }

    #[test]
    fn double_star_elements() {
        assert!(ig("**", "x"));
        assert!(ig("**", "."));
        assert!(ig("a/**/b", "a/b"));
        assert!(ig("a/**/b", "a/x/y/b"));
        assert!(ig("a/**/b", "a/x/b/c"));
        assert!(!ig("a/**/b", "a/x/c"));
        assert!(ig("a/**", "a/x"));
        assert!(!ig("a/**", "a"));
        assert!(ig("**/node_modules", "x/y/node_modules/z"));
    }

    #[test]
    fn classes_and_escapes() {
        assert!(ig("[abc].txt", "b.txt"));
        assert!(!ig("[abc].txt", "d.txt"));
        assert!(ig("[a-c]x", "cx"));
        assert!(ig("[^a-c]x", "dx"));
        assert!(!ig("[!a-c]x", "bx"));
        assert!(ig("\\*", "*"));
        assert!(!ig("\\*", "a"));
        // Malformed classes match nothing (and do not panic).
        assert!(!ig("[abc", "a"));
        assert!(!ig("a\\", "a"));
        assert!(!ig("[]", "a"));
    }

    #[test]
    fn last_match_wins() {
        let text = "*\n!src\n!package.json\nsrc/secret.txt\n";
        assert!(ig(text, "README.md"));
        assert!(!ig(text, "src/main.rs"));
        assert!(!ig(text, "package.json"));
        assert!(ig(text, "src/secret.txt"));
        let d = Dockerignore::parse(text);
        assert_eq!(d.matching("src/a").map(|p| p.line), Some(2));
        assert_eq!(d.matching("nothing").map(|p| p.line), Some(1));
        assert!(Dockerignore::parse("").matching("a").is_none());
        assert!(!ig("*.md\n!README.md\n", "README.md"));
        assert!(ig("*.md\n!README.md\n", "CHANGES.md"));
    }

    #[test]
    fn cleaning() {
        assert_eq!(clean("a//b/./c/.."), "a/b");
        assert_eq!(clean("./"), ".");
        assert_eq!(clean(""), ".");
        assert_eq!(clean("/../a"), "/a");
        assert_eq!(clean("../a"), "../a");
        assert_eq!(clean("/"), "/");
    }
}
