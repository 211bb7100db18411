//! Writing a PDF to its path atomically: the bytes go to a temporary file beside the target,
//! are synced to disk, and the file is renamed over the target. A failure at any step removes
//! the temporary file, so no partial PDF is ever left under the target name.

use std::fs::File;
use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};

use crate::crypto;
use crate::error::{Code, Error, Result};
use crate::t;

/// A temporary file that becomes the output file on [`PendingFile::persist`].
pub(crate) struct PendingFile {
    temp: PathBuf,
    target: PathBuf,
    file: Option<File>,
}

impl PendingFile {
    /// Creates the temporary file, which proves the target folder exists and is writable
    /// before anything is printed or audited.
    pub(crate) fn create(target: &Path) -> Result<PendingFile> {
        if target.is_dir() {
            return Err(invalid(target, t!("print.reason.is_directory")));
        }
        let Some(file_name) = target.file_name() else {
            return Err(invalid(target, t!("print.reason.no_file_name")));
        };
        let folder = match target.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
            _ => PathBuf::from("."),
        };
        if !folder.is_dir() {
            return Err(invalid(target, t!("print.reason.no_folder", folder = folder.display())));
        }

        let suffix = crypto::to_hex(&crypto::random_bytes::<6>()?);
        let mut temp_name = std::ffi::OsString::from(".");
        temp_name.push(file_name);
        temp_name.push(format!(".{suffix}.tmp"));
        let temp = folder.join(temp_name);
        // A printed form carries register content: only its owner may read it.
        let file = crate::keyring::private_options()
            .create_new(true)
            .open(&temp)
            .map_err(|err| io_invalid(target, &err))?;
        Ok(PendingFile { temp, target: target.to_path_buf(), file: Some(file) })
    }

    /// Writes `bytes`, syncs them and renames the file to the target.
    pub(crate) fn persist(mut self, bytes: &[u8]) -> Result<()> {
        let mut file = self.file.take().expect("a pending file is persisted once");
        file.write_all(bytes).map_err(|err| io_invalid(&self.target, &err))?;
        file.sync_all().map_err(|err| io_invalid(&self.target, &err))?;
        drop(file);
        std::fs::rename(&self.temp, &self.target).map_err(|err| io_invalid(&self.target, &err))?;
        // Renamed: nothing is left to clean up.
        self.temp = PathBuf::new();
        Ok(())
    }
}

impl Drop for PendingFile {
    fn drop(&mut self) {
        self.file.take();
        if !self.temp.as_os_str().is_empty() {
            let _ = std::fs::remove_file(&self.temp);
        }
    }
}

fn invalid(target: &Path, reason: String) -> Error {
    Error::new(Code::PrintOutputInvalid).field(t!("print.field.out")).arg("path", target.display()).arg("reason", reason)
}

/// An I/O failure on the output, with the reason in the user's language where the kind is
/// common and the OS text otherwise.
fn io_invalid(target: &Path, err: &std::io::Error) -> Error {
    let reason = match err.kind() {
        ErrorKind::PermissionDenied => t!("print.reason.permission_denied"),
        ErrorKind::NotFound => t!("print.reason.no_folder", folder = target.parent().unwrap_or(Path::new(".")).display()),
        ErrorKind::ReadOnlyFilesystem => t!("print.reason.read_only"),
        ErrorKind::StorageFull => t!("print.reason.disk_full"),
        _ => err.to_string(),
    };
    invalid(target, reason).detail(err)
}
