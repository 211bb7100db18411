//! `secledger import <register> <file>`: check a legacy register file, print the report, and
//! import its valid rows unless `--dry-run` is given.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use clap::Args;

use crate::auth::Session;
use crate::error::Result;
use crate::import::{report, ImportOptions, Mapping};
use crate::t;

// `secledger import <台账> <文件> [--dry-run] [--mapping FILE] [--save-mapping FILE]
// [--all-or-nothing] [--sheet NAME]`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    #[arg(value_name = "台账", help = t!("cli.arg.import_register"))]
    pub register: String,
    #[arg(value_name = "文件", help = t!("cli.arg.import_file"))]
    pub file: PathBuf,
    #[arg(long, help = t!("cli.arg.dry_run"))]
    pub dry_run: bool,
    #[arg(long, value_name = "映射文件", help = t!("cli.arg.mapping"))]
    pub mapping: Option<PathBuf>,
    #[arg(long, value_name = "映射文件", help = t!("cli.arg.save_mapping"))]
    pub save_mapping: Option<PathBuf>,
    #[arg(long, help = t!("cli.arg.all_or_nothing"))]
    pub all_or_nothing: bool,
    #[arg(long, value_name = "工作表", help = t!("cli.arg.sheet"))]
    pub sheet: Option<String>,
}

/// Rows between two progress lines on stderr.
const PROGRESS_EVERY: usize = 1000;

pub fn run(session: &mut Session, args: &ImportArgs) -> Result<()> {
    let register = super::register_cmds::resolve_register(&args.register);
    let def = crate::records::store::register(&register)?;
    let mapping = match &args.mapping {
        Some(path) => {
            let text = crate::import::source::decode_text(&crate::import::source::read_file(path)?);
            Mapping::parse(&text, &crate::import::source::file_name(path), def)?
        }
        None => Mapping::default(),
    };
    let options = ImportOptions {
        mapping,
        sheet: args.sheet.clone(),
    };
    let mut stderr = std::io::stderr();
    let on_terminal = stderr.is_terminal();
    // `writing` tells the commit's progress from the check's.
    let mut progress_line = |writing: bool, done: usize, total: usize| {
        if !(done.is_multiple_of(PROGRESS_EVERY) || done == total) {
            return;
        }
        let line = if writing {
            t!("import.progress", done = done, total = total)
        } else {
            t!("import.progress_check", done = done, total = total)
        };
        // A terminal gets one line that updates in place; a log gets one line each.
        let _ = if on_terminal {
            write!(stderr, "\r{line}")
        } else {
            writeln!(stderr, "{line}")
        };
        if on_terminal && done == total {
            let _ = writeln!(stderr);
        }
    };
    let plan = session.import_preview_with_progress(def.id, &args.file, &options, &mut |done, total| {
        progress_line(false, done, total)
    })?;
    print!("{}", report::render(&plan));

    if let Some(path) = &args.save_mapping {
        std::fs::write(path, plan.layout.to_mapping_text(def))?;
        println!("{}", t!("import.mapping_saved", path = path.display()));
    }
    if args.dry_run {
        println!("{}", t!("import.dry_run_done"));
        return Ok(());
    }

    let result = session.import_commit(&plan, args.all_or_nothing, &mut |done, total| {
        progress_line(true, done, total)
    })?;
    if let (Some(first), Some(last)) = (result.numbers.first(), result.numbers.last()) {
        println!(
            "{}",
            t!(
                "import.done",
                count = result.numbers.len(),
                register = def.name,
                first = first,
                last = last
            )
        );
    }
    Ok(())
}
