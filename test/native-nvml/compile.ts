/**
 * Builds the fake libnvidia-ml (fake_nvml.c) into a temporary folder with the system C compiler,
 * and writes the control file it reads (see the header of fake_nvml.c for its keys).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SOURCE = fileURLToPath(new URL('./fake_nvml.c', import.meta.url));

export interface FakeNvml {
  library: string;
  controlFile: string;
  /** Replace the control file with these key=value settings. */
  set(settings: Record<string, string | number>): void;
}

/** Compile the fake (legacy: only unversioned entry points) and point $FAKE_NVML_CONTROL at it. */
export function buildFakeNvml(legacy = false): FakeNvml {
  const dir = mkdtempSync(join(tmpdir(), 'fake-nvml-'));
  const library = join(dir, legacy ? 'libnvidia-ml-legacy.so.1' : 'libnvidia-ml.so.1');
  const args = ['-shared', '-fPIC', '-O1', '-Wall', '-Wextra', '-Werror', '-o', library, SOURCE];
  if (legacy) args.unshift('-DFAKE_NVML_LEGACY');
  execFileSync('cc', args, { stdio: 'pipe' });
  const controlFile = join(dir, 'control');
  writeFileSync(controlFile, '');
  process.env.FAKE_NVML_CONTROL = controlFile;
  return {
    library,
    controlFile,
    set(settings) {
      writeFileSync(
        controlFile,
        Object.entries(settings)
          .map(([k, v]) => `${k}=${v}\n`)
          .join(''),
      );
    },
  };
}
