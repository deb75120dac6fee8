//! zkr's native Groth16 prover: N-API bindings. A zkey is read once per process (shared by the
//! Node worker threads that load the same file); proofs run on one rayon pool per process whose
//! size the JavaScript prover sets, so workers never oversubscribe the cores.
pub mod binfile;
pub mod devzkey;
pub mod error;
pub mod prove;
pub mod wtns;
pub mod zkey;

use error::Error;
use napi::bindgen_prelude::{AsyncTask, Buffer};
use napi::{Env, Task};
use napi_derive::napi;
use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{Arc, Mutex, Weak};
use std::time::SystemTime;

static POOL: Mutex<Option<Arc<rayon::ThreadPool>>> = Mutex::new(None);
type ZkeyId = (std::path::PathBuf, u64, Option<SystemTime>);
static ZKEYS: Mutex<Option<HashMap<ZkeyId, Weak<zkey::ProvingKey>>>> = Mutex::new(None);

fn to_napi(error: Error) -> napi::Error {
    napi::Error::new(napi::Status::GenericFailure, error.to_string())
}

fn build_pool(threads: usize) -> Result<Arc<rayon::ThreadPool>, Error> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .thread_name(|i| format!("zkr-prover-{i}"))
        .build()
        .map(Arc::new)
        .map_err(|e| Error::Argument(format!("could not start {threads} prover threads: {e}")))
}

fn pool() -> Result<Arc<rayon::ThreadPool>, Error> {
    let mut slot = POOL.lock().unwrap_or_else(|e| e.into_inner());
    if slot.is_none() {
        *slot = Some(build_pool(std::thread::available_parallelism().map_or(1, |n| n.get()))?);
    }
    Ok(slot.as_ref().unwrap().clone())
}

/// Runs `work` on the process' prover pool; a panic becomes an error instead of a dead process.
fn on_pool<T: Send>(work: impl FnOnce() -> Result<T, Error> + Send) -> napi::Result<T> {
    let pool = pool().map_err(to_napi)?;
    match catch_unwind(AssertUnwindSafe(|| pool.install(work))) {
        Ok(result) => result.map_err(to_napi),
        Err(panic) => {
            let what = panic.downcast_ref::<String>().cloned().or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()));
            Err(napi::Error::new(napi::Status::GenericFailure, format!("[INTERNAL] the native prover panicked: {}", what.unwrap_or_default())))
        }
    }
}

/// Sizes the process' prover pool (threads shared by every proof in this process).
#[napi]
pub fn set_threads(threads: u32) -> napi::Result<()> {
    if threads == 0 {
        return Err(to_napi(Error::Argument("threads must be at least 1".into())));
    }
    let mut slot = POOL.lock().unwrap_or_else(|e| e.into_inner());
    if slot.as_ref().map(|p| p.current_num_threads()) != Some(threads as usize) {
        *slot = Some(build_pool(threads as usize).map_err(to_napi)?);
    }
    Ok(())
}

/// The size of the process' prover pool.
#[napi]
pub fn threads() -> napi::Result<u32> {
    Ok(pool().map_err(to_napi)?.current_num_threads() as u32)
}

fn load_shared(path: &str) -> Result<Arc<zkey::ProvingKey>, Error> {
    let meta = std::fs::metadata(path).map_err(|e| Error::Zkey(format!("cannot read {path}: {e}")))?;
    let canonical = std::fs::canonicalize(path).map_err(|e| Error::Zkey(format!("cannot read {path}: {e}")))?;
    let id: ZkeyId = (canonical, meta.len(), meta.modified().ok());
    // Held while loading, so two workers asking for one zkey read it once.
    let mut cache = ZKEYS.lock().unwrap_or_else(|e| e.into_inner());
    let cache = cache.get_or_insert_with(HashMap::new);
    if let Some(key) = cache.get(&id).and_then(Weak::upgrade) {
        return Ok(key);
    }
    cache.retain(|_, weak| weak.strong_count() > 0);
    let key = Arc::new(zkey::ProvingKey::read(path).map_err(|e| match e {
        Error::Zkey(m) => Error::Zkey(format!("{path}: {m}")),
        other => other,
    })?);
    cache.insert(id, Arc::downgrade(&key));
    Ok(key)
}

/// A zkey held in memory for as long as a worker keeps this object.
#[napi]
pub struct NativeZkey {
    key: Arc<zkey::ProvingKey>,
}

#[napi]
impl NativeZkey {
    #[napi(constructor)]
    pub fn new(path: String) -> napi::Result<Self> {
        Ok(NativeZkey { key: on_pool(|| load_shared(&path))? })
    }

    #[napi(getter)]
    pub fn n_vars(&self) -> u32 {
        self.key.n_vars as u32
    }

    #[napi(getter)]
    pub fn n_public(&self) -> u32 {
        self.key.n_public as u32
    }

    #[napi(getter)]
    pub fn domain_size(&self) -> u32 {
        self.key.domain_size as u32
    }

    /// Proves from a .wtns file's bytes; returns `{ proof, publicSignals }` in snarkjs' JSON.
    #[napi]
    pub fn prove(&self, wtns: Buffer) -> napi::Result<String> {
        let key = &self.key;
        let bytes: &[u8] = &wtns;
        let proof = on_pool(|| {
            let witness = wtns::read(bytes, key.n_vars)?;
            prove::prove(key, &witness)
        })?;
        Ok(json::proof(&proof))
    }
}

pub mod json;

/// What `writeDevZkey` needs: the r1cs, the dev secrets (decimal), the dev ptau's power (or
/// none: the H form of any larger ptau) and where to write.
#[napi(object)]
pub struct DevZkeyOptions {
    #[napi(js_name = "r1cs")]
    pub r1cs: String,
    pub tau: String,
    pub alpha: String,
    pub beta: String,
    pub ptau_power: Option<u32>,
    pub path: String,
}

pub struct DevZkeyTask(DevZkeyOptions);

impl Task for DevZkeyTask {
    type Output = ();
    type JsValue = ();
    fn compute(&mut self) -> napi::Result<()> {
        let o = &self.0;
        let secrets = devzkey::Secrets::parse(&o.tau, &o.alpha, &o.beta).map_err(to_napi)?;
        on_pool(|| devzkey::write(&o.r1cs, &secrets, o.ptau_power, &o.path))
    }
    fn resolve(&mut self, _env: Env, _output: ()) -> napi::Result<()> {
        Ok(())
    }
}

/// Writes a circuit's initial dev zkey from the INSECURE dev secrets, off the JavaScript thread,
/// on the process' prover pool (devzkey.rs).
#[napi(ts_return_type = "Promise<void>")]
pub fn write_dev_zkey(options: DevZkeyOptions) -> AsyncTask<DevZkeyTask> {
    AsyncTask::new(DevZkeyTask(options))
}
