//! Battery tests for the shell splitter: each construct, spans checked by
//! slicing the input.

use shipshape_core::shell::{split, split_at, split_logical, Command, Op, Origin, Script};
use shipshape_core::syntax::{LogicalText, Piece, Span};

fn names(s: &Script) -> Vec<&str> {
    s.commands.iter().map(|c| c.name_str()).collect()
}

fn ops(s: &Script) -> Vec<Option<Op>> {
    s.commands.iter().map(|c| c.joined_by).collect()
}

fn find<'a>(s: &'a Script, name: &str) -> &'a Command {
    s.commands
        .iter()
        .find(|c| c.name_str() == name)
        .unwrap_or_else(|| panic!("no command {name} in {:?}", names(s)))
}

/// Every span of the script lies in `text`, on char boundaries, and every
/// word's span covers its text when the word is unquoted.
fn check_spans(text: &str, s: &Script) {
    let ok = |sp: Span| {
        assert!(
            sp.start <= sp.end && sp.end <= text.len(),
            "{sp:?} out of bounds"
        );
        assert!(text.is_char_boundary(sp.start) && text.is_char_boundary(sp.end));
    };
    for c in &s.commands {
        ok(c.span);
        for w in c.name.iter().chain(&c.args).chain(&c.assignments) {
            ok(w.span);
            assert!(c.span.start <= w.span.start && w.span.end <= c.span.end);
        }
    }
    for e in &s.errors {
        ok(e.span);
    }
}

#[test]
fn apt_get_chain() {
    let t = "apt-get update && apt-get install -y curl=7.88 && rm -rf /var/lib/apt/lists/*";
    let s = split(t);
    check_spans(t, &s);
    assert_eq!(names(&s), ["apt-get", "apt-get", "rm"]);
    assert_eq!(ops(&s), [None, Some(Op::And), Some(Op::And)]);
    let install = &s.commands[1];
    assert_eq!(install.span.text(t), "apt-get install -y curl=7.88");
    assert_eq!(install.subcommand(), Some("install"));
    assert!(install.has_flag("y"));
    assert!(install.has_arg("curl=7.88"));
    let pkgs: Vec<&str> = install
        .args_no_flags()
        .iter()
        .map(|w| w.text.as_str())
        .collect();
    assert_eq!(pkgs, ["install", "curl=7.88"]);
    assert_eq!(s.commands[2].args[1].span.text(t), "/var/lib/apt/lists/*");
    assert!(s.errors.is_empty());
}

#[test]
fn flags_clusters_and_long_forms() {
    let s = split(
        "apt-get -qy install --no-install-recommends --yes x -o Dpkg::Options::=--force-confold",
    );
    let c = &s.commands[0];
    assert!(c.has_flag("y") && c.has_flag("q") && c.has_flag("-y"));
    assert!(c.has_flag("yes") && c.has_flag("no-install-recommends"));
    assert!(!c.has_flag("f") && !c.has_flag("no-install"));
    assert_eq!(c.flag_value("o"), Some("Dpkg::Options::=--force-confold"));
    let s = split("pip install --no-cache-dir=1 -r req.txt -- -y");
    let c = &s.commands[0];
    assert!(c.has_flag("no-cache-dir"));
    assert!(!c.has_flag("y"), "flags after -- are operands");
    assert_eq!(c.flag_value("r"), Some("req.txt"));
    assert!(c.args_no_flags().iter().any(|w| w.text == "-y"));
}

#[test]
fn multibyte_offsets_are_bytes() {
    let t = "echo \"héllo ✓\" && sudo ls";
    let s = split(t);
    check_spans(t, &s);
    let sudo = find(&s, "sudo");
    assert_eq!(sudo.span.start, 21);
    assert_eq!(sudo.span.text(t), "sudo ls");
    assert_eq!(s.commands[0].args[0].text, "héllo ✓");
    assert_eq!(s.commands[0].args[0].span.text(t), "\"héllo ✓\"");
}

#[test]
fn pipes_to_shell() {
    let t = "curl -fsSL https://x | sh";
    let s = split(t);
    assert_eq!(names(&s), ["curl", "sh"]);
    assert_eq!(s.commands[1].joined_by, Some(Op::Pipe));
    assert_eq!(s.piped_from(1).map(|c| c.name_str()), Some("curl"));
    assert_eq!(s.piped_into(0).map(|c| c.name_str()), Some("sh"));

    let t = "wget -qO- url | sudo bash -s -- --flag";
    let s = split(t);
    check_spans(t, &s);
    assert_eq!(names(&s), ["wget", "sudo"]);
    let eff = s.commands[1].effective().map(|v| v.name());
    assert_eq!(eff, Some("bash"));
    assert_eq!(s.running("bash").count(), 1);
    assert_eq!(s.pipeline(s.commands[0].pipeline).len(), 2);
    assert_eq!(s.commands[1].pipe_index, 1);

    let s = split("a |& b | c; d");
    assert_eq!(
        ops(&s),
        [None, Some(Op::Pipe), Some(Op::Pipe), Some(Op::Seq)]
    );
    assert_eq!(s.commands[2].pipe_index, 2);
    assert_ne!(s.commands[3].pipeline, s.commands[0].pipeline);
}

#[test]
fn operators_and_separators() {
    let s = split("a && b || c; d & e\nf\n\ng");
    assert_eq!(names(&s), ["a", "b", "c", "d", "e", "f", "g"]);
    assert_eq!(
        ops(&s),
        [
            None,
            Some(Op::And),
            Some(Op::Or),
            Some(Op::Seq),
            Some(Op::Background),
            Some(Op::Seq),
            Some(Op::Seq)
        ]
    );
    // A newline after `&&` continues the list.
    let s = split("a &&\n  b");
    assert_eq!(ops(&s), [None, Some(Op::And)]);
    assert!(s.errors.is_empty());
}

#[test]
fn set_eux_with_continuations() {
    let t = "set -eux; \\\n    cd /tmp && ./configure \\\n  && make";
    let s = split(t);
    check_spans(t, &s);
    assert_eq!(names(&s), ["set", "cd", "./configure", "make"]);
    assert_eq!(find(&s, "make").span.text(t), "make");
    assert_eq!(find(&s, "cd").args[0].text, "/tmp");
}

#[test]
fn comments() {
    let s = split("echo a#b # comment && rm x\nls # && nope");
    assert_eq!(names(&s), ["echo", "ls"]);
    assert_eq!(s.commands[0].args[0].text, "a#b");
}

#[test]
fn quotes_and_escapes() {
    let t = r#"echo 'a b' "c \"d\" \$e $f" g\ h $'i\nj' $"k" "l\m""#;
    let s = split(t);
    check_spans(t, &s);
    let texts: Vec<&str> = s.commands[0].args.iter().map(|a| a.text.as_str()).collect();
    assert_eq!(texts, ["a b", "c \"d\" $e $f", "g h", "i\nj", "k", "l\\m"]);
    assert!(s.commands[0].args.iter().all(|a| a.quoted));
    assert_eq!(s.commands[0].args[2].span.text(t), "g\\ h");
}

#[test]
fn substitutions_are_kept_literally_and_emitted() {
    let t = "FOO=bar ./run.sh \"$ARG\" '${lit}' $(uname -m) `date` ${X:-def} $((1+2))";
    let s = split(t);
    check_spans(t, &s);
    assert_eq!(names(&s), ["./run.sh", "uname", "date"]);
    let run = &s.commands[0];
    assert_eq!(run.assignments[0].text, "FOO=bar");
    let texts: Vec<&str> = run.args.iter().map(|a| a.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "$ARG",
            "${lit}",
            "$(uname -m)",
            "`date`",
            "${X:-def}",
            "$((1+2))"
        ]
    );
    let uname = find(&s, "uname");
    assert_eq!(
        (uname.depth, uname.origin),
        (1, Origin::CommandSubstitution)
    );
    assert_eq!(uname.span.text(t), "uname -m");
    assert_eq!(find(&s, "date").span.text(t), "date");
}

#[test]
fn nested_substitutions_and_quotes() {
    let t = r#"echo "a $(dirname "$(readlink -f "$0")") b" && x=${y:-"$(id -u)"}"#;
    let s = split(t);
    check_spans(t, &s);
    assert_eq!(names(&s), ["echo", "dirname", "readlink", "", "id"]);
    assert_eq!(find(&s, "readlink").depth, 2);
    assert_eq!(find(&s, "readlink").span.text(t), "readlink -f \"$0\"");
    assert_eq!(
        s.commands[0].args[0].text,
        r#"a $(dirname "$(readlink -f "$0")") b"#
    );
    // `id` inside ${…} is found too.
    assert_eq!(find(&s, "id").span.text(t), "id -u");
    assert_eq!(s.commands[3].assignments[0].text, "x=${y:-\"$(id -u)\"}");
}

#[test]
fn subshells_groups_and_depth() {
    let t = "(cd /tmp; ./configure) ; { echo a; echo b; } > log && echo done";
    let s = split(t);
    check_spans(t, &s);
    assert_eq!(names(&s), ["cd", "./configure", "echo", "echo", "echo"]);
    let depths: Vec<u32> = s.commands.iter().map(|c| c.depth).collect();
    assert_eq!(depths, [1, 1, 1, 1, 0]);
    assert_eq!(s.commands[4].joined_by, Some(Op::And));
    assert!(
        s.commands[3].redirects.is_empty(),
        "the group's redirect is not the last echo's"
    );
}

#[test]
fn keywords() {
    let s = split("if [ -f x ]; then rm x; elif true; then :; else echo no; fi");
    assert_eq!(names(&s), ["[", "rm", "true", ":", "echo"]);
    assert!(s.errors.is_empty());
    let s = split("for p in a b; do echo $p; done");
    assert_eq!(names(&s), ["echo"]);
    let s =
        split("for ((i=0; i<3; i++)); do echo $i; done; while read -r l; do echo \"$l\"; done < f");
    assert_eq!(names(&s), ["echo", "read", "echo"]);
    let s = split("until false; do sleep 1; done && echo if then fi");
    assert_eq!(names(&s), ["false", "sleep", "echo"]);
    assert_eq!(s.commands[2].args.len(), 3);
    assert_eq!(s.commands[2].joined_by, Some(Op::And));
    let s = split("! grep -q x f && time make");
    assert_eq!(names(&s), ["grep", "make"]);
}

#[test]
fn case_arms() {
    let t = "case \"$(uname -m)\" in x86_64|amd64) arch=amd64 ;; (aarch64) arch=arm64; echo arm ;; *) exit 1 ;; esac; echo $arch";
    let s = split(t);
    check_spans(t, &s);
    assert_eq!(names(&s), ["uname", "", "", "echo", "exit", "echo"]);
    assert_eq!(s.commands[1].assignments[0].text, "arch=amd64");
    assert_eq!(s.commands[5].joined_by, Some(Op::Seq));
    assert!(s.errors.is_empty(), "{:?}", s.errors);
}

#[test]
fn functions_and_double_brackets() {
    let s = split("f() { echo hi; }; function g { ls; }; [[ -f a && ! -d b ]] || f");
    assert_eq!(names(&s), ["echo", "ls", "[[", "f"]);
    let test = find(&s, "[[");
    assert_eq!(test.args.last().map(|a| a.text.as_str()), Some("]]"));
    assert_eq!(s.commands[3].joined_by, Some(Op::Or));
    assert!(s.errors.is_empty(), "{:?}", s.errors);
}

#[test]
fn redirections() {
    let t =
        "make 2>&1 >>build.log </dev/null &>/dev/null; cat <<-'EOF' > /etc/x; grep x <<< \"$v\"";
    let s = split(t);
    check_spans(t, &s);
    assert_eq!(names(&s), ["make", "cat", "grep"]);
    let r: Vec<(Option<u32>, &str, &str)> = s.commands[0]
        .redirects
        .iter()
        .map(|r| {
            (
                r.fd,
                r.op.as_str(),
                r.target.as_ref().map_or("", |t| t.text.as_str()),
            )
        })
        .collect();
    assert_eq!(
        r,
        [
            (Some(2), ">&", "1"),
            (None, ">>", "build.log"),
            (None, "<", "/dev/null"),
            (None, "&>", "/dev/null")
        ]
    );
    assert!(s.commands[0].args.is_empty());
    assert_eq!(s.commands[0].redirects[0].span.text(t), "2>&1");
    let cat = &s.commands[1];
    assert!(cat.redirects[0].is_heredoc());
    assert_eq!(
        cat.redirects[0].target.as_ref().map(|t| t.text.as_str()),
        Some("EOF")
    );
    assert_eq!(s.commands[2].redirects[0].op, "<<<");
}

#[test]
fn heredoc_bodies_in_script_text_are_skipped() {
    let t = "cat > /x <<EOF\nrm -rf / $(nope)\nEOF\necho after\ncat <<-END\n\tnot this\n\tEND\nls";
    let s = split(t);
    assert_eq!(names(&s), ["cat", "echo", "cat", "ls"]);
    assert_eq!(find(&s, "echo").span.text(t), "echo after");
}

#[test]
fn prefix_assignments_and_exports() {
    let s = split(
        "DEBIAN_FRONTEND=noninteractive A+=1 apt-get install -y x; export PATH=/x:$PATH; A=1",
    );
    assert_eq!(names(&s), ["apt-get", "export", ""]);
    assert_eq!(s.commands[0].assignments.len(), 2);
    assert_eq!(s.commands[1].args[0].text, "PATH=/x:$PATH");
    assert_eq!(s.commands[2].assignments[0].text, "A=1");
    assert!(s.commands[2].name.is_none());
}

#[test]
fn wrappers_unwrap() {
    let cases = [
        ("sudo -u www-data -E pip install x", "pip", "install"),
        ("env A=1 B=2 -u C apt-get upgrade", "apt-get", "upgrade"),
        (
            "nice -n 10 timeout -s KILL 5 nohup exec -a n cmd sub",
            "cmd",
            "sub",
        ),
        ("gosu app:app ./start.sh serve", "./start.sh", "serve"),
        ("xargs -r -n1 -I{} apt-get purge", "apt-get", "purge"),
        ("sudo --user=x doas env apk add y", "apk", "add"),
    ];
    for (t, name, sub) in cases {
        let s = split(t);
        let v = s.commands[0].effective().unwrap_or_else(|| panic!("{t}"));
        assert_eq!((v.name(), v.subcommand()), (name, Some(sub)), "{t}");
    }
    // `command -v` looks a name up instead of running it.
    let s = split("command -v curl");
    assert_eq!(s.commands[0].effective().map(|v| v.name()), Some("command"));
    // A wrapper with nothing after it stays itself.
    let s = split("sudo -u root");
    assert_eq!(s.commands[0].effective().map(|v| v.name()), Some("sudo"));
}

#[test]
fn sh_c_reentry_maps_spans() {
    let t = r#"sudo -u x bash -c "echo \"hi\" && ls -l /tmp" && su -c 'rm -rf /x' root"#;
    let s = split(t);
    check_spans(t, &s);
    assert_eq!(names(&s), ["sudo", "echo", "ls", "su", "rm"]);
    let ls = find(&s, "ls");
    assert_eq!(
        (ls.origin, ls.depth, ls.joined_by),
        (Origin::ShellString, 1, Some(Op::And))
    );
    assert_eq!(ls.span.text(t), "ls -l /tmp");
    assert_eq!(find(&s, "echo").args[0].text, "hi");
    assert_eq!(find(&s, "echo").args[0].span.text(t), "\\\"hi\\\"");
    assert_eq!(find(&s, "rm").span.text(t), "rm -rf /x");

    let t = "bash -lc 'sh -c \"apt-get install -y x\"' ; eval \"apt-get\" upgrade ; /bin/sh -ec 'cd /x'";
    let s = split(t);
    check_spans(t, &s);
    assert_eq!(
        names(&s),
        ["bash", "sh", "apt-get", "eval", "apt-get", "/bin/sh", "cd"]
    );
    assert_eq!(s.commands[2].depth, 2);
    assert_eq!(s.commands[2].span.text(t), "apt-get install -y x");
    // The span runs from the first to the last source byte of the inner text.
    assert_eq!(s.commands[4].span.text(t), "apt-get\" upgrade");
    assert_eq!(s.commands[6].span.text(t), "cd /x");
    // A script file operand is not shell text.
    assert_eq!(names(&split("sh ./install.sh -c x")), ["sh"]);
}

#[test]
fn sh_c_with_command_substitution_is_listed_once() {
    let t = r#"sh -c "$(curl -fsSL https://x)""#;
    let s = split(t);
    check_spans(t, &s);
    let curls: Vec<&Command> = s.commands.iter().filter(|c| c.is("curl")).collect();
    assert_eq!(curls.len(), 1);
    assert_eq!(curls[0].span.text(t), "curl -fsSL https://x");
    assert_eq!(curls[0].origin, Origin::CommandSubstitution);
    // The inner shell runs the downloaded text.
    assert!(s
        .commands
        .iter()
        .any(|c| c.origin == Origin::ShellString && c.name_str() == "$(curl -fsSL https://x)"));
    // With single quotes only the inner shell runs curl.
    let t = "sh -c '$(curl -s x) | sh'";
    let s = split(t);
    let curl = find(&s, "curl");
    assert_eq!(curl.span.text(t), "curl -s x");
    assert_eq!(curl.depth, 2);
}

#[test]
fn process_substitution() {
    let t = "bash <(curl -s https://x) && diff <(sort a) >(tee b)";
    let s = split(t);
    check_spans(t, &s);
    assert_eq!(names(&s), ["bash", "curl", "diff", "sort", "tee"]);
    let curl = find(&s, "curl");
    assert_eq!((curl.origin, curl.depth), (Origin::ProcessSubstitution, 1));
    assert_eq!(s.commands[0].args[0].text, "<(curl -s https://x)");
}

#[test]
fn tolerant_of_half_written_input() {
    let s = split("echo \"unterminated && ls");
    assert_eq!(names(&s), ["echo"]);
    assert_eq!(s.errors.len(), 1);
    assert_eq!(s.errors[0].span, Span::new(5, 6));

    let s = split("if true; then echo x");
    assert_eq!(names(&s), ["true", "echo"]);
    assert!(s.errors.iter().any(|e| e.message.contains("fi")));

    let s = split("apt-get update &&");
    assert_eq!(names(&s), ["apt-get"]);
    assert_eq!(s.errors[0].span, Span::new(15, 17));

    let s = split("echo $(ls; cd x && (pwd");
    assert_eq!(names(&s), ["echo", "ls", "cd", "pwd"]);
    assert_eq!(s.errors.len(), 2, "{:?}", s.errors);

    let s = split("&& ls ) ; ;; esac }");
    assert_eq!(names(&s), ["ls"]);
    assert!(s.errors.len() >= 4, "{:?}", s.errors);

    let s = split("echo 'open");
    assert_eq!(s.commands[0].args[0].text, "open");
    assert_eq!(s.errors[0].message, "unterminated single quote");
}

#[test]
fn logical_text_maps_to_source() {
    // Source: `RUN apt-get update \` NL `    && sudo ls` ; the logical text joins them.
    let src = "RUN apt-get update \\\n    && sudo ls\n";
    let text = LogicalText {
        text: "apt-get update     && sudo ls".to_string(),
        pieces: vec![
            Piece {
                logical: 0,
                source: 4,
            },
            Piece {
                logical: 15,
                source: 21,
            },
        ],
    };
    let s = split_logical(&text);
    check_spans(src, &s);
    assert_eq!(find(&s, "sudo").span.text(src), "sudo ls");
    assert_eq!(find(&s, "apt-get").span.text(src), "apt-get update");
    assert_eq!(find(&s, "sudo").args[0].span.text(src), "ls");
}

#[test]
fn split_at_offsets_heredoc_bodies() {
    let src = "RUN <<EOF\nset -e\ncurl x | sh\nEOF\n";
    let body = "set -e\ncurl x | sh\n";
    let s = split_at(body, 10);
    check_spans(src, &s);
    assert_eq!(find(&s, "sh").span.text(src), "sh");
    assert_eq!(find(&s, "curl").span.text(src), "curl x");
}
