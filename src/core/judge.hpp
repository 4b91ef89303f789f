// The on-board judge of sample quality: a small classifier per dataset (trained by
// tools/train_judge.cpp, shipped as a .gjd asset) and the scores it gives a batch of images:
//   - class histogram and how many classes hold a fair share (mode collapse shows at once);
//   - mean confidence and the classifier-based Inception Score exp(E_x[KL(p(y|x) || p(y))]);
//   - the Fréchet distance between generated and real images in the classifier's hidden features.
// File format (.gjd, little-endian): magic "GANJUDGE", u32 version (1), dataset name (u32 length +
// bytes), u32 layer count, per layer u32 in, u32 out, u8 activation; f32 validation accuracy;
// u32 parameter count + floats; u32 CRC-32 of everything before it. The architecture is always
// layers(image_size, classes), so only the image size and the class count vary between files.
// A judge is matched to data by name, image size and class count (compatible()): a judge whose
// name fits but whose input does not would otherwise fail deep inside the network.
#pragma once
#include <Eigen/Core>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "dataset.hpp"
#include "mlp.hpp"

namespace gan {

struct JudgeScores {
  int count = 0;                      // images scored
  std::vector<double> class_fraction;  // share of images per predicted class
  int classes_present = 0;            // classes holding at least half of a fair share (1/K)
  double confidence = 0;              // mean max p(y|x)
  double inception_score = 0;         // 1 (one class / uncertain) … K (all classes, confident)
  double frechet = 0;                 // distance to the real data's feature statistics (0 = same)
};

class Judge {
 public:
  // The classifier architecture used for every dataset.
  static std::vector<LayerSpec> layers(int image_size, int num_classes);

  Judge() = default;
  Judge(const std::string& dataset, int image_size, int num_classes, int max_batch = 500);

  // Parses a .gjd file; false with a message (and *this unchanged) on any problem. The file's
  // length is checked against its architecture before anything of that size is allocated.
  bool parse(const uint8_t* bytes, size_t size, std::string& error);
  bool load_file(const std::string& path, std::string& error);
  std::vector<uint8_t> serialize() const;

  // True when this judge was made for data: same dataset name, image size and number of classes.
  // Call it wherever a judge is attached to a dataset; false with a message otherwise.
  bool compatible(const Dataset& data, std::string& error) const;
  int input_size() const { return net_.num_layers() ? net_.input_size() : 0; }  // 0: no judge loaded
  int num_classes() const { return net_.num_layers() ? net_.output_size() : 0; }

  // Class probabilities (K × n) and hidden features (F × n) for images in [-1, 1] (image_size × n).
  // False (outputs emptied) when no judge is loaded or the images are not input_size() tall.
  bool evaluate(const Eigen::MatrixXf& images, Eigen::MatrixXf& probs, Eigen::MatrixXf& features);
  // Accuracy on labelled images (0 when the images or labels do not fit).
  double accuracy(const Eigen::MatrixXf& images, const std::vector<uint8_t>& labels);

  // Feature mean and covariance of the real data, the reference for Fréchet distances. False (and
  // no change) when the images do not fit the judge.
  bool set_reference(const Eigen::MatrixXf& real_images);
  // The same from images [first, first + n) of data, after compatible(); false with a message (and
  // no change) when the judge does not fit the data or the range is not inside it.
  bool set_reference(const Dataset& data, int first, int n, std::string& error);
  // The same in pieces, for a caller that must not stall (the page's Worker prepares it between
  // training slices): begin_reference() checks as set_reference() does and starts a reference from
  // images [first, first + n) of data; each add_reference_batch(data), given the same data, runs the
  // next batch of at most max_batch() images through the network, and after the last one sets the
  // reference and returns true (true at once when none is under way). The same batches and
  // statistics as set_reference(), so the same numbers; only the images of one batch are converted
  // at a time. A new begin_reference() or set_reference() drops one under way.
  bool begin_reference(const Dataset& data, int first, int n, std::string& error);
  bool add_reference_batch(const Dataset& data);
  bool reference_pending() const { return pending_.n > 0; }
  bool has_reference() const { return ref_mean_.size() > 0; }
  // Scores of images; count 0 when they do not fit the judge.
  JudgeScores score(const Eigen::MatrixXf& images);
  // The same from outputs of evaluate() (for scoring in chunks).
  JudgeScores score_outputs(const Eigen::MatrixXf& probs, const Eigen::MatrixXf& features) const;

  const std::string& dataset() const { return dataset_; }
  float validation_accuracy() const { return validation_accuracy_; }
  void set_validation_accuracy(float a) { validation_accuracy_ = a; }
  Mlp<float>& net() { return net_; }

 private:
  std::string dataset_;
  Mlp<float> net_;
  float validation_accuracy_ = 0;
  Eigen::VectorXd ref_mean_;
  Eigen::MatrixXd ref_cov_, ref_cov_sqrt_;
  struct PendingReference {
    int first = 0, n = 0, done = 0;  // n == 0: none under way
    Eigen::MatrixXf features;        // F × n, filled a batch at a time
  } pending_;
  void finish_reference(const Eigen::MatrixXf& features);
};

// train_judge holds out the last kJudgeHoldout images of a dataset (the files are stored shuffled)
// for validation; the judge's real-data reference is the images before them.
constexpr int kJudgeHoldout = 1000;
// The largest judge file the programs read (the bundled ones are 0.44 MB).
constexpr size_t kMaxJudgeFileBytes = size_t(64) << 20;
// The held-out images of a dataset of `count` images: kJudgeHoldout, or a tenth of a smaller one.
// The page and gan-train compare generated images with the real images before them.
// The noise the generated images are judged from: the same for every run, so scores compare across runs.
constexpr uint64_t kJudgeNoiseSeed = 0x10D6E;
inline int judge_holdout(int count) { return count / 10 < kJudgeHoldout ? count / 10 : kJudgeHoldout; }

// Images of a dataset as a (image_size × n) matrix in [-1, 1], from index first; empty (0 columns)
// when [first, first + n) is not inside the data.
Eigen::MatrixXf dataset_images(const Dataset& data, int first, int n);

// Fréchet distance between Gaussians (μ1, Σ1) and (μ2, Σ2) given √Σ2:
// |μ1 − μ2|² + Tr Σ1 + Tr Σ2 − 2 Tr √(√Σ2 Σ1 √Σ2).
double frechet_distance(const Eigen::VectorXd& mu1, const Eigen::MatrixXd& cov1, const Eigen::VectorXd& mu2,
                        const Eigen::MatrixXd& cov2, const Eigen::MatrixXd& cov2_sqrt);
Eigen::MatrixXd symmetric_sqrt(const Eigen::MatrixXd& m);

}  // namespace gan
