// The session's thread; see session_thread.hpp.
#include "session_thread.hpp"

#include <chrono>

#include "messages.hpp"
#include "session.hpp"

namespace gan {

SessionThread::SessionThread(std::string assets_dir) : thread_([this, dir = std::move(assets_dir)] { run(dir); }) {}

SessionThread::~SessionThread() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void SessionThread::post(std::vector<uint8_t> command) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    commands_.push_back(std::move(command));
  }
  wake_.notify_all();
}

std::vector<std::vector<uint8_t>> SessionThread::take_updates() {
  std::lock_guard<std::mutex> lock(mutex_);
  return std::move(updates_);
}

void SessionThread::run(const std::string& assets_dir) {
  std::vector<std::string> asked;
  Session session(assets_dir, [&asked](const std::string& file) { asked.push_back(file); });
  const auto start = std::chrono::steady_clock::now();
  for (;;) {
    std::vector<std::vector<uint8_t>> commands;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (stop_) return;
      commands.swap(commands_);
    }
    for (const auto& bytes : commands) {
      Command c;
      if (decode(bytes.data(), bytes.size(), c)) session.handle(c);
      // The files are on disk: each arrives at once (and may ask for more), before the next command.
      while (!asked.empty()) {
        const std::string file = asked.front();
        asked.erase(asked.begin());
        session.asset_arrived(file, "");
      }
    }
    const double now = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    const bool worked = session.train_for(kSliceMs, now);
    const double after = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    std::vector<uint8_t> update;
    if (session.update_due(after)) update = encode(session.take_update(after));
    std::unique_lock<std::mutex> lock(mutex_);
    if (!update.empty()) updates_.push_back(std::move(update));
    // Idle (paused, or waiting): look again when a command comes, or soon anyway.
    if (!worked) wake_.wait_for(lock, std::chrono::milliseconds(20), [this] { return stop_ || !commands_.empty(); });
  }
}

}  // namespace gan
