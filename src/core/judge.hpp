// The on-board judge of sample quality: a small classifier per dataset (trained by
// tools/train_judge.cpp, shipped as a .gjd asset) and the scores it gives a batch of images:
//   - class histogram and how many classes hold a fair share (mode collapse shows at once);
//   - mean confidence and the classifier-based Inception Score exp(E_x[KL(p(y|x) || p(y))]);
//   - the Fréchet distance between generated and real images in the classifier's hidden features.
// File format (.gjd, little-endian): magic "GANJUDGE", u32 version (1), dataset name (u32 length +
// bytes), u32 layer count, per layer u32 in, u32 out, u8 activation; f32 validation accuracy;
// u32 parameter count + floats; u32 CRC-32 of everything before it.
#pragma once
#include <Eigen/Core>
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

  // Parses a .gjd file; false with a message (and *this unchanged) on any problem.
  bool parse(const uint8_t* bytes, size_t size, std::string& error);
  bool load_file(const std::string& path, std::string& error);
  std::vector<uint8_t> serialize() const;

  // Class probabilities (K × n) and hidden features (F × n) for images in [-1, 1] (image_size × n).
  void evaluate(const Eigen::MatrixXf& images, Eigen::MatrixXf& probs, Eigen::MatrixXf& features);
  // Accuracy on labelled images.
  double accuracy(const Eigen::MatrixXf& images, const std::vector<uint8_t>& labels);

  // Feature mean and covariance of the real data, the reference for Fréchet distances.
  void set_reference(const Eigen::MatrixXf& real_images);
  bool has_reference() const { return ref_mean_.size() > 0; }
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
};

// Images of a dataset as a (image_size × n) matrix in [-1, 1], from index first.
Eigen::MatrixXf dataset_images(const Dataset& data, int first, int n);

// Fréchet distance between Gaussians (μ1, Σ1) and (μ2, Σ2) given √Σ2:
// |μ1 − μ2|² + Tr Σ1 + Tr Σ2 − 2 Tr √(√Σ2 Σ1 √Σ2).
double frechet_distance(const Eigen::VectorXd& mu1, const Eigen::MatrixXd& cov1, const Eigen::VectorXd& mu2,
                        const Eigen::MatrixXd& cov2, const Eigen::MatrixXd& cov2_sqrt);
Eigen::MatrixXd symmetric_sqrt(const Eigen::MatrixXd& m);

}  // namespace gan
