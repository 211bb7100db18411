//! Reading passwords and the recovery key: from the terminal without echo, or, with
//! `--password-stdin`, one per line from standard input (for scripts and tests).

use std::io::BufRead;

use zeroize::Zeroizing;

use crate::error::{Code, Error, Result};
use crate::t;

pub struct Secrets {
    from_stdin: bool,
}

impl Secrets {
    pub fn new(from_stdin: bool) -> Secrets {
        Secrets { from_stdin }
    }

    /// Reads one secret; `prompt` is shown on the terminal only.
    pub fn read(&mut self, prompt: &str) -> Result<Zeroizing<String>> {
        if self.from_stdin {
            let mut line = Zeroizing::new(String::new());
            let n = std::io::stdin().lock().read_line(&mut line)?;
            if n == 0 {
                return Err(Error::new(Code::Usage).arg("reason", t!("cli.stdin_ended")));
            }
            let trimmed = Zeroizing::new(line.trim_end_matches(['\r', '\n']).to_string());
            return Ok(trimmed);
        }
        rpassword::prompt_password(prompt)
            .map(Zeroizing::new)
            .map_err(|err| Error::new(Code::Usage).arg("reason", t!("cli.no_terminal")).detail(err))
    }
}
