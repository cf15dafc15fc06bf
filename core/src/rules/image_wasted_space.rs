//! SS920 image-wasted-space: a large share of the image's bytes is in files
//! that later layers delete or replace.

use super::image_support::{human_bytes, layer_name, no_dockerfile_check};
use super::RuleDef;
use crate::config::OptionValue;
use crate::diagnostic::Severity;
use crate::engine::{ImageContext, Sink};
use crate::rule::{Category, Checklist, FixKind, RuleMeta, Target};

pub static RULE: RuleDef = RuleDef {
    meta: RuleMeta {
        code: "SS920",
        name: "image-wasted-space",
        summary: "Many of the image's bytes are in files later layers delete or replace",
        severity: Severity::Info,
        category: Category::BestPractice,
        target: Target::Image,
        checklist: &[Checklist::ManageLayers],
        owasp: &[],
        equivalents: &[],
        fix: FixKind::None,
        default_enabled: false,
        why: "Deleting or overwriting a file in a later layer does not make the image smaller: \
the first layer still ships the bytes, to every pull and every node. Download, build and \
clean up in the same `RUN`, or build in one stage and `COPY --from` only the result into the \
final one. `shipshape image --layers` shows which layers waste what.\n\n\
Reported when the wasted share (bytes of files a later layer deletes or replaces, over the \
bytes of all layers' files; the measure Dive's efficiency score uses) exceeds the \
`threshold` option, a fraction, 0.1 by default:\n\n\
```toml\n[rules.image-wasted-space]\nthreshold = 0.2\n```\n\n\
Off by default: it is about size, not security.",
        bad: "FROM debian:12\nRUN curl -o /tmp/sdk.tgz https://example.com/sdk.tgz\n+ /tmp/sdk.tgz size=80M\nRUN tar -xzf /tmp/sdk.tgz -C /opt && rm /tmp/sdk.tgz\n+ /opt/sdk/bin/sdk size=20M\n- /tmp/sdk.tgz\n",
        good: "FROM debian:12\nRUN curl -o /tmp/sdk.tgz https://example.com/sdk.tgz && tar -xzf /tmp/sdk.tgz -C /opt && rm /tmp/sdk.tgz\n+ /opt/sdk/bin/sdk size=20M\n",
    },
    check: no_dockerfile_check,
};

/// The configured threshold (a fraction; numbers above 1 are read as percents).
pub(crate) fn threshold(cx: &ImageContext<'_>) -> f64 {
    let v = match cx.settings.option(&RULE.meta, "threshold") {
        Some(OptionValue::Float(f)) => *f,
        Some(OptionValue::Integer(i)) => *i as f64,
        _ => 0.1,
    };
    if v > 1.0 {
        v / 100.0
    } else {
        v
    }
}

pub(crate) fn check_image(cx: &ImageContext<'_>, out: &mut Sink<'_>) {
    let img = cx.image;
    let eff = &img.efficiency;
    if eff.total_bytes == 0 || eff.wasted_bytes == 0 {
        return;
    }
    let share = eff.wasted_bytes as f64 / eff.total_bytes as f64;
    if share <= threshold(cx) {
        return;
    }
    let biggest = img
        .filesystem
        .hidden
        .iter()
        .max_by(|a, b| a.size.cmp(&b.size).then(b.path.cmp(&a.path)));
    let mut message = format!(
        "{} of {} ({:.0}%) is in files a later layer deletes or replaces",
        human_bytes(eff.wasted_bytes),
        human_bytes(eff.total_bytes),
        share * 100.0
    );
    if let Some(h) = biggest {
        message.push_str(&format!(
            "; the largest is `{}` ({}) in {}",
            h.path,
            human_bytes(h.size),
            layer_name(img, h.layer)
        ));
    }
    out.report_at("layers", message);
}

#[cfg(test)]
mod tests {
    use crate::config::parse_shipshape_toml;
    use crate::engine::{check_image, Settings};
    use crate::image::sketch;
    use crate::rules::testing::image_run;

    const WASTE: &str = "FROM x\nRUN a\n+ /tmp/a size=30K\n+ /keep size=70K\nRUN b\n- /tmp/a\n";

    #[test]
    fn wasted_share_above_the_threshold() {
        let d = image_run("SS920", WASTE);
        assert_eq!(d.len(), 1);
        assert!(
            d[0].message.starts_with("30.7 kB of 102.4 kB (30%) is in files a later layer deletes or replaces; the largest is `/tmp/a` (30.7 kB) in layer 1 (sha256:"),
            "{}",
            d[0].message
        );
        assert_eq!(d[0].location.as_deref(), Some("layers"));
    }

    #[test]
    fn threshold_option_and_near_misses() {
        let img = sketch::parse(WASTE).unwrap();
        let with = |toml: &str| {
            let config = parse_shipshape_toml(toml).unwrap();
            check_image(&img, &Settings::from_config(config).0)
                .into_iter()
                .filter(|d| d.code == "SS920")
                .count()
        };
        assert_eq!(with("[rules.image-wasted-space]\nthreshold = 0.5\n"), 0);
        assert_eq!(with("[rules.SS920]\nthreshold = 0.25\n"), 1);
        assert_eq!(with("[rules.SS920]\nthreshold = 40\n"), 0);
        assert!(image_run("SS920", "FROM x\n+ /a size=1M\nRUN b\n+ /b size=1M\n").is_empty());
        assert!(image_run("SS920", "FROM x\n").is_empty());
    }
}
