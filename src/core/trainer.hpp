// The GAN and its training loop, step by step: one iteration is d_steps discriminator SGD/Adam
// steps on real+fake images followed by one generator step through the frozen discriminator.
// Never a blocking fit(): callers run step(), train_iterations(n) or train_for(ms) as they go.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "config.hpp"
#include "dataset.hpp"
#include "mlp.hpp"
#include "optimizer.hpp"
#include "rng.hpp"

namespace gan {

constexpr int kNoiseSize = 256;  // n_z
constexpr int kTestNoiseCount = 100;

// The book's architectures. Generator: 256→256→512→1024→784, LeakyReLU, tanh output (g_hidden
// scales the three hidden widths; the book's is 256).
// Discriminator: 784→hidden (LeakyReLU, Dropout)→1 logit; the sigmoid is fused into the loss.
// Presets other than book may give D more hidden layers (d_layers), each half as wide.
std::vector<LayerSpec> generator_layers(int image_size, int hidden);
std::vector<LayerSpec> discriminator_layers(int image_size, const TrainConfig& config);

struct IterationMetrics {
  double d_loss = 0;  // mean BCE of D over its real+fake batch (last D step)
  double g_loss = 0;  // mean BCE of the G step (D's verdict on fakes vs g_target)
  double d_real = 0;  // mean D(x) on the real batch
  double d_fake = 0;  // mean D(G(z)) on the fake batch of the D step
};

// Sets how many threads the matrix products use (natively; the browser build is single-threaded).
void set_threads(int n);

class Trainer {
 public:
  // config must pass validate(); data must outlive the trainer. Use make_trainer() for checked
  // construction.
  Trainer(const Dataset& data, const TrainConfig& config);
  // A trainer for images of image_size pixels whose images are not here yet: the networks,
  // optimizers and buffers are made and initialised (the page makes them while its dataset
  // downloads; their first touches of fresh memory are most of a trainer's making). Until attach()
  // it can do nothing but generate(); step() fails with a message. config must pass validate().
  Trainer(int image_size, const TrainConfig& config);
  // Gives a trainer made without its images its data, which must outlive it, and draws the first
  // epoch's order: the draw that a trainer made with its data makes last, so both give the same
  // numbers. False with a message (and nothing changes) if the images are not image_size pixels,
  // fewer than a batch, or the trainer has its data already.
  bool attach(const Dataset& data, std::string& error);
  bool has_data() const { return data_ != nullptr; }

  // One full iteration. Returns false (and changes nothing further) if training produced a
  // non-finite loss or gradient; error() then says where. Parameters keep their last finite values.
  bool step();
  bool step_discriminator();  // one D step alone
  bool step_generator();      // one G step alone
  int train_iterations(int n);  // stops early on divergence; returns iterations done
  // Trains whole iterations until ms milliseconds have passed (at least one if ms > 0).
  int train_for(double ms, int max_iterations = 1 << 30);

  // Live changes: learning rates, betas, labels, dropout, d_steps, g_ema. Changes to the
  // architecture (d_hidden, d_layers, leaky_alpha), batch or seed need a new trainer: returns false with a
  // message naming the parameter, and nothing changes.
  bool reconfigure(const TrainConfig& config, std::string& error);

  // Images (image_size × n, in [-1, 1]) from noise z (256 × n) or from the fixed z_test, using the
  // displayed generator (its moving average when g_ema > 0).
  void generate(const Eigen::MatrixXf& z, Eigen::MatrixXf& images);
  void generate_test(Eigen::MatrixXf& images) { generate(z_test_, images); }
  // Fresh noise z ~ U(-1, 1) from a separate seeded stream (does not disturb training).
  Eigen::MatrixXf sample_noise(int n, uint64_t stream_seed) const;
  // D's probability "real" for images (image_size × n, in [-1, 1]); dropout off.
  Eigen::VectorXf discriminate(const Eigen::MatrixXf& images);

  const TrainConfig& config() const { return config_; }
  const Dataset& data() const { return *data_; }  // once it has them (has_data())
  const IterationMetrics& last() const { return last_; }
  int64_t iteration() const { return iteration_; }
  int64_t epoch() const { return epoch_; }        // completed passes over the data
  int iterations_per_epoch() const { return data_->count / config_.batch; }
  const std::string& error() const { return error_; }
  const Eigen::MatrixXf& z_test() const { return z_test_; }
  // The BCE targets of the last D step (its first 2·B columns: B real, then B fake, B the batch
  // of that step) and of the G step (its first B columns).
  const Eigen::MatrixXf& d_targets() const { return d_targets_; }
  const Eigen::MatrixXf& g_targets() const { return g_targets_; }
  // The noise of the last step's fakes: batch k is columns [k·B, (k+1)·B); the G step's is batch 0.
  const Eigen::MatrixXf& noise() const { return z_; }
  const Mlp<float>& generator() const { return g_; }
  const Mlp<float>& discriminator() const { return d_; }
  // The parameters generate() uses: G's moving average when g_ema > 0, else G's own.
  const Eigen::VectorXf& displayed_generator() const { return config_.g_ema > 0 ? g_ema_ : g_.params(); }
  // Replaces G (and its moving average) with params, which must have G's size and be finite; G's
  // optimizer starts afresh, since its moments belonged to the old weights. On failure false with a
  // message, and nothing changes.
  bool set_generator(const Eigen::VectorXf& params, std::string& error);

  friend std::vector<uint8_t> save_checkpoint(const Trainer& t);
  friend bool load_checkpoint(const uint8_t* bytes, size_t size, const Dataset& data,
                              std::unique_ptr<Trainer>& out, std::string& error);

 private:
  void use_batch(int B);
  void prepare_batch();
  void next_real_batch(Cols<float> dest);
  void generate_fakes(int batches);
  bool d_update(int fake_batch);
  bool g_update();
  void shuffle_order();
  bool fail(const std::string& what);
  bool can_step();

  const Dataset* data_ = nullptr;  // null until attached
  int image_size_;
  TrainConfig config_;
  Mlp<float> g_, d_;
  Optimizer d_opt_, g_opt_;
  Eigen::VectorXf g_ema_;  // moving average of G's parameters (empty when g_ema == 0)
  Rng rng_;                // every random draw of training: shuffles, z, dropout masks
  Eigen::MatrixXf z_test_;
  // Preallocated step buffers.
  Eigen::MatrixXf z_, d_input_, d_targets_, g_targets_, d_dlogits_, g_dlogits_;
  std::vector<uint32_t> order_;  // this epoch's shuffled image indices
  int cursor_ = 0;               // next position in order_
  int batch_ = 0;                // images per batch of the coming step (batch_at)
  int64_t iteration_ = 0, epoch_ = 0, d_step_count_ = 0, g_step_count_ = 0;
  IterationMetrics last_;
  std::string error_;
};

// Validates config against data, then constructs; nullptr with a message on error.
std::unique_ptr<Trainer> make_trainer(const Dataset& data, const TrainConfig& config, std::string& error);

// Whole training state (config, both networks, optimizer states, RNG, data order, counters) in a
// versioned binary format with a CRC-32; see checkpoint.cpp for the layout. t must have its data.
std::vector<uint8_t> save_checkpoint(const Trainer& t);
// Builds a new trainer from a checkpoint; on any problem returns false with a message and leaves
// out untouched, so a running model survives a bad file.
bool load_checkpoint(const uint8_t* bytes, size_t size, const Dataset& data, std::unique_ptr<Trainer>& out,
                     std::string& error);

}  // namespace gan
