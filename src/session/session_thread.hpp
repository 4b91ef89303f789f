// A Session on a thread of its own, for the desktop app and the tests: the same encoded messages
// as the page's Worker, in through post() and out through take_updates(). Assets are files in
// assets_dir, delivered as soon as the session asks for them.
#pragma once
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace gan {

class SessionThread {
 public:
  explicit SessionThread(std::string assets_dir);
  ~SessionThread();  // stops the session after its current slice and joins the thread
  SessionThread(const SessionThread&) = delete;
  SessionThread& operator=(const SessionThread&) = delete;

  void post(std::vector<uint8_t> command);
  // Every update since the previous call, oldest first.
  std::vector<std::vector<uint8_t>> take_updates();

  static constexpr double kSliceMs = 30;  // training between two looks at the commands

 private:
  void run(const std::string& assets_dir);

  std::mutex mutex_;
  std::condition_variable wake_;
  std::vector<std::vector<uint8_t>> commands_, updates_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace gan
