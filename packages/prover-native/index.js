// Loads the native prover the way napi-rs packages do: a binary built here
// (`zkr-prover-native.<platform-arch-abi>.node`, from `node build.mjs`), else the optional
// per-platform package `@zkr/prover-native-<platform-arch-abi>` that would ship it prebuilt.
// Never throws: `native` is undefined and `loadError` says why when neither is there.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const here = fileURLToPath(new URL('.', import.meta.url));

function isMusl() {
  if (process.platform !== 'linux') return false;
  try {
    return readFileSync('/usr/bin/ldd', 'utf8').includes('musl');
  } catch {
    return !process.report?.getReport?.().header?.glibcVersionRuntime;
  }
}

/** e.g. linux-x64-gnu, linux-arm64-musl, darwin-arm64, win32-x64-msvc */
export function platformTriple() {
  const { platform, arch } = process;
  if (platform === 'linux') return `linux-${arch}-${isMusl() ? 'musl' : 'gnu'}`;
  if (platform === 'win32') return `win32-${arch}-msvc`;
  return `${platform}-${arch}`;
}

export const triple = platformTriple();
export const binaryName = `zkr-prover-native.${triple}.node`;
export const localBinary = `${here}${binaryName}`;

function load() {
  const tried = [];
  if (existsSync(localBinary)) {
    try {
      return { native: require(localBinary) };
    } catch (error) {
      return { loadError: new Error(`${localBinary} does not load: ${error.message}`) };
    }
  }
  tried.push(localBinary);
  const pkg = `@zkr/prover-native-${triple}`;
  try {
    return { native: require(pkg) };
  } catch {
    tried.push(pkg);
  }
  return {
    loadError: new Error(`no native prover for ${triple} (looked for ${tried.join(' and ')}; build it with cargo: node packages/prover-native/build.mjs)`),
  };
}

const loaded = process.env.ZKR_NATIVE === 'off' ? { loadError: new Error('the native prover is turned off (ZKR_NATIVE=off)') } : load();

/** The binding, or undefined when no binary loads for this platform. */
export const native = loaded.native;
/** Why `native` is undefined. */
export const loadError = loaded.loadError;
