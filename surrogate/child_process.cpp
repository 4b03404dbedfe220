// SPDX-License-Identifier: Apache-2.0
#include "surrogate/child_process.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace sextant {

ChildProcess::ChildProcess(const std::string& program, const std::vector<std::string>& args,
                           const std::string& stdout_path, const std::string& stderr_path, double timeout_s)
    : m_timeout_s(timeout_s), m_start(std::chrono::steady_clock::now()) {
  std::vector<std::string> storage;
  storage.push_back(program);
  storage.insert(storage.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& arg : storage) argv.push_back(arg.data());
  argv.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, stdout_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, stderr_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  const int error = posix_spawn(&m_pid, program.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (error != 0) {
    m_pid = -1;
    throw std::runtime_error("cannot start " + program + ": " + std::strerror(error));
  }
}

ChildProcess::~ChildProcess() {
  if (m_pid > 0 && !m_done) {
    ::kill(m_pid, SIGKILL);
    int status = 0;
    while (waitpid(m_pid, &status, 0) < 0 && errno == EINTR) {
    }
  }
}

double ChildProcess::elapsed_s() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count();
}

bool ChildProcess::poll() {
  if (m_done) return true;
  int status = 0;
  const pid_t got = waitpid(m_pid, &status, WNOHANG);
  if (got == m_pid) {
    m_done = true;
    if (WIFEXITED(status)) {
      m_exit.exited = true;
      m_exit.code = WEXITSTATUS(status);
    } else if (WIFSIGNALED(status)) {
      m_exit.signal = WTERMSIG(status);
    }
    return true;
  }
  if (got < 0 && errno != EINTR) {
    m_done = true;  // not our child any more (cannot happen unless someone reaped it)
    m_exit.signal = -1;
    return true;
  }
  if (m_timeout_s > 0.0 && elapsed_s() > m_timeout_s) {
    ::kill(m_pid, SIGKILL);
    while (waitpid(m_pid, &status, 0) < 0 && errno == EINTR) {
    }
    m_done = true;
    m_exit.timed_out = true;
    m_exit.signal = SIGKILL;
    return true;
  }
  return false;
}

void ChildProcess::wait() {
  // Sleep between polls: a blocking waitpid could not enforce the wall-clock limit.
  auto pause = std::chrono::microseconds(500);
  while (!poll()) {
    std::this_thread::sleep_for(pause);
    if (pause < std::chrono::milliseconds(20)) pause *= 2;
  }
}

}  // namespace sextant
