// The TF.js export in the real TensorFlow.js (npm @tensorflow/tfjs, pure JavaScript: in Node it
// computes on its CPU backend): the native gan-train trains a few iterations with a fixed seed,
// exports the displayed generator with --export-tfjs and writes its images for fixed noise with
// --generate-from/--generate-out; tf.loadLayersModel must give the same images for the same noise.
// The native build's bin folder comes from GAN_NATIVE_BIN (default build/native/bin).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';

const here = dirname(fileURLToPath(import.meta.url));
const binDir = process.env.GAN_NATIVE_BIN || join(here, '..', '..', 'build', 'native', 'bin');
const ganTrain = join(binDir, 'gan-train');
// Without GAN_NATIVE_BIN a missing default build is skipped (the wasm stage may run alone); with it,
// a missing program is a failure.
const skip = !process.env.GAN_NATIVE_BIN && !existsSync(ganTrain) ? `no native gan-train in ${binDir}` : false;

// A load handler for files on disk: model.json, then every weights file its manifest names,
// relative to it, concatenated in manifest order (what tf.io.http does over the network).
function fileHandler(modelPath) {
  return {
    load: async () => {
      const json = JSON.parse(readFileSync(modelPath, 'utf8'));
      return tf.io.getModelArtifactsForJSON(json, async (manifest) => {
        const specs = manifest.flatMap((group) => group.weights);
        const buffers = manifest.flatMap((group) => group.paths.map((p) => readFileSync(join(dirname(modelPath), p))));
        const all = Buffer.concat(buffers);
        return [specs, all.buffer.slice(all.byteOffset, all.byteOffset + all.length)];
      });
    },
  };
}

// Noise in [-1, 1) from a fixed linear congruential sequence: the same every run.
function fixedNoise(count) {
  const z = new Float32Array(count * 256);
  let s = 12345;
  for (let i = 0; i < z.length; ++i) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    z[i] = (s / 2 ** 32) * 2 - 1;
  }
  return z;
}

const asFloats = (buffer) => new Float32Array(buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.length));

test('gan-train --export-tfjs: tf.loadLayersModel draws the same images for the same noise', { skip }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gan-tfjs-'));
  try {
    const count = 7;
    const z = fixedNoise(count);
    writeFileSync(join(dir, 'z.f32'), z);
    // clean shows a moving average of G: the export must be that one, as the images are.
    const run = (...args) => execFileSync(ganTrain, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    run('--preset', 'clean', '--seed', '7', '--iterations', '4', '--save', join(dir, 'run.ckpt'), '--export-tfjs', dir,
        '--generate-from', join(dir, 'z.f32'), '--generate-out', join(dir, 'images.f32'));
    const expected = asFloats(readFileSync(join(dir, 'images.f32')));
    assert.equal(expected.length, count * 784);

    await tf.setBackend('cpu');
    const model = await tf.loadLayersModel(fileHandler(join(dir, 'model.json')));
    assert.deepEqual(model.inputs[0].shape, [null, 256]);
    assert.deepEqual(model.outputs[0].shape, [null, 784]);
    assert.equal(model.countParams(), 1526288);
    assert.deepEqual(model.layers.map((l) => l.getClassName()),
      ['InputLayer', 'Dense', 'LeakyReLU', 'Dense', 'LeakyReLU', 'Dense', 'LeakyReLU', 'Dense']);
    const got = model.predict(tf.tensor2d(z, [count, 256])).dataSync();
    let worst = 0;
    for (let i = 0; i < got.length; ++i) worst = Math.max(worst, Math.abs(got[i] - expected[i]));
    console.log(`# ${count} images, largest difference TF.js vs gan-train: ${worst.toExponential(2)}`);
    assert.ok(worst < 1e-5, `TF.js differs from gan-train by ${worst}`);
    assert.ok(Math.max(...expected) - Math.min(...expected) > 0.5, 'the images are not flat');

    // Straight from a checkpoint (no training): the same files.
    const again = join(dir, 'again');
    execFileSync('mkdir', [again]);
    run('--load', join(dir, 'run.ckpt'), '--iterations', '0', '--export-tfjs', again);
    assert.ok(readFileSync(join(again, 'weights.bin')).equals(readFileSync(join(dir, 'weights.bin'))));
    assert.equal(readFileSync(join(again, 'model.json'), 'utf8'), readFileSync(join(dir, 'model.json'), 'utf8'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
