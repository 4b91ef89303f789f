// The shared command-line parser and message printing of the CLI programs (see args.hpp).
#include "args.hpp"

#include <new>
#include <stdexcept>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <sstream>

#include "core/config.hpp"

namespace gan::cli {
namespace {

void append_hex(std::string& out, unsigned char c) {
  static const char* digits = "0123456789abcdef";
  out += "\\x";
  out += digits[c >> 4];
  out += digits[c & 15];
}

// Length of the well-formed UTF-8 sequence at s[i] and its code point; 0 if malformed (overlong
// forms, surrogates and values past U+10FFFF included).
size_t utf8_sequence(const std::string& s, size_t i, uint32_t& cp) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = byte(i);
  if (c < 0x80) {
    cp = c;
    return 1;
  }
  // Lead byte: sequence length, its payload bits, and the smallest code point that needs that length.
  const size_t len = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
  if (len == 0) return 0;
  const uint32_t min = len == 2 ? 0x80 : len == 3 ? 0x800 : 0x10000;
  cp = c & (0x7F >> len);
  if (i + len > s.size()) return 0;
  for (size_t k = 1; k < len; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
    cp = cp << 6 | (byte(i + k) & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return len;
}

// Code points a terminal acts on rather than shows: C0, DEL, C1 (U+009B is a CSI on its own), and
// the bidirectional overrides that can make text read differently from what it is.
bool is_control(uint32_t cp) {
  return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

}  // namespace

std::string printable(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    uint32_t cp = 0;
    const size_t len = utf8_sequence(text, i, cp);
    if (len == 0 || is_control(cp)) {
      for (size_t k = 0; k < (len == 0 ? 1 : len); ++k) append_hex(out, static_cast<unsigned char>(text[i + k]));
      i += len == 0 ? 1 : len;
    } else {
      out.append(text, i, len);
      i += len;
    }
  }
  return out;
}

bool parse_whole(const std::string& text, long long lo, long long hi, long long& out) {
  // Digits only: strtoll alone would take " 12", "+12", "12abc" (with a check) and "0x1f"; and a
  // value such as 1e3 is a real number, not what a count flag means.
  const size_t start = !text.empty() && text[0] == '-' ? 1 : 0;
  if (text.size() == start || text.size() - start > 19) return false;
  for (size_t i = start; i < text.size(); ++i)
    if (text[i] < '0' || text[i] > '9') return false;
  errno = 0;
  const long long v = std::strtoll(text.c_str(), nullptr, 10);
  if (errno == ERANGE || v < lo || v > hi) return false;
  out = v;
  return true;
}

bool parse_real(const std::string& text, double lo, double hi, double& out) {
  double v = 0;
  if (!parse_number(text, v) || v < lo || v > hi) return false;
  out = v;
  return true;
}

ArgParser::ArgParser(std::string program, int argc, char** argv) : program_(std::move(program)) {
  for (int i = 1; i < argc; ++i) argv_.emplace_back(argv[i]);
}

bool ArgParser::next() {
  if (pos_ >= argv_.size()) return false;
  flag_ = argv_[pos_++];
  return true;
}

std::string ArgParser::value() {
  if (pos_ >= argv_.size()) fail(flag_ + " needs a value");
  return argv_[pos_++];
}

long long ArgParser::whole(long long lo, long long hi) {
  const std::string v = value();
  long long out = 0;
  if (!parse_whole(v, lo, hi, out))
    fail(flag_ + " needs a whole number in [" + std::to_string(lo) + ", " + std::to_string(hi) + "], not '" + v + "'");
  return out;
}

double ArgParser::real(double lo, double hi) {
  const std::string v = value();
  double out = 0;
  if (!parse_real(v, lo, hi, out)) {
    std::ostringstream os;
    os << flag_ << " needs a finite number in [" << lo << ", " << hi << "], not '" << v << "'";
    fail(os.str());
  }
  return out;
}

std::vector<std::string> ArgParser::list() {
  const std::string v = value();
  std::vector<std::string> items;
  for (size_t start = 0;;) {
    const size_t comma = v.find(',', start);
    items.push_back(v.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
    if (items.back().empty()) fail(flag_ + " needs a comma-separated list without empty items, not '" + v + "'");
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return items;
}

std::vector<long long> ArgParser::whole_list(long long lo, long long hi) {
  std::vector<long long> out;
  for (const std::string& item : list()) {
    long long v = 0;
    if (!parse_whole(item, lo, hi, v))
      fail(flag_ + " needs whole numbers in [" + std::to_string(lo) + ", " + std::to_string(hi) + "], not '" + item + "'");
    out.push_back(v);
  }
  return out;
}

void ArgParser::unknown() const { fail("unknown argument '" + flag_ + "'"); }

void ArgParser::fail(const std::string& message) const { usage_error(program_, message); }

void usage_error(const std::string& program, const std::string& message) {
  std::fflush(stdout);
  std::fprintf(stderr, "%s: %s\n(try %s --help)\n", program.c_str(), printable(message).c_str(), program.c_str());
  std::exit(2);
}

void runtime_error(const std::string& program, const std::string& message) {
  note(program, message);
  std::exit(1);
}

int run_main(const char* program, int (*run)(int, char**), int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const std::bad_alloc&) {
    runtime_error(program, "out of memory");
  } catch (const std::exception& e) {
    runtime_error(program, std::string("unexpected error: ") + e.what());
  }
}

void note(const std::string& program, const std::string& message) {
  std::fflush(stdout);
  std::fprintf(stderr, "%s: %s\n", program.c_str(), printable(message).c_str());
}

}  // namespace gan::cli
