//! Typed failures. Each crosses into JavaScript as a message prefixed with its code in brackets
//! ("[ZKEY] ..."), which the package's loader turns back into a code.
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// The zkey is unreadable, not Groth16 over BN254, truncated, or holds invalid points.
    Zkey(String),
    /// The witness is malformed or does not fit the zkey (length, field, values out of range).
    Witness(String),
    /// The proof computed from this witness does not verify: the witness does not satisfy the circuit.
    Unsatisfied(String),
    /// Bad call arguments (thread count).
    Argument(String),
}

pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    pub fn zkey(message: String) -> Error {
        Error::Zkey(message)
    }
    pub fn witness(message: String) -> Error {
        Error::Witness(message)
    }
    pub fn code(&self) -> &'static str {
        match self {
            Error::Zkey(_) => "ZKEY",
            Error::Witness(_) => "WITNESS_FORMAT",
            Error::Unsatisfied(_) => "UNSATISFIED",
            Error::Argument(_) => "ARGUMENT",
        }
    }
    fn message(&self) -> &str {
        match self {
            Error::Zkey(m) | Error::Witness(m) | Error::Unsatisfied(m) | Error::Argument(m) => m,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[{}] {}", self.code(), self.message())
    }
}

impl std::error::Error for Error {}
