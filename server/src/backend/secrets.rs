//! Secrets: argon2id password hashes, and random tokens stored only as SHA-256 hashes.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;
use sha2::{Digest, Sha256};
use std::sync::LazyLock;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The OWASP-recommended argon2id setting (19 MiB, 2 passes): about 20–40 ms per hash here.
fn argon2() -> Argon2<'static> {
    Argon2::new(Algorithm::Argon2id, Version::V0x13, Params::default())
}

/// Password hashes allowed to run at once: one per core. Each argon2id hash holds 19 MiB while it
/// runs, so however many log-ins arrive together, hashing holds at most this many × 19 MiB; the
/// rest wait their turn.
pub fn concurrent_hash_limit() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get())
}

static HASHING: LazyLock<tokio::sync::Semaphore> =
    LazyLock::new(|| tokio::sync::Semaphore::new(concurrent_hash_limit()));
static HASHES_RUNNING: AtomicUsize = AtomicUsize::new(0);
static MOST_HASHES_RUNNING: AtomicUsize = AtomicUsize::new(0);

/// The most password hashes that have run at the same time since the process started.
pub fn most_hashes_running() -> usize {
    MOST_HASHES_RUNNING.load(Ordering::SeqCst)
}

/// Runs one password hash or check on a blocking thread (argon2 is slow on purpose and must not
/// stall the async runtime), once a hashing permit is free.
async fn hashing<T: Send + 'static>(
    work: impl FnOnce() -> anyhow::Result<T> + Send + 'static,
) -> anyhow::Result<T> {
    let _permit = HASHING.acquire().await?;
    let running = HASHES_RUNNING.fetch_add(1, Ordering::SeqCst) + 1;
    MOST_HASHES_RUNNING.fetch_max(running, Ordering::SeqCst);
    let outcome = tokio::task::spawn_blocking(work).await;
    HASHES_RUNNING.fetch_sub(1, Ordering::SeqCst);
    outcome?
}

/// An argon2id hash of a new password.
pub async fn hash_password(password: String) -> anyhow::Result<String> {
    hashing(move || {
        let salt = SaltString::encode_b64(&random_bytes::<16>())
            .map_err(|e| anyhow::anyhow!("encoding a salt: {e}"))?;
        argon2()
            .hash_password(password.as_bytes(), &salt)
            .map(|hash| hash.to_string())
            .map_err(|e| anyhow::anyhow!("hashing a password: {e}"))
    })
    .await
}

/// A hash of a password nobody has, checked when an email is unknown so that a wrong email and a
/// wrong password take the same time and cannot be told apart.
static DECOY_HASH: LazyLock<String> = LazyLock::new(|| {
    let salt = SaltString::encode_b64(&random_bytes::<16>()).expect("16 bytes encode as a salt");
    argon2()
        .hash_password(&random_bytes::<32>(), &salt)
        .expect("argon2 hashes with its default parameters")
        .to_string()
});

/// True when `password` matches `hash`; `None` for the hash checks the decoy and returns false.
pub async fn verify_password(password: String, hash: Option<String>) -> anyhow::Result<bool> {
    hashing(move || {
        let stored = hash.clone().unwrap_or_else(|| DECOY_HASH.clone());
        let parsed = PasswordHash::new(&stored)
            .map_err(|e| anyhow::anyhow!("a stored password hash is malformed: {e}"))?;
        let matches = argon2()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok();
        Ok(matches && hash.is_some())
    })
    .await
}

fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    rand::rng().fill_bytes(&mut bytes);
    bytes
}

/// A new secret token: 256 random bits, URL-safe.
pub fn new_token() -> String {
    URL_SAFE_NO_PAD.encode(random_bytes::<32>())
}

/// Hex digits of a respondent cookie's minting mark: the second (10) and a sequence number (6).
const MINTED_DIGITS: usize = 16;

/// A respondent cookie's value: when it was minted — the second since 1970 (UTC), then this
/// server's sequence number of cookies, which only orders cookies minted in one second — as 16
/// hex digits, a `.`, then a [`new_token`]. The mark comes first so that the keys derived from
/// cookies ([`respondent_key`]) sort roughly in the order they were minted, and the responses'
/// `(survey_id, respondent_key)` index grows at its end instead of rewriting pages all over it
/// for every batch of responses. The mark is no finer than the whole seconds a response's
/// submission time is stored in.
pub fn new_respondent_token() -> String {
    static SEQUENCE: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let second = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let sequence = SEQUENCE.fetch_add(1, std::sync::atomic::Ordering::Relaxed) & 0x00ff_ffff;
    format!("{second:010x}{sequence:06x}.{}", new_token())
}

/// What a response stores to refuse a second response from one browser to one survey: a hash
/// of the survey and the respondent cookie (the cookie itself, a secret of the browser, is never
/// stored), after the cookie's minting mark when it carries one ([`new_respondent_token`]).
/// A cookie minted before marks were added keeps its old key, the hash alone.
pub fn respondent_key(survey_id: i64, cookie: &str) -> String {
    let hash = token_hash(&format!("{survey_id}:{cookie}"));
    match cookie.split_once('.') {
        Some((minted, _))
            if minted.len() == MINTED_DIGITS && minted.bytes().all(|b| b.is_ascii_hexdigit()) =>
        {
            format!("{minted}.{hash}")
        }
        _ => hash,
    }
}

/// The unguessable part of a public survey link: 96 random bits, URL-safe (16 characters).
pub fn new_public_slug() -> String {
    URL_SAFE_NO_PAD.encode(random_bytes::<12>())
}

/// The identity card token of a respondent's response to one survey, derived from their
/// respondent cookie (a secret of their browser) so that a repeated submission from that browser
/// can lead to the same card without the database linking card and response: the response keeps
/// only `SHA-256("{survey}:{cookie}")`, the card this different hash, neither reveals the other.
/// 96 bits, URL-safe, the shape of [`new_public_slug`].
pub fn respondent_card_token(survey_id: i64, cookie: &str) -> String {
    let digest = Sha256::digest(format!("card:{survey_id}:{cookie}").as_bytes());
    URL_SAFE_NO_PAD.encode(&digest[..12])
}

/// Letters and digits nobody misreads (no 0/O, 1/I/L, U): Crockford's base-32 alphabet.
const CODE_ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// A single-use invite code people can type from paper: 60 random bits as `XXXX-XXXX-XXXX`.
pub fn new_invite_code() -> String {
    let bytes = random_bytes::<12>();
    let chars: Vec<char> = bytes
        .iter()
        .map(|b| CODE_ALPHABET[usize::from(b % 32)] as char)
        .collect();
    chars
        .chunks(4)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-")
}

/// An invite code as typed (any case, spaces or dashes anywhere, O for 0, I or L for 1), in the
/// form it was issued, so that a near miss in typing still matches.
pub fn normalise_invite_code(typed: &str) -> String {
    let chars: Vec<char> = typed
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            other => other,
        })
        .collect();
    chars
        .chunks(4)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-")
}

/// What the database keeps of a token: its SHA-256, hex-encoded.
pub fn token_hash(token: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let digest = Sha256::digest(token.as_bytes());
    let mut hex = String::with_capacity(digest.len() * 2);
    for b in digest {
        hex.push(char::from(HEX[usize::from(b >> 4)]));
        hex.push(char::from(HEX[usize::from(b & 0xf)]));
    }
    hex
}

/// Refuses a new password that is common or easily guessed: a zxcvbn score below 2 of 4, which
/// covers lists of the most used passwords (`password123`, `qwertyuiop`), keyboard runs, repeats
/// and dates, and passwords built from the person's own email, name or organisation (`context`).
/// Score 2 resists guessing at the rate log-in throttling allows.
pub fn refuse_weak_password(
    field: &str,
    password: &domain::Password,
    context: &[&str],
) -> Result<(), domain::FieldError> {
    let score = u8::from(zxcvbn::zxcvbn(password.expose(), context).score());
    if score < 2 {
        return Err(domain::FieldError::new(
            field,
            "This password is too common or easy to guess. Try a few unrelated words together.",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_hash_is_the_sha256_in_lower_hex() {
        assert_eq!(
            token_hash("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn respondent_keys_sort_by_when_their_cookies_were_minted() {
        let first = new_respondent_token();
        let second = new_respondent_token();
        let (a, b) = (respondent_key(7, &first), respondent_key(7, &second));
        assert!(a < b, "{a} then {b}");
        // The mark is whole seconds: its first ten digits are now's, give or take a second.
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs();
        let marked = u64::from_str_radix(&first[..10], 16).unwrap();
        assert!(now - marked <= 1, "{first}");
        // The key names the survey and the cookie, never the cookie itself.
        assert_ne!(respondent_key(8, &first), a);
        assert!(!a.contains(first.split_once('.').unwrap().1));
        // A cookie from before minted times keeps the key it always had.
        let old = new_token();
        assert_eq!(respondent_key(7, &old), token_hash(&format!("7:{old}")));
        // A crafted prefix that is not a time is not copied into the key.
        assert_eq!(
            respondent_key(7, "zz<script>.x"),
            token_hash("7:zz<script>.x")
        );
    }

    #[tokio::test]
    async fn a_hashed_password_verifies_and_a_wrong_one_does_not() {
        let hash = hash_password("correct horse battery".into()).await.unwrap();
        assert!(hash.starts_with("$argon2id$"), "{hash}");
        assert!(
            verify_password("correct horse battery".into(), Some(hash.clone()))
                .await
                .unwrap()
        );
        assert!(
            !verify_password("wrong horse battery".into(), Some(hash))
                .await
                .unwrap()
        );
    }

    #[tokio::test]
    async fn an_unknown_account_never_verifies() {
        assert!(
            !verify_password("anything at all".into(), None)
                .await
                .unwrap()
        );
    }

    #[test]
    fn tokens_carry_256_random_bits() {
        let a = new_token();
        assert_eq!(a.len(), 43, "32 bytes in unpadded base64");
        assert_ne!(a, new_token());
    }

    #[test]
    fn invite_codes_are_typable_and_survey_careless_typing() {
        let code = new_invite_code();
        assert_eq!(code.len(), 14);
        assert!(
            code.chars()
                .all(|c| c == '-' || CODE_ALPHABET.contains(&(c as u8)))
        );
        assert_eq!(
            normalise_invite_code(&code.to_lowercase().replace('-', " ")),
            code
        );
        assert_eq!(normalise_invite_code("ab1o-il23 xyzq"), "AB10-1123-XYZQ");
    }

    #[test]
    fn a_token_hash_is_the_sha256_hex() {
        // printf abc | sha256sum
        assert_eq!(
            token_hash("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
