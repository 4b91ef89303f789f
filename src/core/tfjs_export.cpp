// TensorFlow.js Layers model files of the generator; see tfjs_export.hpp for the format. Reading
// needs a JSON parser: a small strict one for exactly RFC 8259 JSON (no comments, no trailing
// commas, no duplicate keys, bounded depth and size), because the text may come from anyone.
#include "tfjs_export.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <new>
#include <utility>

#include "config.hpp"
#include "finite.hpp"
#include "trainer.hpp"

namespace gan {
namespace {

constexpr size_t kMaxModelJson = size_t(1) << 20;  // ours is ~2 KB; TF.js's own saves a few KB
constexpr int kMaxDepth = 32;

std::string dense_name(int k) { return k == 0 ? "dense" : "dense_" + std::to_string(k); }
std::string leaky_name(int k) { return k == 0 ? "leaky_re_lu" : "leaky_re_lu_" + std::to_string(k); }

// The shortest decimal that reads back as the same float (0.3f is written "0.3", not 0.300000012):
// TF.js computes in float32, so it gets exactly this network's slope.
std::string float_text(float v) {
  char buf[32];
  for (int digits = 6; digits <= 9; ++digits) {
    std::snprintf(buf, sizeof buf, "%.*g", digits, static_cast<double>(v));
    if (std::strtof(buf, nullptr) == v) break;
  }
  return buf;
}

// ---- A strict JSON reader ------------------------------------------------------------------------
struct Json {
  enum class Kind { kNull, kBool, kNumber, kString, kArray, kObject };
  Kind kind = Kind::kNull;
  bool boolean = false;
  double number = 0;
  std::string text;
  std::vector<Json> items;                             // an array's
  std::vector<std::pair<std::string, Json>> members;  // an object's, in file order
  const Json* find(const char* key) const {
    for (const auto& [k, v] : members)
      if (k == key) return &v;
    return nullptr;
  }
};

class JsonReader {
 public:
  explicit JsonReader(const std::string& text) : s_(text) {}
  // The whole text as one value; false with a message naming the byte offset.
  bool parse(Json& out, std::string& error) {
    space();
    if (!value(out, 0)) {
      error = "model.json is not valid JSON: " + why_ + " at byte " + std::to_string(pos_);
      return false;
    }
    space();
    if (pos_ != s_.size()) {
      error = "model.json is not valid JSON: text after the end at byte " + std::to_string(pos_);
      return false;
    }
    return true;
  }

 private:
  bool fail(const char* why) {
    why_ = why;
    return false;
  }
  void space() {
    while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n' || s_[pos_] == '\r')) ++pos_;
  }
  bool literal(const char* word) {
    const size_t n = std::strlen(word);
    if (s_.compare(pos_, n, word) != 0) return fail("unexpected character");
    pos_ += n;
    return true;
  }
  bool value(Json& v, int depth) {
    if (depth > kMaxDepth) return fail("nested too deeply");
    if (pos_ >= s_.size()) return fail("unexpected end");
    const char c = s_[pos_];
    if (c == '{') return object(v, depth);
    if (c == '[') return array(v, depth);
    if (c == '"') {
      v.kind = Json::Kind::kString;
      return string(v.text);
    }
    if (c == 't' || c == 'f') {
      v.kind = Json::Kind::kBool;
      v.boolean = c == 't';
      return literal(c == 't' ? "true" : "false");
    }
    if (c == 'n') return literal("null");
    v.kind = Json::Kind::kNumber;
    return number(v.number);
  }
  bool object(Json& v, int depth) {
    v.kind = Json::Kind::kObject;
    ++pos_;
    space();
    if (pos_ < s_.size() && s_[pos_] == '}') return ++pos_, true;
    for (;;) {
      std::string key;
      if (pos_ >= s_.size() || s_[pos_] != '"') return fail("expected a key");
      if (!string(key)) return false;
      if (v.find(key.c_str())) return fail("a key appears twice");
      space();
      if (pos_ >= s_.size() || s_[pos_] != ':') return fail("expected ':'");
      ++pos_;
      space();
      v.members.emplace_back(std::move(key), Json());
      if (!value(v.members.back().second, depth + 1)) return false;
      space();
      if (pos_ < s_.size() && s_[pos_] == ',') {
        ++pos_;
        space();
        continue;
      }
      if (pos_ < s_.size() && s_[pos_] == '}') return ++pos_, true;
      return fail("expected ',' or '}'");
    }
  }
  bool array(Json& v, int depth) {
    v.kind = Json::Kind::kArray;
    ++pos_;
    space();
    if (pos_ < s_.size() && s_[pos_] == ']') return ++pos_, true;
    for (;;) {
      v.items.emplace_back();
      if (!value(v.items.back(), depth + 1)) return false;
      space();
      if (pos_ < s_.size() && s_[pos_] == ',') {
        ++pos_;
        space();
        continue;
      }
      if (pos_ < s_.size() && s_[pos_] == ']') return ++pos_, true;
      return fail("expected ',' or ']'");
    }
  }
  bool hex4(uint32_t& out) {
    if (s_.size() - pos_ < 4) return fail("a short \\u escape");
    out = 0;
    for (int i = 0; i < 4; ++i) {
      const char h = s_[pos_++];
      const int d = h >= '0' && h <= '9' ? h - '0' : h >= 'a' && h <= 'f' ? h - 'a' + 10 : h >= 'A' && h <= 'F' ? h - 'A' + 10 : -1;
      if (d < 0) return fail("a bad \\u escape");
      out = out * 16 + static_cast<uint32_t>(d);
    }
    return true;
  }
  bool string(std::string& out) {
    ++pos_;  // the opening quote
    for (;;) {
      if (pos_ >= s_.size()) return fail("an unterminated string");
      const unsigned char c = static_cast<unsigned char>(s_[pos_++]);
      if (c == '"') return true;
      if (c < 0x20) return fail("a control character in a string");
      if (c != '\\') {
        out += static_cast<char>(c);
        continue;
      }
      if (pos_ >= s_.size()) return fail("an unterminated string");
      const char e = s_[pos_++];
      switch (e) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          uint32_t cp;
          if (!hex4(cp)) return false;
          if (cp >= 0xDC00 && cp <= 0xDFFF) return fail("a lone surrogate");
          if (cp >= 0xD800 && cp <= 0xDBFF) {  // a pair makes one code point beyond U+FFFF
            uint32_t low;
            if (s_.compare(pos_, 2, "\\u") != 0) return fail("a lone surrogate");
            pos_ += 2;
            if (!hex4(low)) return false;
            if (low < 0xDC00 || low > 0xDFFF) return fail("a lone surrogate");
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
          }
          if (cp < 0x80) {
            out += static_cast<char>(cp);
          } else if (cp < 0x800) {
            out += static_cast<char>(0xC0 | (cp >> 6));
            out += static_cast<char>(0x80 | (cp & 0x3F));
          } else if (cp < 0x10000) {
            out += static_cast<char>(0xE0 | (cp >> 12));
            out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (cp & 0x3F));
          } else {
            out += static_cast<char>(0xF0 | (cp >> 18));
            out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
            out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (cp & 0x3F));
          }
          break;
        }
        default: return fail("an unknown escape");
      }
    }
  }
  // JSON's grammar checked here (strtod alone would take "0x1p3", " 1", "inf" or "1."), then the
  // project's strict conversion of exactly that text.
  bool number(double& out) {
    const size_t start = pos_;
    auto digits = [&]() {
      const size_t from = pos_;
      while (pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9') ++pos_;
      return pos_ > from;
    };
    if (pos_ < s_.size() && s_[pos_] == '-') ++pos_;
    if (pos_ < s_.size() && s_[pos_] == '0') {
      ++pos_;
    } else if (pos_ >= s_.size() || s_[pos_] < '1' || s_[pos_] > '9' || !digits()) {
      return fail("unexpected character");
    }
    if (pos_ < s_.size() && s_[pos_] == '.' && (++pos_, !digits())) return fail("a malformed number");
    if (pos_ < s_.size() && (s_[pos_] == 'e' || s_[pos_] == 'E')) {
      ++pos_;
      if (pos_ < s_.size() && (s_[pos_] == '+' || s_[pos_] == '-')) ++pos_;
      if (!digits()) return fail("a malformed number");
    }
    if (!parse_number(s_.substr(start, pos_ - start), out)) return fail("a number out of range");
    return true;
  }

  const std::string& s_;
  size_t pos_ = 0;
  std::string why_;
};

// ---- Checks of the parsed model -----------------------------------------------------------------
// A name from the file, safe to show in a message (it reaches the page's notice line).
std::string shown(const std::string& name) {
  std::string out;
  for (char c : name.substr(0, 48)) out += (c >= 0x20 && c < 0x7f) ? c : '?';
  return "'" + out + (name.size() > 48 ? "…'" : "'");
}

bool is_whole(const Json* v, double lo, double hi) {
  return v && v->kind == Json::Kind::kNumber && v->number == std::floor(v->number) && v->number >= lo && v->number <= hi;
}

// [null, n]: a batch of any size of n-vectors.
bool is_input_shape(const Json* v, int n) {
  return v && v->kind == Json::Kind::kArray && v->items.size() == 2 && v->items[0].kind == Json::Kind::kNull &&
         is_whole(&v->items[1], n, n);
}

const char* activation_name(Activation a) { return a == Activation::kTanh ? "tanh" : "linear"; }

struct ManifestEntry {
  size_t offset = 0;  // in bytes, in the concatenated weights
  std::vector<double> shape;
};

}  // namespace

TfjsModel export_tfjs(const std::vector<LayerSpec>& layers, const Eigen::VectorXf& params, float leaky_alpha) {
  TfjsModel m;
  std::string topology = "{\"class_name\":\"InputLayer\",\"config\":{\"name\":\"z\",\"batch_input_shape\":[null," +
                         std::to_string(layers.front().in) + "],\"dtype\":\"float32\",\"sparse\":false}}";
  std::string manifest;
  int leaky = 0;
  for (size_t k = 0; k < layers.size(); ++k) {
    const LayerSpec& l = layers[k];
    const std::string name = dense_name(static_cast<int>(k));
    topology += ",{\"class_name\":\"Dense\",\"config\":{\"name\":\"" + name + "\",\"trainable\":true,\"dtype\":\"float32\",\"units\":" +
                std::to_string(l.out) + ",\"activation\":\"" + activation_name(l.activation) + "\",\"use_bias\":true}}";
    if (l.activation == Activation::kLeakyRelu)
      topology += ",{\"class_name\":\"LeakyReLU\",\"config\":{\"name\":\"" + leaky_name(leaky++) +
                  "\",\"trainable\":true,\"dtype\":\"float32\",\"alpha\":" + float_text(leaky_alpha) + "}}";
    manifest += std::string(k ? "," : "") + "{\"name\":\"" + name + "/kernel\",\"shape\":[" + std::to_string(l.in) + "," +
                std::to_string(l.out) + "],\"dtype\":\"float32\"},{\"name\":\"" + name + "/bias\",\"shape\":[" +
                std::to_string(l.out) + "],\"dtype\":\"float32\"}";
  }
  m.model_json = "{\"format\":\"layers-model\",\"generatedBy\":\"mnist-gan\",\"convertedBy\":null,\n"
                 "\"modelTopology\":{\"class_name\":\"Sequential\",\"config\":{\"name\":\"generator\",\"layers\":[\n" +
                 topology + "]}},\n\"weightsManifest\":[{\"paths\":[\"" + kTfjsWeightsFile + "\"],\"weights\":[\n" + manifest +
                 "]}]}\n";
  // Mlp's buffer is per layer W (out × in, column-major = TF.js's [in, out] row-major) then b: the
  // manifest's order, so the file is the buffer itself.
  m.weights.resize(static_cast<size_t>(params.size()) * 4);
  if (params.size() > 0) std::memcpy(m.weights.data(), params.data(), m.weights.size());
  return m;
}

TfjsModel export_tfjs(const Trainer& trainer) {
  const TrainConfig& c = trainer.config();
  return export_tfjs(generator_layers(trainer.data().image_size(), c.g_hidden), trainer.displayed_generator(), c.leaky_alpha);
}

bool import_tfjs(const std::string& model_json, const uint8_t* weights, size_t weights_size,
                 const std::vector<LayerSpec>& layers, float leaky_alpha, Eigen::VectorXf& params, std::string& error) {
  auto fail = [&](const std::string& why) {
    error = "TF.js model rejected: " + why + "; nothing was changed";
    return false;
  };
  if (model_json.size() > kMaxModelJson) return fail("model.json is larger than 1 MB");
  try {
    Json root;
    std::string why;
    if (!JsonReader(model_json).parse(root, why)) return fail(why);
    if (root.kind != Json::Kind::kObject) return fail("model.json is not a JSON object");
    const Json* format = root.find("format");
    if (!format || format->kind != Json::Kind::kString || format->text != "layers-model")
      return fail("it is not a TF.js Layers model (format \"layers-model\")");
    const Json* topology = root.find("modelTopology");
    if (topology && topology->find("model_config")) topology = topology->find("model_config");  // Keras' converter nests it
    if (!topology || topology->kind != Json::Kind::kObject) return fail("it has no modelTopology");
    const Json* cls = topology->find("class_name");
    const Json* config = topology->find("config");
    if (!cls || cls->kind != Json::Kind::kString || cls->text != "Sequential" || !config)
      return fail("it is not a Sequential model");
    const Json* list = config->find("layers");
    if (!list || list->kind != Json::Kind::kArray) return fail("its Sequential config has no list of layers");

    // Walk the layers against the architecture: [InputLayer], then Dense [+ LeakyReLU] per layer.
    std::vector<std::string> dense_names;
    size_t at = 0;
    auto layer_class = [&](size_t i) -> std::string {
      const Json* c = list->items[i].find("class_name");
      return c && c->kind == Json::Kind::kString ? c->text : "";
    };
    auto layer_config = [&](size_t i) -> const Json* {
      const Json* c = list->items[i].find("config");
      return c && c->kind == Json::Kind::kObject ? c : nullptr;
    };
    auto float32_or_absent = [](const Json* c) {
      const Json* d = c->find("dtype");
      return !d || (d->kind == Json::Kind::kString && d->text == "float32");
    };
    bool input_given = false;
    if (!list->items.empty() && layer_class(0) == "InputLayer") {
      const Json* c = layer_config(0);
      if (!c || !is_input_shape(c->find("batch_input_shape"), layers.front().in) || !float32_or_absent(c))
        return fail("its input is not a batch of " + std::to_string(layers.front().in) + " float32 numbers");
      input_given = true;
      ++at;
    }
    for (size_t k = 0; k < layers.size(); ++k) {
      const LayerSpec& l = layers[k];
      const std::string where = "layer " + std::to_string(at + 1);
      if (at >= list->items.size()) return fail("it has fewer layers than the generator");
      const Json* c = layer_config(at);
      if (layer_class(at) != "Dense" || !c) return fail(where + " is " + shown(layer_class(at)) + ", expected a Dense layer");
      const Json* name = c->find("name");
      if (!name || name->kind != Json::Kind::kString || name->text.empty()) return fail(where + " has no name");
      if (!is_whole(c->find("units"), l.out, l.out))
        return fail(where + " does not have " + std::to_string(l.out) + " units as the generator's does");
      const Json* act = c->find("activation");
      if (!act || act->kind != Json::Kind::kString || act->text != activation_name(l.activation))
        return fail(where + " needs the activation \"" + activation_name(l.activation) + "\"");
      const Json* bias = c->find("use_bias");
      if (bias && (bias->kind != Json::Kind::kBool || !bias->boolean)) return fail(where + " has no bias");
      if (!float32_or_absent(c)) return fail(where + " is not float32");
      const Json* shape = c->find("batch_input_shape");
      const bool shape_ok = (k == 0 && !input_given) ? is_input_shape(shape, l.in) : shape == nullptr;
      if (!shape_ok)
        return fail(where + " has an unexpected input shape");
      dense_names.push_back(name->text);
      ++at;
      if (l.activation != Activation::kLeakyRelu) continue;
      const Json* lc = at < list->items.size() ? layer_config(at) : nullptr;
      if (!lc || layer_class(at) != "LeakyReLU") return fail("layer " + std::to_string(at + 1) + " should be a LeakyReLU");
      const Json* alpha = lc->find("alpha");  // TF.js's default is 0.3
      const double a = alpha && alpha->kind == Json::Kind::kNumber ? alpha->number : alpha ? -1.0 : 0.3;
      if (static_cast<float>(a) != leaky_alpha)
        return fail("its LeakyReLU slope is not the generator's " + float_text(leaky_alpha));
      ++at;
    }
    if (at != list->items.size()) return fail("it has more layers than the generator");

    // The manifest: entries laid end to end over all groups and paths, as TF.js reads them.
    const Json* groups = root.find("weightsManifest");
    if (!groups || groups->kind != Json::Kind::kArray || groups->items.empty()) return fail("it has no weightsManifest");
    std::map<std::string, ManifestEntry> entries;
    size_t total = 0;
    for (const Json& g : groups->items) {
      const Json* paths = g.find("paths");
      const Json* list_w = g.find("weights");
      if (!paths || paths->kind != Json::Kind::kArray || paths->items.empty() || !list_w || list_w->kind != Json::Kind::kArray)
        return fail("a weightsManifest group lacks its paths or weights");
      for (const Json& p : paths->items)
        if (p.kind != Json::Kind::kString) return fail("a weights path is not text");
      for (const Json& w : list_w->items) {
        const Json* name = w.find("name");
        const Json* shape = w.find("shape");
        const Json* dtype = w.find("dtype");
        if (!name || name->kind != Json::Kind::kString || !shape || shape->kind != Json::Kind::kArray)
          return fail("a weightsManifest entry lacks its name or shape");
        if (w.find("quantization")) return fail("the weight " + shown(name->text) + " is quantized (only float32 is read)");
        if (!dtype || dtype->kind != Json::Kind::kString || dtype->text != "float32")
          return fail("the weight " + shown(name->text) + " is not float32");
        ManifestEntry e;
        e.offset = total;
        // Sizes are compared with what is left of the file before they are multiplied on, so no
        // product can overflow (total never exceeds weights_size).
        const size_t left = (weights_size - total) / 4;
        size_t count = 1;
        for (const Json& d : shape->items) {
          if (!is_whole(&d, 0, 1 << 30)) return fail("the weight " + shown(name->text) + " has a bad shape");
          const size_t dim = static_cast<size_t>(d.number);
          if (dim != 0 && count > left / dim) return fail("the weights file is shorter than its manifest");
          count *= dim;
          e.shape.push_back(d.number);
        }
        if (count > left) return fail("the weights file is shorter than its manifest");
        total += count * 4;
        if (!entries.emplace(name->text, std::move(e)).second) return fail("the weight " + shown(name->text) + " appears twice");
      }
    }
    if (total != weights_size)
      return fail("the weights file has " + std::to_string(weights_size) + " bytes; the manifest describes " + std::to_string(total));
    if (entries.size() != 2 * layers.size()) return fail("its manifest has weights the generator does not use");

    Eigen::Index n = 0;
    for (const LayerSpec& l : layers) n += Eigen::Index(l.out) * (l.in + 1);
    Eigen::VectorXf next(n);
    Eigen::Index offset = 0;
    for (size_t k = 0; k < layers.size(); ++k) {
      const LayerSpec& l = layers[k];
      const std::pair<const char*, std::vector<double>> parts[] = {{"/kernel", {double(l.in), double(l.out)}}, {"/bias", {double(l.out)}}};
      for (const auto& [suffix, shape] : parts) {
        auto it = entries.find(dense_names[k] + suffix);
        if (it == entries.end()) return fail("the weight " + shown(dense_names[k] + suffix) + " is missing");
        if (it->second.shape != shape) return fail("the weight " + shown(dense_names[k] + suffix) + " has the wrong shape");
        const Eigen::Index count = suffix[1] == 'k' ? Eigen::Index(l.in) * l.out : l.out;
        std::memcpy(next.data() + offset, weights + it->second.offset, size_t(count) * 4);  // see the header on the layout
        offset += count;
      }
    }
    if (!all_finite(next)) return fail("some weights are not finite");
    params = std::move(next);
  } catch (const std::bad_alloc&) {
    return fail("not enough memory");
  }
  error.clear();
  return true;
}

}  // namespace gan
