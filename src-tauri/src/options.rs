//! Command-line options: where the vault is.

use std::ffi::OsString;
use std::path::PathBuf;

/// The environment variable that names the vault file when `--vault` is not given.
pub const VAULT_ENV: &str = "SECLEDGER_VAULT";

/// The vault file's name in the app data folder when neither `--vault` nor the environment
/// variable names one.
pub const DEFAULT_VAULT_NAME: &str = "secledger.vault";

#[derive(Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// The vault file from `--vault` or `SECLEDGER_VAULT`; `None` means the default in the app
    /// data folder.
    pub vault: Option<PathBuf>,
}

/// Parses the arguments (without the program name). `env_vault` is the value of
/// [`VAULT_ENV`]; the argument wins over it. `--automation`, which WebKitWebDriver passes to
/// the programs it starts, is accepted and ignored. Returns a zh-CN message on bad input.
pub fn parse(args: impl IntoIterator<Item = OsString>, env_vault: Option<OsString>) -> Result<Options, String> {
    let mut vault = None;
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let text = arg.to_string_lossy();
        if text == "--vault" {
            let Some(path) = args.next() else {
                return Err("--vault 后面缺少保险库文件路径。用法：secledger-desktop [--vault 路径]".to_string());
            };
            vault = Some(PathBuf::from(path));
        } else if let Some(path) = text.strip_prefix("--vault=") {
            vault = Some(PathBuf::from(path));
        } else if text == "--automation" {
            continue;
        } else {
            return Err(format!("无法识别的参数“{text}”。用法：secledger-desktop [--vault 路径]"));
        }
    }
    let from_env = env_vault.filter(|value| !value.is_empty()).map(PathBuf::from);
    let vault = vault.filter(|path| !path.as_os_str().is_empty()).or(from_env);
    Ok(Options { vault })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(items: &[&str]) -> Vec<OsString> {
        items.iter().map(OsString::from).collect()
    }

    #[test]
    fn vault_argument_wins_over_env() {
        let options = parse(args(&["--vault", "/a.vault"]), Some("/b.vault".into())).unwrap();
        assert_eq!(options.vault, Some(PathBuf::from("/a.vault")));
        let options = parse(args(&["--vault=/c.vault"]), None).unwrap();
        assert_eq!(options.vault, Some(PathBuf::from("/c.vault")));
    }

    #[test]
    fn env_used_without_argument() {
        let options = parse(args(&[]), Some("/b.vault".into())).unwrap();
        assert_eq!(options.vault, Some(PathBuf::from("/b.vault")));
        assert_eq!(parse(args(&["--automation"]), Some("".into())).unwrap().vault, None);
    }

    #[test]
    fn bad_arguments_rejected() {
        let err = parse(args(&["--vault"]), None).unwrap_err();
        assert!(err.contains("缺少保险库文件路径"), "{err}");
        let err = parse(args(&["--colour"]), None).unwrap_err();
        assert!(err.contains("--colour"), "{err}");
    }
}
