//! The shell splitter for RUN (and heredoc bodies).
//!
//! This is not a shell grammar. Like hadolint's "extract commands" step, it
//! turns shell text into a flat list of simple [`Command`]s (name, arguments,
//! prefix assignments, redirections), each with the operator that joins it to
//! the previous command of its list, its nesting depth and exact byte spans.
//! Lint rules query that list; they never walk a grammar.
//!
//! Properties:
//! - **Non-recursive.** Nesting (`$(…)`, backticks, `<(…)`, `( … )`,
//!   `{ …; }`, `case … esac`, quotes inside `${…}`) lives on explicit stacks,
//!   so any depth of nesting runs on a small stack (the browser gives 1 MiB).
//!   Strings run by `sh -c`/`bash -c`/`su -c`/`eval` are queued as work items,
//!   at most [`MAX_REENTRY`] levels deep.
//! - **Tolerant.** Half-written input (unterminated quotes, `if` without
//!   `fi`, a trailing `&&`) still yields every command that can be read, and
//!   the problems are listed in [`Script::errors`]. No input panics.
//! - **Linear.** One pass over the text per re-entry level. The text of words
//!   that hold deeply nested substitutions is capped (see [`ShellWord::text`]).
//! - **Exact spans.** Every span is a byte range of the input (or, through
//!   [`split_logical`] / [`split_at`], of the Dockerfile source), also for
//!   commands found inside `sh -c "…"` strings: the quote removal and escape
//!   processing are undone by a per-piece offset map.
//!
//! Conventions (documented deliberate choices):
//! - Words: `text` has quotes removed and backslash escapes resolved; `$VAR`,
//!   `${…}`, `$(…)`, backticks and `$((…))` are kept literally (no expansion).
//!   `$'…'` resolves the common single-letter escapes (`\n \t \\ \' \"` …);
//!   numeric escapes (`\x41`, `\101`, `\u00e9`) are kept as written.
//! - Reserved words (`if then elif else fi for select while until do done
//!   case esac in function { } ! time`) are recognised only where the shell
//!   recognises them (command position, unquoted), so
//!   `if [ -f x ]; then rm x; fi` yields the commands `[` and `rm`. `[[ … ]]`
//!   is reported as a command named `[[` whose arguments run to `]]`
//!   (`&&`, `||`, `<`, `>`, `(`, `)` inside it are test operators, not
//!   separators). `(( … ))` arithmetic commands and the header of
//!   `for`/`select` loops yield no commands, nor do `case` patterns.
//! - `joined_by` is the operator between a command and the previous element of
//!   the same list. The first command of a list has `None`: the start of the
//!   input, of a subshell, group or substitution, of an `if`/`while`
//!   condition, of a `then`/`else`/`do` body, of a `case` arm. When the
//!   previous element was a compound command (`( … )`, `if … fi`), the
//!   operator after it still applies (`fi && x` gives `x` `And`).
//! - `depth` counts subshells, brace groups, command and process
//!   substitutions; commands inside `sh -c "…"` strings are one level deeper
//!   than the `sh` command. `if`/`for`/`while`/`case` bodies add no depth.
//! - Here-documents: in a Dockerfile RUN line the body of `<<EOF` is not part
//!   of the text, so the splitter only records the redirection. In a heredoc
//!   body passed to [`split_at`], a nested `<<EOF` body that follows the next
//!   newline is skipped up to its delimiter line (its contents are data).
//! - `\r` counts as blank space (CRLF files).
//! - A command found both in the outer text and again inside a re-entered
//!   string (`sh -c "$(curl x)"`: the outer shell runs `curl`) is listed once.
//!
//! Helpers: [`Command::has_flag`], [`Command::args_no_flags`],
//! [`Command::has_arg`], [`Command::subcommand`], [`Command::flag_value`]
//! work on the command as written; [`Command::effective`] first unwraps
//! wrapper commands (`sudo`, `doas`, `env`, `exec`, `nohup`, `time`,
//! `command`, `nice`, `ionice`, `timeout`, `stdbuf`, `xargs`, `gosu`,
//! `su-exec`, `tini`, `dumb-init`, `builtin`) to the command they run.

mod map;
mod scan;
mod wrap;

use crate::syntax::{LogicalText, Span};
use serde::Serialize;

/// How many `sh -c` / `eval` strings deep the splitter looks.
pub const MAX_REENTRY: u32 = 8;

/// The result of splitting shell text.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Script {
    /// Simple commands, ordered by start offset (commands inside
    /// substitutions come after the command whose word holds them).
    pub commands: Vec<Command>,
    /// Problems found, in the order they were found.
    pub errors: Vec<ShellError>,
}

/// A syntax problem in the shell text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ShellError {
    pub span: Span,
    pub message: String,
}

/// The operator that joins a command to the previous one in its list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum Op {
    /// `&&`
    And,
    /// `||`
    Or,
    /// `;` or a newline
    Seq,
    /// `|` or `|&`
    Pipe,
    /// `&`
    Background,
}

impl Op {
    pub const fn as_str(self) -> &'static str {
        match self {
            Op::And => "&&",
            Op::Or => "||",
            Op::Seq => ";",
            Op::Pipe => "|",
            Op::Background => "&",
        }
    }
}

/// Where a command was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum Origin {
    /// In the text given to the splitter (including subshells, groups and
    /// compound command bodies).
    TopLevel,
    /// Inside `$(…)` or backticks.
    CommandSubstitution,
    /// Inside `<(…)` or `>(…)`.
    ProcessSubstitution,
    /// Inside a string run by `sh -c`, `bash -c`, `su -c` or `eval`.
    ShellString,
}

/// A word of shell text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ShellWord {
    /// The word as written, quotes included. The raw text is
    /// `span.text(source)`.
    pub span: Span,
    /// Quotes removed and escapes resolved; expansions (`$VAR`, `${…}`,
    /// `$(…)`, backticks, `$((…))`) kept as written. For pathological input
    /// (thousands of nested substitutions) the copied text of inner
    /// substitutions is replaced by `…` once a budget proportional to the
    /// input length is spent.
    pub text: String,
    /// Some part of the word was quoted or escaped.
    pub quoted: bool,
}

impl ShellWord {
    /// `-x`, `-xyz`, `--long`, `--long=value` (but not `-` or `--`).
    pub fn is_flag(&self) -> bool {
        self.text.starts_with('-') && self.text != "-" && self.text != "--"
    }
    /// The text contains an expansion (`$…` or a backtick) that the shell would expand.
    pub fn has_expansion(&self) -> bool {
        self.text.contains('$') || self.text.contains('`')
    }
}

/// A redirection such as `> file`, `2>&1`, `<<EOF`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Redirect {
    /// From the file descriptor (or operator) to the end of the target.
    pub span: Span,
    /// The explicit file descriptor (`2` in `2>&1`).
    pub fd: Option<u32>,
    /// The operator: `<`, `>`, `>>`, `>|`, `<>`, `<&`, `>&`, `&>`, `&>>`,
    /// `<<`, `<<-`, `<<<`.
    pub op: String,
    /// The target word (the delimiter for `<<`); `None` when missing.
    pub target: Option<ShellWord>,
}

impl Redirect {
    /// A here-document operator (`<<` or `<<-`).
    pub fn is_heredoc(&self) -> bool {
        self.op == "<<" || self.op == "<<-"
    }
}

/// One simple command.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Command {
    /// The command word; `None` for a command made only of assignments or
    /// redirections (`FOO=bar`, `> file`).
    pub name: Option<ShellWord>,
    /// The words after the name (redirections excluded).
    pub args: Vec<ShellWord>,
    /// Leading `NAME=value` words.
    pub assignments: Vec<ShellWord>,
    pub redirects: Vec<Redirect>,
    /// From the first to the last word or redirection of the command.
    pub span: Span,
    /// Nesting depth (see the module documentation).
    pub depth: u32,
    /// The operator before this command in its list (see the module docs).
    pub joined_by: Option<Op>,
    pub origin: Origin,
    /// An identifier shared by the commands of one pipeline.
    pub pipeline: usize,
    /// Position within the pipeline: 0 for the first command, 1 for the
    /// command reading the first one's output, and so on.
    pub pipe_index: u32,
}

/// A command name with its arguments: a [`Command`] as written, or the
/// command a wrapper runs ([`Command::effective`]).
#[derive(Clone, Copy, Debug)]
pub struct CommandView<'a> {
    pub name: &'a ShellWord,
    pub args: &'a [ShellWord],
    /// Index in the command's `args` of `args[0]` here.
    offset: usize,
}

/// The part of a path after the last `/`.
fn basename(s: &str) -> &str {
    s.rsplit('/').next().unwrap_or(s)
}

impl<'a> CommandView<'a> {
    /// The command word's text.
    pub fn name(&self) -> &'a str {
        &self.name.text
    }
    /// The command word without a directory (`/usr/bin/apt-get` → `apt-get`).
    pub fn basename(&self) -> &'a str {
        basename(&self.name.text)
    }
    /// The basename is `name`.
    pub fn is(&self, name: &str) -> bool {
        self.basename() == name
    }
    /// Where `args[0]` of this view is in the original command's `args`.
    pub fn arg_offset(&self) -> usize {
        self.offset
    }
    /// Words before a `--` end-of-options marker.
    fn option_words(&self) -> impl Iterator<Item = &'a ShellWord> + 'a {
        self.args.iter().take_while(|a| a.text != "--")
    }
    /// `flag` is given: a one-letter flag matches `-f`, clusters such as
    /// `-qf`, and `--f`; a longer one matches `--flag` and `--flag=…`.
    /// Options after `--` are not looked at.
    pub fn has_flag(&self, flag: &str) -> bool {
        let flag = flag.trim_start_matches('-');
        if flag.is_empty() {
            return false;
        }
        let single = flag.chars().count() == 1;
        self.option_words().any(|a| {
            let t = a.text.as_str();
            if let Some(long) = t.strip_prefix("--") {
                long == flag || long.strip_prefix(flag).is_some_and(|r| r.starts_with('='))
            } else if let Some(short) = t.strip_prefix('-') {
                single && short.contains(flag)
            } else {
                false
            }
        })
    }
    /// Any of the flags is given (see [`CommandView::has_flag`]).
    pub fn has_any_flag(&self, flags: &[&str]) -> bool {
        flags.iter().any(|f| self.has_flag(f))
    }
    /// The value of an option: `-o value`, `-ovalue`, `--name value`,
    /// `--name=value` (the last occurrence wins).
    pub fn flag_value(&self, flag: &str) -> Option<&'a str> {
        let flag = flag.trim_start_matches('-');
        if flag.is_empty() {
            return None;
        }
        let single = flag.chars().count() == 1;
        let mut found = None;
        let mut it = self.option_words().peekable();
        while let Some(a) = it.next() {
            let t = a.text.as_str();
            if let Some(long) = t.strip_prefix("--") {
                if long == flag {
                    found = it.peek().map(|n| n.text.as_str());
                } else if let Some(v) = long.strip_prefix(flag).and_then(|r| r.strip_prefix('=')) {
                    found = Some(v);
                }
            } else if let Some(short) = t.strip_prefix('-') {
                if single {
                    if short == flag {
                        found = it.peek().map(|n| n.text.as_str());
                    } else if let Some(v) = short.strip_prefix(flag) {
                        if !v.is_empty() {
                            found = Some(v);
                        }
                    }
                }
            }
        }
        found
    }
    /// Arguments that are not flags (everything after `--` counts). Values of
    /// options given as separate words (`-o file`) are included, as the
    /// splitter cannot know which options take a value.
    pub fn args_no_flags(&self) -> Vec<&'a ShellWord> {
        let mut out = Vec::new();
        let mut after_dashes = false;
        for a in self.args {
            if after_dashes {
                out.push(a);
            } else if a.text == "--" {
                after_dashes = true;
            } else if !a.is_flag() {
                out.push(a);
            }
        }
        out
    }
    /// Some argument's text is exactly `arg`.
    pub fn has_arg(&self, arg: &str) -> bool {
        self.args.iter().any(|a| a.text == arg)
    }
    /// The first argument that is not a flag (`install` in `apt-get -y install x`).
    pub fn subcommand(&self) -> Option<&'a str> {
        self.args_no_flags().first().map(|w| w.text.as_str())
    }
    /// The command a wrapper runs (`sudo -u x cmd` → `cmd`), repeatedly;
    /// `self` when this is not a wrapper or no command follows.
    pub fn unwrapped(self) -> CommandView<'a> {
        let mut v = self;
        for _ in 0..32 {
            match wrap::wrapped_command(&v) {
                Some(k) => match (v.args.get(k), v.args.get(k + 1..)) {
                    (Some(name), Some(args)) => {
                        v = CommandView {
                            name,
                            args,
                            offset: v.offset + k + 1,
                        };
                    }
                    _ => break,
                },
                None => break,
            }
        }
        v
    }
}

impl Command {
    /// The command as written (`None` without a command word).
    pub fn view(&self) -> Option<CommandView<'_>> {
        self.name.as_ref().map(|name| CommandView {
            name,
            args: &self.args,
            offset: 0,
        })
    }
    /// The command that runs after unwrapping wrappers (`sudo`, `env`, …).
    pub fn effective(&self) -> Option<CommandView<'_>> {
        self.view().map(CommandView::unwrapped)
    }
    /// The command word's text ("" without one).
    pub fn name_str(&self) -> &str {
        self.name.as_ref().map_or("", |n| n.text.as_str())
    }
    /// The command word without a directory.
    pub fn basename(&self) -> &str {
        basename(self.name_str())
    }
    /// The command's basename is `name` (as written, not unwrapped).
    pub fn is(&self, name: &str) -> bool {
        self.name.is_some() && self.basename() == name
    }
    /// See [`CommandView::has_flag`].
    pub fn has_flag(&self, flag: &str) -> bool {
        self.view().is_some_and(|v| v.has_flag(flag))
    }
    /// See [`CommandView::has_any_flag`].
    pub fn has_any_flag(&self, flags: &[&str]) -> bool {
        self.view().is_some_and(|v| v.has_any_flag(flags))
    }
    /// See [`CommandView::flag_value`].
    pub fn flag_value(&self, flag: &str) -> Option<&str> {
        self.view().and_then(|v| v.flag_value(flag))
    }
    /// See [`CommandView::args_no_flags`].
    pub fn args_no_flags(&self) -> Vec<&ShellWord> {
        self.view().map(|v| v.args_no_flags()).unwrap_or_default()
    }
    /// See [`CommandView::has_arg`].
    pub fn has_arg(&self, arg: &str) -> bool {
        self.args.iter().any(|a| a.text == arg)
    }
    /// See [`CommandView::subcommand`].
    pub fn subcommand(&self) -> Option<&str> {
        self.view().and_then(|v| v.subcommand())
    }
}

impl Script {
    /// Commands whose effective (unwrapped) basename is `name`.
    pub fn running<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Command> + 'a {
        self.commands
            .iter()
            .filter(move |c| c.effective().is_some_and(|v| v.is(name)))
    }
    /// The command whose output `commands[index]` reads through a pipe.
    pub fn piped_from(&self, index: usize) -> Option<&Command> {
        let c = self.commands.get(index)?;
        let want = c.pipe_index.checked_sub(1)?;
        self.commands
            .iter()
            .find(|o| o.pipeline == c.pipeline && o.pipe_index == want)
    }
    /// The command that reads the output of `commands[index]` through a pipe.
    pub fn piped_into(&self, index: usize) -> Option<&Command> {
        let c = self.commands.get(index)?;
        self.commands
            .iter()
            .find(|o| o.pipeline == c.pipeline && o.pipe_index == c.pipe_index + 1)
    }
    /// All commands of pipeline `id`, in pipe order.
    pub fn pipeline(&self, id: usize) -> Vec<&Command> {
        let mut v: Vec<&Command> = self.commands.iter().filter(|c| c.pipeline == id).collect();
        crate::sort::sort_by_key(&mut v, |c| c.pipe_index);
        v
    }
    fn map_spans(&mut self, f: impl Fn(Span) -> Span) {
        let word = |w: &mut ShellWord| w.span = f(w.span);
        for c in &mut self.commands {
            c.span = f(c.span);
            if let Some(n) = c.name.as_mut() {
                word(n);
            }
            c.args.iter_mut().for_each(word);
            c.assignments.iter_mut().for_each(word);
            for r in &mut c.redirects {
                r.span = f(r.span);
                if let Some(t) = r.target.as_mut() {
                    word(t);
                }
            }
        }
        for e in &mut self.errors {
            e.span = f(e.span);
        }
    }
}

/// Splits shell text. Spans are byte offsets into `text`.
pub fn split(text: &str) -> Script {
    scan::run(text)
}

/// Splits text that starts at byte `base` of a larger source and is
/// contiguous in it (a heredoc body). Spans are offsets into that source.
pub fn split_at(text: &str, base: usize) -> Script {
    let mut s = scan::run(text);
    if base != 0 {
        s.map_spans(|sp| Span::new(sp.start + base, sp.end + base));
    }
    s
}

/// Splits the joined text of a Dockerfile instruction. Spans are offsets
/// into the Dockerfile source, exact across continuation lines.
pub fn split_logical(text: &LogicalText) -> Script {
    let mut s = scan::run(&text.text);
    s.map_spans(|sp| text.span(sp.start..sp.end));
    s
}
