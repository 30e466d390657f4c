import { execFile } from 'node:child_process';

export interface GpuReport {
  gpus: { name: string; memoryTotalMb: number; memoryFreeMb: number; driverVersion: string }[];
  detail: string;
}

/** Parses `nvidia-smi --query-gpu=name,memory.total,memory.free,driver_version --format=csv,noheader,nounits`. */
export function parseNvidiaSmiCsv(stdout: string): GpuReport['gpus'] {
  return stdout
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => {
      const [name = '', total = '0', free = '0', driver = ''] = line.split(',').map((cell) => cell.trim());
      return { name, memoryTotalMb: Number(total) || 0, memoryFreeMb: Number(free) || 0, driverVersion: driver };
    });
}

/** Asks nvidia-smi, if present. A machine without an NVIDIA GPU is a normal case, said plainly. */
export function detectGpus(command = 'nvidia-smi'): Promise<GpuReport> {
  return new Promise((resolve) => {
    execFile(
      command,
      ['--query-gpu=name,memory.total,memory.free,driver_version', '--format=csv,noheader,nounits'],
      { timeout: 10_000 },
      (error, stdout) => {
        if (error) {
          const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
          resolve({
            gpus: [],
            detail: missing
              ? 'No NVIDIA GPU found (nvidia-smi is not installed). You can still index, review, build datasets and chat on the CPU.'
              : `nvidia-smi failed: ${error.message.split('\n')[0]}. Check the NVIDIA driver.`,
          });
          return;
        }
        const gpus = parseNvidiaSmiCsv(stdout);
        resolve({ gpus, detail: gpus.length > 0 ? `${gpus.length} NVIDIA GPU(s) found by nvidia-smi` : 'nvidia-smi listed no GPU' });
      },
    );
  });
}
