//! Printing and usage-log review: thin adapters over the core's `Session::print_*` forms and
//! `Session::review_usage`.
//!
//! A print writes the PDF where the user chose (the core creates it owner-only and audits the
//! print). The page may then preview, open or send to the printer only files this run of the
//! app printed, so that it cannot make the shell read or hand any other file to a program.
//! The preview renders pages to PNG with poppler's `pdftoppm`, because WebKitGTK shows no PDF
//! itself. The viewer (`xdg-open`) and the printer (`lp`) are started as child processes with
//! fixed arguments, never through a shell.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use tauri::State;

use secledger::audit;
use secledger::error::{Code, Error};
use secledger::print::{Form, LabelSelection, LogbookRange, Printed, ReminderSelection};
use secledger::records::UsageFilter;
use secledger::registers::values::date::parse_date;

use crate::state::AppState;
use crate::view::{PageView, UiError};

type CommandResult<T> = Result<T, UiError>;

/// Most pages a preview renders; the saved PDF has them all.
const PREVIEW_MAX_PAGES: usize = 12;
/// Preview resolution in dots per inch: an A4 page becomes about 660 × 930 pixels.
const PREVIEW_DPI: &str = "80";

/// The files this run of the app printed, the only ones the page may preview, open or print.
#[derive(Default)]
pub struct PrintedFiles(Mutex<Vec<PathBuf>>);

impl PrintedFiles {
    fn remember(&self, path: &Path) {
        let mut files = self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if !files.iter().any(|known| known == path) {
            files.push(path.to_path_buf());
        }
    }

    /// Returns the path if this run printed it, or an error naming the file.
    fn known(&self, path: &str) -> CommandResult<PathBuf> {
        let path = PathBuf::from(path);
        let files = self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if files.iter().any(|known| known == &path) && path.is_file() {
            Ok(path)
        } else {
            Err(message_error("desktop.print.unknown_file", &[("path", path.display().to_string())]))
        }
    }
}

/// A form the printing screen offers, with what it needs to know.
#[derive(Debug, Serialize)]
pub struct FormView {
    pub id: &'static str,
    pub name: String,
    /// `number` (one record), `logbook` (devices and dates), `reminders` (a date and record
    /// numbers) or `labels` (device numbers).
    pub input: &'static str,
}

/// The folder prints are saved in unless the user picks another, and the forms on offer.
#[derive(Debug, Serialize)]
pub struct PrintSetup {
    pub folder: String,
    pub forms: Vec<FormView>,
}

#[tauri::command]
pub async fn print_setup() -> CommandResult<PrintSetup> {
    let form = |form: Form, input| FormView { id: form.id(), name: form.name(), input };
    Ok(PrintSetup {
        folder: default_folder().display().to_string(),
        forms: vec![
            form(Form::CirculationSlip, "number"),
            form(Form::SignOffSheet, "number"),
            form(Form::UsageLogbook, "logbook"),
            form(Form::MediaLoanForm, "number"),
            form(Form::DisposalList, "number"),
            form(Form::InventoryReport, "number"),
            form(Form::ReminderNotice, "reminders"),
            form(Form::DeviceLabels, "labels"),
        ],
    })
}

/// `~/文档/SecLedger`, or `~/Documents/SecLedger` where only the English folder exists.
fn default_folder() -> PathBuf {
    let home = std::env::var_os("HOME").map(PathBuf::from).unwrap_or_else(std::env::temp_dir);
    let chinese = home.join("文档");
    let english = home.join("Documents");
    let documents = if !chinese.is_dir() && english.is_dir() { english } else { chinese };
    documents.join("SecLedger")
}

/// A print request from the printing screen: the form, its target and the output path.
#[derive(Debug, Default, Deserialize)]
pub struct PrintRequest {
    pub form: String,
    pub number: Option<String>,
    #[serde(default)]
    pub devices: Vec<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub date: Option<String>,
    #[serde(default)]
    pub due_soon: bool,
    #[serde(default)]
    pub numbers: Vec<String>,
    /// The PDF's full path.
    pub out: String,
}

/// A written PDF, as the page shows it.
#[derive(Debug, Serialize)]
pub struct PrintedView {
    pub path: String,
    pub serial: String,
    pub pages: usize,
    pub head: String,
}

impl PrintedView {
    fn of(printed: &Printed) -> PrintedView {
        PrintedView {
            path: printed.path.display().to_string(),
            serial: printed.serial.clone(),
            pages: printed.pages,
            head: format!("{} {}", printed.head.seq, audit::short_code(&printed.head)),
        }
    }
}

/// Prints one form to `request.out`. The core checks the account's permissions, the record
/// and the range, audits the print and writes the file owner-only.
#[tauri::command]
pub async fn print_form(state: State<'_, AppState>, files: State<'_, PrintedFiles>, request: PrintRequest) -> CommandResult<PrintedView> {
    let out = check_output(&request.out)?;
    let printed = state.with_session(|session| {
        let number = || required_text(&request.number, "print.field.number");
        let target_field = if request.form == "usage_logbook" { "usage.field.devices" } else { "print.field.number" };
        // The core names no field when a record number is unknown or of the wrong register, so
        // the field of the input the number came from is added here.
        let name_target = |err: Error| match err.code() {
            Code::RecordNotFound | Code::PrintWrongRecord if err.field_name().is_none() => err.field(label(target_field)),
            _ => err,
        };
        let printed = match request.form.as_str() {
            "circulation_slip" => session.print_circulation_slip(&number()?, &out).map_err(name_target)?,
            "sign_off_sheet" => session.print_sign_off_sheet(&number()?, &out).map_err(name_target)?,
            "media_loan_form" => session.print_media_loan_form(&number()?, &out).map_err(name_target)?,
            "disposal_list" => session.print_disposal_list(&number()?, &out).map_err(name_target)?,
            "inventory_report" => session.print_inventory_report(&number()?, &out).map_err(name_target)?,
            "usage_logbook" => {
                let range = LogbookRange { from: optional_date(&request.from, "query.from")?, to: optional_date(&request.to, "query.to")? };
                session.print_usage_logbook_of(&clean_list(&request.devices), range, &out).map_err(name_target)?
            }
            "reminder_notice" => {
                let today = optional_date(&request.date, "print.field.date")?.unwrap_or_else(|| chrono::Local::now().date_naive());
                let selection = ReminderSelection { include_due_soon: request.due_soon, numbers: clean_list(&request.numbers) };
                session.print_reminder_notices(today, &selection, &out)?
            }
            "device_labels" => session.print_device_labels(&LabelSelection { numbers: clean_list(&request.numbers) }, &out)?,
            other => {
                let allowed = secledger::i18n::tr("desktop.print.form_allowed", &[]);
                return Err(Error::new(Code::FieldInvalid).field(label("print.field.form")).arg("value", other).arg("allowed", allowed).into());
            }
        };
        Ok(printed)
    })?;
    files.remember(&printed.path);
    Ok(PrintedView::of(&printed))
}

/// Prints the recovery key sheet right after the vault was created, when no account is logged
/// in. The core opens the vault with the key itself, so a key that does not open this vault
/// prints nothing.
#[tauri::command]
pub async fn print_recovery_key(state: State<'_, AppState>, files: State<'_, PrintedFiles>, recovery_key: String, out: String) -> CommandResult<PrintedView> {
    let out = check_output(&out)?;
    let printed = secledger::print::print_recovery_key(&state.paths, &recovery_key, &out)?;
    files.remember(&printed.path);
    Ok(PrintedView::of(&printed))
}

/// Checks the output path: absolute, ending in `.pdf`, not an existing file. A missing folder
/// is created, owner-only, since the default one does not exist on a new machine.
fn check_output(text: &str) -> CommandResult<PathBuf> {
    let field = label("print.field.out");
    let invalid = |reason_key: &str| -> UiError {
        let reason = secledger::i18n::tr(reason_key, &[]);
        Error::new(Code::FieldInvalid).field(field.clone()).arg("value", text).arg("allowed", reason).into()
    };
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(Error::new(Code::FieldRequired).field(field.clone()).into());
    }
    let path = PathBuf::from(trimmed);
    if !path.is_absolute() {
        return Err(invalid("desktop.print.out_not_absolute"));
    }
    if !path.extension().is_some_and(|ext| ext.eq_ignore_ascii_case("pdf")) {
        return Err(invalid("desktop.print.out_not_pdf"));
    }
    if path.exists() {
        return Err(invalid("desktop.print.out_exists"));
    }
    if let Some(folder) = path.parent() {
        if !folder.exists() {
            create_private_folder(folder).map_err(|err| {
                eprintln!("secledger-desktop: could not create {}: {err}", folder.display());
                invalid("desktop.print.out_no_folder")
            })?;
        }
    }
    Ok(path)
}

fn create_private_folder(folder: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(folder)
}

/// The rendered pages of a printed PDF, as `data:` URLs of PNG images.
#[derive(Debug, Serialize)]
pub struct PreviewView {
    pub pages: Vec<String>,
    /// Pages the PDF has beyond the ones rendered.
    pub more: usize,
}

/// Renders the pages of a PDF printed in this run to PNG images with `pdftoppm`, one page at
/// a time through its standard output, so that no image of register content is written to disk.
#[tauri::command]
pub async fn preview_pdf(files: State<'_, PrintedFiles>, path: String, pages: usize) -> CommandResult<PreviewView> {
    let path = files.known(&path)?;
    let rendered = pages.clamp(1, PREVIEW_MAX_PAGES);
    let mut images = Vec::with_capacity(rendered);
    for page in 1..=rendered {
        let number = page.to_string();
        let output = run_tool("pdftoppm", &[OsStr::new("-png"), OsStr::new("-r"), OsStr::new(PREVIEW_DPI), OsStr::new("-f"), OsStr::new(&number), OsStr::new("-l"), OsStr::new(&number), OsStr::new("-singlefile"), path.as_os_str()])?;
        images.push(format!("data:image/png;base64,{}", base64(&output)));
    }
    Ok(PreviewView { pages: images, more: pages.saturating_sub(rendered) })
}

/// Opens a PDF printed in this run in the system's PDF viewer.
#[tauri::command]
pub async fn open_pdf(files: State<'_, PrintedFiles>, path: String) -> CommandResult<()> {
    let path = files.known(&path)?;
    let mut child = spawn_tool("xdg-open", &[path.as_os_str()])?;
    // The viewer may keep running; a thread reaps the opener so it leaves no zombie.
    std::thread::spawn(move || child.wait());
    Ok(())
}

/// Sends a PDF printed in this run to the default printer with `lp`, and audits it.
#[tauri::command]
pub async fn send_to_printer(state: State<'_, AppState>, files: State<'_, PrintedFiles>, path: String) -> CommandResult<String> {
    let path = files.known(&path)?;
    let output = run_tool("lp", &[OsStr::new("--"), path.as_os_str()])?;
    let reply = String::from_utf8_lossy(&output).trim().to_string();
    state.with_session(|session| {
        let target = path.display().to_string();
        session.write(|w| w.append("print.send", &target, reply.as_bytes()).map(|_| ()))?;
        Ok(())
    })?;
    Ok(reply)
}

/// Runs `program` with `args`, without a shell, and returns its standard output. A missing
/// program or a failed run is an error naming the program and its message.
fn run_tool(program: &str, args: &[&OsStr]) -> CommandResult<Vec<u8>> {
    let child = spawn_tool(program, args)?;
    let output = child.wait_with_output().map_err(|err| tool_failed(program, &err.to_string()))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        return Err(tool_failed(program, stderr.trim()));
    }
    Ok(output.stdout)
}

fn spawn_tool(program: &str, args: &[&OsStr]) -> CommandResult<std::process::Child> {
    Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|err| {
            if err.kind() == std::io::ErrorKind::NotFound {
                message_error("desktop.print.tool_missing", &[("program", program.to_string())])
            } else {
                tool_failed(program, &err.to_string())
            }
        })
}

fn tool_failed(program: &str, reason: &str) -> UiError {
    eprintln!("secledger-desktop: {program} failed: {reason}");
    message_error("desktop.print.tool_failed", &[("program", program.to_string()), ("reason", reason.to_string())])
}

/// Creates an error of the shell whose catalog message takes arguments.
pub fn message_error(key: &str, args: &[(&str, String)]) -> UiError {
    let args: Vec<(&str, &dyn std::fmt::Display)> = args.iter().map(|(name, value)| (*name, value as &dyn std::fmt::Display)).collect();
    UiError { code: key.to_string(), field: None, message: secledger::i18n::tr(key, &args), fields: Vec::new() }
}

/// Standard base64 with padding (RFC 4648), for `data:` URLs.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = (u32::from(chunk[0]) << 16) | (u32::from(*chunk.get(1).unwrap_or(&0)) << 8) | u32::from(*chunk.get(2).unwrap_or(&0));
        let symbols = [n >> 18, n >> 12, n >> 6, n];
        for (index, symbol) in symbols.iter().enumerate() {
            if index <= chunk.len() {
                out.push(char::from(ALPHABET[(*symbol & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The filters of the usage review, as the page sends them.
#[derive(Debug, Default, Deserialize)]
pub struct UsageQueryInput {
    #[serde(default)]
    pub devices: Vec<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub page: Option<u32>,
    pub per_page: Option<u32>,
}

/// Totals of a usage review.
#[derive(Debug, Serialize)]
pub struct UsageTotalsView {
    pub sessions: u64,
    pub minutes: u64,
    pub open_sessions: u64,
    pub printed_copies: u64,
    pub cancelled: u64,
}

#[derive(Debug, Serialize)]
pub struct UsageReviewView {
    pub page: PageView,
    pub totals: UsageTotalsView,
}

/// Reviews the usage logbook: one page of entries, oldest first, and the totals.
#[tauri::command]
pub async fn review_usage(state: State<'_, AppState>, query: UsageQueryInput) -> CommandResult<UsageReviewView> {
    state.with_session(|session| {
        let filter = UsageFilter {
            devices: clean_list(&query.devices),
            from: optional_date(&query.from, "query.from")?,
            to: optional_date(&query.to, "query.to")?,
            page: query.page.unwrap_or(1).max(1),
            per_page: query.per_page.unwrap_or(20),
        };
        let review = session.review_usage(&filter)?;
        let t = review.totals;
        Ok(UsageReviewView {
            page: PageView::of(&review.page),
            totals: UsageTotalsView { sessions: t.sessions, minutes: t.minutes, open_sessions: t.open_sessions, printed_copies: t.printed_copies, cancelled: t.cancelled },
        })
    })
}

fn label(key: &str) -> String {
    secledger::i18n::tr(key, &[])
}

fn required_text(text: &Option<String>, label_key: &str) -> secledger::Result<String> {
    match text.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        Some(text) => Ok(text.to_string()),
        None => Err(Error::new(Code::FieldRequired).field(label(label_key))),
    }
}

fn optional_date(text: &Option<String>, label_key: &str) -> secledger::Result<Option<NaiveDate>> {
    match text.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        Some(text) => parse_date(text).map(Some).map_err(|err| err.field(label(label_key))),
        None => Ok(None),
    }
}

/// Trims the items of a list and drops the empty ones.
fn clean_list(items: &[String]) -> Vec<String> {
    items.iter().map(|item| item.trim().to_string()).filter(|item| !item.is_empty()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc_4648_vectors() {
        let cases = [("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE="), ("foobar", "Zm9vYmFy")];
        for (input, expected) in cases {
            assert_eq!(base64(input.as_bytes()), expected, "base64 of {input:?}");
        }
    }

    #[test]
    fn output_path_errors_name_the_field() {
        let dir = tempfile::tempdir().unwrap();
        let existing = dir.path().join("old.pdf");
        std::fs::write(&existing, b"%PDF").unwrap();
        let cases = [
            ("", "为必填项"),
            ("relative/slip.pdf", "完整路径"),
            ("/tmp/slip.txt", ".pdf"),
            (existing.to_str().unwrap(), "已存在"),
        ];
        for (input, expected) in cases {
            let err = check_output(input).unwrap_err();
            assert_eq!(err.field.as_deref(), Some("输出文件"), "field of {input:?}");
            assert!(err.message.contains(expected), "message for {input:?}: {}", err.message);
        }
    }

    #[test]
    fn output_folder_is_created_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("文档").join("SecLedger").join("slip.pdf");
        assert_eq!(check_output(out.to_str().unwrap()).unwrap(), out);
        let mode = std::fs::metadata(out.parent().unwrap()).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o700);
    }

    #[test]
    fn unprinted_file_is_refused() {
        let files = PrintedFiles::default();
        let err = files.known("/etc/passwd").unwrap_err();
        assert_eq!(err.code, "desktop.print.unknown_file");
        assert!(err.message.contains("/etc/passwd"), "{}", err.message);
    }

    #[test]
    fn missing_tool_is_named() {
        let err = run_tool("secledger-no-such-tool", &[]).unwrap_err();
        assert_eq!(err.code, "desktop.print.tool_missing");
        assert!(err.message.contains("secledger-no-such-tool"), "{}", err.message);
    }
}
