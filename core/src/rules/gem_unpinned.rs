//! SS515 gem-unpinned (hadolint DL3028): `gem install <gem>` without a
//! version.

use super::packages_support::{invocations, package_texts, report_words, Manager};
use super::RuleDef;
use crate::diagnostic::Severity;
use crate::engine::{Context, Sink};
use crate::rule::{Category, Checklist, Equivalent, FixKind, Owasp, RuleMeta, Target, Tool};

pub static RULE: RuleDef = RuleDef {
    meta: RuleMeta {
        code: "SS515",
        name: "gem-unpinned",
        summary: "A Ruby gem is installed without a version",
        severity: Severity::Warning,
        category: Category::Packages,
        target: Target::Dockerfile,
        checklist: &[Checklist::NoSystemUpgrade, Checklist::SecureDependencies],
        owasp: &[Owasp::D02],
        equivalents: &[Equivalent::similar(Tool::Hadolint, "DL3028")],
        fix: FixKind::None,
        default_enabled: true,
        why: "`gem install rails` installs the newest release on RubyGems at build time, so a \
rebuild can bring in a new major version or a compromised release. Pin it: \
`gem install rails:7.1.3`, or `gem install rails -v 7.1.3`; for an application, install from \
its `Gemfile.lock` with `bundle install`.\n\n\
Reported: each gem of `gem install` / `gem i` without `:version`, unless the command has \
`-v`/`--version`. Not reported: local `.gem` files and paths, the values of options such as \
`--install-dir` or `--source`, build options after `--`, and variables the file does not \
define.\n\n\
Compared with hadolint DL3028: hadolint takes the word after any flag as that flag's value, so \
`gem install -N rails` and `gem install --no-document rails` pass there; here they are \
reported (`-N` takes no value). hadolint reports local `.gem` files, which are pinned by \
their content; this rule does not. It also looks through `sudo`, `env` and `sh -c \"…\"`.",
        bad: "FROM ruby:3.3-slim\nRUN gem install --no-document rails\n",
        good: "FROM ruby:3.3-slim\nRUN gem install --no-document rails:7.1.3\n",
    },
    check,
};

fn check(cx: &Context<'_>, out: &mut Sink<'_>) {
    for inv in invocations(cx) {
        if inv.manager != Manager::Gem || !inv.is_sub(&["install", "i"]) {
            continue;
        }
        if inv.has_any_flag(&["v", "version"]) {
            continue;
        }
        // Words after `--` are build options for the gem's extension.
        let end = inv
            .args
            .iter()
            .find(|a| a.text == "--")
            .map_or(usize::MAX, |a| a.span.start);
        let words = package_texts(cx, &inv)
            .into_iter()
            .filter(|(w, _)| w.span.start < end)
            .collect();
        report_words(
            out,
            words,
            is_pinned,
            "Gem",
            "is not pinned to a version (`name:version`)",
            "installs gems not pinned to a version",
        );
    }
}

fn is_pinned(gem: &str) -> bool {
    gem.contains(':') || gem.contains('/') || gem.ends_with(".gem")
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{lines, run, texts};

    const C: &str = "SS515";

    #[test]
    fn unpinned_gems_are_reported() {
        let src = "FROM ruby:3.3\nRUN gem install bundler:2.5.16 rails\n";
        assert_eq!(texts(C, src), ["rails"]);
        assert_eq!(
            run(C, src)[0].message,
            "Gem `rails` is not pinned to a version (`name:version`)"
        );
        assert_eq!(texts(C, "FROM ruby:3.3\nRUN gem i rails\n"), ["rails"]);
        assert_eq!(
            texts(C, "FROM ruby:3.3\nRUN gem install -N rails\n"),
            ["rails"]
        );
        assert_eq!(
            texts(C, "FROM ruby:3.3\nRUN gem install --no-document rails\n"),
            ["rails"]
        );
        assert_eq!(
            texts(
                C,
                "FROM ruby:3.3\nRUN gem install nokogiri -- --use-system-libraries\n"
            ),
            ["nokogiri"]
        );
        // `-v` belongs to the other command.
        assert_eq!(
            texts(
                C,
                "FROM ruby:3.3\nRUN gem install bundler -v 2.5 && gem install rails\n"
            ),
            ["rails"]
        );
    }

    #[test]
    fn continuations_wrappers_heredocs() {
        let src = "FROM ruby:3.3\nRUN gem install \\\n      bundler:2.5.16 \\\n      rake\n";
        assert_eq!(lines(C, src), [4]);
        assert_eq!(
            texts(C, "FROM ruby:3.3\nRUN sudo gem install rake\n"),
            ["rake"]
        );
        assert_eq!(
            lines(
                C,
                "FROM ruby:3.3\nRUN <<EOF\nset -e\ngem install rake\nEOF\n"
            ),
            [4]
        );
    }

    #[test]
    fn versions_files_and_option_values_are_clean() {
        for src in [
            "FROM ruby:3.3\nRUN gem install rails:7.1.3\n",
            "FROM ruby:3.3\nRUN gem install rails -v 7.1.3\n",
            "FROM ruby:3.3\nRUN gem install rails --version '~> 7.1'\n",
            "FROM ruby:3.3\nRUN gem install rails --version=7.1.3\n",
            "FROM ruby:3.3\nRUN gem install ./pkg/x-1.0.gem y.gem\n",
            "FROM ruby:3.3\nRUN gem install --install-dir /gems --source https://rubygems.org rails:7.1.3\n",
            "FROM ruby:3.3\nRUN gem update --system 3.5.16 && gem list\n",
            "FROM ruby:3.3\nRUN gem install $UNKNOWN\n",
            "FROM ruby:3.3\nRUN echo gem install rails\n",
        ] {
            assert!(run(C, src).is_empty(), "{src}");
        }
    }
}
