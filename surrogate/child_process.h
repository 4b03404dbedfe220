// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <sys/types.h>

#include <chrono>
#include <string>
#include <vector>

namespace sextant {

/// How a child ended.
struct ChildExit {
  bool exited = false;   ///< ended through exit/_exit (then `code` is valid)
  int code = -1;         ///< exit status
  int signal = 0;        ///< the signal that ended it, when !exited
  bool timed_out = false;  ///< killed by us at its wall-clock limit
};

/// One child process started with posix_spawn (never fork: the parent may be an MPI
/// rank or have threads), stdout and stderr redirected to files, with a wall-clock limit.
/// Owns the child: the destructor kills and reaps one still running.
class ChildProcess {
 public:
  /// Starts program (a path) with args (argv[1..]). Throws std::runtime_error when the
  /// spawn itself fails (e.g. the program does not exist).
  ChildProcess(const std::string& program, const std::vector<std::string>& args,
               const std::string& stdout_path, const std::string& stderr_path, double timeout_s);
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  /// Never blocks: true once the child has ended (reaped); kills it with SIGKILL once its
  /// wall-clock limit has passed.
  bool poll();
  /// Blocks until the child ends, polling with short sleeps (so the limit is enforced).
  void wait();
  const ChildExit& exit() const { return m_exit; }
  double elapsed_s() const;

 private:
  pid_t m_pid = -1;
  bool m_done = false;
  ChildExit m_exit;
  double m_timeout_s;
  std::chrono::steady_clock::time_point m_start;
};

}  // namespace sextant
