//! The password policy, first-password generation and the reuse history.

use crate::crypto::{self, KdfParams};
use crate::error::{Code, Error, Result};

/// How many earlier passwords a new one must differ from.
pub const HISTORY_LEN: usize = 5;

/// Checks `password` against the policy, one rule at a time, so the message names the rule
/// that failed.
pub fn check_policy(password: &str, account: &str, min_length: u32) -> Result<()> {
    let length = password.chars().count();
    if length < min_length as usize {
        return Err(Error::new(Code::PasswordTooShort).field("密码").arg("min", min_length).arg("actual", length));
    }
    if !password.chars().any(|c| c.is_ascii_alphabetic()) {
        return Err(Error::new(Code::PasswordNoLetter).field("密码"));
    }
    if !password.chars().any(|c| c.is_ascii_digit()) {
        return Err(Error::new(Code::PasswordNoDigit).field("密码"));
    }
    if !password.chars().any(|c| !c.is_alphanumeric() && !c.is_whitespace()) {
        return Err(Error::new(Code::PasswordNoSymbol).field("密码"));
    }
    if account.chars().count() >= 3 && password.to_lowercase().contains(&account.to_lowercase()) {
        return Err(Error::new(Code::PasswordSameAsName).field("密码"));
    }
    Ok(())
}

/// Characters for generated passwords, without look-alikes (0/O, 1/l/I) that are hard to copy
/// from a printout.
const LETTERS: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ";
const DIGITS: &[u8] = b"23456789";
const SYMBOLS: &[u8] = b"!@#%&*-_=+?";

/// Generates a 12-character first password with letters, digits and symbols.
pub fn generate() -> Result<String> {
    let all: Vec<u8> = [LETTERS, DIGITS, SYMBOLS].concat();
    loop {
        let mut out = String::with_capacity(12);
        for _ in 0..12 {
            out.push(pick(&all)? as char);
        }
        let has_letter = out.bytes().any(|b| LETTERS.contains(&b));
        let has_digit = out.bytes().any(|b| DIGITS.contains(&b));
        let has_symbol = out.bytes().any(|b| SYMBOLS.contains(&b));
        if has_letter && has_digit && has_symbol {
            return Ok(out);
        }
    }
}

/// Picks one byte of `set` uniformly, by rejection sampling.
fn pick(set: &[u8]) -> Result<u8> {
    let limit = 256 - (256 % set.len());
    loop {
        let [b]: [u8; 1] = crypto::random_bytes()?;
        if (b as usize) < limit {
            return Ok(set[b as usize % set.len()]);
        }
    }
}

/// Parameters for the reuse history: the Argon2id floor, since the hashes sit inside the
/// encrypted vault and are only compared when a password changes.
pub const HISTORY_KDF: KdfParams = KdfParams::FLOOR;

/// Hashes `password` for the reuse history; returns (salt, hash).
pub fn history_hash(password: &str) -> Result<(Vec<u8>, Vec<u8>)> {
    let salt: [u8; 16] = crypto::random_bytes()?;
    let hash = crypto::derive_key(password.as_bytes(), &salt, HISTORY_KDF)?;
    Ok((salt.to_vec(), hash.to_vec()))
}

/// Whether `password` matches a history entry.
pub fn matches_history(password: &str, salt: &[u8], hash: &[u8]) -> Result<bool> {
    let computed = crypto::derive_key(password.as_bytes(), salt, HISTORY_KDF)?;
    Ok(crypto::mac_eq(&computed[..], hash))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code_of(password: &str) -> Option<Code> {
        check_policy(password, "zhangsan", 8).err().map(|e| e.code())
    }

    #[test]
    fn each_rule_is_reported_separately() {
        assert_eq!(code_of("a1!"), Some(Code::PasswordTooShort));
        assert_eq!(code_of("12345678!"), Some(Code::PasswordNoLetter));
        assert_eq!(code_of("abcdefgh!"), Some(Code::PasswordNoDigit));
        assert_eq!(code_of("abcdefgh1"), Some(Code::PasswordNoSymbol));
        assert_eq!(code_of("zhangsan1!"), Some(Code::PasswordSameAsName));
        assert_eq!(code_of("Secr3t!pass"), None);
    }

    #[test]
    fn length_counts_characters_not_bytes() {
        assert_eq!(code_of("密码a1!"), Some(Code::PasswordTooShort));
        assert_eq!(check_policy("密码密码a1!x", "zhangsan", 8).err().map(|e| e.code()), None);
    }

    #[test]
    fn generated_passwords_pass_the_policy() {
        for _ in 0..50 {
            let pw = generate().unwrap();
            assert_eq!(pw.chars().count(), 12);
            check_policy(&pw, "sysadmin", 8).unwrap();
        }
    }

    #[test]
    fn history_hash_matches_only_same_password() {
        let (salt, hash) = history_hash("Secr3t!pass").unwrap();
        assert!(matches_history("Secr3t!pass", &salt, &hash).unwrap());
        assert!(!matches_history("Secr3t!pasS", &salt, &hash).unwrap());
    }
}
