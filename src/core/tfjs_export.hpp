// The generator as a TensorFlow.js Layers model, so a trained G runs anywhere TF.js does
// (tf.loadLayersModel), and back. Two files:
//   model.json   {"format": "layers-model", "modelTopology": a Sequential model: an InputLayer of
//                batch_input_shape [null, 256], then per layer a Dense (activation "linear", or
//                "tanh" for the output) followed by a LeakyReLU(alpha) where G has one, and
//                "weightsManifest": one group naming the weights file, with "dense/kernel" [in, out]
//                and "dense/bias" [out] (then "dense_1/…", …) in float32, in layer order}
//   weights.bin  those arrays back to back, little-endian float32.
// A kernel [in, out] in TF.js is row-major: entry (i, o) at i·out + o. The project stores W
// (out × in) column-major: W(o, i) at o + i·out, the same place. So each layer's W and b are
// written exactly as the flat parameter buffer holds them (tests/test_tfjs_export.cpp checks an
// entry's byte offset, and web/tests/tfjs.test.mjs runs the files in the real TF.js).
// No UI or Emscripten here: the CLI (gan-train --export-tfjs) and the page share it.
#pragma once
#include <Eigen/Core>
#include <cstdint>
#include <string>
#include <vector>

#include "mlp.hpp"

namespace gan {

class Trainer;

constexpr const char* kTfjsWeightsFile = "weights.bin";  // the name model.json gives its weights

struct TfjsModel {
  std::string model_json;
  std::vector<uint8_t> weights;  // the contents of kTfjsWeightsFile
};

// A network of these layers (Mlp's layout: per layer W then b) with LeakyReLU slope leaky_alpha.
// Dropout is left out: at inference it does nothing.
TfjsModel export_tfjs(const std::vector<LayerSpec>& layers, const Eigen::VectorXf& params, float leaky_alpha);
// The generator a trainer displays (its moving average when g_ema > 0; see Trainer::generate).
TfjsModel export_tfjs(const Trainer& trainer);

// Reads a model.json and its weights (the bytes of the manifest's files, concatenated in manifest
// order) into params for exactly this architecture: the same layer sizes, activations and alpha,
// float32 weights without quantization, every Dense's kernel and bias present once with the right
// shape, nothing else, and finite values. Reads what export_tfjs writes and the same model saved
// again by TF.js (the input shape may sit on the first Dense instead of an InputLayer). On any
// problem returns false with a message and leaves params untouched.
bool import_tfjs(const std::string& model_json, const uint8_t* weights, size_t weights_size,
                 const std::vector<LayerSpec>& layers, float leaky_alpha, Eigen::VectorXf& params, std::string& error);

}  // namespace gan
