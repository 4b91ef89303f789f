// Compares the loss traces of the same seeded run from the native and the wasm builds.
//   node tests/compare_traces.mjs NATIVE_GAN_TRACE WASM_GAN_TRACE_JS [ITERATIONS]
// The two builds use different matrix-product kernels (OpenBLAS with AVX-512 FMA natively, Eigen's
// SSE path lowered to wasm SIMD, without FMA), so sums round differently: the tolerance is a
// relative 1e-5, a hundred times the float rounding differences seen (~1e-7) over 30 iterations.
import { execFileSync } from 'node:child_process';

const [nativeBin, wasmJs, iterations = '30'] = process.argv.slice(2);
const args = (preset) => ['--preset', preset, '--seed', '5', '--iterations', iterations];
let worst = 0, failures = 0;
for (const preset of ['book', 'fast']) {
  const a = execFileSync(nativeBin, args(preset)).toString().trim().split('\n');
  const b = execFileSync('node', [wasmJs, ...args(preset)]).toString().trim().split('\n');
  if (a.length !== b.length || a.length !== Number(iterations)) {
    console.log(`FAIL ${preset}: ${a.length} native lines, ${b.length} wasm lines`);
    failures++;
    continue;
  }
  for (let i = 0; i < a.length; i++) {
    const x = a[i].split(' ').map(Number), y = b[i].split(' ').map(Number);
    for (let k = 1; k < x.length; k++) {
      const rel = Math.abs(x[k] - y[k]) / Math.max(Math.abs(x[k]), 1e-12);
      worst = Math.max(worst, rel);
      if (rel > 1e-5) { console.log(`FAIL ${preset} iteration ${i + 1} column ${k}: ${x[k]} vs ${y[k]}`); failures++; }
    }
  }
}
console.log(`native vs wasm: largest relative difference ${worst.toExponential(2)} over ${iterations} iterations of book and fast`);
console.log(`compare_traces: ${failures ? 0 : 1} passed, ${failures ? 1 : 0} failed`);
process.exit(failures ? 1 : 0);
