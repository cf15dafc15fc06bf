//! Robustness of the shell splitter: random bytes and token soup never panic,
//! spans stay in bounds and on char boundaries, deep nesting runs on a 1 MiB
//! stack.

use shipshape_core::shell::{split, Script};
use shipshape_core::syntax::Span;

/// xorshift64*: small, deterministic.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn assert_sane(text: &str, s: &Script) {
    let ok = |sp: Span| {
        assert!(
            sp.start <= sp.end && sp.end <= text.len(),
            "span {sp:?} out of bounds for {text:?}"
        );
        assert!(
            text.is_char_boundary(sp.start) && text.is_char_boundary(sp.end),
            "span {sp:?} not on char boundaries in {text:?}"
        );
    };
    for c in &s.commands {
        ok(c.span);
        for w in c.name.iter().chain(&c.args).chain(&c.assignments) {
            ok(w.span);
        }
        for r in &c.redirects {
            ok(r.span);
            if let Some(t) = &r.target {
                ok(t.span);
            }
        }
    }
    for e in &s.errors {
        ok(e.span);
    }
}

const TOKENS: &[&str] = &[
    " ", " ", " ", "\n", "\t", "\\\n", "ls", "echo", "sh", "-c", "bash", "sudo", "env", "A=1", "x",
    "é", "✓", "🦀", "'", "\"", "\\", "$", "$(", "$((", "${", "}", "{", "(", ")", "))", "`", "$'",
    "\\n", ";", ";;", ";&", "&", "&&", "|", "||", "|&", "<", ">", ">>", "2>&1", "<<", "<<-", "EOF",
    "<<<", "<(", ">(", "#", "if", "then", "else", "fi", "for", "in", "do", "done", "while", "case",
    "esac", "function", "f()", "[[", "]]", "!", "eval", "su", "-lc", "=", "*", "@(", "arr=(",
];

#[test]
fn random_token_soup_never_panics() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for _ in 0..3000 {
        let n = rng.below(40);
        let mut text = String::new();
        for _ in 0..n {
            text.push_str(TOKENS[rng.below(TOKENS.len())]);
        }
        let s = split(&text);
        assert_sane(&text, &s);
    }
}

#[test]
fn random_bytes_never_panic() {
    let mut rng = Rng(0xD1B5_4A32_D192_ED03);
    let alphabet: Vec<char> = "ab $'\"\\`(){}|&;<>#\n\t=-é✓".chars().collect();
    for i in 0..3000 {
        let n = rng.below(60);
        let text: String = if i % 2 == 0 {
            (0..n)
                .map(|_| alphabet[rng.below(alphabet.len())])
                .collect()
        } else {
            let bytes: Vec<u8> = (0..n).map(|_| rng.next() as u8).collect();
            String::from_utf8_lossy(&bytes).into_owned()
        };
        let s = split(&text);
        assert_sane(&text, &s);
    }
}

/// Runs `f` on a thread with a 1 MiB stack (what the browser module gets).
fn on_small_stack(f: impl FnOnce() + Send + 'static) {
    let handle = std::thread::Builder::new()
        .stack_size(1 << 20)
        .spawn(f)
        .expect("spawn");
    assert!(handle.join().is_ok(), "the splitter overflowed or panicked");
}

#[test]
fn deep_nesting_fits_in_one_mebibyte_of_stack() {
    on_small_stack(|| {
        let n = 10_000;
        let text = format!("echo {}true{}", "$( ".repeat(n), " )".repeat(n));
        let s = split(&text);
        assert_sane(&text, &s);
        assert_eq!(s.commands.len(), n + 1);
        assert_eq!(s.commands.iter().map(|c| c.depth).max(), Some(n as u32));
        assert!(s.errors.is_empty());

        let text = format!("{}true{}", "( ".repeat(n), " )".repeat(n));
        let s = split(&text);
        assert_eq!(s.commands.len(), 1);
        assert_eq!(s.commands[0].depth, n as u32);

        // Unclosed: every level is reported, nothing overflows.
        let text = format!("{}ls", "$( `{ (".repeat(n / 4));
        let s = split(&text);
        assert_sane(&text, &s);
        assert_eq!(
            s.commands.iter().filter(|c| c.name_str() == "ls").count(),
            1
        );
        assert!(s.errors.len() >= n / 4);

        let text = "\"${x:-".repeat(n);
        let s = split(&text);
        assert_sane(&text, &s);

        let text = format!("{}ls", "sh -c \"".repeat(200));
        let s = split(&text);
        assert_sane(&text, &s);
    });
}

#[test]
fn nested_sh_c_is_bounded() {
    // Each level escapes the next; re-entry stops at MAX_REENTRY levels.
    let mut inner = "ls".to_string();
    for _ in 0..12 {
        inner = format!(
            "sh -c \"{}\"",
            inner.replace('\\', "\\\\").replace('"', "\\\"")
        );
    }
    let s = split(&inner);
    assert_sane(&inner, &s);
    let depth = s.commands.iter().map(|c| c.depth).max().unwrap_or(0);
    assert_eq!(depth, shipshape_core::shell::MAX_REENTRY);
}
