// The book recipe in TensorFlow.js Layers, as a Keras user would write it, timed per iteration for
// bench/tfjs.mjs. Generator 256→256→512→1024→784 (LeakyReLU 0.3, tanh), discriminator 784→256
// (LeakyReLU 0.3, Dropout 0.3)→1 sigmoid; D trained by SGD 0.01 on a batch of 100 real and 100 fake
// images with targets 0.9 / 0.1, then G through the frozen D by Adam 1e-5 with target 1. The real
// images are uniform noise in [-1, 1]: the speed does not depend on what they show.
// window.tfjsGanBench(backend, iterations, reps) → {backend, threads, params, itsPerSec: [per rep]}
// (threads: the wasm backend's own count after asking it for one per core)
'use strict';
window.tfjsGanBench = async (backend, iterations, reps) => {
  if (backend === 'wasm') {
    tf.wasm.setWasmPaths(new URL('.', window.location.href).href);
    tf.wasm.setThreadsCount(navigator.hardwareConcurrency || 1);  // as many as it can use (it reports what it got)
  }
  if (!(await tf.setBackend(backend))) throw new Error('TF.js backend ' + backend + ' is unavailable');
  await tf.ready();
  const batch = 100, noise = 256, image = 784;
  const leaky = () => tf.layers.leakyReLU({ alpha: 0.3 });
  const generator = tf.sequential({ layers: [
    tf.layers.dense({ units: 256, inputShape: [noise] }), leaky(),
    tf.layers.dense({ units: 512 }), leaky(),
    tf.layers.dense({ units: 1024 }), leaky(),
    tf.layers.dense({ units: image, activation: 'tanh' }),
  ] });
  const discriminator = tf.sequential({ layers: [
    tf.layers.dense({ units: 256, inputShape: [image] }), leaky(), tf.layers.dropout({ rate: 0.3 }),
    tf.layers.dense({ units: 1, activation: 'sigmoid' }),
  ] });
  discriminator.compile({ optimizer: tf.train.sgd(0.01), loss: 'binaryCrossentropy' });
  // The combined model sees D frozen (Keras semantics: trainable is read when a model is compiled).
  discriminator.trainable = false;
  const z = tf.input({ shape: [noise] });
  const gan = tf.model({ inputs: z, outputs: discriminator.apply(generator.apply(z)) });
  gan.compile({ optimizer: tf.train.adam(1e-5), loss: 'binaryCrossentropy' });
  discriminator.trainable = true;

  const real = tf.randomUniform([batch, image], -1, 1);
  const dTargets = tf.concat([tf.fill([batch, 1], 0.9), tf.fill([batch, 1], 0.1)]);
  const gTargets = tf.ones([batch, 1]);
  const iteration = async () => {
    const fakes = tf.tidy(() => generator.predict(tf.randomUniform([batch, noise], -1, 1)));
    const both = tf.concat([real, fakes]);
    await discriminator.trainOnBatch(both, dTargets);
    const gz = tf.randomUniform([batch, noise], -1, 1);
    await gan.trainOnBatch(gz, gTargets);
    tf.dispose([fakes, both, gz]);
  };
  for (let i = 0; i < 3; ++i) await iteration();  // warm-up: shaders, kernels, optimizer slots
  const itsPerSec = [];
  for (let r = 0; r < reps; ++r) {
    const start = performance.now();
    for (let i = 0; i < iterations; ++i) await iteration();
    itsPerSec.push(iterations / ((performance.now() - start) / 1000));
  }
  return {
    backend: tf.getBackend(),
    threads: backend === 'wasm' ? tf.wasm.getThreadsCount() : null,
    params: [generator.countParams(), discriminator.countParams()],
    itsPerSec,
  };
};

// GFLOP/s of TF.js's matMul for the three product shapes a dense layer's training needs at batch
// 100 (forward x·W, and the two backward products with one operand transposed), 1024 → 784.
window.tfjsMatMulGflops = async (backend) => {
  if (backend === 'wasm') tf.wasm.setWasmPaths(new URL('.', window.location.href).href);
  if (!(await tf.setBackend(backend))) throw new Error('TF.js backend ' + backend + ' is unavailable');
  await tf.ready();
  const out = {};
  for (const [name, m, k, n, transposeA, transposeB] of [
    ['x·W', 100, 1024, 784, false, false], ['xᵀ·dy', 1024, 100, 784, true, false], ['dy·Wᵀ', 100, 784, 1024, false, true]]) {
    const a = tf.randomUniform(transposeA ? [k, m] : [m, k]), b = tf.randomUniform(transposeB ? [n, k] : [k, n]);
    const once = () => { const c = tf.matMul(a, b, transposeA, transposeB); c.dataSync(); c.dispose(); };
    for (let i = 0; i < 3; ++i) once();
    const runs = 20, start = performance.now();
    for (let i = 0; i < runs; ++i) once();
    out[name] = +((2 * m * k * n * runs) / ((performance.now() - start) / 1000) / 1e9).toFixed(1);
    tf.dispose([a, b]);
  }
  return out;
};
