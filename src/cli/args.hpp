// The command-line parser shared by the programs (gan-train, gan-bench, gan-trace) and the tools
// (train_judge, make_dataset): flags with values, numbers checked in full (no trailing garbage,
// NaN, infinities, overflow or out-of-range values), and one way of reporting a mistake: a message
// naming the flag on stderr and exit code 2. Also the one way these programs print text that came
// from a file or the command line to a terminal: printable() escapes control characters.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace gan::cli {

// Seeds are whole numbers up to 2^53, so that JavaScript (the page's ?seed=) holds them exactly.
constexpr long long kMaxSeed = 1LL << 53;

// text with every control character (C0, DEL, C1) and every byte that is not valid UTF-8 written as
// \xNN, so a name from a file cannot move the cursor, change colours or retitle the terminal.
std::string printable(const std::string& text);

// Checks without exiting, for callers that report errors themselves. On failure out is unchanged.
// A whole number: optional '-', decimal digits only, within [lo, hi].
bool parse_whole(const std::string& text, long long lo, long long hi, long long& out);
// A finite number (config's parse_number) within [lo, hi].
bool parse_real(const std::string& text, double lo, double hi, double& out);

// Walks argv flag by flag:
//   ArgParser args("gan-bench", argc, argv);
//   while (args.next()) {
//     if (args.is("--reps")) reps = args.whole(1, 100);
//     else args.unknown();
//   }
// Every error prints "<program>: <message>\n(try <program> --help)" and exits with code 2.
class ArgParser {
 public:
  ArgParser(std::string program, int argc, char** argv);

  bool next();                                        // advances to the next argument; false at the end
  const std::string& flag() const { return flag_; }  // the current argument
  bool is(const char* name) const { return flag_ == name; }

  std::string value();                              // the argument after the flag
  long long whole(long long lo, long long hi);      // the value as a whole number in [lo, hi]
  double real(double lo, double hi);                // the value as a finite number in [lo, hi]
  std::vector<std::string> list();                  // the value split at commas; no empty items
  std::vector<long long> whole_list(long long lo, long long hi);

  [[noreturn]] void unknown() const;
  [[noreturn]] void fail(const std::string& message) const;

 private:
  std::string program_;
  std::vector<std::string> argv_;
  size_t pos_ = 0;
  std::string flag_;
};

// A usage mistake not tied to one flag: the same message format and exit code 2.
[[noreturn]] void usage_error(const std::string& program, const std::string& message);
// A failure while running (a file that cannot be read or written, a bad dataset): exit code 1.
[[noreturn]] void runtime_error(const std::string& program, const std::string& message);
// Every program's main: runs run(argc, argv) and turns an escaping exception (out of memory, or
// anything unexpected) into a message and exit code 1 instead of an abort.
int run_main(const char* program, int (*run)(int, char**), int argc, char** argv);
// Prints "<program>: <message>" to stderr, escaped; for notes that do not end the program.
void note(const std::string& program, const std::string& message);

}  // namespace gan::cli
