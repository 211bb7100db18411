//! Cryptographic primitives behind the vault, the key slots and the audit chain.
//!
//! What this protects against: someone who copies the vault, its keyring or a backup learns
//! nothing of the registers without an account password or the recovery key, and cannot change
//! a key slot or an audit entry without detection. What it does not protect against: malware
//! running as the logged-in user on the workstation, which sees what the user sees; and a
//! wholesale rollback of both the vault and its keyring to an older copy, which only the chain
//! head printed on paper reveals.
//!
//! All cipher choices sit in this module (AES-256-GCM and HMAC-SHA256 from ring, Argon2id, and
//! SQLCipher's AES-256 for pages), so a later SM4/SM3 option is one change here and in `vault`.

use std::time::{Duration, Instant};

use ring::aead::{self, Aad, LessSafeKey, Nonce, UnboundKey};
use ring::rand::{SecureRandom, SystemRandom};
use ring::{hkdf, hmac};
use serde::{Deserialize, Serialize};
use zeroize::{Zeroize, Zeroizing};

use crate::error::{Code, Error, Result};

/// Length in bytes of the vault's data key and of derived keys.
pub const KEY_LEN: usize = 32;

/// The vault's data key: it opens the SQLCipher database and seeds every derived key.
/// Zeroed on drop.
#[derive(Clone)]
pub struct DataKey(Zeroizing<[u8; KEY_LEN]>);

impl DataKey {
    pub fn generate() -> Result<DataKey> {
        let mut bytes = Zeroizing::new([0u8; KEY_LEN]);
        fill_random(&mut bytes[..])?;
        Ok(DataKey(bytes))
    }

    pub fn from_bytes(bytes: &[u8]) -> Option<DataKey> {
        let arr: [u8; KEY_LEN] = bytes.try_into().ok()?;
        Some(DataKey(Zeroizing::new(arr)))
    }

    pub fn as_bytes(&self) -> &[u8; KEY_LEN] {
        &self.0
    }

    /// Derives the subkey for one purpose (`label`), so that the audit MAC key, the keyring MAC
    /// key and the SQLCipher key are never the same bytes.
    pub fn derive(&self, label: &str) -> Zeroizing<[u8; KEY_LEN]> {
        hkdf(b"secledger key derivation v1", &self.0[..], label)
    }
}

/// HKDF-SHA256 of `ikm` with `salt`, expanded to 32 bytes for the purpose named by `info`.
pub fn hkdf(salt: &[u8], ikm: &[u8], info: &str) -> Zeroizing<[u8; KEY_LEN]> {
    let prk = hkdf::Salt::new(hkdf::HKDF_SHA256, salt).extract(ikm);
    let info = [info.as_bytes()];
    let okm = prk.expand(&info, HkdfLen).expect("HKDF-SHA256 can expand 32 bytes");
    let mut out = Zeroizing::new([0u8; KEY_LEN]);
    okm.fill(&mut out[..]).expect("HKDF-SHA256 can fill 32 bytes");
    out
}

struct HkdfLen;

impl hkdf::KeyType for HkdfLen {
    fn len(&self) -> usize {
        KEY_LEN
    }
}

/// Fills `buf` from the operating system's random source.
pub fn fill_random(buf: &mut [u8]) -> Result<()> {
    SystemRandom::new()
        .fill(buf)
        .map_err(|_| Error::new(Code::Internal).arg("reason", "系统随机数源不可用"))
}

pub fn random_bytes<const N: usize>() -> Result<[u8; N]> {
    let mut out = [0u8; N];
    fill_random(&mut out)?;
    Ok(out)
}

/// An AES-256-GCM ciphertext with its nonce.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Sealed {
    #[serde(with = "hex_bytes")]
    pub nonce: Vec<u8>,
    #[serde(with = "hex_bytes")]
    pub ciphertext: Vec<u8>,
}

/// Encrypts `plaintext` under `key`, binding `aad` (which is authenticated but not stored).
pub fn seal(key: &[u8; KEY_LEN], aad: &[u8], plaintext: &[u8]) -> Result<Sealed> {
    let nonce_bytes: [u8; aead::NONCE_LEN] = random_bytes()?;
    let key = aead_key(key);
    let mut in_out = plaintext.to_vec();
    key.seal_in_place_append_tag(
        Nonce::assume_unique_for_key(nonce_bytes),
        Aad::from(aad),
        &mut in_out,
    )
    .map_err(|_| Error::new(Code::Internal).arg("reason", "AES-GCM 加密失败"))?;
    Ok(Sealed { nonce: nonce_bytes.to_vec(), ciphertext: in_out })
}

/// Decrypts a [`Sealed`] value; `None` when the key or the associated data is wrong or the
/// ciphertext was changed.
pub fn open(key: &[u8; KEY_LEN], aad: &[u8], sealed: &Sealed) -> Option<Zeroizing<Vec<u8>>> {
    let nonce: [u8; aead::NONCE_LEN] = sealed.nonce.as_slice().try_into().ok()?;
    let key = aead_key(key);
    let mut in_out = Zeroizing::new(sealed.ciphertext.clone());
    let len = key
        .open_in_place(Nonce::assume_unique_for_key(nonce), Aad::from(aad), &mut in_out)
        .ok()?
        .len();
    in_out.truncate(len);
    Some(in_out)
}

fn aead_key(key: &[u8; KEY_LEN]) -> LessSafeKey {
    LessSafeKey::new(UnboundKey::new(&aead::AES_256_GCM, key).expect("32-byte AES-256 key"))
}

/// HMAC-SHA256 of `parts`, each prefixed with its length so that no two part lists collide.
pub fn mac(key: &[u8; KEY_LEN], parts: &[&[u8]]) -> [u8; 32] {
    let key = hmac::Key::new(hmac::HMAC_SHA256, key);
    let mut ctx = hmac::Context::with_key(&key);
    for part in parts {
        ctx.update(&(part.len() as u64).to_be_bytes());
        ctx.update(part);
    }
    let tag = ctx.sign();
    tag.as_ref().try_into().expect("HMAC-SHA256 tag is 32 bytes")
}

/// Compares two MACs without an early exit, so the time taken does not show where they differ.
pub fn mac_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let difference = a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y));
    std::hint::black_box(difference) == 0
}

/// SHA-256 of `data`.
pub fn sha256(data: &[u8]) -> [u8; 32] {
    let digest = ring::digest::digest(&ring::digest::SHA256, data);
    digest.as_ref().try_into().expect("SHA-256 digest is 32 bytes")
}

/// Argon2id cost parameters, stored in each key slot so that a slot stays openable after the
/// defaults change.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
pub struct KdfParams {
    /// Memory in KiB.
    pub m_cost: u32,
    /// Passes over memory.
    pub t_cost: u32,
    /// Lanes.
    pub p_cost: u32,
}

impl KdfParams {
    /// The floor no calibration goes below: 19 MiB and 2 passes, OWASP's minimum for Argon2id.
    pub const FLOOR: KdfParams = KdfParams { m_cost: 19 * 1024, t_cost: 2, p_cost: 1 };

    /// Memory used when calibrating: 64 MiB.
    const CALIBRATION_MEMORY_KIB: u32 = 64 * 1024;

    /// Picks parameters that take about `target` on this machine: 64 MiB of memory and as many
    /// passes as fit, never below [`KdfParams::FLOOR`].
    pub fn calibrate(target: Duration) -> KdfParams {
        let probe = KdfParams { m_cost: Self::CALIBRATION_MEMORY_KIB, t_cost: 1, p_cost: 1 };
        let mut out = [0u8; KEY_LEN];
        // The fastest of three probes: other work on a busy machine only ever slows a probe
        // down, and a slow probe would pick too few passes for every later password check.
        let mut one_pass = Duration::MAX;
        for _ in 0..3 {
            let start = Instant::now();
            let _ = derive_key_into(b"calibration", &[0u8; 16], probe, &mut out);
            one_pass = one_pass.min(start.elapsed());
        }
        let one_pass = one_pass.max(Duration::from_micros(100));
        out.zeroize();

        // Argon2 time grows about linearly with passes, and with memory for a fixed pass count.
        let ratio = target.as_secs_f64() / one_pass.as_secs_f64();
        if ratio >= Self::FLOOR.t_cost as f64 {
            KdfParams { m_cost: Self::CALIBRATION_MEMORY_KIB, t_cost: (ratio.floor() as u32).min(64), p_cost: 1 }
        } else {
            // Two passes over 64 MiB exceed the target: shrink memory so that two passes fit.
            let m_cost = (Self::CALIBRATION_MEMORY_KIB as f64 * ratio / Self::FLOOR.t_cost as f64) as u32;
            KdfParams { m_cost: m_cost.max(Self::FLOOR.m_cost), t_cost: Self::FLOOR.t_cost, p_cost: 1 }
        }
    }
}

/// Derives a 32-byte key from a password with Argon2id.
pub fn derive_key(password: &[u8], salt: &[u8], params: KdfParams) -> Result<Zeroizing<[u8; KEY_LEN]>> {
    let mut out = Zeroizing::new([0u8; KEY_LEN]);
    derive_key_into(password, salt, params, &mut out[..])?;
    Ok(out)
}

fn derive_key_into(password: &[u8], salt: &[u8], params: KdfParams, out: &mut [u8]) -> Result<()> {
    let argon_params = argon2::Params::new(params.m_cost, params.t_cost, params.p_cost, Some(out.len()))
        .map_err(|e| Error::new(Code::Internal).arg("reason", format!("Argon2 参数无效：{e}")))?;
    argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, argon_params)
        .hash_password_into(password, salt, out)
        .map_err(|e| Error::new(Code::Internal).arg("reason", format!("Argon2 计算失败：{e}")))
}

/// Lowercase hex.
pub fn to_hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(DIGITS[(b >> 4) as usize] as char);
        out.push(DIGITS[(b & 0x0f) as usize] as char);
    }
    out
}

pub fn from_hex(text: &str) -> Option<Vec<u8>> {
    if text.len() % 2 != 0 {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

/// Serde adapter that stores bytes as lowercase hex.
pub mod hex_bytes {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(bytes: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&super::to_hex(bytes))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        let text = String::deserialize(d)?;
        super::from_hex(&text).ok_or_else(|| serde::de::Error::custom("invalid hex"))
    }
}

/// Crockford base32 alphabet: no I, L, O or U, so a person copying from paper cannot confuse
/// 1 with I or 0 with O.
const BASE32: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// Encodes bytes as Crockford base32 (5 bits a character, no padding).
pub fn to_base32(bytes: &[u8]) -> String {
    let mut out = String::new();
    let mut buffer: u32 = 0;
    let mut bits = 0;
    for &b in bytes {
        buffer = (buffer << 8) | b as u32;
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(BASE32[((buffer >> bits) & 31) as usize] as char);
        }
    }
    if bits > 0 {
        out.push(BASE32[((buffer << (5 - bits)) & 31) as usize] as char);
    }
    out
}

/// Decodes Crockford base32, accepting lower case, the look-alikes I/L (as 1) and O (as 0),
/// and ignoring hyphens and spaces.
pub fn from_base32(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let mut buffer: u32 = 0;
    let mut bits = 0;
    for c in text.chars() {
        if c == '-' || c.is_whitespace() {
            continue;
        }
        let c = match c.to_ascii_uppercase() {
            'I' | 'L' => '1',
            'O' => '0',
            other => other,
        };
        let value = BASE32.iter().position(|&x| x as char == c)? as u32;
        buffer = (buffer << 5) | value;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seal_open_round_trip() {
        let key = [7u8; KEY_LEN];
        let sealed = seal(&key, b"aad", b"secret").unwrap();
        assert_eq!(&open(&key, b"aad", &sealed).unwrap()[..], b"secret");
    }

    #[test]
    fn open_rejects_wrong_key_aad_or_tampered_byte() {
        let key = [7u8; KEY_LEN];
        let sealed = seal(&key, b"aad", b"secret").unwrap();
        assert!(open(&[8u8; KEY_LEN], b"aad", &sealed).is_none());
        assert!(open(&key, b"other", &sealed).is_none());
        let mut tampered = sealed.clone();
        tampered.ciphertext[0] ^= 1;
        assert!(open(&key, b"aad", &tampered).is_none());
    }

    #[test]
    fn mac_parts_are_length_prefixed() {
        let key = [1u8; KEY_LEN];
        assert_ne!(mac(&key, &[b"ab", b"c"]), mac(&key, &[b"a", b"bc"]));
    }

    #[test]
    fn derived_keys_differ_by_label() {
        let key = DataKey::from_bytes(&[3u8; KEY_LEN]).unwrap();
        assert_ne!(*key.derive("audit"), *key.derive("keyring"));
        assert_eq!(*key.derive("audit"), *key.derive("audit"));
    }

    #[test]
    fn base32_round_trip_and_lookalikes() {
        let bytes = [0u8, 1, 2, 250, 255, 17, 99, 128, 64, 33];
        let text = to_base32(&bytes);
        assert_eq!(from_base32(&text).unwrap(), bytes);
        let lower_with_hyphens = text.to_lowercase().replace('1', "l");
        assert_eq!(from_base32(&format!("{}-", lower_with_hyphens)).unwrap(), bytes);
        assert!(from_base32("U").is_none());
    }

    #[test]
    fn hex_round_trip() {
        assert_eq!(from_hex(&to_hex(&[0, 15, 255])).unwrap(), vec![0, 15, 255]);
        assert!(from_hex("abc").is_none());
        assert!(from_hex("zz").is_none());
    }

    #[test]
    fn argon2id_depends_on_password_and_salt() {
        let p = KdfParams::FLOOR;
        let a = derive_key(b"pw", &[1u8; 16], p).unwrap();
        let b = derive_key(b"pw2", &[1u8; 16], p).unwrap();
        let c = derive_key(b"pw", &[2u8; 16], p).unwrap();
        assert_ne!(*a, *b);
        assert_ne!(*a, *c);
    }
}
