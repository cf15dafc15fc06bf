//! Finding and reading configuration files for the checked files.
//!
//! Each file gets the configuration found by walking up from its directory
//! (`shipshape.toml`, `.shipshape.toml`, then `.hadolint.yaml`/`.yml` when no
//! shipshape config exists anywhere up the tree), unless `--config` names one
//! or `--isolated` turns them off. Command-line selections apply on top.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use shipshape_core::config::{config_file_names, parse_config_file, pick_config_file, Config};
use shipshape_core::Settings;

use crate::check::Input;
use crate::{Failure, Level};

pub struct Configs {
    fixed: Option<(String, Config)>,
    isolated: bool,
    select: Option<Vec<String>>,
    extend_select: Vec<String>,
    ignore: Vec<String>,
    /// Parsed configuration per directory (None: no config file above it).
    by_dir: Mutex<HashMap<PathBuf, Option<(String, Config)>>>,
    /// Compiled `exclude` globs per configuration file.
    globs: Mutex<HashMap<String, globset::GlobSet>>,
}

/// Which configuration and rules apply: the options `check` and `image` share.
#[derive(clap::Args, Debug, Default)]
pub struct RuleArgs {
    /// Use this configuration file (shipshape.toml or .hadolint.yaml)
    #[arg(long, conflicts_with = "isolated")]
    pub config: Option<PathBuf>,
    /// Read no configuration file
    #[arg(long)]
    pub isolated: bool,
    /// Only these rules (codes, names, peer ids such as DL3007, code prefixes, or ALL); comma-separated
    #[arg(long, value_delimiter = ',')]
    pub select: Option<Vec<String>>,
    /// Rules to add to the selected set
    #[arg(long, value_delimiter = ',')]
    pub extend_select: Vec<String>,
    /// Rules to skip
    #[arg(long, value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// Exit 1 when a finding is at or above this severity [default: warning, or the config's]
    #[arg(long, value_enum)]
    pub fail_level: Option<Level>,
}

impl RuleArgs {
    /// Whether findings make the run fail: the command line's fail level,
    /// else the configuration's, else warning; never with `no-fail`.
    pub fn fails(&self, settings: &Settings, diagnostics: &[shipshape_core::Diagnostic]) -> bool {
        let level = self
            .fail_level
            .map(shipshape_core::Severity::from)
            .or(settings.config.fail_level)
            .unwrap_or(shipshape_core::Severity::Warning);
        !settings.config.no_fail && diagnostics.iter().any(|d| d.severity >= level)
    }
}

impl Configs {
    pub fn new(args: &RuleArgs) -> Result<Configs, Failure> {
        // Command-line selectors are checked once, even when no file is found.
        let (_, unknown) = Settings::resolve(
            args.select.as_deref(),
            &args.extend_select,
            &args.ignore,
            &[],
        );
        if let Some(u) = unknown.first() {
            return Err(Failure(format!(
                "`{}` names no rule; see `shipshape rules`",
                u.0
            )));
        }
        let fixed = match args.config.as_deref() {
            Some(path) => Some(read(path)?),
            None => None,
        };
        Ok(Configs {
            fixed,
            isolated: args.isolated,
            select: args.select.clone(),
            extend_select: args.extend_select.clone(),
            ignore: args.ignore.clone(),
            by_dir: Mutex::new(HashMap::new()),
            globs: Mutex::new(HashMap::new()),
        })
    }

    /// Whether the configuration that applies to `input` excludes it
    /// (globs are relative to the configuration file's directory).
    pub fn excluded(&self, input: &Input) -> Result<bool, Failure> {
        let Input::File(path) = input else {
            return Ok(false);
        };
        if self.isolated {
            return Ok(false);
        }
        let found = match &self.fixed {
            Some(f) => Some(f.clone()),
            None => self.find(path.parent().unwrap_or(Path::new(".")))?,
        };
        let Some((origin, config)) = found else {
            return Ok(false);
        };
        if config.exclude.is_empty() {
            return Ok(false);
        }
        let base = Path::new(&origin)
            .parent()
            .map(|p| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf()))
            .unwrap_or_default();
        let full = std::fs::canonicalize(path).unwrap_or_else(|_| path.clone());
        let rel = full.strip_prefix(&base).unwrap_or(&full);
        let mut globs = self.globs.lock().map_err(|e| Failure(e.to_string()))?;
        if !globs.contains_key(&origin) {
            let mut b = globset::GlobSetBuilder::new();
            for pattern in &config.exclude {
                let glob = globset::GlobBuilder::new(pattern)
                    .literal_separator(false)
                    .build()
                    .map_err(|e| Failure(format!("{origin}: exclude `{pattern}`: {e}")))?;
                b.add(glob);
            }
            let set = b.build().map_err(|e| Failure(format!("{origin}: {e}")))?;
            globs.insert(origin.clone(), set);
        }
        Ok(globs.get(&origin).is_some_and(|g| g.is_match(rel)))
    }

    /// The settings for one input (stdin is looked up from the current directory).
    pub fn settings_for(&self, input: &Input) -> Result<Settings, Failure> {
        let found = if self.isolated {
            None
        } else if let Some(f) = &self.fixed {
            Some(f.clone())
        } else {
            let dir = match input {
                Input::Stdin => std::env::current_dir()?,
                Input::File(p) => p
                    .parent()
                    .map(Path::to_path_buf)
                    .unwrap_or_else(|| PathBuf::from(".")),
            };
            self.find(&dir)?
        };
        let (origin, mut config) = found.unwrap_or_else(|| ("".into(), Config::default()));
        if let Some(select) = &self.select {
            config.select = Some(select.clone());
        }
        config
            .extend_select
            .extend(self.extend_select.iter().cloned());
        config.ignore.extend(self.ignore.iter().cloned());
        let (settings, unknown) = Settings::from_config(config);
        if let Some(u) = unknown.first() {
            let from = if origin.is_empty() {
                String::new()
            } else {
                format!(" (in {origin})")
            };
            return Err(Failure(format!(
                "`{}` names no rule{from}; see `shipshape rules`",
                u.0
            )));
        }
        Ok(settings)
    }

    fn find(&self, dir: &Path) -> Result<Option<(String, Config)>, Failure> {
        let dir = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
        if let Some(hit) = self
            .by_dir
            .lock()
            .map_err(|e| Failure(e.to_string()))?
            .get(&dir)
        {
            return Ok(hit.clone());
        }
        let mut candidates: Vec<(String, PathBuf)> = Vec::new();
        for ancestor in dir.ancestors() {
            for name in config_file_names() {
                let p = ancestor.join(name);
                if p.is_file() {
                    candidates.push((p.to_string_lossy().into_owned(), p));
                }
            }
        }
        let found = match pick_config_file(&candidates) {
            Some((_, path)) => Some(read(path)?),
            None => None,
        };
        self.by_dir
            .lock()
            .map_err(|e| Failure(e.to_string()))?
            .insert(dir, found.clone());
        Ok(found)
    }
}

fn read(path: &Path) -> Result<(String, Config), Failure> {
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| Failure(format!("{shown}: {e}")))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // A file named on the command line may have any name: judge it by its
    // extension then.
    let as_name = match parse_config_file(&name, &text) {
        Some(_) => name,
        None if name.ends_with(".yaml") || name.ends_with(".yml") => ".hadolint.yaml".into(),
        None => "shipshape.toml".into(),
    };
    match parse_config_file(&as_name, &text) {
        Some(Ok(c)) => Ok((shown, c)),
        Some(Err(e)) => Err(Failure(format!(
            "{shown}:{}:{}: {}",
            e.line, e.column, e.message
        ))),
        None => Err(Failure(format!("{shown}: not a configuration file"))),
    }
}
