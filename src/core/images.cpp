// Pixel conversion, image grids and the model summary; see images.hpp.
#include "images.hpp"

#include <cstdio>

#include "trainer.hpp"

namespace gan {

std::vector<uint8_t> tile_grid(const Eigen::MatrixXf& images, int rows, int cols, int grid_cols, int pad, int& w,
                               int& h) {
  const int n = static_cast<int>(images.cols());
  const int grid_rows = (n + grid_cols - 1) / grid_cols;
  w = grid_cols * cols + (grid_cols + 1) * pad;
  h = grid_rows * rows + (grid_rows + 1) * pad;
  std::vector<uint8_t> out(static_cast<size_t>(w) * h, 0);
  for (int k = 0; k < n; ++k) {
    const int x0 = pad + (k % grid_cols) * (cols + pad), y0 = pad + (k / grid_cols) * (rows + pad);
    for (int r = 0; r < rows; ++r)
      for (int c = 0; c < cols; ++c) out[static_cast<size_t>(y0 + r) * w + x0 + c] = unit_to_pixel(images(r * cols + c, k));
  }
  return out;
}

std::string with_commas(long long n) {
  std::string digits = std::to_string(n < 0 ? -n : n), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return n < 0 ? "-" + out : out;
}

namespace {

struct Row {
  std::string name, shape;
  long long params;
};

std::string table(const std::string& model, const std::vector<Row>& rows, long long trainable, long long frozen) {
  const std::string rule(65, '_'), double_rule(65, '=');
  char line[160];
  std::string s = "Model: \"" + model + "\"\n" + rule + "\n";
  std::snprintf(line, sizeof line, "%-29s%-26s%-10s\n", "Layer (type)", "Output Shape", "Param #");
  s += line + double_rule + "\n";
  for (size_t i = 0; i < rows.size(); ++i) {
    std::snprintf(line, sizeof line, "%-29s%-26s%-10lld\n", rows[i].name.c_str(), rows[i].shape.c_str(), rows[i].params);
    s += line + (i + 1 < rows.size() ? rule : double_rule) + "\n";
  }
  s += "Total params: " + with_commas(trainable + frozen) + "\nTrainable params: " + with_commas(trainable) +
       "\nNon-trainable params: " + with_commas(frozen) + "\n" + rule + "\n";
  return s;
}

void add_layers(const Mlp<float>& net, std::vector<Row>& rows, int& dense_no, int& act_no, int& dropout_no) {
  for (int i = 0; i < net.num_layers(); ++i) {
    const LayerSpec& l = net.spec(i);
    const std::string shape = "(None, " + std::to_string(l.out) + ")";
    rows.push_back({"dense_" + std::to_string(++dense_no) + " (Dense)", shape, net.layer_param_count(i)});
    if (l.activation == Activation::kLeakyRelu)
      rows.push_back({"leaky_re_lu_" + std::to_string(++act_no) + " (LeakyReLU)", shape, 0});
    else if (l.activation == Activation::kTanh)
      rows.push_back({"tanh (Activation)", shape, 0});
    else
      rows.push_back({"sigmoid (Activation)", shape, 0});
    if (l.dropout > 0) rows.push_back({"dropout_" + std::to_string(++dropout_no) + " (Dropout)", shape, 0});
  }
}

}  // namespace

std::string model_summary(const Trainer& t) {
  const Mlp<float>& g = t.generator();
  const Mlp<float>& d = t.discriminator();
  int dense_no = 0, act_no = 0, dropout_no = 0;
  std::vector<Row> g_rows, d_rows;
  add_layers(g, g_rows, dense_no, act_no, dropout_no);
  add_layers(d, d_rows, dense_no, act_no, dropout_no);
  const std::vector<Row> gan_rows = {
      {"z (InputLayer)", "(None, " + std::to_string(kNoiseSize) + ")", 0},
      {"generator (Sequential)", "(None, " + std::to_string(g.output_size()) + ")", g.num_params()},
      {"discriminator (Sequential)", "(None, 1)", d.num_params()}};
  return table("generator", g_rows, g.num_params(), 0) + "\n" + table("discriminator", d_rows, d.num_params(), 0) + "\n" +
         table("gan", gan_rows, g.num_params(), d.num_params());
}

}  // namespace gan
