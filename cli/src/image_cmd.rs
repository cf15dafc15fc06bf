//! `shipshape image`: checks a container image read from a `docker save` /
//! OCI archive, or from `docker inspect` / image config JSON.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;
use shipshape_core::engine::{check_image_with, ImageOptions};
use shipshape_core::image::{read_image, report, Image, Platform, ReadOptions};
use shipshape_core::output::{self, Finding};

use crate::check::{emit, machine_format, Input};
use crate::{Failure, OutputFormat};

#[derive(Args, Debug)]
pub struct ImageArgs {
    /// A `docker save` or OCI archive (plain, gzip or zstd), or `docker inspect` /
    /// image config JSON; `-` reads stdin
    pub input: PathBuf,
    /// Output format (image findings have a location instead of a line)
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    pub format: OutputFormat,
    /// Write the report to this file instead of stdout
    #[arg(long, short = 'o')]
    pub output_file: Option<PathBuf>,
    /// Print the layer report (sizes, instructions, added/changed/removed
    /// files, wasted bytes) instead of the findings; JSON with --format json
    #[arg(long)]
    pub layers: bool,
    /// Print the container security checklist judged by the image checks
    /// (passed, failed with findings, or not checkable) instead of the
    /// findings; JSON with --format json
    #[arg(long, conflicts_with = "layers")]
    pub checklist: bool,
    /// The platform to read from a multi-platform archive, e.g. linux/arm64/v8
    #[arg(long)]
    pub platform: Option<String>,
    /// Also run the history checks on the base image's entries (reported as hints)
    #[arg(long)]
    pub base_history: bool,
    #[command(flatten)]
    pub rules: crate::config::RuleArgs,
    /// No colour (also: the NO_COLOR environment variable)
    #[arg(long)]
    pub no_color: bool,
}

pub fn run(args: ImageArgs) -> Result<ExitCode, Failure> {
    if args.checklist {
        crate::checklist_out::check_format(args.format)?;
    }
    let stdin = args.input.as_os_str() == "-";
    let input = if stdin {
        Input::Stdin
    } else {
        Input::File(args.input.clone())
    };
    let configs = crate::config::Configs::new(&args.rules)?;
    let settings = configs.settings_for(&input)?;
    let mut opts = ReadOptions::default();
    if let Some(p) = &args.platform {
        opts.platform = Some(Platform::parse(p).ok_or_else(|| {
            Failure(format!(
                "`{p}` is not a platform (expected os/arch[/variant], e.g. linux/arm64/v8)"
            ))
        })?);
    }
    let name = if stdin {
        "-".to_string()
    } else {
        args.input.display().to_string()
    };
    let image = read(&input, &opts).map_err(|e| Failure(format!("{name}: {e}")))?;
    for n in &image.notes {
        eprintln!("shipshape: {name}: note: {n}");
    }

    if args.layers {
        let r = report::layer_report(&image);
        let text = match args.format {
            OutputFormat::Json => {
                let mut s = serde_json::to_string_pretty(&r).unwrap_or_default();
                s.push('\n');
                s
            }
            _ => report::render_text(&r),
        };
        emit(args.output_file.as_deref(), &text)?;
        return Ok(ExitCode::SUCCESS);
    }

    let diagnostics = check_image_with(
        &image,
        &settings,
        ImageOptions {
            base_image_history: args.base_history,
        },
    );
    let text = match machine_format(args.format) {
        _ if args.checklist => {
            use shipshape_core::checklist::{report, Input};
            let r = report(Input::Image, &settings, &diagnostics);
            if args.format == OutputFormat::Json {
                crate::checklist_out::json(&crate::checklist_out::Named {
                    file: &name,
                    report: &r,
                })
            } else {
                let colour = args.output_file.is_none() && crate::use_colour(args.no_color);
                crate::checklist_out::human(&name, &r, colour)
            }
        }
        None => {
            let colour = args.output_file.is_none() && crate::use_colour(args.no_color);
            crate::human::render_image(&name, &header(&image), &diagnostics, colour)
        }
        Some(format) => {
            let mut findings = output::image_findings(&name, &diagnostics);
            if format != output::Format::Json {
                fold_locations(&mut findings);
            }
            let lookup = |code: &str| shipshape_core::rules::find(code);
            output::render(format, &findings, &lookup, env!("CARGO_PKG_VERSION"))
        }
    };
    emit(args.output_file.as_deref(), &text)?;
    let failed = args.rules.fails(&settings, &diagnostics);
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Reads the image, streaming: a file is never read into memory whole.
fn read(input: &Input, opts: &ReadOptions) -> Result<Image, String> {
    match input {
        Input::Stdin => {
            let mut stdin = std::io::stdin().lock();
            let image = read_image(&mut stdin, opts).map_err(|e| e.to_string());
            // The reader stops at the end of what it needs (a JSON value, the
            // tar's end blocks); read the rest so the program writing into the
            // pipe does not fail with a broken pipe.
            let _ = std::io::copy(&mut stdin, &mut std::io::sink());
            image
        }
        Input::File(p) => {
            let f = open(p)?;
            read_image(f, opts).map_err(|e| e.to_string())
        }
    }
}

fn open(p: &Path) -> Result<std::fs::File, String> {
    if p.is_dir() {
        return Err("is a directory (give a docker save archive or a JSON file)".into());
    }
    std::fs::File::open(p).map_err(|e| e.to_string())
}

/// Formats without a place for an image location get it in the message.
fn fold_locations(findings: &mut [Finding]) {
    for f in findings {
        if let Some(loc) = f.location.take() {
            f.message = format!("{} (at {loc})", f.message);
        }
    }
}

/// `shop/api:1.0, linux/amd64, Debian GNU/Linux 12 (bookworm), 4 layers`.
fn header(img: &Image) -> String {
    let mut parts: Vec<String> = Vec::new();
    if let Some(t) = img.repo_tags.first() {
        parts.push(t.clone());
    } else if let Some(id) = &img.id {
        let short = id.split_once(':').map_or(id.as_str(), |(_, h)| h);
        parts.push(short.get(..12).unwrap_or(short).to_string());
    }
    if let Some(p) = &img.platform {
        parts.push(p.to_string());
    }
    if let Some(os) = report::os_summary(img) {
        parts.push(os.display());
    }
    if img.layers.is_empty() {
        parts.push("configuration only (no file system)".to_string());
    } else {
        let n = img.layers.len();
        parts.push(format!(
            "{n} layer{}, {}",
            if n == 1 { "" } else { "s" },
            report::human_bytes(img.efficiency.total_bytes)
        ));
    }
    parts.join(", ")
}
