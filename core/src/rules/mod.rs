//! The rules, one file each, and their registry.
//!
//! A rule file holds the rule's metadata ([`RuleMeta`]), its check and its
//! fix. [`RULES`] lists them sorted by code; a test keeps it sorted and
//! complete.

use crate::context::{BuildContext, Date};
use crate::engine::{Context, ImageContext, Settings, Sink};
use crate::rule::RuleMeta;

mod add_instead_of_copy;
mod add_without_checksum;
mod apk_no_cache;
mod apk_unpinned;
mod apt_get_yes;
mod apt_instead_of_apt_get;
mod apt_lists_not_removed;
mod apt_no_install_recommends;
mod apt_unpinned;
pub(crate) mod base_support;
mod build_host_network;
mod cd_in_run;
mod chpasswd;
mod cloud_cli_login;
pub mod config_support;
mod consecutive_runs;
pub(crate) mod context_support;
mod copy_from_own_stage;
mod copy_from_unknown_stage;
mod copy_ignored_file;
mod copy_multi_source_slash;
mod copy_relative_destination;
mod copy_then_extract;
mod copy_whole_filesystem;
mod curl_and_wget;
mod curl_pipe_shell;
mod duplicate_stage_name;
mod empty_continuation;
mod empty_label_value;
mod env_self_reference;
mod eol_base_image;
pub(crate) mod eol_support;
mod expose_invalid_format;
mod expose_port_out_of_range;
mod expose_protocol_casing;
mod from_as_casing;
mod from_platform_constant;
mod gem_unpinned;
mod go_unpinned;
mod ignore_pragma;
mod image_credential_file;
mod image_deleted_secret;
mod image_duplicate_id;
mod image_empty_password;
mod image_git_directory;
pub mod image_history_support;
mod image_no_healthcheck;
mod image_package_cache;
mod image_provenance_labels;
mod image_root_user;
mod image_secret_env;
mod image_secret_in_file;
mod image_sensitive_port;
mod image_sensitive_volume;
mod image_setuid_file;
pub(crate) mod image_support;
mod image_wasted_space;
mod image_world_writable;
mod insecure_build_step;
mod insecure_download;
mod instruction_before_from;
mod instruction_casing;
mod interactive_tool_in_run;
mod invalid_default_arg_in_from;
mod invalid_definition_description;
mod invalid_label_key;
mod json_args;
mod label_value_type;
mod language_package_unpinned;
mod latest_tag;
mod legacy_key_value;
mod ln_bin_sh;
mod log_to_file;
mod maintainer_deprecated;
mod missing_healthcheck;
mod missing_required_label;
mod multiple_cmd_entrypoint_healthcheck;
mod no_user;
mod non_minimal_final_base;
mod non_numeric_user;
mod npm_unpinned;
mod package_signature_disabled;
pub(crate) mod packages_support;
mod pip_no_cache_dir;
mod pip_unpinned;
mod pipe_without_pipefail;
pub(crate) mod privilege_support;
mod privilege_switch;
mod redundant_target_platform;
mod reserved_stage_name;
mod root_user;
mod rpm_cache_not_cleaned;
mod rpm_unpinned;
mod secret_arg_in_run;
mod secret_in_arg_env;
mod secret_in_command;
mod secret_value;
mod sensitive_port;
mod sensitive_volume;
mod setuid_mode;
mod stage_name_casing;
pub(crate) mod structure_support;
mod sudo;
pub(crate) mod supply_support;
pub mod support;
mod syntax_error;
mod system_upgrade;
mod tls_verification_disabled;
pub(crate) mod trust_support;
mod undefined_arg_in_from;
mod undefined_var;
mod unfiltered_context_copy;
mod unknown_label;
mod unpinned_digest;
mod untagged_base_image;
mod untrusted_registry;
pub(crate) mod unused_suppression;
mod unverified_download;
mod update_without_install;
mod useradd_without_no_log_init;
mod wget_without_progress;
mod workdir_relative;
mod workdir_system_dir;
mod world_writable;
mod yarn_cache_not_cleaned;

/// A rule: its metadata and its check.
pub struct RuleDef {
    pub meta: RuleMeta,
    pub check: fn(&Context<'_>, &mut Sink<'_>),
}

/// Defines [`RULES`] from its entries (`&module::RULE`). Without the
/// `docs` feature every entry's `why` text is left out (compiled as ""), so
/// a build that does not show rule documentation (the web page's Dockerfile
/// bundle, which gets the texts from the page) does not carry it: the
/// original statics are then unreferenced and dropped at link time.
macro_rules! rule_list {
    ($(&$rule:path),* $(,)?) => {
        /// Every rule, sorted by code.
        #[cfg(feature = "docs")]
        pub static RULES: &[&RuleDef] = &[$(&$rule),*];
        /// Every rule, sorted by code (without the `why` texts: no `docs` feature).
        #[cfg(not(feature = "docs"))]
        pub static RULES: &[&RuleDef] = &[$(&RuleDef {
            meta: RuleMeta { why: "", ..$rule.meta },
            check: $rule.check,
        }),*];
    };
}

rule_list![
    &syntax_error::RULE,
    &unused_suppression::RULE,
    &ignore_pragma::RULE,
    &root_user::RULE,
    &no_user::RULE,
    &sudo::RULE,
    &privilege_switch::RULE,
    &world_writable::RULE,
    &insecure_build_step::RULE,
    &setuid_mode::RULE,
    &sensitive_volume::RULE,
    &untagged_base_image::RULE,
    &latest_tag::RULE,
    &unpinned_digest::RULE,
    &untrusted_registry::RULE,
    &eol_base_image::RULE,
    &non_minimal_final_base::RULE,
    &secret_in_arg_env::RULE,
    &secret_value::RULE,
    &cloud_cli_login::RULE,
    &secret_in_command::RULE,
    &secret_arg_in_run::RULE,
    &curl_pipe_shell::RULE,
    &add_instead_of_copy::RULE,
    &add_without_checksum::RULE,
    &insecure_download::RULE,
    &package_signature_disabled::RULE,
    &tls_verification_disabled::RULE,
    &unverified_download::RULE,
    &unfiltered_context_copy::RULE,
    &copy_ignored_file::RULE,
    &system_upgrade::RULE,
    &apt_unpinned::RULE,
    &apk_unpinned::RULE,
    &apt_get_yes::RULE,
    &apt_no_install_recommends::RULE,
    &apt_lists_not_removed::RULE,
    &apk_no_cache::RULE,
    &pip_no_cache_dir::RULE,
    &apt_instead_of_apt_get::RULE,
    &rpm_unpinned::RULE,
    &rpm_cache_not_cleaned::RULE,
    &update_without_install::RULE,
    &pip_unpinned::RULE,
    &npm_unpinned::RULE,
    &gem_unpinned::RULE,
    &go_unpinned::RULE,
    &yarn_cache_not_cleaned::RULE,
    &language_package_unpinned::RULE,
    &sensitive_port::RULE,
    &build_host_network::RULE,
    &workdir_system_dir::RULE,
    &instruction_casing::RULE,
    &legacy_key_value::RULE,
    &empty_continuation::RULE,
    &maintainer_deprecated::RULE,
    &stage_name_casing::RULE,
    &from_as_casing::RULE,
    &json_args::RULE,
    &expose_protocol_casing::RULE,
    &copy_multi_source_slash::RULE,
    &redundant_target_platform::RULE,
    &workdir_relative::RULE,
    &expose_port_out_of_range::RULE,
    &expose_invalid_format::RULE,
    &multiple_cmd_entrypoint_healthcheck::RULE,
    &copy_from_unknown_stage::RULE,
    &copy_from_own_stage::RULE,
    &duplicate_stage_name::RULE,
    &reserved_stage_name::RULE,
    &env_self_reference::RULE,
    &copy_relative_destination::RULE,
    &instruction_before_from::RULE,
    &copy_whole_filesystem::RULE,
    &from_platform_constant::RULE,
    &undefined_arg_in_from::RULE,
    &invalid_default_arg_in_from::RULE,
    &undefined_var::RULE,
    &non_numeric_user::RULE,
    &invalid_definition_description::RULE,
    &interactive_tool_in_run::RULE,
    &cd_in_run::RULE,
    &copy_then_extract::RULE,
    &useradd_without_no_log_init::RULE,
    &wget_without_progress::RULE,
    &consecutive_runs::RULE,
    &curl_and_wget::RULE,
    &ln_bin_sh::RULE,
    &pipe_without_pipefail::RULE,
    &chpasswd::RULE,
    &missing_healthcheck::RULE,
    &invalid_label_key::RULE,
    &missing_required_label::RULE,
    &empty_label_value::RULE,
    &label_value_type::RULE,
    &unknown_label::RULE,
    &log_to_file::RULE,
    &image_root_user::RULE,
    &image_sensitive_port::RULE,
    &image_secret_env::RULE,
    &image_no_healthcheck::RULE,
    &image_sensitive_volume::RULE,
    &image_provenance_labels::RULE,
    &image_setuid_file::RULE,
    &image_world_writable::RULE,
    &image_credential_file::RULE,
    &image_secret_in_file::RULE,
    &image_empty_password::RULE,
    &image_duplicate_id::RULE,
    &image_package_cache::RULE,
    &image_git_directory::RULE,
    &image_deleted_secret::RULE,
    &image_wasted_space::RULE,
];

/// An image rule's check.
pub type ImageCheck = fn(&ImageContext<'_>, &mut Sink<'_>);

/// The image checks of the rules with target image, by code (each code is
/// also in [`RULES`], whose entry holds the metadata and a no-op Dockerfile
/// check). Sorted by code.
pub static IMAGE_CHECKS: &[(&str, ImageCheck)] = &[
    (
        image_root_user::RULE.meta.code,
        image_root_user::check_image,
    ),
    (
        image_sensitive_port::RULE.meta.code,
        image_sensitive_port::check_image,
    ),
    (
        image_secret_env::RULE.meta.code,
        image_secret_env::check_image,
    ),
    (
        image_no_healthcheck::RULE.meta.code,
        image_no_healthcheck::check_image,
    ),
    (
        image_sensitive_volume::RULE.meta.code,
        image_sensitive_volume::check_image,
    ),
    (
        image_provenance_labels::RULE.meta.code,
        image_provenance_labels::check_image,
    ),
    (
        image_setuid_file::RULE.meta.code,
        image_setuid_file::check_image,
    ),
    (
        image_world_writable::RULE.meta.code,
        image_world_writable::check_image,
    ),
    (
        image_credential_file::RULE.meta.code,
        image_credential_file::check_image,
    ),
    (
        image_secret_in_file::RULE.meta.code,
        image_secret_in_file::check_image,
    ),
    (
        image_empty_password::RULE.meta.code,
        image_empty_password::check_image,
    ),
    (
        image_duplicate_id::RULE.meta.code,
        image_duplicate_id::check_image,
    ),
    (
        image_package_cache::RULE.meta.code,
        image_package_cache::check_image,
    ),
    (
        image_git_directory::RULE.meta.code,
        image_git_directory::check_image,
    ),
    (
        image_deleted_secret::RULE.meta.code,
        image_deleted_secret::check_image,
    ),
    (
        image_wasted_space::RULE.meta.code,
        image_wasted_space::check_image,
    ),
];

/// The date the rules' `bad`/`good` examples are judged on (generated docs,
/// the generic metadata tests): rules that compare dates need one.
pub const EXAMPLE_TODAY: Date = Date {
    year: 2026,
    month: 1,
    day: 1,
};

/// The `.dockerignore` of the build context the rules' examples are judged
/// with (generated docs, the generic metadata tests).
pub const EXAMPLE_DOCKERIGNORE: &str = ".git\nnode_modules\n";

/// `settings` with the inputs beyond the Dockerfile that the rules'
/// examples assume: [`EXAMPLE_TODAY`] and a build context whose
/// `.dockerignore` is [`EXAMPLE_DOCKERIGNORE`].
pub fn with_example_inputs(settings: Settings) -> Settings {
    let mut s = settings;
    s.today = Some(EXAMPLE_TODAY);
    s.build_context = Some(BuildContext::new(Some(EXAMPLE_DOCKERIGNORE.to_string())));
    s
}

/// All rule metadata, sorted by code.
pub fn all() -> impl Iterator<Item = &'static RuleMeta> {
    RULES.iter().map(|r| &r.meta)
}

/// The rule with this code, name or peer id (case-insensitive).
/// Codes and names win over peer ids.
pub fn find(key: &str) -> Option<&'static RuleMeta> {
    let key = key.trim();
    all()
        .find(|m| m.code.eq_ignore_ascii_case(key) || m.name.eq_ignore_ascii_case(key))
        .or_else(|| all().find(|m| m.matches(key)))
}

/// Every rule that `key` selects: a code, a name, a peer id (several of our
/// rules may share one), a code prefix such as `SS2`, or `ALL`.
pub fn select(key: &str) -> Vec<&'static RuleMeta> {
    let key = key.trim();
    if key.eq_ignore_ascii_case("all") {
        return all().collect();
    }
    let exact: Vec<_> = all().filter(|m| m.matches(key)).collect();
    if !exact.is_empty() {
        return exact;
    }
    let upper = key.to_ascii_uppercase();
    if upper.starts_with("SS") && upper.len() < 5 && upper[2..].bytes().all(|b| b.is_ascii_digit())
    {
        return all().filter(|m| m.code.starts_with(&upper)).collect();
    }
    Vec::new()
}

/// Helpers for the rules' unit tests.
#[cfg(test)]
#[allow(dead_code)]
pub(crate) mod testing {
    use crate::diagnostic::Diagnostic;
    use crate::engine::{check, Settings};
    use crate::fix::fix_all;

    fn only(code: &str) -> Settings {
        let (s, unknown) = Settings::resolve(Some(&[code]), &[], &[], &[]);
        assert!(unknown.is_empty(), "no rule {code}");
        s
    }

    /// The findings of one rule on `src`.
    pub fn run(code: &str, src: &str) -> Vec<Diagnostic> {
        check(src, &only(code))
            .into_iter()
            .filter(|d| d.code == code)
            .collect()
    }

    /// The findings of one rule on `src`, checked on `today` (`YYYY-MM-DD`)
    /// and with a build context whose `.dockerignore` is `dockerignore`
    /// (outer None: no context known; inner None: no `.dockerignore`).
    pub fn run_in(
        code: &str,
        src: &str,
        today: Option<&str>,
        dockerignore: Option<Option<&str>>,
    ) -> Vec<Diagnostic> {
        let mut s = only(code);
        s.today = today.map(|t| crate::context::Date::parse(t).expect("date"));
        s.build_context =
            dockerignore.map(|d| crate::context::BuildContext::new(d.map(str::to_string)));
        check(src, &s)
            .into_iter()
            .filter(|d| d.code == code)
            .collect()
    }

    /// The 1-based lines where rule `code` reports on `src`.
    pub fn lines(code: &str, src: &str) -> Vec<usize> {
        run(code, src)
            .iter()
            .map(|d| src[..d.span.start].matches('\n').count() + 1)
            .collect()
    }

    /// The findings of one image rule on an image sketch
    /// ([`crate::image::sketch`]).
    pub fn image_run(code: &str, sketch: &str) -> Vec<Diagnostic> {
        let img = crate::image::sketch::parse(sketch).expect("sketch");
        crate::engine::check_image(&img, &only(code))
            .into_iter()
            .filter(|d| d.code == code)
            .collect()
    }

    /// The locations of one image rule's findings on an image sketch.
    pub fn image_locations(code: &str, sketch: &str) -> Vec<String> {
        image_run(code, sketch)
            .into_iter()
            .map(|d| d.location.unwrap_or_default())
            .collect()
    }

    /// The text under each finding's span.
    pub fn texts<'a>(code: &str, src: &'a str) -> Vec<&'a str> {
        run(code, src).iter().map(|d| d.span.text(src)).collect()
    }

    /// `src` with this rule's fixes applied (unsafe ones too when asked),
    /// asserting the fixed text parses and no longer has the finding.
    pub fn fixed(code: &str, src: &str, unsafe_fixes: bool) -> String {
        let settings = only(code);
        let outcome = fix_all(src, &settings, unsafe_fixes);
        assert!(
            !outcome.broke_syntax,
            "{code}: fix broke the syntax:\n{}",
            outcome.text
        );
        let left = run(code, &outcome.text);
        assert!(
            left.is_empty(),
            "{code}: still reported after the fix:\n{}\n{left:#?}",
            outcome.text
        );
        outcome.text
    }
}
